package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.InventoryOptions;
import io.jprov.testfleet.Variant;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 on the test fleet: mistakes found on the host before anything changes, in check mode
 * too, and told in the words of the thing that refused them: a daemon.json key dockerd does not
 * know (the installed dockerd's --validate; before Docker is installed, the known keys), and a
 * base_repos_mirror that serves no CentOS tree (each repository's repomd.xml asked with curl); a
 * repository yum cannot read is one line naming it and its URL.
 */
class EarlyHostChecksIT extends FleetTestBase {
  private static final String DOCKER_STABLE = "/srv/docker-ce/linux/centos/7/x86_64/stable";

  /**
   * A misspelled daemon option: on a fresh host (no dockerd yet) --check refuses it by the known
   * keys; on a converged host --check and apply refuse it with dockerd's own message; nothing is
   * uploaded, docker is not restarted.
   */
  @Test
  void aMisspelledDaemonKeyFailsInCheckModeWithTheDaemonsMessageAndChangesNothing() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      Path bad = fleet.writeInventory("bad.yml", InventoryOptions.defaults().withDocker("daemon", "{log-levle: debug}"));

      ApplyRun fresh = jprov(bad, "--check");
      assertThat(fresh.code()).as(fresh.toString()).isEqualTo(3);
      JsonNode known = fresh.task(h.name(), "8b.");
      assertThat(known.get("status").asText()).isEqualTo("failed");
      assertThat(known.get("message").asText())
          .isEqualTo("/etc/docker/daemon.json not uploaded: the new content was refused (validate: exit 1): "
              + "daemon.json: unknown key(s): log-levle (not in docker_daemon_keys, the daemon.json keys of dockerd "
              + "26.1; no dockerd >= 23 is installed to validate the file)");
      assertThat(h.file("/etc/docker/daemon.json")).isEmpty();

      assertThat(jprov(fleet.inventory()).code()).isZero();
      Map<String, String> before = h.stateSnapshot();

      ApplyRun check = jprov(bad, "--check");
      assertThat(check.code()).as(check.toString()).isEqualTo(3);
      JsonNode t8b = check.task(h.name(), "8b.");
      assertThat(t8b.get("status").asText()).isEqualTo("failed");
      assertThat(t8b.get("message").asText())
          .isEqualTo("/etc/docker/daemon.json not uploaded: the new content was refused (validate: exit 1): "
              + "unable to configure the Docker daemon with file /etc/docker/daemon.json: "
              + "the following directives don't match any configuration option: log-levle");
      assertThat(check.out()).contains("the following directives don't match any configuration option: log-levle");

      ApplyRun apply = jprov(bad);
      assertThat(apply.code()).as(apply.toString()).isEqualTo(3);
      assertThat(apply.task(h.name(), "8b.").get("message").asText()).isEqualTo(t8b.get("message").asText());
      assertThat(h.stateSnapshot()).isEqualTo(before);
      assertThat(h.file("/etc/docker/daemon.json.jprov-prev")).isEmpty();
      assertThat(h.serviceActive("docker")).isEqualTo("active");
    }
  }

  /**
   * base_repos_mirror without /centos: step 2 names every repomd.xml URL that answers 404 and
   * changes nothing, in check mode and apply; a mirror the host cannot reach at all suggests
   * --bundle.
   */
  @Test
  void aWrongBaseReposMirrorIsNamedAtStep2AndNothingChanges() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.EOL, 1)) {
      FleetHost h = fleet.host(0);
      Map<String, String> before = h.stateSnapshot();
      Path wrong = fleet.writeInventory("wrong.yml",
          InventoryOptions.defaults().withoutBaseReposMirror().withExtraVars("base_repos_mirror: http://mirror"));
      String expected = "base_repos_mirror http://mirror does not serve the CentOS 7 repositories ("
          + "http://mirror/7/os/x86_64/repodata/repomd.xml, http://mirror/7/updates/x86_64/repodata/repomd.xml, "
          + "http://mirror/7/extras/x86_64/repodata/repomd.xml: HTTP 404); it must be the root of a CentOS tree "
          + "holding 7/os/x86_64/ (e.g. http://vault.centos.org/centos); nothing was changed";

      ApplyRun check = jprov(wrong, "--check");
      assertThat(check.code()).as(check.toString()).isEqualTo(3);
      assertThat(check.task(h.name(), "2.").get("status").asText()).isEqualTo("failed");
      assertThat(check.task(h.name(), "2.").get("message").asText()).isEqualTo(expected);

      ApplyRun apply = jprov(wrong);
      assertThat(apply.code()).as(apply.toString()).isEqualTo(3);
      JsonNode t2 = apply.task(h.name(), "2.");
      assertThat(t2.get("status").asText()).isEqualTo("failed");
      assertThat(t2.get("changed").asBoolean()).isFalse();
      assertThat(t2.get("message").asText()).isEqualTo(expected);
      assertThat(h.stateSnapshot()).isEqualTo(before);

      Path nowhere = fleet.writeInventory("nowhere.yml", InventoryOptions.defaults().withoutBaseReposMirror()
          .withExtraVars("base_repos_mirror: http://vault.nowhere.invalid/centos"));
      ApplyRun none = jprov(nowhere);
      assertThat(none.code()).as(none.toString()).isEqualTo(3);
      assertThat(none.task(h.name(), "2.").get("message").asText())
          .startsWith("this host reaches no repository on base_repos_mirror http://vault.nowhere.invalid/centos ("
              + "http://vault.nowhere.invalid/centos/7/os/x86_64/repodata/repomd.xml, "
              + "http://vault.nowhere.invalid/centos/7/updates/x86_64/repodata/repomd.xml, "
              + "http://vault.nowhere.invalid/centos/7/extras/x86_64/repodata/repomd.xml: "
              + "curl: (6) Could not resolve host: vault.nowhere.invalid)")
          .endsWith("or install offline with --bundle (docs/bundle.md); nothing was changed");
      assertThat(h.stateSnapshot()).isEqualTo(before);
    }
  }

  /**
   * The docker-ce repository's metadata gone from the mirror: step 6 (yum makecache fast) fails in
   * one line naming the repository and the URL, not with the tail of yum's advice block.
   */
  @Test
  void aRepositoryYumCannotReadIsOneLineNamingItsUrl() throws Exception {
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      var mv = fleet.mirror().execInContainer("mv", DOCKER_STABLE + "/repodata", DOCKER_STABLE + "/repodata.away");
      assertThat(mv.getExitCode()).as(mv.getStderr()).isZero();
      ApplyRun r = jprov(fleet.inventory());
      assertThat(r.code()).as(r.toString()).isEqualTo(3);
      JsonNode t6 = r.task(h.name(), "6.");
      assertThat(t6.get("status").asText()).isEqualTo("failed");
      assertThat(t6.get("message").asText()).isEqualTo("yum makecache fast && touch /var/cache/yum/.jprov-makecache: "
          + "exit 1: yum cannot read repository docker-ce-stable: "
          + "http://mirror/docker-ce/linux/centos/7/x86_64/stable/repodata/repomd.xml: [Errno 14] HTTP Error 404 - Not Found");
    }
  }
}
