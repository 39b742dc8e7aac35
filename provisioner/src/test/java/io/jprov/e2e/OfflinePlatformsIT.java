package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.JprovRun;
import io.jprov.bundle.LocalRegistry;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.Variant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code jprov apply --bundle} on air-gapped hosts of several families from one bundle directory (issue 12,
 * docs/bundle.md): the bundle is fetched with {@code bundle fetch --platform el9 --platform debian-12} from the
 * fleet mirror, then one run installs Docker CE on a Rocky 9 and a Debian 12 host with no route to any mirror
 * or registry; an Ubuntu 24.04 host, whose platform the bundle lacks, fails its upload naming the platform to
 * fetch while the others go on. A second run changes nothing; once ubuntu-24.04 is fetched into the same
 * directory, a third run installs the Ubuntu host and changes nothing on the others.
 */
class OfflinePlatformsIT extends FleetTestBase {
  private static final String DEST = "/var/tmp/jprov-bundle";

  private static void assertNoRoute(TestFleet fleet, FleetHost h) {
    assertThat(h.sh("curl -sS -m 3 -o /dev/null http://mirror/").exitCode()).as(h + " mirror by name").isNotZero();
    assertThat(h.sh("curl -sS -m 3 -o /dev/null http://" + fleet.mirrorIp() + "/").exitCode())
        .as(h + " mirror by address").isNotZero();
  }

  private static void assertRunsHelloWorld(FleetHost h) throws Exception {
    assertThat(h.serviceActive("docker")).as(h.name()).isEqualTo("active");
    assertThat(h.shOk("docker run --rm --pull=never hello-world")).as(h.name()).contains("Hello from Docker!");
    assertThat(h.sshRun("ops", "docker run --rm --pull=never hello-world").stdout()).as(h.name())
        .contains("Hello from Docker!");
  }

  private static String status(ApplyRun run, FleetHost h, String prefix) {
    return run.task(h.name(), prefix).get("status").asText();
  }

  @Test
  void el9AndDebian12FromOneBundleDirectoryOnAirGappedHosts() throws Exception {
    try (TestFleet fleet = TestFleet.startOffline(List.of(Variant.ROCKY9, Variant.DEBIAN12, Variant.UBUNTU2404));
        LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")))) {
      String mirror = fleet.mirrorUrlFromTests();
      byte[] archive = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(mirror
          + "/images/hello-world.tar")).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
      registry.pushArchiveWithList("library/hello-world", "latest", archive);
      String fpr = TestFleet.testKeyFingerprint();
      Path dir = tmp.resolve("bundle");
      JprovRun el9 = JprovRun.shown("bundle", "fetch", "--dir", dir.toString(), "--platform", "el9", "--mirror",
          mirror + "/docker-ce", "--base-mirror", mirror + "/el", "--registry", registry.url(),
          "--gpg-fingerprint", fpr);
      assertThat(el9.code()).as(el9.out() + el9.err()).isZero();
      JprovRun deb = JprovRun.shown("bundle", "fetch", "--dir", dir.toString(), "--platform", "debian-12",
          "--mirror", mirror + "/docker-ce", "--base-mirror", mirror + "/debian", "--registry", registry.url(),
          "--gpg-fingerprint", fpr);
      assertThat(deb.code()).as(deb.out() + deb.err()).isZero();

      FleetHost rocky = fleet.host("rocky9-1");
      FleetHost debian = fleet.host("debian12-2");
      FleetHost ubuntu = fleet.host("ubuntu2404-3");
      for (FleetHost h : fleet.hosts()) {
        assertNoRoute(fleet, h);
        h.setRegistryOffline(true);
      }
      // the bundle's key is the fleet's test key: without it on the host, 7b has to import it
      rocky.sh("rpm -q gpg-pubkey >/dev/null && rpm -e --allmatches gpg-pubkey");

      ApplyRun first = jprov(fleet.inventory(), "--bundle", dir.toString());
      // the Ubuntu host fails (no ubuntu-24.04 part); the others converge
      assertThat(first.code()).as(first.toString()).isNotZero();
      JsonNode missing = first.task(ubuntu.name(), "7a.");
      assertThat(missing.get("status").asText()).isEqualTo("failed");
      assertThat(missing.get("message").asText())
          .contains("the bundle has no ubuntu-24.04 part: fetch it with --platform ubuntu-24.04");
      assertThat(ubuntu.isInstalled("docker-ce")).isFalse();

      for (FleetHost h : List.of(rocky, debian)) {
        assertThat(status(first, h, "7a.")).as(h.name()).isEqualTo("changed");
        assertThat(status(first, h, "7c.")).as(h.name() + "\n" + first).isEqualTo("changed");
        assertThat(status(first, h, "10b.")).as(h.name()).isEqualTo("changed");
        assertThat(status(first, h, "12.")).as(h.name()).isEqualTo("ok");
        assertThat(h.packageVersion("docker-ce")).as(h.name()).isPresent();
        assertRunsHelloWorld(h);
        // nothing of the online path ran
        assertThat(status(first, h, "6.")).as(h.name()).isEqualTo("skipped");
        assertThat(status(first, h, "7.")).as(h.name()).isEqualTo("skipped");
      }
      assertThat(rocky.packageVersion("docker-ce")).contains("3:26.1.4-1.el9");
      assertThat(debian.packageVersion("docker-ce")).contains("5:26.1.4-1~debian.12~bookworm");
      assertThat(status(first, rocky, "7b.")).isEqualTo("changed");
      // held afterwards as online on apt; EL's versionlock plugin is not in the bundle
      assertThat(status(first, debian, "7d.")).isEqualTo("changed");
      assertThat(debian.shOk("apt-mark showhold")).contains("docker-ce").contains("containerd.io");
      assertThat(status(first, rocky, "7d.")).isEqualTo("skipped");
      assertThat(rocky.isInstalled("gpg-pubkey")).isTrue();
      assertThat(rocky.repoFiles()).doesNotContainKey("docker-ce.repo");
      assertThat(debian.file("/etc/apt/sources.list.d/docker.sources")).isEmpty();
      // each host got its platform's part only
      assertThat(rocky.sh("ls " + DEST + "/debs").exitCode()).isNotZero();
      assertThat(debian.sh("ls " + DEST + "/rpms").exitCode()).isNotZero();

      ApplyRun second = jprov(fleet.inventory(), "--bundle", dir.toString(), "--limit", "rocky9-1,debian12-2");
      assertThat(second.code()).as(second.toString()).isZero();
      assertThat(second.report().at("/summary/changed").asInt()).as(second.toString()).isZero();
      for (FleetHost h : List.of(rocky, debian)) {
        assertThat(status(second, h, "7a.")).as(h.name()).isEqualTo("ok");
        assertThat(second.task(h.name(), "7a.").get("message").asText()).contains("0 bytes uploaded");
        assertRunsHelloWorld(h);
      }

      // the missing part fetched into the same directory (el9 and debian-12 untouched): the Ubuntu host converges
      JprovRun noble = JprovRun.shown("bundle", "fetch", "--dir", dir.toString(), "--platform", "ubuntu-24.04",
          "--mirror", mirror + "/docker-ce", "--base-mirror", mirror + "/ubuntu", "--registry", registry.url(),
          "--gpg-fingerprint", fpr);
      assertThat(noble.code()).as(noble.out() + noble.err()).isZero();
      ApplyRun third = jprov(fleet.inventory(), "--bundle", dir.toString());
      assertThat(third.code()).as(third.toString()).isZero();
      assertThat(status(third, ubuntu, "7c.")).isEqualTo("changed");
      assertThat(ubuntu.packageVersion("docker-ce")).contains("5:26.1.4-1~ubuntu.24.04~noble");
      assertRunsHelloWorld(ubuntu);
      for (FleetHost h : List.of(rocky, debian)) {
        for (JsonNode t : third.host(h.name()).get("tasks")) {
          assertThat(t.get("status").asText()).as(h.name() + ": " + t.get("name").asText()).isIn("ok", "skipped");
        }
      }
    }
  }
}
