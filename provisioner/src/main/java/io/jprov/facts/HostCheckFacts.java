package io.jprov.facts;

import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host state that {@code jprov doctor}'s {@code net}, {@code users} and {@code selinux} checks read:
 * the sysctl and modules-load files a boot applies, the iptables backend, the SELinux mode, the
 * installed dockerd's version and the supplementary groups of a user's processes. Every command
 * works on every supported family (EL7/8/9, Debian, Ubuntu) or says that its tool is missing in a
 * way the parser understands, and never changes anything.
 */
public final class HostCheckFacts {
  /** The sysctl.d directories in the order systemd-sysctl and {@code sysctl --system} rank a file name. */
  static final List<String> SYSCTL_DIRS = List.of("/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
      "/usr/lib/sysctl.d", "/lib/sysctl.d");
  /** The modules-load.d directories, ranked as modules-load.d(5) does. */
  static final List<String> MODULES_DIRS = List.of("/etc/modules-load.d", "/run/modules-load.d",
      "/usr/local/lib/modules-load.d", "/usr/lib/modules-load.d", "/lib/modules-load.d");
  private static final String SYSCTL_CONF = "/etc/sysctl.conf";
  /** Debian's list of modules loaded at boot (kmod links /etc/modules-load.d/modules.conf to it). */
  private static final String ETC_MODULES = "/etc/modules";

  /**
   * iptables, nft and getenforce live in /usr/sbin (/sbin), which a non-root login's PATH may lack
   * (Debian's): without it a tool that is there would read as not installed. Each fact runs in a
   * subshell of its own, so this reaches no other fact.
   */
  private static final String SBIN = "PATH=\"$PATH:/usr/sbin:/sbin\"; ";

  private static final String NOT_COMMENT = "grep -H -v -E '^[[:space:]]*([#;]|$)' \"$f\" 2>/dev/null";

  private HostCheckFacts() {}

  // ---------------------------------------------------------------------------------------------
  // sysctl-boot

  /** One {@code key = value} line of a sysctl file, or one module of a modules-load file (value ""). */
  public record Setting(String file, String key, String value) {}

  /**
   * What a boot applies: the sysctl settings in the order they are applied (the last one of a key
   * wins) and the kernel modules loaded at boot, each with the file that says so.
   */
  public record BootConfig(List<Setting> sysctl, List<Setting> modules) {
    /** The setting of {@code key} a boot leaves in force, or empty when no file sets it (the kernel's default). */
    public Optional<Setting> last(String key) {
      Setting found = null;
      for (Setting s : sysctl) {
        if (s.key().equals(key)) {
          found = s;
        }
      }
      return Optional.ofNullable(found);
    }

    /** The file that loads {@code module} at boot, or empty. */
    public Optional<Setting> module(String module) {
      return modules.stream().filter(m -> m.key().equals(module)).findFirst();
    }
  }

  /**
   * The sysctl settings a boot applies and the modules it loads. sysctl.d(5): files of
   * /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d, /usr/lib/sysctl.d (and /lib/sysctl.d)
   * with the same name shadow one another in that order; the survivors are applied sorted by file
   * name whatever their directory, so a later name wins a key; {@code sysctl --system} (procps)
   * reads {@code /etc/sysctl.conf} last (EL7 and Debian also link /etc/sysctl.d/99-sysctl.conf to
   * it). A file linked to /dev/null masks the file of that name. modules-load.d(5) ranks its
   * directories the same way; Debian's /etc/modules counts too. Comment lines ({@code #}, {@code ;})
   * and blank lines are left on the host; every other line comes back as {@code path:line} after a
   * {@code ::sysctl::PATH} or {@code ::modules::PATH} marker.
   */
  public static final Fact<BootConfig> SYSCTL_BOOT = new Fact<>("sysctl-boot",
      "for f in " + String.join(" ", globs(SYSCTL_DIRS)) + " " + SYSCTL_CONF + "; do "
          + "{ [ -e \"$f\" ] || [ -L \"$f\" ]; } || continue; echo \"::sysctl::$f\"; " + NOT_COMMENT + "; done; "
          + "for f in " + String.join(" ", globs(MODULES_DIRS)) + " " + ETC_MODULES + "; do "
          + "{ [ -e \"$f\" ] || [ -L \"$f\" ]; } || continue; echo \"::modules::$f\"; " + NOT_COMMENT + "; done; true",
      o -> parseBoot(o.output()));

  private static List<String> globs(List<String> dirs) {
    return dirs.stream().map(d -> d + "/*.conf").toList();
  }

  static BootConfig parseBoot(String output) {
    Map<String, List<String>> sysctlFiles = new LinkedHashMap<>();
    Map<String, List<String>> moduleFiles = new LinkedHashMap<>();
    List<String> current = null;
    String path = null;
    for (String raw : output.split("\n")) {
      String line = raw.stripTrailing();
      if (line.startsWith("::sysctl::") || line.startsWith("::modules::")) {
        boolean sysctl = line.startsWith("::sysctl::");
        path = line.substring(sysctl ? "::sysctl::".length() : "::modules::".length());
        current = (sysctl ? sysctlFiles : moduleFiles).computeIfAbsent(path, k -> new ArrayList<>());
      } else if (current != null && line.startsWith(path + ":")) {
        current.add(line.substring(path.length() + 1));
      }
    }
    List<Setting> sysctl = new ArrayList<>();
    for (String file : applied(sysctlFiles, SYSCTL_DIRS, SYSCTL_CONF)) {
      for (String l : sysctlFiles.get(file)) {
        int eq = l.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String key = sysctlKey(l.substring(0, eq).strip());
        if (!key.isEmpty()) {
          sysctl.add(new Setting(file, key, KernelFacts.normalize(l.substring(eq + 1))));
        }
      }
    }
    List<Setting> modules = new ArrayList<>();
    for (String file : applied(moduleFiles, MODULES_DIRS, ETC_MODULES)) {
      for (String l : moduleFiles.get(file)) {
        String m = l.strip().split("\\s+")[0];
        if (!m.isEmpty()) {
          modules.add(new Setting(file, m, ""));
        }
      }
    }
    return new BootConfig(List.copyOf(sysctl), List.copyOf(modules));
  }

  /**
   * The files a boot reads, in the order it applies them: per file name the one of the first
   * directory, sorted by name, then {@code last} (when present).
   */
  private static List<String> applied(Map<String, List<String>> files, List<String> dirs, String last) {
    Map<String, String> byName = new java.util.TreeMap<>();
    for (String dir : dirs) {
      for (String file : files.keySet()) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        if (file.equals(dir + "/" + name)) {
          byName.putIfAbsent(name, file);
        }
      }
    }
    List<String> out = new ArrayList<>(byName.values());
    if (files.containsKey(last)) {
      out.add(last);
    }
    return out;
  }

  /**
   * A sysctl key as {@code sysctl -n} names it: sysctl.d(5) takes {@code /} or {@code .} as the
   * separator (when the first one is {@code /}, the two are swapped); a leading {@code -} (ignore
   * a failure) is not part of the key.
   */
  static String sysctlKey(String raw) {
    String k = raw.startsWith("-") ? raw.substring(1).strip() : raw;
    int slash = k.indexOf('/');
    int dot = k.indexOf('.');
    if (slash >= 0 && (dot < 0 || slash < dot)) {
      StringBuilder sb = new StringBuilder();
      for (char c : k.toCharArray()) {
        sb.append(c == '/' ? '.' : c == '.' ? '/' : c);
      }
      k = sb.toString();
    }
    return k;
  }

  // ---------------------------------------------------------------------------------------------
  // iptables

  /**
   * The iptables in use and what else filters packets.
   *
   * @param version {@code iptables --version}'s line ({@code iptables v1.8.9 (nf_tables)}), or "" when not installed
   * @param mode {@code nf_tables}, {@code legacy} (1.8's {@code (legacy)}, or any version before 1.8,
   *     which knew no other backend), or "" when not installed or not said
   * @param legacyTables the legacy (x_tables) tables the kernel holds, from
   *     /proc/net/ip_tables_names and ip6_tables_names (what makes iptables-nft warn
   *     {@code iptables-legacy tables present})
   * @param nftTables {@code nft list tables}'s tables ({@code inet firewalld}); empty without nft or rights
   */
  public record Iptables(String version, String mode, List<String> legacyTables, List<String> nftTables) {
    public boolean installed() {
      return !version.isEmpty();
    }
  }

  private static final Pattern IPTABLES_VERSION = Pattern.compile("^iptables v(\\d+)\\.(\\d+)\\S*(?:\\s+\\((\\S+)\\))?");

  /** {@code iptables --version}, the kernel's legacy tables and nft's tables, in one command. */
  public static final Fact<Iptables> IPTABLES = new Fact<>("iptables",
      SBIN + "if command -v iptables >/dev/null 2>&1; then iptables --version 2>&1; "
          + "else echo 'iptables: command not found'; fi; echo '::legacy::'; "
          + "cat /proc/net/ip_tables_names /proc/net/ip6_tables_names 2>/dev/null; echo '::nft::'; "
          + "if command -v nft >/dev/null 2>&1; then nft list tables 2>&1; fi; true",
      o -> parseIptables(o.output()));

  static Iptables parseIptables(String output) {
    String version = "";
    String mode = "";
    List<String> legacy = new ArrayList<>();
    List<String> nft = new ArrayList<>();
    String section = "version";
    for (String raw : output.split("\n")) {
      String line = raw.strip();
      if (line.equals("::legacy::") || line.equals("::nft::")) {
        section = line.substring(2, line.length() - 2);
        continue;
      }
      switch (section) {
        case "version" -> {
          Matcher m = IPTABLES_VERSION.matcher(line);
          if (version.isEmpty() && m.find()) {
            version = line;
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            mode = m.group(3) != null ? m.group(3) : major == 1 && minor < 8 ? "legacy" : "";
          }
        }
        case "legacy" -> {
          if (line.matches("[a-z_]+") && !legacy.contains(line)) {
            legacy.add(line);
          }
        }
        default -> {
          if (line.startsWith("table ")) {
            nft.add(line.substring("table ".length()).strip());
          }
        }
      }
    }
    return new Iptables(version, mode, List.copyOf(legacy), List.copyOf(nft));
  }

  // ---------------------------------------------------------------------------------------------
  // selinux

  /**
   * The SELinux mode now and at the next boot.
   *
   * @param mode {@code enforcing}, {@code permissive}, {@code disabled}, or "" when the host has no
   *     SELinux at all (no getenforce and no /sys/fs/selinux: Debian, Ubuntu)
   * @param evidence what the host said ({@code Enforcing}, {@code /sys/fs/selinux/enforce: 1}, or the missing tool)
   * @param configured {@code SELINUX=} of /etc/selinux/config in lower case (the mode at boot), or "" without the file
   */
  public record Selinux(String mode, String evidence, String configured) {
    public boolean inUse() {
      return mode.equals("enforcing") || mode.equals("permissive");
    }
  }

  /**
   * {@code getenforce} (libselinux-utils on EL, selinux-utils on Debian), else
   * /sys/fs/selinux/enforce (1 enforcing, 0 permissive), and the {@code SELINUX=} line of
   * /etc/selinux/config.
   */
  public static final Fact<Selinux> SELINUX = new Fact<>("selinux",
      SBIN + "if command -v getenforce >/dev/null 2>&1; then getenforce 2>&1; "
          + "elif [ -r /sys/fs/selinux/enforce ]; then echo \"/sys/fs/selinux/enforce: $(cat /sys/fs/selinux/enforce)\"; "
          + "else echo 'getenforce: command not found'; fi; echo '::config::'; "
          + "grep -E '^[[:space:]]*SELINUX=' /etc/selinux/config 2>/dev/null; true",
      o -> parseSelinux(o.output()));

  static Selinux parseSelinux(String output) {
    String mode = "";
    String evidence = "";
    String configured = "";
    boolean config = false;
    for (String raw : output.split("\n")) {
      String line = raw.strip();
      if (line.equals("::config::")) {
        config = true;
      } else if (config) {
        if (line.startsWith("SELINUX=")) {
          configured = line.substring("SELINUX=".length()).replace("\"", "").strip().toLowerCase(Locale.ROOT);
        }
      } else if (!line.isEmpty() && evidence.isEmpty()) {
        evidence = line;
        String l = line.toLowerCase(Locale.ROOT);
        mode = switch (l) {
          case "enforcing", "/sys/fs/selinux/enforce: 1" -> "enforcing";
          case "permissive", "/sys/fs/selinux/enforce: 0" -> "permissive";
          case "disabled" -> "disabled";
          default -> "";
        };
      }
    }
    return new Selinux(mode, evidence, configured);
  }

  // ---------------------------------------------------------------------------------------------
  // dockerd-version

  private static final Pattern DOCKER_VERSION = Pattern.compile("Docker version (\\d+\\.\\d+\\.\\d+)");

  /**
   * The installed dockerd's version ({@code Docker version 26.1.4, build de5c9cf}; Debian's
   * {@code Docker version 20.10.24+dfsg1, build 5d6db84}), or empty when dockerd is not installed;
   * read from the binary, so it answers with the daemon stopped. CentOS 7 extras' docker 1.13 names
   * its daemon dockerd-current.
   */
  public static final Fact<Optional<String>> DOCKERD_VERSION = new Fact<>("dockerd-version",
      "for d in dockerd dockerd-current; do if command -v $d >/dev/null 2>&1; then $d --version 2>&1; exit 0; fi; done; "
          + "echo 'dockerd: command not found'",
      o -> {
        Matcher m = DOCKER_VERSION.matcher(o.output());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
      });

  // ---------------------------------------------------------------------------------------------
  // proc-groups

  /** One process: its pid, its name ({@code Name:} of /proc/PID/status) and its supplementary group ids. */
  public record Proc(String pid, String name, List<String> groups) {}

  /** At most this many processes of one user are read. */
  static final int MAX_PROCESSES = 500;

  /**
   * The processes of {@code user} (real uid) with their supplementary groups, from the
   * {@code Name:}, {@code Uid:} and {@code Groups:} lines of every /proc/PID/status (proc(5)); a
   * process keeps the groups of the login that started it, so one without a group the user has
   * since been added to was started before. Empty when the user does not exist. At most {@value
   * #MAX_PROCESSES}. grep, not awk, opens the files: a process that ends meanwhile is skipped
   * (mawk, Debian's awk, stops at a file it cannot open).
   */
  public static Fact<Optional<List<Proc>>> processGroups(String user) {
    String u = Sh.quote(user);
    return new Fact<>("proc-groups:" + user,
        "u=$(id -u " + u + " 2>/dev/null) || { echo 'no such user'; exit 0; }; "
            + "grep -H -e '^Name:' -e '^Uid:' -e '^Groups:' /proc/[0-9]*/status 2>/dev/null | awk -v u=\"$u\" "
            + "'{ n = split($1, p, \"/\"); pid = p[3]; f = p[n] } f == \"status:Name:\" { name = $2 } "
            + "f == \"status:Uid:\" { uid = $2 } f == \"status:Groups:\" && uid == u { $1 = \"\"; print pid, name, \"groups\" $0 }' "
            + "| head -n " + MAX_PROCESSES,
        HostCheckFacts::parseProcesses);
  }

  static Optional<List<Proc>> parseProcesses(FactOutput out) {
    List<Proc> procs = new ArrayList<>();
    for (String raw : out.output().split("\n")) {
      String line = raw.strip();
      if (line.equals("no such user")) {
        return Optional.empty();
      }
      String[] f = line.split("\\s+");
      if (f.length >= 3 && f[0].matches("\\d+") && f[2].equals("groups")) {
        List<String> groups = new ArrayList<>();
        for (int i = 3; i < f.length; i++) {
          groups.add(f[i]);
        }
        procs.add(new Proc(f[0], f[1], List.copyOf(groups)));
      }
    }
    return Optional.of(List.copyOf(procs));
  }
}
