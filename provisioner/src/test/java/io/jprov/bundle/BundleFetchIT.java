package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.testfleet.ExecResult;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.Variant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import io.jprov.JprovRun;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.utility.MountableFile;

/**
 * {@code jprov bundle fetch|verify|info} end to end against the test fleet's yum mirror and a real
 * distribution registry (Debian's docker-registry) holding a locally built hello-world behind a manifest list.
 */
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class BundleFetchIT {
  @TempDir Path tmp;

  static JprovRun jprov(String... args) {
    return JprovRun.shown(args);
  }

  static final Pattern SUMMARY = Pattern.compile("downloaded (\\d+) \\((\\d+) bytes\\), skipped (\\d+)");

  static long[] summary(JprovRun r) {
    Matcher m = SUMMARY.matcher(r.out());
    assertThat(m.find()).as("summary line in:\n" + r.out()).isTrue();
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
  }

  @Test
  void fetchVerifyTamperRefetchAndResume() throws Exception {
    // Under surefire (e.g. -Dtest='Bundle*') Ryuk is not disabled and Testcontainers would try to pull it
    // for minutes before the fleet check gives up: this test runs through failsafe only.
    Assumptions.assumeTrue(System.getenv("TESTCONTAINERS_RYUK_DISABLED") != null,
        "integration test: run with failsafe (mvn verify -Dit.test=BundleFetchIT)");
    TestFleet.assumeDocker();
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 1);
        LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")))) {
      String mirror = fleet.mirrorUrlFromTests();
      byte[] archive = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(mirror
          + "/images/hello-world.tar")).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
      byte[] config = registry.pushArchiveWithList("library/hello-world", "latest", archive);

      Path dir = tmp.resolve("bundle");
      // The fleet's key is made by testfleet/build.sh on this machine, so it is not pinned: it is
      // refused (exit 2, naming URL and fingerprint) until trusted. Its fingerprint comes out of band,
      // from the mirror container's file (docker exec), not from the HTTP fetch being tested.
      org.testcontainers.containers.Container.ExecResult served =
          fleet.mirror().execInContainer("cat", "/srv/docker-ce/linux/centos/gpg");
      assertThat(served.getExitCode()).as(served.getStderr()).isZero();
      String fpr = io.jprov.util.OpenPgp.fingerprint(served.getStdout());
      String[] unpinned = {"bundle", "fetch", "--dir", dir.toString(), "--mirror", mirror + "/docker-ce",
          "--base-mirror", mirror + "/centos", "--registry", registry.url()};
      JprovRun refused = jprov(unpinned);
      assertThat(refused.code()).as(refused.err()).isEqualTo(2);
      assertThat(refused.err()).contains(mirror + "/docker-ce/linux/centos/gpg: served a GPG key with fingerprint "
          + io.jprov.util.OpenPgp.display(fpr));
      assertThat(dir.resolve("rpms")).doesNotExist();
      String[] fetch = {"bundle", "fetch", "--dir", dir.toString(), "--mirror", mirror + "/docker-ce",
          "--base-mirror", mirror + "/centos", "--registry", registry.url(), "--gpg-fingerprint", fpr};
      JprovRun first = jprov(fetch);
      assertThat(first.code()).as(first.out() + first.err()).isZero();
      BundleManifest m = BundleManifest.read(dir);
      assertThat(m.artifacts(BundleManifest.Kind.RPM)).extracting(BundleManifest.Artifact::name)
          .contains("docker-ce", "docker-ce-cli", "containerd.io", "docker-buildx-plugin", "docker-compose-plugin",
              "docker-ce-rootless-extras", "container-selinux", "slirp4netns", "fuse-overlayfs", "fuse3-libs",
              "libcgroup")
          .doesNotContain("glibc", "systemd", "iptables", "libseccomp", "selinux-policy-targeted", "docker");
      assertThat(m.artifacts(BundleManifest.Kind.RPM)).filteredOn(a -> a.name().equals("docker-ce"))
          .singleElement().satisfies(a -> assertThat(a.version()).isEqualTo("3:26.1.4-1.el7"));
      assertThat(m.artifacts(BundleManifest.Kind.KEY)).extracting(BundleManifest.Artifact::file)
          .containsExactly("keys/docker-ce.gpg", "keys/RPM-GPG-KEY-CentOS-7");
      assertThat(m.artifacts(BundleManifest.Kind.IMAGE)).singleElement()
          .satisfies(a -> assertThat(a.file()).isEqualTo("images/hello-world.tar"));
      long[] s1 = summary(first);
      assertThat(s1[1]).isPositive();
      assertThat(s1[2]).isZero();
      // the image is the amd64 one (the arm64 twin has another config), loadable structurally
      BundleRegistryClientTest.assertLoadable(dir.resolve("images/hello-world.tar"), config,
          "hello-world:latest");

      if (System.getenv("JPROV_IT_KEEP_BUNDLE") != null) {
        copyTree(dir, Path.of(System.getenv("JPROV_IT_KEEP_BUNDLE")));
      }
      // the closure is complete for rpm on a fresh (minimal) host, and the image loads with the host's docker
      FleetHost host = fleet.host(0);
      for (BundleManifest.Artifact a : m.artifacts()) {
        host.container().copyFileToContainer(MountableFile.forHostPath(dir.resolve(a.file())), "/tmp/b/" + a.file());
      }
      ExecResult test = host.sh("rpm -Uvh --test /tmp/b/rpms/*.rpm");
      assertThat(test.exitCode()).as(test.toString()).isZero();
      ExecResult install = host.sh("rpm --import /tmp/b/keys/docker-ce.gpg && rpm -Uvh /tmp/b/rpms/*.rpm"
          + " && systemctl start docker && touch /etc/docker-standin/offline"
          + " && docker load -i /tmp/b/images/hello-world.tar && docker run --rm hello-world");
      assertThat(install.exitCode()).as(install.toString()).isZero();
      assertThat(install.stdout()).contains("Loaded image: hello-world:latest", "Hello from Docker!");

      JprovRun verify = jprov("bundle", "verify", "--dir", dir.toString());
      assertThat(verify.code()).as(verify.err()).isZero();
      assertThat(verify.out()).contains(m.artifacts().size() + " files verified");
      JprovRun info = jprov("bundle", "info", "--dir", dir.toString());
      assertThat(info.code()).isZero();
      assertThat(info.out()).contains("el7 x86_64", "26.1.4",
          m.artifacts(BundleManifest.Kind.RPM).size() + " rpms, 2 keys, 1 images");

      Path stale = dir.resolve("rpms/stale-1-1.el7.x86_64.rpm");
      Files.writeString(stale, "from an earlier fetch");
      JprovRun second = jprov(fetch);
      assertThat(stale).doesNotExist();
      assertThat(second.code()).as(second.err()).isZero();
      long[] s2 = summary(second);
      assertThat(s2[0]).isZero();
      assertThat(s2[1]).isZero();
      assertThat(s2[2]).isEqualTo(m.artifacts().size());

      // kill-and-resume: half of docker-ce's rpm left as .part
      BundleManifest.Artifact ce = m.artifacts(BundleManifest.Kind.RPM).get(0);
      Path rpm = dir.resolve(ce.file());
      byte[] full = Files.readAllBytes(rpm);
      int half = full.length / 2;
      Files.delete(rpm);
      Files.write(dir.resolve(ce.file() + ".part"), java.util.Arrays.copyOf(full, half));
      JprovRun resumed = jprov(fetch);
      assertThat(resumed.code()).as(resumed.err()).isZero();
      long[] s3 = summary(resumed);
      assertThat(s3[0]).isEqualTo(1);
      assertThat(s3[1]).as("bytes fetched on resume: only the missing half").isEqualTo(full.length - half);
      assertThat(Files.readAllBytes(rpm)).isEqualTo(full);
      assertThat(dir.resolve(ce.file() + ".part")).doesNotExist();

      // tamper one byte → verify exits 2 naming the file
      try (var ch = Files.newByteChannel(rpm, StandardOpenOption.WRITE)) {
        ch.position(full.length / 3);
        ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (full[full.length / 3] ^ 0x01)}));
      }
      JprovRun bad = jprov("bundle", "verify", "--dir", dir.toString());
      assertThat(bad.code()).isEqualTo(2);
      assertThat(bad.err()).contains(ce.file() + ": sha256 mismatch (expected " + ce.sha256() + ", found ");

      // fetch repairs it, and the fetched bundle installs on a host with no route to any mirror or registry
      assertThat(jprov(fetch).code()).isZero();
      assertThat(jprov("bundle", "verify", "--dir", dir.toString()).code()).isZero();
      try (TestFleet offline = TestFleet.startOffline(Variant.FRESH, 1)) {
        FleetHost h = offline.host(0);
        h.setRegistryOffline(true);
        JprovRun apply = jprov("apply", "-i", offline.inventory().toString(), "--bundle", dir.toString(), "--no-color");
        assertThat(apply.code()).as(apply.out() + apply.err()).isZero();
        assertThat(h.packageVersion("docker-ce")).contains("3:26.1.4-1.el7");
        assertThat(h.serviceActive("docker")).isEqualTo("active");
        assertThat(apply.out()).contains("12. hello-world");
        assertThat(h.sshRun("ops", "docker run --rm --pull=never hello-world").stdout()).contains("Hello from Docker!");
        JprovRun again = jprov("apply", "-i", offline.inventory().toString(), "--bundle", dir.toString(), "--no-color");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("7a. offline bundle").doesNotContain("| changed |");
      }
    }
  }

  /**
   * The fleet mirror's Debian archive root for Debian's own packages (what the deb hosts need besides
   * Docker; the fleet's deb part builds it): {@code <mirror>/debian/dists/bookworm/main}.
   */
  static final String FLEET_DEBIAN_ARCHIVE = "/debian";

  /**
   * EL9 and Debian 12 fetched into one directory from the fleet mirror (Docker CE's centos/9 and debian trees,
   * the EL9 BaseOS/AppStream and the Debian archive), verified together, and each closure complete on a fresh
   * host of its platform: {@code rpm --test} on Rocky 9, an apt simulation with every source disabled on Debian 12.
   */
  @Test
  void el9AndDebian12InOneDirectory() throws Exception {
    Assumptions.assumeTrue(System.getenv("TESTCONTAINERS_RYUK_DISABLED") != null,
        "integration test: run with failsafe (mvn verify -Dit.test=BundleFetchIT)");
    TestFleet.assumeDocker();
    try (TestFleet fleet = TestFleet.start(java.util.List.of(Variant.ROCKY9, Variant.DEBIAN12));
        LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")))) {
      String mirror = fleet.mirrorUrlFromTests();
      byte[] archive = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(mirror
          + "/images/hello-world.tar")).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
      registry.pushArchiveWithList("library/hello-world", "latest", archive);
      String fpr = TestFleet.testKeyFingerprint();
      Path dir = tmp.resolve("bundle");
      JprovRun el9 = jprov("bundle", "fetch", "--dir", dir.toString(), "--platform", "el9", "--mirror",
          mirror + "/docker-ce", "--base-mirror", mirror + "/el", "--registry", registry.url(),
          "--gpg-fingerprint", fpr);
      assertThat(el9.code()).as(el9.out() + el9.err()).isZero();
      JprovRun deb = jprov("bundle", "fetch", "--dir", dir.toString(), "--platform", "debian-12", "--mirror",
          mirror + "/docker-ce", "--base-mirror", mirror + FLEET_DEBIAN_ARCHIVE, "--registry", registry.url(),
          "--gpg-fingerprint", fpr);
      assertThat(deb.code()).as(deb.out() + deb.err()).isZero();

      BundleManifest m9 = BundleManifest.read(dir.resolve("el9"));
      assertThat(m9.artifacts(BundleManifest.Kind.RPM)).filteredOn(a -> a.name().equals("docker-ce"))
          .singleElement().satisfies(a -> assertThat(a.version()).isEqualTo("3:26.1.4-1.el9"));
      BundleManifest m12 = BundleManifest.read(dir.resolve("debian-12"));
      assertThat(m12.artifacts(BundleManifest.Kind.DEB)).filteredOn(a -> a.name().equals("docker-ce"))
          .singleElement().satisfies(a -> assertThat(a.version()).isEqualTo("5:26.1.4-1~debian.12~bookworm"));
      assertThat(m12.artifacts(BundleManifest.Kind.KEY)).extracting(BundleManifest.Artifact::file)
          .containsExactly("keys/docker.asc");
      assertThat(dir.resolve("bundle.yml")).doesNotExist();

      JprovRun verify = jprov("bundle", "verify", "--dir", dir.toString());
      assertThat(verify.code()).as(verify.err()).isZero();
      assertThat(verify.out()).contains((m9.artifacts().size() + m12.artifacts().size())
          + " files verified (size and sha256) for el9, debian-12");

      FleetHost rocky = fleet.host(0);
      for (BundleManifest.Artifact a : m9.artifacts(BundleManifest.Kind.RPM)) {
        rocky.container().copyFileToContainer(MountableFile.forHostPath(dir.resolve("el9").resolve(a.file())),
            "/tmp/b/" + a.file());
      }
      ExecResult rpmTest = rocky.sh("rpm -Uvh --test /tmp/b/rpms/*.rpm");
      assertThat(rpmTest.exitCode()).as(rpmTest.toString()).isZero();

      FleetHost debian = fleet.host(1);
      for (BundleManifest.Artifact a : m12.artifacts(BundleManifest.Kind.DEB)) {
        debian.container().copyFileToContainer(MountableFile.forHostPath(dir.resolve("debian-12").resolve(a.file())),
            "/tmp/b/" + a.file());
      }
      ExecResult aptSim = debian.sh("apt-get install -s -q -o Dir::Etc::SourceList=/dev/null"
          + " -o Dir::Etc::SourceParts=/dev/null --no-install-recommends /tmp/b/debs/*.deb");
      assertThat(aptSim.exitCode()).as(aptSim.toString()).isZero();
    }
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
