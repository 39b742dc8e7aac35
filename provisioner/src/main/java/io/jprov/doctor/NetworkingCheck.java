package io.jprov.doctor;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostCheckFacts;
import io.jprov.facts.HostCheckFacts.BootConfig;
import io.jprov.facts.HostCheckFacts.Iptables;
import io.jprov.facts.HostCheckFacts.Setting;
import io.jprov.facts.KernelFacts;
import io.jprov.facts.ServiceFacts;
import io.jprov.facts.ServiceFacts.ServiceState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Doctor checks {@code net.*}: br_netfilter, bridge sysctls now and at boot, ip_forward, firewalld,
 * iptables backend. What the Docker CE playbook's step 9 ensures (br_netfilter loaded and listed in
 * /etc/modules-load.d/br_netfilter.conf, both bridge-nf-call keys 1 in /etc/sysctl.d/99-docker.conf)
 * is checked now and as the next boot would leave it; the rest is what breaks container networking
 * on a host that was converged once.
 */
final class NetworkingCheck implements DoctorCheck {
  static final String MODULE = "br_netfilter";
  static final String NF_IPTABLES = "net.bridge.bridge-nf-call-iptables";
  static final String NF_IP6TABLES = "net.bridge.bridge-nf-call-ip6tables";
  static final String IP_FORWARD = "net.ipv4.ip_forward";
  /** Where the playbook's step 9 persists the bridge keys. */
  static final String JPROV_SYSCTL = "/etc/sysctl.d/99-docker.conf";

  private static final Map<String, String> CHECKS = checkNames();

  private static Map<String, String> checkNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("net.br_netfilter", "the br_netfilter kernel module is loaded (lsmod), or built in (its sysctl keys exist)");
    m.put("net.bridge-nf", "net.bridge.bridge-nf-call-iptables and -ip6tables are 1 now");
    m.put("net.bridge-nf-boot", "a reboot keeps them: br_netfilter in modules-load.d and no sysctl file applied later "
        + "(EL7's /usr/lib/sysctl.d/00-system.conf, /etc/sysctl.conf) sets them to 0");
    m.put("net.ip-forward", "net.ipv4.ip_forward is 1 while docker runs (containers reach nothing outside without it)");
    m.put("net.firewalld", "firewalld is not running, or the installed Docker restores all its rules after "
        + "a firewalld reload (25.0.13+, 28.3.3+)");
    m.put("net.iptables-backend", "iptables is installed and its backend (legacy or nf_tables) is the only one "
        + "holding rules");
    return java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public String name() {
    return "net";
  }

  @Override
  public Map<String, String> checks() {
    return CHECKS;
  }

  @Override
  public List<Fact<?>> facts(DoctorContext ctx) {
    return List.of(KernelFacts.moduleLoaded(MODULE), KernelFacts.sysctl(NF_IPTABLES), KernelFacts.sysctl(NF_IP6TABLES),
        KernelFacts.sysctl(IP_FORWARD), HostCheckFacts.SYSCTL_BOOT, ServiceFacts.of("docker"),
        ServiceFacts.of("firewalld"), HostCheckFacts.DOCKERD_VERSION, HostCheckFacts.IPTABLES);
  }

  @Override
  public List<Finding> evaluate(FactSet facts, DoctorContext ctx) {
    BootConfig boot = facts.get(HostCheckFacts.SYSCTL_BOOT);
    Optional<String> dockerd = facts.get(HostCheckFacts.DOCKERD_VERSION);
    Optional<String> v4 = facts.get(KernelFacts.sysctl(NF_IPTABLES));
    boolean listed = facts.get(KernelFacts.moduleLoaded(MODULE));
    return List.of(brNetfilter(listed, v4),
        bridgeNf(v4, facts.get(KernelFacts.sysctl(NF_IP6TABLES))),
        bridgeNfBoot(boot, !listed && v4.isPresent()),
        ipForward(facts.get(KernelFacts.sysctl(IP_FORWARD)), facts.get(ServiceFacts.of("docker")), boot, ctx),
        firewalld(facts.get(ServiceFacts.of("firewalld")), dockerd),
        iptablesBackend(facts.get(HostCheckFacts.IPTABLES), dockerd, ctx));
  }

  /**
   * lsmod lists a loaded module; a kernel with br_netfilter built in (or a host without lsmod) lists
   * nothing, but its sysctl keys exist.
   */
  private static Finding brNetfilter(boolean listed, Optional<String> v4) {
    if (listed) {
      return Finding.ok("net.br_netfilter", "br_netfilter loaded (lsmod)");
    }
    return v4.isPresent()
        ? Finding.ok("net.br_netfilter", NF_IPTABLES + " exists; lsmod does not list br_netfilter (built into the "
            + "kernel, or no lsmod)")
        : Finding.warn("net.br_netfilter", "br_netfilter not loaded (lsmod): the bridge-nf-call sysctls do not exist, "
            + "so traffic between containers on one bridge bypasses iptables",
            "Run `modprobe br_netfilter`, or run jprov apply (it also lists it in /etc/modules-load.d/br_netfilter.conf).");
  }

  private static Finding bridgeNf(Optional<String> v4, Optional<String> v6) {
    String seen = NF_IPTABLES + " = " + v4.orElse("(missing)") + ", " + NF_IP6TABLES + " = " + v6.orElse("(missing)");
    if (v4.filter("1"::equals).isPresent() && v6.filter("1"::equals).isPresent()) {
      return Finding.ok("net.bridge-nf", seen);
    }
    if (v4.isEmpty() || v6.isEmpty()) {
      return Finding.warn("net.bridge-nf", seen,
          "Load br_netfilter and set both keys (`modprobe br_netfilter && sysctl -w " + NF_IPTABLES + "=1 "
              + NF_IP6TABLES + "=1`), or run jprov apply.");
    }
    return Finding.warn("net.bridge-nf", seen + " (docker info warns: bridge-nf-call-iptables is disabled)",
        "Run `sysctl -w " + NF_IPTABLES + "=1 " + NF_IP6TABLES + "=1`, or run jprov apply.");
  }

  /**
   * At boot, systemd-modules-load runs before systemd-sysctl (sysctl.d(5) recommends listing such a
   * module in modules-load.d for that reason); the last file that sets a key wins; a key no file sets
   * keeps the kernel's default, 1 for the bridge-nf-call keys. A br_netfilter built into the kernel
   * ({@code builtIn}: its keys exist, lsmod does not list it) needs no modules-load entry.
   */
  private static Finding bridgeNfBoot(BootConfig boot, boolean builtIn) {
    List<String> problems = new ArrayList<>();
    Optional<Setting> module = boot.module(MODULE);
    if (module.isEmpty() && !builtIn) {
      problems.add("br_netfilter is in no modules-load.d file: not loaded at boot");
    }
    List<String> fine = new ArrayList<>();
    Setting overrides = null;
    for (String key : List.of(NF_IPTABLES, NF_IP6TABLES)) {
      Optional<Setting> last = boot.last(key);
      if (last.isPresent() && !last.get().value().equals("1")) {
        problems.add(last.get().file() + " sets " + key + " = " + last.get().value() + " (applied last at boot)");
        boolean jprovs = boot.sysctl().stream().anyMatch(x -> x.key().equals(key) && x.file().equals(JPROV_SYSCTL));
        overrides = overrides == null && jprovs ? last.get() : overrides;
      } else {
        fine.add(key.substring("net.bridge.".length()) + " = 1 (" + last.map(Setting::file).orElse("kernel default") + ")");
      }
    }
    if (problems.isEmpty()) {
      return Finding.ok("net.bridge-nf-boot", "at boot: " + module.map(m -> "br_netfilter from " + m.file())
          .orElse("no module to load (its keys exist, lsmod lists none)") + "; " + String.join(", ", fine));
    }
    String seen = problems.get(0) + (problems.size() > 1 ? "; and " + problems.get(1) : "");
    if (overrides != null) {
      return Finding.warn("net.bridge-nf-boot", seen, "Remove `" + overrides.key() + " = " + overrides.value() + "` from "
          + overrides.file() + ": it is applied after jprov's " + JPROV_SYSCTL + " and wins at boot.");
    }
    return Finding.warn("net.bridge-nf-boot", seen,
        "Run jprov apply: it lists br_netfilter in /etc/modules-load.d/br_netfilter.conf and sets both keys to 1 "
            + "in /etc/sysctl.d/99-docker.conf (a later file, or /etc/sysctl.conf, must not set them to 0).");
  }

  /**
   * Docker sets net.ipv4.ip_forward to 1 when it starts (Docker's "Packet filtering and firewalls":
   * "Docker on a router"); a 0 while it runs means something reset it since (a {@code sysctl
   * --system} or network restart reading a file that sets 0), and published ports and outbound
   * traffic of containers stop. {@code ip-forward: false} in docker.daemon leaves it to the host.
   */
  private static Finding ipForward(Optional<String> value, ServiceState docker, BootConfig boot, DoctorContext ctx) {
    String seen = IP_FORWARD + " = " + value.orElse("(missing)");
    if (value.filter("1"::equals).isPresent()) {
      return Finding.ok("net.ip-forward", seen);
    }
    if (daemonFalse(ctx, "ip-forward")) {
      return Finding.ok("net.ip-forward", seen + "; docker.daemon has ip-forward: false (forwarding left to the host)");
    }
    if (!docker.isActive()) {
      return Finding.ok("net.ip-forward", seen + "; docker " + (docker.exists() ? "is " + docker.active() : "not installed")
          + " (dockerd sets it to 1 when it starts)");
    }
    Optional<Setting> file = boot.last(IP_FORWARD).filter(s -> !s.value().equals("1"));
    return Finding.fail("net.ip-forward", seen + " while docker is active" + file.map(s -> " (" + s.file()
            + " sets " + s.value() + ")").orElse("") + ": containers cannot reach other hosts",
        "Run `sysctl -w " + IP_FORWARD + "=1`" + file.map(s -> " and remove the 0 from " + s.file()).orElse("")
            + " (dockerd sets it only when it starts).");
  }

  /**
   * A firewalld reload ({@code firewall-cmd --reload}, {@code systemctl reload firewalld}) removes
   * Docker's iptables rules and Docker re-creates them; up to 25.0.12, and 26 to 28.0 on, it did not
   * re-create the network isolation rules (CVE-2025-54410, fixed in 25.0.13 and 28.0.0), and 28.0.0
   * to 28.3.2 did not re-create per-container rules, exposing ports published on 127.0.0.1
   * (CVE-2025-54388, fixed in 28.3.3).
   */
  private static Finding firewalld(ServiceState firewalld, Optional<String> dockerd) {
    if (!firewalld.isActive()) {
      return Finding.ok("net.firewalld", "firewalld " + (firewalld.exists() ? firewalld.active() : "not installed"));
    }
    if (dockerd.isEmpty()) {
      return Finding.ok("net.firewalld", "firewalld active; dockerd not installed");
    }
    String seen = "firewalld active; dockerd " + dockerd.get();
    if (restoresAfterReload(dockerd.get())) {
      return Finding.ok("net.firewalld", seen + " (re-creates all its rules after a firewalld reload)");
    }
    return Finding.warn("net.firewalld", seen + ": a firewalld reload removes Docker's iptables rules and this version "
            + "does not re-create all of them (CVE-2025-54410, CVE-2025-54388)",
        "After each `firewall-cmd --reload`, run `systemctl restart docker` (containers restart unless live-restore), "
            + "or move to Docker 28.3.3 or later.");
  }

  /** 25.0.13 and later 25.0 releases, 28.3.3 and later. */
  static boolean restoresAfterReload(String version) {
    int[] v = parts(version);
    return v[0] == 25 && v[1] == 0 && v[2] >= 13 || compare(v, new int[] {28, 3, 3}) >= 0;
  }

  private static int[] parts(String version) {
    String[] p = version.split("\\.");
    int[] out = new int[3];
    for (int i = 0; i < 3 && i < p.length; i++) {
      try {
        out[i] = Integer.parseInt(p[i].replaceAll("\\D.*", ""));
      } catch (NumberFormatException e) {
        out[i] = 0;
      }
    }
    return out;
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < 3; i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return 0;
  }

  /**
   * dockerd writes its rules with the {@code iptables} command (iptables-nft or iptables-legacy,
   * whichever it is) unless docker.daemon has {@code iptables: false} or {@code firewall-backend:
   * nftables}. Rules left in the other backend filter the same packets: iptables-nft itself warns
   * "iptables-legacy tables present"; with iptables-legacy and nftables tables (firewalld's), each
   * side drops what the other allows.
   */
  private static Finding iptablesBackend(Iptables ipt, Optional<String> dockerd, DoctorContext ctx) {
    Object backend = ctx.docker("daemon") instanceof Map<?, ?> d ? d.get("firewall-backend") : null;
    if ("nftables".equals(backend)) {
      return Finding.ok("net.iptables-backend", "docker.daemon has firewall-backend: nftables (no iptables rules)");
    }
    if (daemonFalse(ctx, "iptables")) {
      return Finding.ok("net.iptables-backend", "docker.daemon has iptables: false (docker writes no rules)");
    }
    if (!ipt.installed()) {
      return dockerd.isEmpty()
          ? Finding.ok("net.iptables-backend", "iptables: command not found; dockerd not installed")
          : Finding.fail("net.iptables-backend", "iptables: command not found (dockerd " + dockerd.get()
                  + " needs it for its networks)",
              "Install the iptables package (`yum install iptables` or `apt-get install iptables`), then restart docker.");
    }
    if (ipt.mode().equals("nf_tables") && !ipt.legacyTables().isEmpty()) {
      return Finding.warn("net.iptables-backend", ipt.version() + "; legacy tables present too: "
              + String.join(" ", ipt.legacyTables()),
          "Move whatever still writes iptables-legacy rules (see `iptables-legacy-save`) to iptables-nft and reboot: "
              + "packets go through both backends and a drop in either breaks container networking.");
    }
    List<String> foreign = ipt.nftTables().stream().filter(t -> !compatTable(t)).toList();
    if (ipt.mode().equals("legacy") && !foreign.isEmpty()) {
      return Finding.warn("net.iptables-backend", ipt.version() + "; nftables also has: " + String.join(", ", foreign),
          "Use one backend: select iptables-nft (`update-alternatives --set iptables /usr/sbin/iptables-nft`, "
              + "the same for ip6tables) and restart docker, or remove the nftables rules.");
    }
    return Finding.ok("net.iptables-backend", ipt.version()
        + (ipt.mode().isEmpty() || ipt.version().contains("(") ? "" : " (" + ipt.mode() + ")"));
  }

  /** A table iptables-nft itself creates ({@code ip filter}, {@code ip6 nat}, ...). */
  private static boolean compatTable(String table) {
    return table.matches("(ip|ip6|arp|bridge) (filter|nat|mangle|raw|security)");
  }

  private static boolean daemonFalse(DoctorContext ctx, String key) {
    return ctx.docker("daemon") instanceof Map<?, ?> d && d.containsKey(key)
        && "false".equals(String.valueOf(d.get(key)));
  }
}
