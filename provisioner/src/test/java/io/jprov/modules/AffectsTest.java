package io.jprov.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.facts.AccountFacts;
import io.jprov.facts.CommandFacts;
import io.jprov.facts.DpkgFacts;
import io.jprov.facts.Fact;
import io.jprov.facts.FileContentFacts;
import io.jprov.facts.FileStat;
import io.jprov.facts.KernelFacts;
import io.jprov.facts.NetFacts;
import io.jprov.facts.RpmFacts;
import io.jprov.facts.ServiceFacts;
import io.jprov.facts.SnapshotFacts;
import io.jprov.facts.VersionLockFacts;
import io.jprov.facts.YumFacts;
import io.jprov.template.Templates;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@link TaskModule#affects}: which facts a module's change makes the engine read again. */
class AffectsTest {
  private static final ModuleRegistry MODULES = ModuleRegistry.builtin(new Templates(List.of()));

  @SuppressWarnings("unchecked")
  private static Predicate<String> affects(String module, Map<String, Object> args) {
    TaskModule<Object> m = (TaskModule<Object>) MODULES.get(module);
    return m.affects(m.bind(args));
  }

  private static boolean moves(Predicate<String> p, Fact<?> f) {
    return p.test(f.key());
  }

  /** Facts of no recognised kind: what they read is unknown, every change moves them. */
  private static final List<Fact<?>> UNKNOWN = List.of(CommandFacts.succeeds("test -e /x"),
      CommandFacts.validates("dockerd --validate --config-file %s", "{}"), NetFacts.answers("http://m/x"),
      NetFacts.resolves("m"), new Fact<>("new-kind:x", "true", o -> o));

  @Test
  void theDefaultMovesEveryFact() {
    Predicate<String> p = affects("package", Map.of("name", List.of("lvm2")));
    assertThat(moves(p, ServiceFacts.of("docker"))).isTrue();
    assertThat(moves(p, AccountFacts.group("docker"))).isTrue(); // docker-ce's rpm creates the group
    assertThat(moves(p, FileStat.of("/etc/docker", false))).isTrue();
  }

  @Test
  void aFileMovesFactsOfItsPathInsideItAndAboveIt() {
    Predicate<String> p = affects("file", Map.of("path", "/etc/docker", "state", "directory"));
    assertThat(moves(p, FileStat.of("/etc/docker", false))).isTrue();
    assertThat(moves(p, FileStat.of("/etc/docker/daemon.json", true))).isTrue();
    assertThat(moves(p, FileContentFacts.of("/etc/docker/daemon.json"))).isTrue();
    assertThat(moves(p, FileStat.of("/etc", false))).isTrue();
    assertThat(moves(p, FileStat.of("/etc/systemd/system/docker.service.d/http-proxy.conf", false))).isFalse();
    assertThat(moves(p, ServiceFacts.of("docker"))).isFalse();
    assertThat(moves(p, RpmFacts.query(List.of("docker-ce")))).isFalse();
    assertThat(UNKNOWN).allMatch(f -> moves(p, f));
  }

  @Test
  void aTemplateMovesItsDestinationAndTheFilesKeptBesideIt() {
    Predicate<String> p = affects("template", Map.of("src", "daemon.json.ftl", "dest", "/etc/docker/daemon.json"));
    assertThat(moves(p, FileStat.of("/etc/docker/daemon.json", true))).isTrue();
    assertThat(moves(p, SnapshotFacts.pending("/etc/docker/daemon.json"))).isTrue();
    assertThat(moves(p, FileStat.of("/etc/docker/daemon.json.jprov-prev", false))).isTrue();
    assertThat(moves(p, FileContentFacts.of("/etc/sysctl.d/99-docker.conf"))).isFalse();
    assertThat(moves(p, KernelFacts.moduleLoaded("br_netfilter"))).isFalse();
    assertThat(UNKNOWN).allMatch(f -> moves(p, f));
  }

  @Test
  void sysctlMovesKernelStateAndItsFiles() {
    Predicate<String> p = affects("sysctl", Map.of("modules", List.of("br_netfilter"),
        "settings", Map.of("net.bridge.bridge-nf-call-iptables", 1), "file", "/etc/sysctl.d/99-docker.conf"));
    assertThat(moves(p, KernelFacts.moduleLoaded("overlay"))).isTrue();
    assertThat(moves(p, KernelFacts.sysctl("net.ipv4.ip_forward"))).isTrue();
    assertThat(moves(p, FileContentFacts.of("/etc/modules-load.d/br_netfilter.conf"))).isTrue();
    assertThat(moves(p, FileContentFacts.of("/etc/sysctl.d/99-docker.conf"))).isTrue();
    assertThat(moves(p, ServiceFacts.of("docker"))).isFalse();
    assertThat(moves(p, AccountFacts.groupsOf("ops"))).isFalse();
  }

  @Test
  void groupsAndMembershipMoveAccountsOnly() {
    for (Predicate<String> p : List.of(affects("group", Map.of("name", "docker")),
        affects("user_groups", Map.of("group", "docker", "users", List.of("ops"))))) {
      assertThat(moves(p, AccountFacts.group("docker"))).isTrue();
      assertThat(moves(p, AccountFacts.groupsOf("ci"))).isTrue();
      assertThat(moves(p, FileStat.of("/etc/group", false))).isTrue();
      assertThat(moves(p, ServiceFacts.of("docker"))).isFalse();
      assertThat(moves(p, RpmFacts.query(List.of("docker-ce")))).isFalse();
    }
  }

  @Test
  void aServiceMovesUnitsKernelAndFilesButNotPackagesOrAccounts() {
    Predicate<String> p = affects("service", Map.of("name", "docker", "state", "started"));
    assertThat(moves(p, ServiceFacts.of("containerd"))).isTrue();
    assertThat(moves(p, KernelFacts.sysctl("net.ipv4.ip_forward"))).isTrue();
    assertThat(moves(p, FileStat.of("/var/lib/docker", false))).isTrue();
    assertThat(moves(p, AccountFacts.group("docker"))).isFalse();
    assertThat(moves(p, RpmFacts.query(List.of("docker-ce")))).isFalse();
    assertThat(UNKNOWN).allMatch(f -> moves(p, f));
  }

  @Test
  void repositoriesAndKeysMoveTheirFilesAndWhatTheRepositoriesOffer() {
    Predicate<String> yum = affects("yum_repo", Map.of("name", "docker-ce", "mirror", "https://m/docker-ce"));
    assertThat(moves(yum, FileContentFacts.of("/etc/yum.repos.d/docker-ce.repo"))).isTrue();
    assertThat(moves(yum, YumFacts.available(List.of("docker-ce")))).isTrue();
    assertThat(moves(yum, FileContentFacts.of("/etc/yum.repos.d/CentOS-Base.repo"))).isFalse();
    assertThat(moves(yum, ServiceFacts.of("docker"))).isFalse();

    Predicate<String> apt = affects("apt_repo", Map.of("name", "docker", "mirror", "https://m/docker-ce"));
    assertThat(moves(apt, FileContentFacts.of("/etc/apt/sources.list.d/docker.sources"))).isTrue();
    assertThat(moves(apt, FileContentFacts.of("/etc/apt/sources.list.d/docker.list"))).isTrue();
    assertThat(moves(apt, DpkgFacts.available(List.of("docker-ce")))).isTrue();
    assertThat(moves(apt, AccountFacts.group("docker"))).isFalse();

    Predicate<String> rpmKey = affects("repo_key", Map.of("url", "https://m/gpg",
        "fingerprints", List.of("060A61C51B558A7F742B77AAC52FEB6B621E9F35")));
    assertThat(moves(rpmKey, RpmFacts.GPG_PUBKEYS)).isTrue();
    assertThat(moves(rpmKey, FileStat.of("/etc/apt/keyrings/docker.asc", false))).isFalse();
    assertThat(moves(rpmKey, VersionLockFacts.list(VersionLockFacts.YUM_LIST))).isFalse();
    Predicate<String> aptKey = affects("repo_key", Map.of("url", "https://m/gpg",
        "fingerprints", List.of("9DC858229FC7DD38854AE2D88D81803C0EBFCD88"), "dest", "/etc/apt/keyrings/docker.asc"));
    assertThat(moves(aptKey, FileStat.of("/etc/apt/keyrings/docker.asc", false))).isTrue();
    assertThat(moves(aptKey, FileStat.of("/etc/apt/keyrings", false))).isTrue();
  }
}
