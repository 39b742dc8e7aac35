package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.InventoryOptions;
import io.jprov.testfleet.Variant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 6 on the test fleet: a failed run never leaves a host worse off than it found it, a
 * pinned set moves all together or not at all, handlers are not lost to a later failure, and
 * verification checks the configuration docker will run with.
 */
class FailureSafetyIT extends FleetTestBase {
  private static final String STABLE = "/srv/docker-ce/linux/centos/7/x86_64/stable";

  private static List<String> taskNames(ApplyRun r, FleetHost h) {
    List<String> names = new ArrayList<>();
    for (JsonNode t : r.host(h.name()).get("tasks")) {
      names.add(t.get("name").asText());
    }
    return names;
  }

  private static int indexOf(List<String> names, String prefix) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The transcript: -e docker.version=24.0.9 on a converged host whose repository lacks the
   * companion docker-compose-plugin pin. Check mode and apply both refuse before touching anything,
   * naming the missing version and the nearest ones; every package stays at 26.1.4. On a fresh host
   * check mode says the versions cannot be confirmed yet (the repository is not configured).
   */
  @Test
  void aPinnedSetWithAMissingCompanionChangesNothing() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      ApplyRun fresh = jprov(fleet.inventory(), "--check");
      assertThat(fresh.code()).as(fresh.toString()).isEqualTo(10);
      assertThat(fresh.task(h.name(), "7.").get("message").asText()).contains("cannot be confirmed yet");

      assertThat(jprov(fleet.inventory()).code()).isZero();
      assertSet(h, SET_26);
      Path v24 = fleet.writeInventory("v24.yml", InventoryOptions.defaults().withDocker("version", "\"24.0.9\"")
          .withExtraVars("docker_sets: {\"24.0.9\": {docker-compose-plugin: \"2.24.99-1.el7\"}}"));

      ApplyRun check = jprov(v24, "--check");
      assertThat(check.code()).as(check.toString()).isEqualTo(3);
      assertThat(check.task(h.name(), "7.").get("message").asText())
          .contains("docker-compose-plugin 2.24.99-1.el7 (nearest available: 2.24.5-1.el7, 2.27.1-1.el7)");

      ApplyRun apply = jprov(v24);
      assertThat(apply.code()).as(apply.toString()).isEqualTo(3);
      JsonNode t7 = apply.task(h.name(), "7.");
      assertThat(t7.get("status").asText()).isEqualTo("failed");
      assertThat(t7.get("changed").asBoolean()).isFalse();
      assertThat(t7.get("message").asText()).contains("docker-compose-plugin 2.24.99-1.el7").contains("nothing was changed");
      assertThat(apply.host(h.name()).get("changed").asInt()).isZero();
      assertSet(h, SET_26);
      assertThat(h.serviceActive("docker")).isEqualTo("active");
    }
  }

  /**
   * Old docker, docker-ce's packages gone from the mirror (metadata still there: the download fails
   * half way through the install). The distro's docker is removed only in the transaction that
   * installs Docker CE, so it is still installed and running; with the mirror back, a re-run
   * replaces it.
   */
  @Test
  void oldDockerSurvivesAMirrorThatFailsDuringTheInstall() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.OLD_DOCKER, 1)) {
      FleetHost h = fleet.host(0);
      // the boot starts enabled units after sshd answers: wait for the distro's docker
      for (int i = 0; i < 150 && !h.serviceActive("docker").equals("active"); i++) {
        Thread.sleep(200);
      }
      assertThat(h.serviceActive("docker")).isEqualTo("active");
      var mv = fleet.mirror().execInContainer("mv", STABLE + "/Packages", STABLE + "/Packages.away");
      assertThat(mv.getExitCode()).as(mv.getStderr()).isZero();

      ApplyRun r = jprov(fleet.inventory());
      assertThat(r.code()).as(r.toString()).isEqualTo(3);
      for (String old : List.of("docker", "docker-common", "docker-client")) {
        assertThat(h.isInstalled(old)).as(old).isTrue();
      }
      assertThat(h.isInstalled("docker-ce")).isFalse();
      assertThat(h.serviceActive("docker")).isEqualTo("active");
      JsonNode t7 = r.task(h.name(), "7.");
      assertThat(t7.get("status").asText()).isEqualTo("failed");
      assertThat(t7.get("message").asText()).contains("nothing was changed");

      mv = fleet.mirror().execInContainer("mv", STABLE + "/Packages.away", STABLE + "/Packages");
      assertThat(mv.getExitCode()).as(mv.getStderr()).isZero();
      ApplyRun fixed = jprov(fleet.inventory());
      assertThat(fixed.code()).as(fixed.toString()).isZero();
      assertThat(h.isInstalled("docker")).isFalse();
      assertSet(h, SET_26);
      assertThat(h.serviceActive("docker")).isEqualTo("active");
    }
  }

  /**
   * First install with a daemon option dockerd accepts in the file but cannot use when it starts (a
   * storage driver it does not have; an unknown key is refused before the upload, see
   * EarlyHostChecksIT): docker is left running with a minimal {} daemon.json (not stopped), the
   * task says so, and fixing the option converges.
   */
  @Test
  void aBadDaemonOptionOnAFreshHostLeavesDockerRunningWithAMinimalFile() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      Path bad = fleet.writeInventory("bad.yml", InventoryOptions.defaults().withDocker("daemon", "{storage-driver: no-such-driver}"));
      ApplyRun r = jprov(bad);
      assertThat(r.code()).as(r.toString()).isEqualTo(3);
      assertThat(h.serviceActive("docker")).isEqualTo("active");
      assertThat(h.daemonJson()).contains("{}\n");
      JsonNode start = r.task(h.name(), "10.");
      assertThat(start.get("status").asText()).isEqualTo("failed");
      assertThat(start.get("changed").asBoolean()).isTrue();
      assertThat(start.get("message").asText()).contains("driver not supported").contains("restored").contains("running again");
      assertThat(h.file("/etc/docker/daemon.json.jprov-prev")).isEmpty();

      ApplyRun fixed = jprov(fleet.inventory());
      assertThat(fixed.code()).as(fixed.toString()).isZero();
      assertThat(h.daemonJson()).hasValueSatisfying(j -> assertThat(j).contains("\"log-driver\": \"json-file\""));
      assertThat(h.serviceActive("docker")).isEqualTo("active");
    }
  }

  /**
   * Converged host, a daemon option dockerd cannot start with (it passes --validate): the restart
   * (before verification) fails, the
   * previous file is restored and docker runs with it; hello-world is not checked against a
   * configuration docker is not running.
   */
  @Test
  void aBadDaemonOptionOnAConvergedHostRestoresThePreviousFileBeforeVerification() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      assertThat(jprov(fleet.inventory()).code()).isZero();
      String good = h.daemonJson().orElseThrow();
      // a storage driver dockerd does not have: the file validates, the daemon refuses to start with it
      Path bad = fleet.writeInventory("bad.yml", InventoryOptions.defaults().withDocker("daemon", "{storage-driver: no-such-driver}"));
      ApplyRun r = jprov(bad);
      assertThat(r.code()).as(r.toString()).isEqualTo(3);
      JsonNode restart = r.task(h.name(), "restart docker");
      assertThat(restart.get("status").asText()).isEqualTo("failed");
      assertThat(restart.get("message").asText())
          .contains("failed to start daemon: error initializing graphdriver: driver not supported");
      assertThat(indexOf(taskNames(r, h), "12.")).as("hello-world must not verify the old daemon").isEqualTo(-1);
      assertThat(h.daemonJson()).contains(good);
      assertThat(h.serviceActive("docker")).isEqualTo("active");
      assertThat(h.file("/etc/docker/daemon.json.jprov-prev")).isEmpty();
    }
  }

  /**
   * daemon.json changes (a key dockerd does not reload: a restart), then a later task fails (an unknown docker user):
   * the restart handler still runs, so the new file is tried now, not at the next reboot; the report
   * says so.
   */
  @Test
  void aFailureAfterTheConfigChangeStillRunsTheRestartHandler() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      assertThat(jprov(fleet.inventory()).code()).isZero();
      int starts = h.dockerStarts();
      Path inv = fleet.writeInventory("later-fails.yml", InventoryOptions.defaults()
          .withDocker("daemon", "{log-level: warn}").withDocker("users", "[ghost]"));
      ApplyRun r = jprov(inv);
      assertThat(r.code()).as(r.toString()).isEqualTo(3);
      assertThat(r.task(h.name(), "11b.").get("status").asText()).isEqualTo("failed");
      JsonNode restart = r.task(h.name(), "restart docker");
      assertThat(restart.get("status").asText()).isEqualTo("changed");
      assertThat(restart.get("message").asText()).contains("force_handlers");
      assertThat(r.host(h.name()).get("message").asText()).contains("notified handlers ran anyway: restart docker changed");
      assertThat(h.dockerStarts()).isEqualTo(starts + 1);
      assertThat(h.dockerRunningConfig()).hasValueSatisfying(c -> assertThat(c).contains("\"log-level\":\"warn\""));
      assertThat(h.file("/etc/docker/daemon.json.jprov-prev")).isEmpty();
    }
  }

  /**
   * A changed daemon.json is restarted into before hello-world runs; on a fresh host docker, first
   * started after daemon.json was written, starts exactly once.
   */
  @Test
  void verificationRunsAfterThePendingRestartAndAFreshHostStartsDockerOnce() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      ApplyRun first = jprov(fleet.inventory());
      assertThat(first.code()).as(first.toString()).isZero();
      assertThat(h.dockerStarts()).isEqualTo(1);
      JsonNode skipped = first.task(h.name(), "restart docker");
      assertThat(skipped.get("status").asText()).isEqualTo("ok");
      assertThat(skipped.get("message").asText()).contains("was started after the files");

      // a key dockerd does not reload (registry mirrors would be a reload since issue 14)
      Path b = fleet.writeInventory("b.yml", InventoryOptions.defaults().withDocker("daemon", "{log-level: warn}"));
      ApplyRun r = jprov(b);
      assertThat(r.code()).as(r.toString()).isZero();
      List<String> names = taskNames(r, h);
      int restart = indexOf(names, "restart docker");
      int verify = indexOf(names, "12.");
      assertThat(restart).as(names.toString()).isGreaterThanOrEqualTo(0).isLessThan(verify);
      assertThat(r.task(h.name(), "restart docker").get("status").asText()).isEqualTo("changed");
      assertThat(h.dockerStarts()).isEqualTo(2);
      assertThat(h.dockerRunningConfig()).hasValueSatisfying(c -> assertThat(c).contains("\"log-level\":\"warn\""));

      ApplyRun again = jprov(b);
      assertThat(again.code()).as(again.toString()).isZero();
      assertThat(again.report().at("/summary/changed").asInt()).isZero();
      assertThat(h.dockerStarts()).isEqualTo(2);
    }
  }
}
