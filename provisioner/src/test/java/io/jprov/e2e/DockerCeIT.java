package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.InventoryOptions;
import io.jprov.testfleet.Variant;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * jprov end to end on the CentOS 7 test fleet (issue 5): the real CLI, engine, sshj, the Docker CE
 * playbook, against hosts with real sshd, sudo, rpm and a yum on a signed local mirror.
 */
class DockerCeIT extends FleetTestBase {
  private static void assertConverged(FleetHost h, Map<String, String> set) {
    assertSet(h, set);
    assertThat(h.serviceActive("docker")).isEqualTo("active");
    assertThat(h.serviceEnabled("docker")).isEqualTo("enabled");
    assertThat(h.sysctl("net.bridge.bridge-nf-call-iptables")).contains("1");
    assertThat(h.sysctl("net.bridge.bridge-nf-call-ip6tables")).contains("1");
    assertThat(h.file("/etc/modules-load.d/br_netfilter.conf")).isPresent();
    assertThat(h.groupMembers("docker")).hasValueSatisfying(m -> assertThat(m).contains("ops"));
    assertThat(h.repoFiles().get("docker-ce.repo")).contains("baseurl=" + TestFleet.DOCKER_MIRROR_URL + "/linux/centos/7/$basearch/stable");
    assertThat(h.daemonJson()).hasValueSatisfying(j -> assertThat(j).contains("\"log-driver\": \"json-file\""));
  }

  @Test
  void freshHostConvergesThenSecondRunChangesNothing() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      ApplyRun first = jprov(fleet.inventory());
      assertThat(first.code()).as(first.toString()).isZero();
      assertConverged(h, SET_26);
      JsonNode verify = first.task(h.name(), "12.");
      assertThat(verify.get("status").asText()).isEqualTo("ok");
      assertThat(verify.get("message").asText()).contains("root").contains("ops");
      assertThat(h.sshRun("ops", "docker run --rm hello-world").stdout()).contains("Hello from Docker!");

      ApplyRun second = jprov(fleet.inventory());
      assertThat(second.code()).as(second.toString()).isZero();
      assertThat(second.report().at("/summary/changed").asInt()).isZero();
      for (JsonNode t : second.host(h.name()).get("tasks")) {
        assertThat(t.get("status").asText()).as(t.get("name").asText()).isIn("ok", "skipped");
      }
      // one read of every fact (the platform and each family's guess together), then hello-world
      assertThat(second.host(h.name()).get("round_trips").asInt()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void checkModeOnAFreshHostReportsDriftAndChangesNothing() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      Map<String, String> before = h.stateSnapshot();
      ApplyRun check = jprov(fleet.inventory(), "--check");
      assertThat(check.code()).as(check.toString()).isEqualTo(10);
      assertThat(check.report().at("/check_mode").asBoolean()).isTrue();
      assertThat(check.task(h.name(), "7.").get("status").asText()).isEqualTo("changed");
      assertThat(check.task(h.name(), "7.").get("message").asText()).startsWith("would ").contains("docker-ce");
      assertThat(h.stateSnapshot()).isEqualTo(before);
    }
  }

  @Test
  void oldDockerIsReplacedByDockerCe() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.OLD_DOCKER, 1)) {
      FleetHost h = fleet.host(0);
      assertThat(h.isInstalled("docker")).isTrue();
      ApplyRun r = jprov(fleet.inventory());
      assertThat(r.code()).as(r.toString()).isZero();
      for (String old : List.of("docker", "docker-common", "docker-client")) {
        assertThat(h.isInstalled(old)).as(old).isFalse();
      }
      assertConverged(h, SET_26);
    }
  }

  @Test
  void eolHostNeedsBaseReposMirror() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.EOL, 1)) {
      FleetHost h = fleet.host(0);
      Path noMirror = fleet.writeInventory("no-mirror.yml", InventoryOptions.defaults().withoutBaseReposMirror());
      ApplyRun failed = jprov(noMirror);
      assertThat(failed.code()).as(failed.toString()).isEqualTo(3);
      assertThat(failed.task(h.name(), "2.").get("message").asText())
          .contains("end of life").contains("base_repos_mirror");
      assertThat(h.isInstalled("docker-ce")).isFalse();

      ApplyRun fixed = jprov(fleet.inventory());
      assertThat(fixed.code()).as(fixed.toString()).isZero();
      assertThat(h.repoFiles().get("CentOS-Base.repo")).contains("baseurl=" + TestFleet.BASE_REPOS_MIRROR_URL);
      assertConverged(h, SET_26);
    }
  }

  @Test
  void pinnedSetMovesUpAndDownTogether() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      Path v24 = fleet.writeInventory("v24.yml", InventoryOptions.defaults().withDocker("version", "\"24.0.9\""));
      ApplyRun r24 = jprov(v24);
      assertThat(r24.code()).as(r24.toString()).isZero();
      assertThat(h.packageVersion("docker-ce")).contains("3:24.0.9-1.el7");
      assertThat(h.packageVersion("docker-ce-cli")).contains("1:24.0.9-1.el7");
      assertThat(h.packageVersion("docker-ce-rootless-extras")).hasValueSatisfying(v -> assertThat(v).startsWith("24.0.9"));

      ApplyRun up = jprov(fleet.inventory());
      assertThat(up.code()).as(up.toString()).isZero();
      assertConverged(h, SET_26);

      ApplyRun down = jprov(v24);
      assertThat(down.code()).as(down.toString()).isZero();
      assertThat(h.packageVersion("docker-ce")).contains("3:24.0.9-1.el7");
      assertThat(h.packageVersion("docker-ce-cli")).contains("1:24.0.9-1.el7");
      assertThat(h.serviceActive("docker")).isEqualTo("active");
    }
  }

  @Test
  void registryMirrorChangeReloadsDockerWithoutARestart() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      Path a = fleet.writeInventory("a.yml", InventoryOptions.defaults().withDocker("registry_mirrors", "[\"https://a.mirror.example\"]"));
      Path b = fleet.writeInventory("b.yml", InventoryOptions.defaults().withDocker("registry_mirrors", "[\"https://b.mirror.example\"]"));
      assertThat(jprov(a).code()).isZero();
      int starts = h.dockerStarts();
      assertThat(h.shOk("docker info")).contains("https://a.mirror.example");

      ApplyRun r = jprov(b, "--diff");
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(h.daemonJson()).hasValueSatisfying(j -> assertThat(j).contains("https://b.mirror.example").doesNotContain("a.mirror"));
      // registry-mirrors is reloaded on SIGHUP (issue 14): a reload, no restart
      assertThat(h.dockerStarts()).isEqualTo(starts);
      assertThat(h.shOk("docker info")).contains("https://b.mirror.example");
      assertThat(r.out()).contains("+    \"https://b.mirror.example\"").contains("-    \"https://a.mirror.example\"");
      assertThat(r.task(h.name(), "restart docker").get("status").asText()).isEqualTo("changed");
      assertThat(r.task(h.name(), "restart docker").get("message").asText()).startsWith("reloaded docker");
    }
  }

  @Test
  void rollingFleetWithAHostLostMidRun() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 5)) {
      Path inv = fleet.writeInventory("fleet.yml", InventoryOptions.defaults().withExtraVars("connect_timeout: 3"));
      FleetHost lost = fleet.host(4);
      // the last batch starts only after the first two finished: stop its host while the run goes on
      CompletableFuture<ApplyRun> run = async(() -> jprov(inv, "--serial", "2"));
      while (fleet.host(0).dockerStarts() == 0 && !run.isDone()) {
        Thread.sleep(200);
      }
      lost.stop();
      ApplyRun r = run.get();
      assertThat(r.code()).as(r.toString()).isEqualTo(4);
      assertThat(r.host(lost.name()).get("status").asText()).isEqualTo("unreachable");
      for (int i = 0; i < 4; i++) {
        FleetHost h = fleet.host(i);
        assertThat(r.host(h.name()).get("status").asText()).isEqualTo("changed");
        assertConverged(h, SET_26);
      }
    }
  }

  @Test
  void badInventoryValuesTouchNoHost() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      Map<String, String> before = h.stateSnapshot();
      ApplyRun notUrl = jprov(fleet.writeInventory("m.yml", InventoryOptions.defaults().withDocker("mirror", "mirror.example.com/docker-ce")));
      assertThat(notUrl.code()).isEqualTo(2);
      assertThat(notUrl.err()).contains("m.yml:").contains("docker.mirror: expected an http:// or https:// URL");
      ApplyRun channel = jprov(fleet.writeInventory("c.yml", InventoryOptions.defaults().withDocker("channel", "nightly")));
      assertThat(channel.code()).isEqualTo(2);
      assertThat(channel.err()).contains("c.yml:").contains("the nightly channel no longer exists");
      ApplyRun version = jprov(fleet.writeInventory("v.yml", InventoryOptions.defaults().withDocker("version", "\"25.0.0-1\"")));
      assertThat(version.code()).isEqualTo(2);
      assertThat(version.err()).contains("v.yml:").contains("docker.version '25.0.0-1': not a Docker version (27.3.1, or a"
          + " prefix such as 27.3 or 27) and no such Docker version set");
      assertThat(h.stateSnapshot()).isEqualTo(before);
      assertThat(notUrl.report()).isNull();
    }
  }
}
