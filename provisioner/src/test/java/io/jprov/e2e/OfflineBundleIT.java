package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code jprov apply --bundle} (docs/bundle.md, issue 6) end to end on a test-fleet host with no route to
 * the mirror or any registry: install, a second run that uploads and changes nothing, resumed and
 * corrupted uploads, and bad bundles that fail before any host is touched.
 */
class OfflineBundleIT extends FleetTestBase {
  /** The default set and container-selinux, which the bundle brings too. */
  private static final Map<String, String> BUNDLE_SET = withSelinux();
  private static final String DEST = "/var/tmp/jprov-bundle";
  private static final String DOCKER_CE_RPM = "rpms/docker-ce-26.1.4-1.el7.x86_64.rpm";
  private static final String CLI_RPM = "rpms/docker-ce-cli-26.1.4-1.el7.x86_64.rpm";

  private static Map<String, String> withSelinux() {
    Map<String, String> set = new java.util.LinkedHashMap<>(SET_26);
    set.put("container-selinux", "2:2.119.2-1.911c772.el7_8");
    return Map.copyOf(set);
  }

  private static void assertNoRouteToTheMirror(TestFleet fleet, FleetHost h) {
    assertThat(h.sh("curl -sS -m 3 -o /dev/null http://mirror/").exitCode()).as("mirror by name").isNotZero();
    assertThat(h.sh("curl -sS -m 3 -o /dev/null http://" + fleet.mirrorIp() + "/").exitCode()).as("mirror by address").isNotZero();
    assertThat(h.sh("curl -sS -m 3 -o /dev/null https://download.docker.com/").exitCode()).as("internet").isNotZero();
  }

  /** Builds the bundle for the offline fleet's {@code h} and cuts {@code h} off the mirror and the registry. */
  private Path airGapped(TestFleet fleet, FleetHost h) throws Exception {
    Path bundle = TestBundles.build(fleet.mirrorUrlFromTests(), tmp.resolve("bundle"));
    assertNoRouteToTheMirror(fleet, h);
    h.setRegistryOffline(true);
    return bundle;
  }

  @Test
  void airGappedHostInstallsFromTheBundleThenChangesNothingAndResumes() throws Exception {
    try (TestFleet fleet = TestFleet.startOffline(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      Path bundle = airGapped(fleet, h);
      // the bundle's keys are the fleet's test key; remove it so that 7b has to import it
      h.shOk("rpm -e gpg-pubkey");

      ApplyRun first = jprov(fleet.inventory(), "--bundle", bundle.toString());
      assertThat(first.code()).as(first.toString()).isZero();
      assertSet(h, BUNDLE_SET);
      assertThat(first.task(h.name(), "2.").get("status").asText()).isEqualTo("skipped");
      assertThat(first.task(h.name(), "5.").get("status").asText()).isEqualTo("skipped");
      assertThat(h.repoFiles()).doesNotContainKey("docker-ce.repo");
      JsonNode upload = first.task(h.name(), "7a.");
      assertThat(upload.get("status").asText()).isEqualTo("changed");
      assertThat(upload.get("message").asText()).contains("uploaded 14 files, " + TestBundles.totalBytes(bundle) + " bytes");
      assertThat(first.task(h.name(), "7b.").get("status").asText()).isEqualTo("changed");
      assertThat(h.isInstalled("gpg-pubkey")).isTrue();
      assertThat(first.task(h.name(), "7c.").get("status").asText()).isEqualTo("changed");
      assertThat(first.task(h.name(), "10b.").get("status").asText()).isEqualTo("changed");
      JsonNode verify = first.task(h.name(), "12.");
      assertThat(verify.get("status").asText()).isEqualTo("ok");
      assertThat(verify.get("message").asText()).contains("Hello from Docker!").contains("ops");
      assertThat(h.serviceActive("docker")).isEqualTo("active");
      assertThat(h.sshRun("ops", "docker run --rm --pull=never hello-world").stdout()).contains("Hello from Docker!");

      ApplyRun second = jprov(fleet.inventory(), "--bundle", bundle.toString());
      assertThat(second.code()).as(second.toString()).isZero();
      assertThat(second.report().at("/summary/changed").asInt()).isZero();
      assertThat(second.task(h.name(), "7a.").get("status").asText()).isEqualTo("ok");
      assertThat(second.task(h.name(), "7a.").get("message").asText()).contains("0 bytes uploaded");
      assertThat(second.report().at("/hosts/0/round_trips").asInt()).isLessThanOrEqualTo(3);

      // an upload cut halfway: half of docker-ce's RPM in .part resumes; a corrupted complete file is re-sent
      long size = Files.size(bundle.resolve(DOCKER_CE_RPM));
      long half = size / 2;
      h.shOk("cd " + DEST + " && head -c " + half + " " + DOCKER_CE_RPM + " > " + DOCKER_CE_RPM + ".part"
          + " && chown ops " + DOCKER_CE_RPM + ".part && rm " + DOCKER_CE_RPM
          + " && printf 'garbage' > " + CLI_RPM);
      ApplyRun resumed = jprov(fleet.inventory(), "--bundle", bundle.toString());
      assertThat(resumed.code()).as(resumed.toString()).isZero();
      long cli = Files.size(bundle.resolve(CLI_RPM));
      JsonNode up = resumed.task(h.name(), "7a.");
      assertThat(up.get("status").asText()).isEqualTo("changed");
      assertThat(up.get("message").asText()).contains("uploaded 2 files, " + (size - half + cli) + " bytes transferred")
          .contains("1 resumed");
      assertThat(h.fileSha256(DEST + "/" + DOCKER_CE_RPM)).contains(TestBundles.sha256(bundle.resolve(DOCKER_CE_RPM)));
      assertThat(h.fileSha256(DEST + "/" + CLI_RPM)).contains(TestBundles.sha256(bundle.resolve(CLI_RPM)));
      assertThat(h.sh("ls " + DEST + "/rpms/*.part").exitCode()).isNotZero();
      assertThat(resumed.report().at("/summary/changed").asInt()).isEqualTo(1);

      // a .part with wrong content fails the sha256 check clearly and is discarded; the next run recovers
      h.shOk("cd " + DEST + " && head -c " + half + " /dev/zero > " + DOCKER_CE_RPM + ".part"
          + " && chown ops " + DOCKER_CE_RPM + ".part && rm " + DOCKER_CE_RPM);
      ApplyRun wrong = jprov(fleet.inventory(), "--bundle", bundle.toString());
      assertThat(wrong.code()).as(wrong.toString()).isEqualTo(3);
      JsonNode failed = wrong.task(h.name(), "7a.");
      assertThat(failed.get("status").asText()).isEqualTo("failed");
      assertThat(failed.get("message").asText()).contains("sha256 mismatch").contains(DOCKER_CE_RPM + ".part deleted");
      assertThat(h.exec("test", "-e", DEST + "/" + DOCKER_CE_RPM + ".part").exitCode()).isNotZero();
      ApplyRun again = jprov(fleet.inventory(), "--bundle", bundle.toString());
      assertThat(again.code()).as(again.toString()).isZero();
      assertThat(again.task(h.name(), "7a.").get("message").asText()).contains("uploaded 1 file, " + size + " bytes");
    }
  }

  @Test
  void oldDockerIsRemovedWithNoRepositoryAndReplacedFromTheBundle() throws Exception {
    try (TestFleet fleet = TestFleet.startOffline(Variant.OLD_DOCKER, 1)) {
      FleetHost h = fleet.host(0);
      Path bundle = airGapped(fleet, h);
      ApplyRun r = jprov(fleet.inventory(), "--bundle", bundle.toString());
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.task(h.name(), "3.").get("status").asText()).isEqualTo("changed");
      for (String old : List.of("docker", "docker-common", "docker-client")) {
        assertThat(h.isInstalled(old)).as(old).isFalse();
      }
      assertThat(h.packageVersion("docker-ce")).contains("3:26.1.4-1.el7");
      assertThat(r.task(h.name(), "12.").get("status").asText()).isEqualTo("ok");
    }
  }

  @Test
  void badBundlesFailBeforeAnyHostIsTouched() throws Exception {
    try (TestFleet fleet = TestFleet.startOffline(Variant.FRESH, 1)) {
      FleetHost h = fleet.host(0);
      Map<String, String> before = h.stateSnapshot();

      ApplyRun missing = jprov(fleet.inventory(), "--bundle", tmp.resolve("nope").toString());
      assertThat(missing.code()).as(missing.toString()).isEqualTo(2);
      assertThat(missing.err()).contains("no such bundle directory");

      Path arm = TestBundles.build(fleet.mirrorUrlFromTests(), tmp.resolve("arm"), "aarch64");
      ApplyRun arch = jprov(fleet.inventory(), "--bundle", arm.toString());
      assertThat(arch.code()).as(arch.toString()).isEqualTo(2);
      assertThat(arch.err()).contains("target arch aarch64 does not match x86_64");

      Path bad = TestBundles.build(fleet.mirrorUrlFromTests(), tmp.resolve("bad"));
      byte[] b = Files.readAllBytes(bad.resolve(DOCKER_CE_RPM));
      b[b.length / 2] ^= 1;
      Files.write(bad.resolve(DOCKER_CE_RPM), b);
      ApplyRun sum = jprov(fleet.inventory(), "--bundle", bad.toString());
      assertThat(sum.code()).as(sum.toString()).isEqualTo(2);
      assertThat(sum.err()).contains(DOCKER_CE_RPM).contains("sha256 mismatch");

      for (ApplyRun r : List.of(missing, arch, sum)) {
        assertThat(r.report()).as("no report: no host was contacted").isNull();
      }
      assertThat(h.isInstalled("docker-ce")).isFalse();
      assertThat(h.exec("test", "-e", DEST).exitCode()).isNotZero();
      assertThat(h.stateSnapshot()).isEqualTo(before);
    }
  }
}
