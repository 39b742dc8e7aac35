package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.InventoryOptions;
import io.jprov.testfleet.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Docker CE playbook on every supported family (issue 12): EL7, EL8/EL9 on real dnf, Debian and Ubuntu on
 * real apt, from one inventory, with versions resolved on the controller from the mirror's metadata into
 * docker-lock.yml, holds, conflicting packages replaced, and hello-world as root and as a user.
 */
class PlatformsIT extends FleetTestBase {
  /** One host of each supported family, and of each Docker tree (centos for Rocky/Alma, rhel for RHEL). */
  private static final List<Variant> MIXED = List.of(Variant.FRESH, Variant.ROCKY9, Variant.RHEL9, Variant.ALMA8,
      Variant.DEBIAN11, Variant.DEBIAN12, Variant.UBUNTU2204, Variant.UBUNTU2404, Variant.CENTOS_STREAM9);

  private static boolean apt(FleetHost h) {
    return h.variant().prefix().startsWith("debian") || h.variant().prefix().startsWith("ubuntu");
  }

  /** docker-ce's upstream version as the host's package manager reports it: 26.1.4 of 3:26.1.4-1.el9 or 5:26.1.4-1~debian.12~bookworm. */
  private static String dockerUpstream(FleetHost h) {
    String v = h.packageVersion("docker-ce").orElse("");
    String noEpoch = v.contains(":") ? v.substring(v.indexOf(':') + 1) : v;
    int dash = noEpoch.indexOf('-');
    return dash < 0 ? noEpoch : noEpoch.substring(0, dash);
  }

  private static void assertRunsHelloWorld(FleetHost h) throws Exception {
    assertThat(h.serviceActive("docker")).as(h.name()).isEqualTo("active");
    assertThat(h.serviceEnabled("docker")).as(h.name()).isEqualTo("enabled");
    assertThat(h.shOk("docker run --rm hello-world")).as(h.name()).contains("Hello from Docker!");
    assertThat(h.sshRun("ops", "docker run --rm hello-world").stdout()).as(h.name()).contains("Hello from Docker!");
    assertThat(h.sysctl("net.bridge.bridge-nf-call-iptables")).as(h.name()).contains("1");
  }

  private static String held(FleetHost h) {
    return apt(h) ? h.shOk("apt-mark showhold")
        : h.shOk("cat /etc/dnf/plugins/versionlock.list /etc/yum/pluginconf.d/versionlock.list 2>/dev/null || true");
  }

  /** The task of {@code h} whose name starts with {@code prefix} and that ran (a step has one task per package manager). */
  private static JsonNode ran(ApplyRun run, FleetHost h, String prefix) {
    for (JsonNode t : run.host(h.name()).get("tasks")) {
      if (t.get("name").asText().startsWith(prefix) && !t.get("status").asText().equals("skipped")) {
        return t;
      }
    }
    throw new AssertionError("no task " + prefix + " ran on " + h.name() + "\n" + run);
  }

  @Test
  void mixedFleetConvergesInOneRunThenChangesNothing() throws Exception {
    try (TestFleet fleet = TestFleet.start(MIXED)) {
      Path inv = fleet.inventory();
      ApplyRun first = jprov(inv);
      assertThat(first.code()).as(first.toString()).isZero();
      for (FleetHost h : fleet.hosts()) {
        assertThat(dockerUpstream(h)).as(h.name()).isEqualTo("26.1.4");
        assertRunsHelloWorld(h);
        assertThat(held(h)).as(h.name() + " holds").contains("docker-ce");
      }
      // the repository each family got: the literal major on EL (never $releasever), deb822 on apt
      assertThat(fleet.host("rocky9-2").repoFiles().get("docker-ce.repo"))
          .contains("/linux/centos/9/$basearch/stable").doesNotContain("$releasever");
      assertThat(fleet.host("rhel9-3").repoFiles().get("docker-ce.repo")).contains("/linux/rhel/9/$basearch/stable");
      assertThat(fleet.host("cs9-9").repoFiles().get("docker-ce.repo")).contains("/linux/centos/9/$basearch/stable");
      assertThat(fleet.host("debian12-6").file("/etc/apt/sources.list.d/docker.sources")).hasValueSatisfying(s ->
          assertThat(s).contains("Suites: bookworm").contains("Signed-By: /etc/apt/keyrings/docker.asc"));
      assertThat(fleet.host("ubuntu2404-8").file("/etc/apt/sources.list.d/docker.sources")).hasValueSatisfying(s ->
          assertThat(s).contains("/linux/ubuntu").contains("Suites: noble"));

      // the lock file beside the inventory records one entry per Docker tree, and the exact versions installed
      Path lock = inv.resolveSibling("docker-lock.yml");
      assertThat(lock).exists();
      String lockText = Files.readString(lock);
      assertThat(lockText).contains("centos-9-x86_64").contains("rhel-9-x86_64").contains("centos-8-x86_64")
          .contains("debian-bookworm-amd64").contains("debian-bullseye-amd64").contains("ubuntu-jammy-amd64")
          .contains("ubuntu-noble-amd64");
      assertThat(lockText).contains(fleet.host("debian12-6").packageVersion("docker-ce").orElseThrow());

      ApplyRun second = jprov(inv);
      assertThat(second.code()).as(second.toString()).isZero();
      assertThat(second.report().at("/summary/changed").asInt()).as(second.toString()).isZero();
      for (FleetHost h : fleet.hosts()) {
        for (JsonNode t : second.host(h.name()).get("tasks")) {
          assertThat(t.get("status").asText()).as(h.name() + ": " + t.get("name").asText()).isIn("ok", "skipped");
        }
        assertThat(second.host(h.name()).get("round_trips").asInt()).as(h.name()).isLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  void pinnedSetMovesDownAndUpAndTheHoldSurvivesAPlainUpgrade() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.ROCKY9, Variant.ALMA8, Variant.DEBIAN12, Variant.UBUNTU2404))) {
      Path v24 = fleet.writeInventory("v24.yml", InventoryOptions.defaults().withDocker("version", "\"24.0\""));
      ApplyRun down = jprov(v24);
      assertThat(down.code()).as(down.toString()).isZero();
      for (FleetHost h : fleet.hosts()) {
        assertThat(dockerUpstream(h)).as(h.name()).isEqualTo("24.0.9");
        assertThat(held(h)).as(h.name()).contains("docker-ce");
        // a plain upgrade, as unattended-upgrades or a careless admin would run it, leaves docker alone
        h.shOk(apt(h) ? "DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -q" : "dnf upgrade -y -q");
        assertThat(dockerUpstream(h)).as(h.name() + " after a plain upgrade").isEqualTo("24.0.9");
        assertRunsHelloWorld(h);
      }
      assertThat(Files.readString(v24.resolveSibling("docker-lock.yml"))).contains("'24.0':")
          .contains("5:24.0.9-1~ubuntu.24.04~noble").contains("3:24.0.9-1.el8");

      ApplyRun up = jprov(fleet.inventory());
      assertThat(up.code()).as(up.toString()).isZero();
      for (FleetHost h : fleet.hosts()) {
        assertThat(dockerUpstream(h)).as(h.name()).isEqualTo("26.1.4");
        assertThat(held(h)).as(h.name()).contains("docker-ce");
        assertThat(h.serviceActive("docker")).isEqualTo("active");
      }
    }
  }

  @Test
  void conflictingPackagesAreReplacedInTheSameTransaction() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.ROCKY9_PODMAN, Variant.DEBIAN12_OLD))) {
      FleetHost el = fleet.host(0);
      FleetHost deb = fleet.host(1);
      assertThat(el.isInstalled("podman")).isTrue();
      assertThat(deb.isInstalled("docker.io")).isTrue();
      ApplyRun r = jprov(fleet.inventory());
      assertThat(r.code()).as(r.toString()).isZero();
      for (String gone : List.of("podman", "runc", "buildah")) {
        assertThat(el.isInstalled(gone)).as(gone).isFalse();
      }
      for (String gone : List.of("docker.io", "containerd", "runc")) {
        assertThat(deb.isInstalled(gone)).as(gone).isFalse();
      }
      for (FleetHost h : fleet.hosts()) {
        assertThat(dockerUpstream(h)).as(h.name()).isEqualTo("26.1.4");
        assertRunsHelloWorld(h);
      }
    }
  }

  @Test
  void unknownVersionAndForeignKeyChangeNothing() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.ROCKY9, Variant.DEBIAN12))) {
      // Docker's real fingerprints pinned: the test mirror's key is someone else's, so nothing is trusted
      Path docker = fleet.writeInventory("official.yml", InventoryOptions.defaults().withDocker("gpg_fingerprints",
          "{rpm: [060A61C51B558A7F742B77AAC52FEB6B621E9F35], apt: [9DC858229FC7DD38854AE2D88D81803C0EBFCD88]}"));
      ApplyRun foreign = jprov(docker);
      assertThat(foreign.code()).as(foreign.toString()).isEqualTo(3);
      for (FleetHost h : fleet.hosts()) {
        assertThat(ran(foreign, h, "5a.").get("message").asText()).as(h.name())
            .contains("not pinned").contains(TestFleet.testKeyFingerprint().replaceAll("(.{4})(?!$)", "$1 "));
        assertThat(h.isInstalled("docker-ce")).isFalse();
      }
      assertThat(fleet.host(1).file("/etc/apt/keyrings/docker.asc")).isEmpty();

      Path unknown = fleet.writeInventory("v25.yml", InventoryOptions.defaults().withDocker("version", "\"25.0\""));
      ApplyRun r = jprov(unknown);
      assertThat(r.code()).as(r.toString()).isEqualTo(3);
      for (FleetHost h : fleet.hosts()) {
        assertThat(ran(r, h, "7.").get("message").asText()).as(h.name())
            .contains("25.0").contains("24.0.9").contains("26.1.4");
        assertThat(h.isInstalled("docker-ce")).isFalse();
      }
    }
  }
}
