package io.jprov.testfleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;

/**
 * One test host of a {@link TestFleet}: its address and SSH port as seen from the test JVM, and readers for
 * the state jprov changes (all through {@code docker exec} as root, never through jprov's own transport).
 */
public final class FleetHost {
  private final String name;
  private final Variant variant;
  private final int sshPort;
  private final GenericContainer<?> container;
  private final TestFleet fleet;

  FleetHost(String name, Variant variant, int sshPort, GenericContainer<?> container, TestFleet fleet) {
    this.name = name;
    this.variant = variant;
    this.sshPort = sshPort;
    this.container = container;
    this.fleet = fleet;
  }

  /** Inventory name (also the container's hostname), e.g. {@code el7-1}. */
  public String name() {
    return name;
  }

  public Variant variant() {
    return variant;
  }

  /** Always {@code 127.0.0.1}: sshd is published on loopback only. */
  public String address() {
    return "127.0.0.1";
  }

  public int sshPort() {
    return sshPort;
  }

  public GenericContainer<?> container() {
    return container;
  }

  // ---------------------------------------------------------------- commands

  /** Runs a command as root inside the host ({@code docker exec}); never throws on a non-zero exit. */
  public ExecResult exec(String... command) {
    try {
      var r = container.execInContainer(command);
      return new ExecResult(r.getExitCode(), r.getStdout(), r.getStderr());
    } catch (IOException e) {
      throw new IllegalStateException("docker exec on " + name + " failed: " + Arrays.toString(command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Runs a bash script as root inside the host. */
  public ExecResult sh(String script) {
    return exec("bash", "-c", script);
  }

  /** Runs a bash script as root and returns its stdout; fails when it exits non-zero. */
  public String shOk(String script) {
    ExecResult r = sh(script);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("on " + name + ": `" + script + "` failed: " + r);
    }
    return r.stdout();
  }

  /** A new SSH login as {@code user} (root, ops or deploy) with the fleet's key. */
  public FleetSsh ssh(String user) throws IOException {
    return FleetSsh.connect(address(), sshPort, user, fleet.privateKey());
  }

  /** Runs one command over a new SSH login as {@code user}. */
  public ExecResult sshRun(String user, String command) throws IOException {
    try (FleetSsh s = ssh(user)) {
      return s.run(command);
    }
  }

  // ---------------------------------------------------------------- state readers

  /**
   * Installed packages: name → {@code [epoch:]version-release} (epoch only when set, as yum prints it); on a deb
   * host name → dpkg's version ({@code 5:26.1.4-1~debian.12~bookworm}) of every package dpkg has installed.
   */
  public Map<String, String> installedPackages() {
    if (variant.deb()) {
      return dpkgInstalled();
    }
    String out = shOk("rpm -qa --qf '%{NAME} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\n'");
    Map<String, String> m = new TreeMap<>();
    for (String line : out.split("\n")) {
      String[] p = line.trim().split(" ");
      if (p.length == 2 && !p[0].equals("gpg-pubkey")) {
        m.put(p[0], p[1]);
      }
    }
    return m;
  }

  /** {@code [epoch:]version-release} of an installed package, if installed. */
  public Optional<String> packageVersion(String name) {
    return Optional.ofNullable(installedPackages().get(name));
  }

  public boolean isInstalled(String name) {
    if (variant.deb()) {
      return dpkgInstalled().containsKey(name);
    }
    return exec("rpm", "-q", name).exitCode() == 0;
  }

  /** dpkg-query: packages whose status is installed ({@code ii}, or {@code hi} when held) → version. */
  private Map<String, String> dpkgInstalled() {
    String out = shOk("dpkg-query -W -f '${Package}\\t${Version}\\t${db:Status-Abbrev}\\n'");
    Map<String, String> m = new TreeMap<>();
    for (String line : out.split("\n")) {
      String[] p = line.split("\t");
      if (p.length == 3 && p[2].length() >= 2 && p[2].charAt(1) == 'i') {
        m.put(p[0], p[1]);
      }
    }
    return m;
  }

  /** Packages held back from upgrades: {@code apt-mark showhold} on a deb host. */
  public List<String> heldPackages() {
    if (!variant.deb()) {
      throw new UnsupportedOperationException("heldPackages() reads apt-mark; " + name + " is not a deb host");
    }
    return Arrays.stream(shOk("apt-mark showhold").split("\n")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  /** Contents of a file, if it exists. */
  public Optional<String> file(String path) {
    ExecResult r = exec("cat", path);
    return r.exitCode() == 0 ? Optional.of(r.stdout()) : Optional.empty();
  }

  /** {@code sha256sum} of a file, if it exists. */
  public Optional<String> fileSha256(String path) {
    ExecResult r = exec("sha256sum", path);
    return r.exitCode() == 0 ? Optional.of(r.stdout().split(" ")[0]) : Optional.empty();
  }

  /** Every file in /etc/yum.repos.d (on a deb host: /etc/apt/sources.list.d): file name → content. */
  public Map<String, String> repoFiles() {
    Map<String, String> m = new TreeMap<>();
    String dir = variant.deb() ? "/etc/apt/sources.list.d/" : "/etc/yum.repos.d/";
    String names = shOk("ls -1 " + dir);
    for (String n : names.split("\n")) {
      if (!n.isBlank()) {
        file(dir + n.trim()).ifPresent(c -> m.put(n.trim(), c));
      }
    }
    return m;
  }

  /**
   * Entries of the versionlock plugin's list (EL7 yum: {@code /etc/yum/pluginconf.d/versionlock.list},
   * {@code 3:docker-ce-26.1.4-1.el7.*}; EL8/EL9 dnf: {@code /etc/dnf/plugins/versionlock.list},
   * {@code docker-ce-3:26.1.4-1.el9.*}); comments and blank lines skipped; empty when there is no list.
   */
  public List<String> versionLocks() {
    String list = variant.el7() ? "/etc/yum/pluginconf.d/versionlock.list" : "/etc/dnf/plugins/versionlock.list";
    return file(list).map(s -> Arrays.stream(s.split("\n")).map(String::trim)
        .filter(x -> !x.isEmpty() && !x.startsWith("#")).toList()).orElse(List.of());
  }

  /** Output of {@code systemctl is-active UNIT}: active, inactive, failed, unknown... */
  public String serviceActive(String unit) {
    return exec("systemctl", "is-active", unit).stdout().trim();
  }

  /** Output of {@code systemctl is-enabled UNIT}: enabled, disabled, static, masked, or "" for a missing unit. */
  public String serviceEnabled(String unit) {
    return exec("systemctl", "is-enabled", unit).stdout().trim();
  }

  /** Current value of a kernel parameter, or empty when it does not exist (e.g. bridge keys without br_netfilter). */
  public Optional<String> sysctl(String key) {
    ExecResult r = exec("sysctl", "-n", key);
    return r.exitCode() == 0 ? Optional.of(r.stdout().trim()) : Optional.empty();
  }

  /** Modules "loaded" with modprobe. */
  public List<String> loadedModules() {
    return file("/run/kernel-standin/modules").map(s -> Arrays.stream(s.split("\n"))
        .map(String::trim).filter(x -> !x.isEmpty()).toList()).orElse(List.of());
  }

  /** Members of a group (from {@code getent group}), or empty when the group does not exist. */
  public Optional<List<String>> groupMembers(String group) {
    ExecResult r = exec("getent", "group", group);
    if (r.exitCode() != 0) {
      return Optional.empty();
    }
    String[] f = r.stdout().trim().split(":", -1);
    List<String> members = new ArrayList<>();
    if (f.length >= 4 && !f[3].isBlank()) {
      members.addAll(Arrays.asList(f[3].split(",")));
    }
    return Optional.of(members);
  }

  /** Supplementary groups a new login of {@code user} gets ({@code id -Gn user}). */
  public List<String> groupsOf(String user) {
    return Arrays.asList(shOk("id -Gn " + user).trim().split("\\s+"));
  }

  /** /etc/docker/daemon.json, if present. */
  public Optional<String> daemonJson() {
    return file("/etc/docker/daemon.json");
  }

  /** The configuration the running docker stand-in uses (registry mirrors normalized), if it runs. */
  public Optional<String> dockerRunningConfig() {
    return file("/run/docker-standin/config.json").map(String::trim);
  }

  /** How many times dockerd started successfully since the image was built (survives restarts). */
  public int dockerStarts() {
    return file("/var/lib/docker-standin/starts").map(s -> Integer.parseInt(s.trim())).orElse(0);
  }

  // ---------------------------------------------------------------- containers (docker stand-in)

  /** The image {@link #runContainer} runs: a container of it idles until stopped (loaded from the mirror). */
  public static final String IDLE_IMAGE = "jprov-testfleet/idle:latest";

  /**
   * Starts a long-running container named {@code name} ({@code docker run -d --name NAME jprov-testfleet/idle},
   * as root; when the image is missing, the mirror's {@code images/idle.tar} is copied in and loaded first, through
   * the test JVM: hosts need no curl and no route to the mirror). Docker must be running. Returns the container's id.
   */
  public String runContainer(String name) {
    containerScript(name);
    if (exec("docker", "image", "inspect", IDLE_IMAGE).exitCode() != 0) {
      byte[] tar;
      try {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(fleet.mirrorUrlFromTests() + "/images/idle.tar")).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new IllegalStateException("the mirror answered " + r.statusCode() + " for images/idle.tar");
        }
        tar = r.body();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      container.copyFileToContainer(Transferable.of(tar), "/tmp/jprov-idle.tar");
      shOk("docker load -i /tmp/jprov-idle.tar >/dev/null && rm -f /tmp/jprov-idle.tar");
    }
    return shOk("docker run -d --name '" + name + "' " + IDLE_IMAGE).trim();
  }

  /**
   * Whether the container's process runs (read from the stand-in's state, not through the daemon: with
   * live-restore a container keeps running while docker is stopped). False for an unknown name.
   */
  public boolean containerRunning(String name) {
    return shOk(containerScript(name) + "pid=$(jq -r .State.Pid \"$f\"); id=$(jq -r .Id \"$f\"); "
        + "[ \"$pid\" != 0 ] && [ \"$(tr '\\0' '\\n' < /proc/$pid/cmdline 2>/dev/null | head -n 1)\" = \"container-$id\" ] "
        + "&& echo true || echo false").trim().equals("true");
  }

  /**
   * When the container last started ({@code .State.StartedAt}, RFC 3339 with nanoseconds, e.g.
   * {@code 2026-12-01T08:01:02.123456789Z}): unchanged while it keeps running, new after a restart.
   * Fails for an unknown name.
   */
  public String containerStartedAt(String name) {
    String s = shOk(containerScript(name) + "jq -r .State.StartedAt \"$f\"").trim();
    if (s.isEmpty()) {
      throw new IllegalStateException("no container " + name + " on " + this.name);
    }
    return s;
  }

  /** Names of the containers whose process runs (the stand-in's state, as {@link #containerRunning}). */
  public List<String> runningContainers() {
    String out = shOk("for f in /var/lib/docker-standin/containers/*.json; do [ -e \"$f\" ] || continue; "
        + "pid=$(jq -r .State.Pid \"$f\"); id=$(jq -r .Id \"$f\"); [ \"$pid\" != 0 ] && "
        + "[ \"$(tr '\\0' '\\n' < /proc/$pid/cmdline 2>/dev/null | head -n 1)\" = \"container-$id\" ] && "
        + "jq -r '.Name | ltrimstr(\"/\")' \"$f\"; done; true");
    return Arrays.stream(out.split("\n")).map(String::trim).filter(x -> !x.isEmpty()).sorted().toList();
  }

  /** Shell prefix that sets $f to the container's state file (empty output and exit 0 when there is none). */
  private static String containerScript(String name) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException("container name " + name);
    }
    return "f=$(grep -lE '\"Name\": ?\"/" + name + "\"' /var/lib/docker-standin/containers/*.json 2>/dev/null | head -n 1); "
        + "[ -n \"$f\" ] || exit 0; ";
  }

  /**
   * Fills the file system under the docker data root ({@code /var/lib/docker}, e.g. a
   * {@link TestFleet.HostOption#tmpfsDataRoot} tmpfs) to 100 % with one file; {@link #freeDataRoot()} removes it.
   */
  public void fillDataRoot() {
    sh("mkdir -p /var/lib/docker && dd if=/dev/zero of=/var/lib/docker/.jprov-fill bs=64k 2>/dev/null; sync");
  }

  /** Removes the file {@link #fillDataRoot()} wrote. */
  public void freeDataRoot() {
    shOk("rm -f /var/lib/docker/.jprov-fill");
  }

  /** The journal of a unit as the journalctl stand-in prints it. */
  public String journal(String unit) {
    return exec("journalctl", "-u", unit, "--no-pager").stdout();
  }

  /**
   * A snapshot of everything jprov may change, for "byte-for-byte unchanged" checks: packages, repo files,
   * unit states, sysctls, modules, docker group, daemon.json, docker restart count, sysctl.d and modules-load.d.
   */
  public Map<String, String> stateSnapshot() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("packages", installedPackages().toString());
    m.put("repos", repoFiles().toString());
    m.put("etc-hash", shOk("cd / && find etc/yum.repos.d etc/docker etc/sysctl.d etc/sysctl.conf etc/modules-load.d "
        + "etc/apt/sources.list etc/apt/sources.list.d etc/apt/keyrings "
        + "etc/systemd/system etc/group etc/passwd -type f 2>/dev/null | sort | xargs -r sha256sum; "
        + "find etc/systemd/system -type l 2>/dev/null | sort | while read l; do echo \"$l -> $(readlink $l)\"; done"));
    m.put("docker", serviceActive("docker") + "/" + serviceEnabled("docker"));
    m.put("sysctl", shOk("sysctl -a 2>/dev/null"));
    m.put("modules", loadedModules().toString());
    m.put("docker-starts", Integer.toString(dockerStarts()));
    return m;
  }

  // ---------------------------------------------------------------- availability

  /** Freezes the host (docker pause): TCP still connects, nothing answers. */
  public void pause() {
    fleet.docker().pauseContainerCmd(container.getContainerId()).exec();
  }

  public void unpause() {
    fleet.docker().unpauseContainerCmd(container.getContainerId()).exec();
  }

  /** Stops the host (connections refused on its port) without removing it; {@link #start()} boots it again. */
  public void stop() {
    fleet.docker().stopContainerCmd(container.getContainerId()).withTimeout(5).exec();
  }

  /** Boots a stopped host again (same port; enabled units start, volatile state is reset as after a reboot). */
  public void start() {
    fleet.docker().startContainerCmd(container.getContainerId()).exec();
    fleet.waitForSsh(this);
  }

  /** stop + start. */
  public void reboot() {
    stop();
    start();
  }

  /** Makes the docker stand-in fail image pulls (as on a host without registry access). */
  public void setRegistryOffline(boolean offline) {
    shOk(offline ? "mkdir -p /etc/docker-standin && touch /etc/docker-standin/offline"
        : "rm -f /etc/docker-standin/offline");
  }

  @Override
  public String toString() {
    return name + "(" + variant.tag() + ", 127.0.0.1:" + sshPort + ")";
  }
}
