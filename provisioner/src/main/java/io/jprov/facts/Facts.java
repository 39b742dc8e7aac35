package io.jprov.facts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every kind of fact of this package by name, so that data (test cases, recorded outputs) can name
 * a fact the way {@link FactSet} keys it: the name is the part of the key before the first
 * {@code :} ({@code rpmq}, {@code systemd}, {@code stat+content}, ...), the argument the rest.
 */
public final class Facts {
  private static final Map<String, Function<Object, Fact<?>>> KINDS = kinds();

  private Facts() {}

  private static Map<String, Function<Object, Fact<?>>> kinds() {
    Map<String, Function<Object, Fact<?>>> m = new LinkedHashMap<>();
    m.put("platform", arg -> none("platform", arg, HostFacts.PLATFORM));
    m.put("stat", arg -> FileStat.of(string("stat", arg), false));
    m.put("stat+content", arg -> FileStat.of(string("stat+content", arg), true));
    m.put("filecontent", arg -> FileContentFacts.of(string("filecontent", arg)));
    m.put("rpmq", arg -> RpmFacts.query(strings("rpmq", arg)));
    m.put("systemd", arg -> ServiceFacts.of(string("systemd", arg)));
    m.put("kmod", arg -> KernelFacts.moduleLoaded(string("kmod", arg)));
    m.put("sysctl", arg -> KernelFacts.sysctl(string("sysctl", arg)));
    m.put("getent-group", arg -> AccountFacts.group(string("getent-group", arg)));
    m.put("id-groups", arg -> AccountFacts.groupsOf(string("id-groups", arg)));
    m.put("resolves", arg -> NetFacts.resolves(string("resolves", arg)));
    m.put("url", arg -> NetFacts.answers(string("url", arg)));
    m.put("rpm-gpg-pubkeys", arg -> none("rpm-gpg-pubkeys", arg, RpmFacts.GPG_PUBKEYS));
    m.put("yum-available", arg -> YumFacts.available(strings("yum-available", arg)));
    m.put("yum-available-unlocked", arg -> YumFacts.availableUnlocked(strings("yum-available-unlocked", arg)));
    m.put("dnf-available", arg -> YumFacts.dnfAvailable(strings("dnf-available", arg)));
    m.put("versionlock", arg -> VersionLockFacts.list(string("versionlock", arg)));
    m.put("dpkgq", arg -> DpkgFacts.query(strings("dpkgq", arg)));
    m.put("apt-available", arg -> DpkgFacts.available(strings("apt-available", arg)));
    m.put("unless", arg -> CommandFacts.succeeds(string("unless", arg)));
    m.put("validate", arg -> {
      if (!(arg instanceof Map<?, ?> v) || !(v.get("command") instanceof String c) || !(v.get("content") instanceof String t)) {
        throw new IllegalArgumentException("fact validate takes {command: ..., content: ...}, found " + arg);
      }
      return CommandFacts.validates(c, t);
    });
    m.put("pending-snapshot", arg -> SnapshotFacts.pending(string("pending-snapshot", arg)));
    m.put("bundle-files", arg -> FileDigests.under(string("bundle-files", arg)));
    // doctor: checks-host
    m.put("sysctl-boot", arg -> none("sysctl-boot", arg, HostCheckFacts.SYSCTL_BOOT));
    m.put("iptables", arg -> none("iptables", arg, HostCheckFacts.IPTABLES));
    m.put("selinux", arg -> none("selinux", arg, HostCheckFacts.SELINUX));
    m.put("dockerd-version", arg -> none("dockerd-version", arg, HostCheckFacts.DOCKERD_VERSION));
    m.put("proc-groups", arg -> HostCheckFacts.processGroups(string("proc-groups", arg)));
    // doctor: checks-daemon
    m.put("docker-info", arg -> none("docker-info", arg, DockerInfoFacts.INFO));
    m.put("unit-health", arg -> DockerDaemonFacts.unit(string("unit-health", arg)));
    m.put("dockerd-validate", arg -> DockerDaemonFacts.validate(string("dockerd-validate", arg)));
    m.put("docker-df", arg -> none("docker-df", arg, DockerDaemonFacts.DATA_ROOT_USAGE));
    // doctor: checks-repo
    m.put("registry-v2", arg -> RepoCheckFacts.registryV2(string("registry-v2", arg)));
    m.put("docker-proxy-env", arg -> none("docker-proxy-env", arg, RepoCheckFacts.DOCKER_PROXY_ENV));
    m.put("host-clock", arg -> none("host-clock", arg, RepoCheckFacts.HOST_CLOCK));
    m.put("docker-repo", arg -> none("docker-repo", arg, RepoCheckFacts.DOCKER_REPO));
    // doctor: restart-module
    m.put("docker-running", arg -> none("docker-running", arg, DockerFacts.runningContainers()));
    m.put("docker-live-restore", arg -> none("docker-live-restore", arg, DockerFacts.liveRestore()));
    m.put("restart-pending", arg -> DockerFacts.pendingRestart(string("restart-pending", arg)));
    m.put("need-daemon-reload", arg -> DockerFacts.needsDaemonReload(string("need-daemon-reload", arg)));
    m.put("daemon-age", arg -> {
      if (!(arg instanceof Map<?, ?> v) || !(v.get("unit") instanceof String u) || !(v.get("paths") instanceof List<?>)) {
        throw new IllegalArgumentException("fact daemon-age takes {unit: ..., paths: [...]}, found " + arg);
      }
      return DockerFacts.daemonAge(u, strings("daemon-age", v.get("paths")));
    });
    return Collections.unmodifiableMap(m);
  }

  /** The names of every kind of fact, in a stable order. */
  public static Set<String> names() {
    return KINDS.keySet();
  }

  /**
   * The fact {@code name} with its argument: nothing for {@code platform} and {@code
   * rpm-gpg-pubkeys}, a list of package names for {@code rpmq}, {@code yum-available}, {@code dpkgq} and {@code apt-available}, one
   * string (path, unit, key, name, command) for the others.
   *
   * @throws IllegalArgumentException for an unknown name or an argument of the wrong kind
   */
  public static Fact<?> byName(String name, Object arg) {
    Function<Object, Fact<?>> kind = KINDS.get(name);
    if (kind == null) {
      throw new IllegalArgumentException("unknown fact '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
    return kind.apply(arg);
  }

  private static Fact<?> none(String name, Object arg, Fact<?> fact) {
    if (arg != null) {
      throw new IllegalArgumentException(name + " takes no argument");
    }
    return fact;
  }

  private static String string(String name, Object arg) {
    if (arg instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(name + " takes one string");
  }

  private static List<String> strings(String name, Object arg) {
    if (arg instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(String.class::isInstance)) {
      List<String> out = new ArrayList<>();
      l.forEach(o -> out.add((String) o));
      return out;
    }
    throw new IllegalArgumentException(name + " takes a list of strings");
  }
}
