package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import io.jprov.util.GpgKeys;
import io.jprov.util.OpenPgp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle fetch --platform} for EL9 and Debian 12 against a loopback mirror serving recorded repodata and
 * Packages fixtures (no images: the requests here list none), and {@code verify}/{@code info} over a
 * directory holding several platforms.
 */
class BundlePlatformFetchTest {
  static final String D = "~debian.12~bookworm";
  @TempDir Path tmp;
  FixtureMirror mirror;
  TestGpg gpg;
  /** The repositories' key, as gpg made it (its fingerprint from gpg). */
  GpgKeys.Key key;

  @BeforeEach
  void start() throws Exception {
    mirror = new FixtureMirror();
    gpg = new TestGpg(tmp.resolve("gnupg"));
    key = new GpgKeys.Key(gpg.key("docker-fixture@example", "rsa2048", "sign", null),
        gpg.fingerprint("docker-fixture@example"));
    mirror.put("/docker-ce/linux/debian/gpg", key.armoured());
    mirror.put("/docker-ce/linux/centos/gpg", key.armoured());
    mirror.apt("/docker-ce/linux/debian", "bookworm", "stable", DebIndexTest.fixture("docker-bookworm-Packages"), gpg,
        "docker-fixture@example", true);
    // the distribution's archive: signed by keys jprov does not pin, so only its hashes are checked
    mirror.apt("/debian", "bookworm", "main", DebIndexTest.fixture("debian-bookworm-Packages"), null, null, false);
    mirror.yum("/docker-ce/linux/centos/9/x86_64/stable", el9("primary-docker.xml"));
    mirror.yum("/el/9/BaseOS/x86_64/os", el9("primary-baseos.xml"));
    mirror.yum("/el/9/AppStream/x86_64/os", el9("primary-appstream.xml"));
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
    gpg.close();
  }

  static String el9(String name) throws Exception {
    return Files.readString(Path.of("src/test/resources/bundle/el9").resolve(name));
  }

  /** The committed request of a platform, without images (no registry here). */
  Path request(String platform) throws Exception {
    Path committed = BundleManifestTest.committed().resolveSibling(platform + ".yml");
    String text = Files.readString(committed).replace("images:\n  - {name: \"hello-world:latest\", platform: linux/amd64}",
        "images: []");
    assertThat(text).contains("images: []");
    Path p = tmp.resolve("request-" + platform + ".yml");
    Files.writeString(p, text);
    return p;
  }

  JprovRun fetch(Path dir, String... extra) {
    List<String> args = new ArrayList<>(List.of("bundle", "fetch", "--dir", dir.toString(),
        "--mirror", mirror.url() + "/docker-ce", "--registry", mirror.url(), "--gpg-fingerprint", key.fingerprint()));
    args.addAll(List.of(extra));
    return JprovRun.of(args);
  }

  @Test
  void debian12TheDockerSetAndItsClosureFromBothArchivesIntoItsOwnFolder() throws Exception {
    Path dir = tmp.resolve("b");
    JprovRun r = fetch(dir, "--platform", "debian-12", "--base-mirror", mirror.url() + "/debian",
        "--request", request("debian-12").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("bundle " + dir.resolve("debian-12") + " (debian-12): 16 files");
    assertThat(dir.resolve("bundle.yml")).doesNotExist();
    BundleManifest m = BundleManifest.read(dir.resolve("debian-12"));
    assertThat(m.target()).isEqualTo(new BundleManifest.Target("debian-12", "amd64"));
    assertThat(m.artifacts(BundleManifest.Kind.DEB)).extracting(BundleManifest.Artifact::name).containsExactly(
        "docker-ce", "docker-ce-cli", "containerd.io", "docker-buildx-plugin", "docker-compose-plugin",
        "docker-ce-rootless-extras", "iptables", "libip4tc2", "libip6tc2", "libxtables12", "netbase", "libmnl0",
        "libnetfilter-conntrack3", "libnfnetlink0", "libnftnl11");
    BundleManifest.Artifact ce = m.artifacts().get(0);
    String poolPath = "pool/stable/d/docker-ce/docker-ce_26.1.4-1~debian.12~bookworm_amd64.deb";
    assertThat(ce.file()).isEqualTo("debs/docker-ce_26.1.4-1~debian.12~bookworm_amd64.deb");
    assertThat(ce.version()).isEqualTo("5:26.1.4-1" + D);
    assertThat(ce.sha256()).isEqualTo(io.jprov.util.Sha256.of(FixtureMirror.content(poolPath)));
    assertThat(ce.source()).isEqualTo(mirror.url() + "/docker-ce/linux/debian/" + poolPath);
    assertThat(Files.readAllBytes(dir.resolve("debian-12").resolve(ce.file()))).isEqualTo(FixtureMirror.content(poolPath));
    assertThat(m.artifacts(BundleManifest.Kind.KEY)).singleElement()
        .satisfies(k -> assertThat(k.file()).isEqualTo("keys/docker.asc"));
    // InRelease where the archive has it, else Release
    assertThat(mirror.requests).contains("/docker-ce/linux/debian/dists/bookworm/InRelease",
        "/debian/dists/bookworm/InRelease", "/debian/dists/bookworm/Release");

    JprovRun again = fetch(dir, "--platform", "debian-12", "--base-mirror", mirror.url() + "/debian");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("downloaded 0 (0 bytes), skipped 16 already present");
  }

  @Test
  void el9TheClosureComesFromDockerBaseOsAndAppStream() throws Exception {
    Path dir = tmp.resolve("b");
    JprovRun r = fetch(dir, "--platform", "el9", "--base-mirror", mirror.url() + "/el",
        "--request", request("el9").toString());
    assertThat(r.code()).as(r.err()).isZero();
    BundleManifest m = BundleManifest.read(dir.resolve("el9"));
    assertThat(m.target()).isEqualTo(new BundleManifest.Target("el9", "x86_64"));
    assertThat(m.artifacts(BundleManifest.Kind.RPM)).extracting(a -> a.name() + "-" + a.version()).containsExactly(
        "docker-ce-3:26.1.4-1.el9", "docker-ce-cli-1:26.1.4-1.el9", "containerd.io-1.6.33-3.1.el9",
        "docker-buildx-plugin-0.14.1-1.el9", "docker-compose-plugin-2.27.1-1.el9",
        "docker-ce-rootless-extras-26.1.4-1.el9",
        // container-selinux from AppStream, iptables (provided by iptables-nft) from BaseOS
        "container-selinux-3:2.229.0-1.el9", "iptables-nft-1.8.10-2.el9", "fuse-overlayfs-1.13-1.el9",
        "slirp4netns-1.2.3-1.el9", "iptables-libs-1.8.10-2.el9", "libnftnl-1.2.6-4.el9", "fuse3-libs-3.10.2-8.el9",
        "libslirp-4.4.0-8.el9");
    assertThat(m.artifacts(BundleManifest.Kind.RPM).get(7).source())
        .isEqualTo(mirror.url() + "/el/9/BaseOS/x86_64/os/Packages/iptables-nft-1.8.10-2.el9.x86_64.rpm");
    assertThat(m.artifacts(BundleManifest.Kind.KEY)).singleElement()
        .satisfies(k -> assertThat(k.file()).isEqualTo("keys/docker-ce.gpg"));
  }

  @Test
  void aVersionPrefixPicksTheHighestMatchingSetAndIsRecorded() throws Exception {
    Path dir = tmp.resolve("b");
    JprovRun r = fetch(dir, "--platform", "debian-12", "--base-mirror", mirror.url() + "/debian",
        "--request", request("debian-12").toString(), "--version", "24.0");
    assertThat(r.code()).as(r.err()).isZero();
    BundleManifest m = BundleManifest.read(dir.resolve("debian-12"));
    assertThat(m.dockerVersion()).isEqualTo("24.0.9");
    assertThat(m.packages()).containsExactly(
        new BundleManifest.PackagePin("docker-ce", "5:24.0.9-1" + D),
        new BundleManifest.PackagePin("docker-ce-cli", "5:24.0.9-1" + D),
        new BundleManifest.PackagePin("containerd.io", "1.6.33-1"),
        new BundleManifest.PackagePin("docker-buildx-plugin", "0.15.1-1" + D),
        new BundleManifest.PackagePin("docker-compose-plugin", "2.27.1-1" + D),
        new BundleManifest.PackagePin("docker-ce-rootless-extras", "5:24.0.9-1" + D));
    JprovRun bad = fetch(tmp.resolve("c"), "--platform", "debian-12", "--base-mirror", mirror.url() + "/debian",
        "--request", request("debian-12").toString(), "--version", "25");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("jprov: --version 25 is not in the debian-12 repositories; nearest: 24.0.9, 26.1.4\n");
  }

  @Test
  void aPackagesFileThatDoesNotMatchItsReleaseIsRefused() throws Exception {
    mirror.files.put("/debian/dists/bookworm/main/binary-amd64/Packages.gz",
        FixtureMirror.gzip("Package: evil\nVersion: 1\n".getBytes()));
    JprovRun r = fetch(tmp.resolve("b"), "--platform", "debian-12", "--base-mirror", mirror.url() + "/debian",
        "--request", request("debian-12").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("jprov: " + mirror.url() + "/debian/dists/bookworm/main/binary-amd64/Packages.gz: "
        + "sha256 mismatch with " + mirror.url() + "/debian/dists/bookworm/Release (expected ");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void aDebThatDoesNotMatchItsPackagesEntryIsNotKept() throws Exception {
    String pool = "/docker-ce/linux/debian/pool/stable/d/docker-ce-cli/docker-ce-cli_26.1.4-1~debian.12~bookworm_amd64.deb";
    byte[] good = mirror.files.get(pool);
    byte[] bad = good.clone();
    bad[0] ^= 1;
    mirror.files.put(pool, bad);
    Path dir = tmp.resolve("b");
    JprovRun r = fetch(dir, "--platform", "debian-12", "--base-mirror", mirror.url() + "/debian",
        "--request", request("debian-12").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains(mirror.url() + pool + ": sha256 mismatch (expected ");
    assertThat(dir.resolve("debian-12/debs/docker-ce-cli_26.1.4-1~debian.12~bookworm_amd64.deb")).doesNotExist();
  }

  @Test
  void dockersArchiveMustBeSignedByThePinnedKey() throws Exception {
    // a Release.gpg (no InRelease) by the pinned key is fine too
    mirror.files.remove("/docker-ce/linux/debian/dists/bookworm/InRelease");
    mirror.apt("/docker-ce/linux/debian", "bookworm", "stable", DebIndexTest.fixture("docker-bookworm-Packages"), gpg,
        "docker-fixture@example", false);
    JprovRun detached = fetch(tmp.resolve("b"), "--platform", "debian-12", "--base-mirror", mirror.url() + "/debian",
        "--request", request("debian-12").toString());
    assertThat(detached.code()).as(detached.err()).isZero();
    assertThat(mirror.requests).contains("/docker-ce/linux/debian/dists/bookworm/Release.gpg");

    // signed by another key (the mirror's own, say): refused before any Packages file is read
    try (TestGpg other = new TestGpg(tmp.resolve("other"))) {
      other.key("impostor@example", "ed25519", "sign", null);
      mirror.apt("/docker-ce/linux/debian", "bookworm", "stable", DebIndexTest.fixture("docker-bookworm-Packages"),
          other, "impostor@example", true);
      mirror.requests.clear();
      JprovRun r = fetch(tmp.resolve("c"), "--platform", "debian-12", "--base-mirror", mirror.url() + "/debian",
          "--request", request("debian-12").toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("jprov: " + mirror.url() + "/docker-ce/linux/debian/dists/bookworm/InRelease: "
          + "refusing the archive: no valid signature by the pinned key (signed by key id "
          + other.fingerprint("impostor@example").substring(24) + ")\n");
      assertThat(mirror.requests).noneMatch(p -> p.endsWith("Packages.gz"));
    }

    // unsigned: refused too
    mirror.files.remove("/docker-ce/linux/debian/dists/bookworm/InRelease");
    mirror.files.remove("/docker-ce/linux/debian/dists/bookworm/Release.gpg");
    JprovRun unsigned = fetch(tmp.resolve("d"), "--platform", "debian-12", "--base-mirror", mirror.url() + "/debian",
        "--request", request("debian-12").toString());
    assertThat(unsigned.code()).isEqualTo(2);
    assertThat(unsigned.err()).contains("/docker-ce/linux/debian/dists/bookworm/Release: refusing the archive: "
        + "neither InRelease nor Release.gpg: the signature cannot be checked");
  }

  @Test
  void anUnpinnedAptKeyIsRefusedBeforeAnyIndexIsRead() throws Exception {
    JprovRun r = JprovRun.of("bundle", "fetch", "--dir", tmp.resolve("b").toString(), "--platform", "debian-12",
        "--mirror", mirror.url() + "/docker-ce", "--base-mirror", mirror.url() + "/debian", "--registry", mirror.url(),
        "--request", request("debian-12").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(mirror.url() + "/docker-ce/linux/debian/gpg: served a GPG key with fingerprint "
        + OpenPgp.display(key.fingerprint()) + ", which is not pinned (allowed: 9DC8 5822 9FC7 DD38 854A  "
            .replace("  ", " ").strip());
    assertThat(mirror.requests).noneMatch(p -> p.contains("/dists/"));
  }

  @Test
  void oneDirectoryHoldsSeveralPlatformsAndVerifyAndInfoCoverThemAll() throws Exception {
    Path dir = tmp.resolve("b");
    Files.createDirectories(dir.resolve("el9"));
    Files.createDirectories(dir.resolve("debian-12"));
    // a re-fetch reads each platform's own bundle.yml as its request
    Files.copy(request("el9"), dir.resolve("el9/bundle.yml"));
    Files.copy(request("debian-12"), dir.resolve("debian-12/bundle.yml"));
    JprovRun el9 = fetch(dir, "--platform", "el9", "--base-mirror", mirror.url() + "/el");
    assertThat(el9.code()).as(el9.err()).isZero();
    JprovRun deb = fetch(dir, "--platform", "debian-12", "--base-mirror", mirror.url() + "/debian");
    assertThat(deb.code()).as(deb.err()).isZero();

    JprovRun v = JprovRun.of("bundle", "verify", "--dir", dir.toString());
    assertThat(v.code()).as(v.err()).isZero();
    assertThat(v.out()).isEqualTo("bundle " + dir + ": 31 files verified (size and sha256) for el9, debian-12\n");
    JprovRun i = JprovRun.of("bundle", "info", "--dir", dir.toString());
    assertThat(i.code()).isZero();
    assertThat(i.out()).contains("target:         el9 x86_64", "target:         debian-12 amd64",
        "14 rpms, 1 keys, 0 images", "15 debs, 1 keys, 0 images",
        "deb   docker-ce                    5:26.1.4-1~debian.12~bookworm");

    Path deb1 = dir.resolve("debian-12/debs/libnftnl11_1.2.4-2_amd64.deb");
    Files.writeString(deb1, "tampered");
    JprovRun bad = JprovRun.of("bundle", "verify", "--dir", dir.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("jprov: debian-12/debs/libnftnl11_1.2.4-2_amd64.deb: size mismatch (expected "
        + FixtureMirror.content("pool/main/l/libnftnl11/libnftnl11_1.2.4-2_amd64.deb").length + " bytes, found 8)\n");
  }

  @Test
  void fetchingAnotherPlatformLeavesTheEl7BundleAtTheTopAlone() throws Exception {
    Path dir = tmp.resolve("b");
    Files.createDirectories(dir.resolve("rpms"));
    byte[] rpm = "an el7 rpm".getBytes();
    Files.write(dir.resolve("rpms/x-1-1.el7.x86_64.rpm"), rpm);
    BundleManifest.load(BundleManifestTest.committed(), "bundle.yml").withArtifacts(List.of(
        new BundleManifest.Artifact("rpms/x-1-1.el7.x86_64.rpm", BundleManifest.Kind.RPM, "x", "1-1.el7", rpm.length,
            io.jprov.util.Sha256.of(rpm), "http://m/x.rpm")), "2026-11-29T12:00:00Z").write(dir);
    String el7 = Files.readString(dir.resolve("bundle.yml"));
    JprovRun r = fetch(dir, "--platform", "debian-12", "--base-mirror", mirror.url() + "/debian",
        "--request", request("debian-12").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(dir.resolve("bundle.yml"))).isEqualTo(el7);
    assertThat(dir.resolve("rpms/x-1-1.el7.x86_64.rpm")).exists();
    JprovRun v = JprovRun.of("bundle", "verify", "--dir", dir.toString());
    assertThat(v.out()).isEqualTo("bundle " + dir + ": 17 files verified (size and sha256) for el7, debian-12\n");
  }

  @Test
  void badPlatformOptionsAreInputErrors() throws Exception {
    JprovRun r = fetch(tmp.resolve("b"), "--platform", "debian-10");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("jprov: bundle fetch --platform 'debian-10': not a bundle platform (el7, el8, el9, "
        + "debian-11, debian-12, ubuntu-22.04, ubuntu-24.04)\n");
    JprovRun two = fetch(tmp.resolve("b"), "--platform", "el9", "--platform", "debian-12", "--base-mirror",
        mirror.url());
    assertThat(two.code()).isEqualTo(2);
    assertThat(two.err()).contains("--base-mirror: one mirror cannot serve el9 and debian-12");
    JprovRun wrong = fetch(tmp.resolve("b"), "--platform", "el9", "--request", request("debian-12").toString());
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err()).contains("a request for debian-12, not for --platform el9");
    assertThat(mirror.requests).isEmpty();
  }
}
