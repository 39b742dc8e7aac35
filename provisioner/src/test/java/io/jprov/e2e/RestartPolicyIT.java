package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.InventoryOptions;
import io.jprov.testfleet.Variant;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "no surprise restarts", end to end on the test fleet with a long-running container (the docker
 * stand-in stops running containers when dockerd stops, unless live-restore is in force: testfleet/README.md):
 * under {@code docker.restart: if-idle} a change that needs a restart is deferred, the container keeps running,
 * the report says deferred and the host remembers it until a run whose policy allows it restarts docker exactly
 * once; a change of reloadable keys only is a reload that touches no container; an upgrade of the Docker set is
 * deferred the same way.
 */
class RestartPolicyIT extends FleetTestBase {
  private static final String MARKER = "/var/lib/jprov/restart-pending/docker";
  /** A daemon.json key dockerd does not reload on SIGHUP (moby daemon/reload.go): it needs a restart. */
  private static final String LOG_LEVEL_WARN = "docker.daemon={\"log-level\": \"warn\"}";

  @Test
  void ifIdleDefersUnderARunningContainerAndAlwaysRestartsOnce() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      Path inv = fleet.inventory();
      ApplyRun converge = jprov(inv);
      assertThat(converge.code()).as(converge.toString()).isZero();
      h.runContainer("web");
      String started = h.containerStartedAt("web");
      int starts = h.dockerStarts();

      // a key dockerd does not reload, docker.restart at its default (if-idle): deferred, nothing touched
      ApplyRun deferred = jprov(inv, "-e", LOG_LEVEL_WARN);
      assertThat(deferred.code()).as(deferred.toString()).isZero();
      JsonNode handler = deferred.task(h.name(), "restart docker");
      assertThat(handler.get("status").asText()).as(deferred.toString()).isEqualTo("deferred");
      assertThat(handler.get("message").asText()).contains("restart deferred: 1 running container")
          .contains("if-idle");
      assertThat(deferred.report().at("/summary/deferred").asInt()).isEqualTo(1);
      assertThat(deferred.host(h.name()).get("deferred").asInt()).isEqualTo(1);
      assertThat(deferred.out()).contains("DEFERRED | restart docker");
      assertThat(h.daemonJson()).hasValueSatisfying(j -> assertThat(j).contains("\"log-level\": \"warn\""));
      assertThat(h.dockerRunningConfig()).hasValueSatisfying(c -> assertThat(c).doesNotContain("log-level"));
      assertThat(h.dockerStarts()).isEqualTo(starts);
      assertThat(h.containerRunning("web")).isTrue();
      assertThat(h.containerStartedAt("web")).isEqualTo(started);
      assertThat(h.file(MARKER)).hasValueSatisfying(m -> assertThat(m)
          .containsPattern("(?m)^since=\\d{4}-\\d\\d-\\d\\dT").contains("policy=if-idle").contains("containers=1"));

      // a later plain run (nothing new notifies the handler) still reports the pending restart and keeps it
      ApplyRun again = jprov(inv, "-e", LOG_LEVEL_WARN);
      assertThat(again.code()).as(again.toString()).isZero();
      JsonNode due = again.task(h.name(), "restart docker");
      assertThat(due.get("status").asText()).as(again.toString()).isEqualTo("deferred");
      assertThat(due.get("message").asText()).contains("1 running container");
      assertThat(h.dockerStarts()).isEqualTo(starts);
      assertThat(h.containerStartedAt("web")).isEqualTo(started);
      assertThat(h.file(MARKER)).isPresent();

      // --check says what would happen, and how many containers run there; it changes nothing
      ApplyRun check = jprov(inv, "--check", "-e", LOG_LEVEL_WARN);
      assertThat(check.code()).as(check.toString()).isEqualTo(10);
      JsonNode would = check.task(h.name(), "restart docker");
      assertThat(would.get("status").asText()).as(check.toString()).isEqualTo("deferred");
      assertThat(would.get("message").asText()).contains("1 running container");
      assertThat(check.out()).contains("docker restarts:").contains(h.name());
      assertThat(h.dockerStarts()).isEqualTo(starts);
      assertThat(h.file(MARKER)).isPresent();

      // a run whose policy allows it carries the pending restart out: exactly one restart, the marker is gone
      ApplyRun always = jprov(inv, "-e", LOG_LEVEL_WARN, "-e", "docker.restart=always");
      assertThat(always.code()).as(always.toString()).isZero();
      assertThat(always.task(h.name(), "restart docker").get("status").asText()).as(always.toString())
          .isEqualTo("changed");
      assertThat(h.dockerStarts()).isEqualTo(starts + 1);
      assertThat(h.file(MARKER)).isEmpty();
      assertThat(h.dockerRunningConfig()).hasValueSatisfying(c -> assertThat(c).contains("\"log-level\":\"warn\""));
      // without live-restore the restart stopped the container, as Docker does
      assertThat(h.containerRunning("web")).isFalse();

      // nothing pending any more: a plain run leaves docker alone
      ApplyRun quiet = jprov(inv, "-e", LOG_LEVEL_WARN);
      assertThat(quiet.code()).as(quiet.toString()).isZero();
      assertThat(quiet.report().at("/summary/changed").asInt()).as(quiet.toString()).isZero();
      assertThat(h.dockerStarts()).isEqualTo(starts + 1);
    }
  }

  @Test
  void reloadableChangeIsAReloadThatTouchesNoContainer() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      Path inv = fleet.inventory();
      ApplyRun converge = jprov(inv);
      assertThat(converge.code()).as(converge.toString()).isZero();
      h.runContainer("web");
      String started = h.containerStartedAt("web");
      int starts = h.dockerStarts();

      Path mirrors = fleet.writeInventory("mirrors.yml",
          InventoryOptions.defaults().withDocker("registry_mirrors", "[\"https://m.mirror.example\"]"));
      ApplyRun reload = jprov(mirrors);
      assertThat(reload.code()).as(reload.toString()).isZero();
      JsonNode handler = reload.task(h.name(), "restart docker");
      assertThat(handler.get("status").asText()).as(reload.toString()).isEqualTo("changed");
      assertThat(handler.get("message").asText()).contains("reloaded docker").contains("registry-mirrors");
      assertThat(h.dockerStarts()).isEqualTo(starts);
      assertThat(h.dockerRunningConfig()).hasValueSatisfying(c -> assertThat(c).contains("https://m.mirror.example/"));
      assertThat(h.containerRunning("web")).isTrue();
      assertThat(h.containerStartedAt("web")).isEqualTo(started);
      assertThat(h.file(MARKER)).isEmpty();
    }
  }

  @Test
  void withLiveRestoreAlwaysRestartsAndTheContainerSurvives() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      Path inv = fleet.inventory();
      String liveRestore = "docker.daemon={\"live-restore\": true}";
      ApplyRun converge = jprov(inv, "-e", liveRestore);
      assertThat(converge.code()).as(converge.toString()).isZero();
      assertThat(h.dockerRunningConfig()).hasValueSatisfying(c -> assertThat(c).contains("\"live-restore\":true"));
      h.runContainer("web");
      String started = h.containerStartedAt("web");
      int starts = h.dockerStarts();

      String both = "docker.daemon={\"live-restore\": true, \"log-level\": \"warn\"}";
      ApplyRun deferred = jprov(inv, "-e", both);
      assertThat(deferred.code()).as(deferred.toString()).isZero();
      JsonNode handler = deferred.task(h.name(), "restart docker");
      assertThat(handler.get("status").asText()).as(deferred.toString()).isEqualTo("deferred");
      assertThat(handler.get("message").asText()).contains("live-restore");
      assertThat(h.dockerStarts()).isEqualTo(starts);

      ApplyRun always = jprov(inv, "-e", both, "-e", "docker.restart=always");
      assertThat(always.code()).as(always.toString()).isZero();
      assertThat(h.dockerStarts()).isEqualTo(starts + 1);
      assertThat(h.file(MARKER)).isEmpty();
      assertThat(h.containerRunning("web")).isTrue();
      assertThat(h.containerStartedAt("web")).isEqualTo(started);
    }
  }

  @Test
  void upgradeOfTheDockerSetIsDeferredUnderARunningContainer() throws Exception {
    upgradeDeferred(Variant.FRESH, "3:24.0.9-1.el7");
  }

  /** On Debian the package's postinst restarts docker on an upgrade (apt): the same rule holds. */
  @Test
  void upgradeIsDeferredOnDebianToo() throws Exception {
    upgradeDeferred(Variant.DEBIAN12, "5:24.0.9-1~debian.12~bookworm");
  }

  private void upgradeDeferred(Variant variant, String version24) throws Exception {
    try (TestFleet fleet = TestFleet.start(variant, 1)) {
      FleetHost h = fleet.host(0);
      Path v24 = fleet.writeInventory("v24.yml", InventoryOptions.defaults().withDocker("version", "\"24.0.9\""));
      ApplyRun converge = jprov(v24);
      assertThat(converge.code()).as(converge.toString()).isZero();
      assertThat(h.packageVersion("docker-ce")).contains(version24);
      h.runContainer("web");
      String started = h.containerStartedAt("web");
      int starts = h.dockerStarts();

      // the playbook's default set is 26.1.4: the package scripts would restart docker, so if-idle defers
      ApplyRun up = jprov(fleet.inventory());
      assertThat(up.code()).as(up.toString()).isZero();
      JsonNode packages = up.task(h.name(), "7.");
      assertThat(packages.get("status").asText()).as(up.toString()).isEqualTo("deferred");
      assertThat(packages.get("message").asText()).contains("upgrade deferred: 1 running container");
      assertThat(h.packageVersion("docker-ce")).contains(version24);
      assertThat(h.dockerStarts()).isEqualTo(starts);
      assertThat(h.containerRunning("web")).isTrue();
      assertThat(h.containerStartedAt("web")).isEqualTo(started);

      // once the host is idle, the same run upgrades
      h.shOk("docker rm -f web");
      ApplyRun idle = jprov(fleet.inventory());
      assertThat(idle.code()).as(idle.toString()).isZero();
      assertThat(h.packageVersion("docker-ce")).hasValueSatisfying(v -> assertThat(v).contains("26.1.4"));
      if (variant.el7()) {
        assertSet(h, SET_26);
      }
      assertThat(h.dockerStarts()).isGreaterThan(starts);
      assertThat(h.serviceActive("docker")).isEqualTo("active");
    }
  }
}
