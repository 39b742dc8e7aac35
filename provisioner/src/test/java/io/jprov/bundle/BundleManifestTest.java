package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.InputException;
import io.jprov.bundle.BundleManifest.Artifact;
import io.jprov.bundle.BundleManifest.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BundleManifest}: the committed request loads, write/read round-trips, bad input is a clear error. */
class BundleManifestTest {
  @TempDir Path dir;

  static Path committed() {
    return Path.of(System.getProperty("jprov.home", "..")).resolve("runtime-bundle/bundle.yml");
  }

  @Test
  void committedRequestLoads() {
    BundleManifest m = BundleManifest.load(committed(), "runtime-bundle/bundle.yml");
    assertThat(m.target()).isEqualTo(new BundleManifest.Target("el7", "x86_64"));
    assertThat(m.dockerVersion()).isEqualTo("26.1.4");
    assertThat(m.packages()).extracting(BundleManifest.PackagePin::name).containsExactly("docker-ce",
        "docker-ce-cli", "containerd.io", "docker-buildx-plugin", "docker-compose-plugin", "docker-ce-rootless-extras");
    assertThat(m.packages().get(0).version()).isEqualTo("3:26.1.4-1.el7");
    assertThat(m.assumedPresent()).contains("glibc", "bash", "systemd").doesNotContain("libcgroup");
    assertThat(m.images()).containsExactly(new BundleManifest.ImageSpec("hello-world:latest", "linux/amd64"));
    assertThat(m.artifacts()).isEmpty();
    assertThat(m.fetched()).isNull();
  }

  @Test
  void writeThenReadRoundTrips() {
    BundleManifest req = BundleManifest.load(committed(), "bundle.yml");
    BundleManifest m = req.withArtifacts(List.of(
        new Artifact("rpms/docker-ce-26.1.4-1.el7.x86_64.rpm", Kind.RPM, "docker-ce", "3:26.1.4-1.el7", 12345,
            "a".repeat(64), "http://m/Packages/docker-ce-26.1.4-1.el7.x86_64.rpm"),
        new Artifact("keys/docker-ce.gpg", Kind.KEY, "docker-ce-stable", null, 1006, "b".repeat(64), "http://m/gpg"),
        new Artifact("images/hello-world.tar", Kind.IMAGE, "hello-world:latest", null, 20480, "c".repeat(64),
            "http://r/v2/library/hello-world/manifests/sha256:" + "d".repeat(64))), "2026-11-29T15:00:00Z");
    m.write(dir);
    BundleManifest back = BundleManifest.read(dir);
    assertThat(back).isEqualTo(m);
    assertThat(back.artifacts(Kind.RPM)).hasSize(1);
  }

  @Test
  void writtenYamlIsBlockStyleInManifestOrderAndQuotesOnlyWhatNeedsIt() {
    BundleManifest m = new BundleManifest(1, new BundleManifest.Target("el7", "x86_64"), "26.1",
        List.of(new BundleManifest.PackagePin("docker-ce", "3:26.1.4-1.el7"), new BundleManifest.PackagePin("x", null)),
        List.of("bash"), List.of(new BundleManifest.ImageSpec("hello-world:latest", "linux/amd64")),
        List.of(new Artifact("keys/docker-ce.gpg", Kind.KEY, "docker-ce-stable", null, 1006, "b".repeat(64),
            "https://m.example/linux/centos/gpg")), "2026-11-29T15:00:00Z");
    assertThat(m.toYaml()).isEqualTo("""
        # jprov offline runtime bundle (docs/bundle.md), written by `jprov bundle fetch`.
        format: 1
        target:
          os: el7
          arch: x86_64
        docker_version: '26.1'
        fetched: '2026-11-29T15:00:00Z'
        packages:
          - name: docker-ce
            version: 3:26.1.4-1.el7
          - name: x
        assumed_present:
          - bash
        images:
          - name: hello-world:latest
            platform: linux/amd64
        artifacts:
          - file: keys/docker-ce.gpg
            kind: key
            name: docker-ce-stable
            size: 1006
            sha256: %s
            source: https://m.example/linux/centos/gpg
        """.formatted("b".repeat(64)));
  }

  @Test
  void wrongArchIsAnInputErrorAtItsLocation() throws Exception {
    Files.writeString(dir.resolve("bundle.yml"), Files.readString(committed()).replace("arch: x86_64", "arch: aarch64"));
    assertThatThrownBy(() -> BundleManifest.read(dir))
        .isInstanceOf(InputException.class)
        .hasMessageMatching(".*bundle\\.yml:\\d+:\\d+: target arch aarch64 does not match x86_64");
  }

  @Test
  void everyPlatformsCommittedRequestLoadsWithItsTarget() {
    for (BundlePlatform p : BundlePlatform.ALL) {
      Path file = committed().resolveSibling(p.requestFile());
      BundleManifest m = BundleManifest.load(file, file.toString());
      assertThat(m.target()).as(p.key()).isEqualTo(new BundleManifest.Target(p.key(), p.arch()));
      assertThat(m.dockerVersion()).isEqualTo("26.1.4");
      assertThat(m.packages()).extracting(BundleManifest.PackagePin::name).containsExactly("docker-ce",
          "docker-ce-cli", "containerd.io", "docker-buildx-plugin", "docker-compose-plugin",
          "docker-ce-rootless-extras");
      assertThat(m.packages()).allSatisfy(pin -> assertThat(pin.version()).isNotNull());
      assertThat(m.assumedPresent()).isNotEmpty();
      assertThat(m.artifacts()).isEmpty();
    }
  }

  @Test
  void aDebianTargetIsAmd64AndHoldsDebsNotRpms() throws Exception {
    String deb = Files.readString(committed().resolveSibling("debian-12.yml"));
    Files.writeString(dir.resolve("bundle.yml"), deb.replace("arch: amd64", "arch: x86_64"));
    assertThatThrownBy(() -> BundleManifest.read(dir))
        .hasMessageMatching(".*bundle\\.yml:\\d+:\\d+: target arch x86_64 does not match amd64");
    String sha = "a".repeat(64);
    Files.writeString(dir.resolve("bundle.yml"), deb.replace("artifacts: []",
        "artifacts:\n  - {file: debs/a.deb, kind: deb, name: a, version: \"1:2-3\", size: 1, sha256: \"" + sha + "\"}\n"));
    assertThat(BundleManifest.read(dir).artifacts(BundleManifest.Kind.DEB)).hasSize(1);
    Files.writeString(dir.resolve("bundle.yml"), deb.replace("artifacts: []",
        "artifacts:\n  - {file: rpms/a.rpm, kind: rpm, name: a, version: \"1-1\", size: 1, sha256: \"" + sha + "\"}\n"));
    assertThatThrownBy(() -> BundleManifest.read(dir))
        .hasMessageContaining("unknown artifact kind 'rpm' for target debian-12 (deb, key or image)");
    Files.writeString(dir.resolve("bundle.yml"), deb.replace("artifacts: []",
        "artifacts:\n  - {file: debs/a.deb, kind: deb, name: a, size: 1, sha256: \"" + sha + "\"}\n"));
    assertThatThrownBy(() -> BundleManifest.read(dir)).hasMessageContaining("deb artifact debs/a.deb has no version");
    Files.writeString(dir.resolve("bundle.yml"), deb.replace("os: debian-12", "os: debian-10"));
    assertThatThrownBy(() -> BundleManifest.read(dir)).hasMessageContaining("target os debian-10 is not a bundle "
        + "platform (el7, el8, el9, debian-11, debian-12, ubuntu-22.04, ubuntu-24.04)");
  }

  @Test
  void theInstallSideTakesEachPlatformFromItsPlace() throws Exception {
    String deb = Files.readString(committed().resolveSibling("debian-12.yml"));
    String fetched = deb.replace("artifacts: []",
        "artifacts:\n  - {file: debs/a.deb, kind: deb, name: a, version: \"1\", size: 1, sha256: \"" + "a".repeat(64)
            + "\"}\n");
    // a debian-12 manifest at the top of the directory is in el7's place
    Files.writeString(dir.resolve("bundle.yml"), fetched);
    assertThatThrownBy(() -> io.jprov.bundle.install.BundleParts.read(dir))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("bundle.yml: a bundle for debian-12 in the place of el7 (the top of the directory);"
            + " fetch it with `jprov bundle fetch --platform debian-12`");
    Files.delete(dir.resolve("bundle.yml"));
    Files.createDirectories(dir.resolve("debian-12"));
    Files.writeString(dir.resolve("debian-12/bundle.yml"), fetched);
    io.jprov.bundle.install.BundleParts parts = io.jprov.bundle.install.BundleParts.read(dir);
    assertThat(parts.parts()).containsOnlyKeys("debian-12");
    assertThat(parts.parts().get("debian-12").dir()).isEqualTo(dir.resolve("debian-12").toAbsolutePath().normalize());
  }

  @Test
  void unsupportedFormat() throws Exception {
    Files.writeString(dir.resolve("bundle.yml"), Files.readString(committed()).replace("format: 1", "format: 2"));
    assertThatThrownBy(() -> BundleManifest.read(dir)).hasMessageContaining("unsupported bundle format 2");
  }

  @Test
  void missingDirectoryAndFile() {
    assertThatThrownBy(() -> BundleManifest.read(dir.resolve("nope")))
        .isInstanceOf(InputException.class).hasMessageEndingWith("nope: bundle directory not found");
    assertThatThrownBy(() -> BundleManifest.read(dir))
        .isInstanceOf(InputException.class).hasMessageContaining("bundle.yml: file not found");
  }

  @Test
  void artifactPathsMustStayInsideTheBundle() throws Exception {
    Files.writeString(dir.resolve("bundle.yml"), Files.readString(committed()).replace("artifacts: []", """
        artifacts:
          - {file: ../etc/passwd, kind: rpm, name: x, version: "1-1", size: 1, sha256: "%s"}
        """.formatted("a".repeat(64))));
    assertThatThrownBy(() -> BundleManifest.read(dir)).hasMessageContaining("must be a relative path inside");
  }

  @Test
  void badShaAndKind() throws Exception {
    String base = Files.readString(committed());
    Files.writeString(dir.resolve("bundle.yml"), base.replace("artifacts: []",
        "artifacts:\n  - {file: a.rpm, kind: rpm, name: x, version: \"1-1\", size: 1, sha256: xyz}\n"));
    assertThatThrownBy(() -> BundleManifest.read(dir)).hasMessageContaining("sha256 must be 64 lower-case hex");
    Files.writeString(dir.resolve("bundle.yml"), base.replace("artifacts: []",
        "artifacts:\n  - {file: a.deb, kind: deb, name: x, size: 1, sha256: \"" + "a".repeat(64) + "\"}\n"));
    assertThatThrownBy(() -> BundleManifest.read(dir)).hasMessageContaining("unknown artifact kind 'deb'");
  }

  @Test
  void versionMovesTheDockerPinsAndFloatsTheRest() {
    BundleManifest req = BundleManifest.load(committed(), "bundle.yml");
    assertThat(BundleFetcher.pins(req, null)).containsEntry("containerd.io", "1.6.33-3.1.el7");
    var p = BundleFetcher.pins(req, "24.0.9");
    assertThat(p).containsEntry("docker-ce", "3:24.0.9-1.el7").containsEntry("docker-ce-cli", "1:24.0.9-1.el7")
        .containsEntry("docker-ce-rootless-extras", "24.0.9-1.el7").containsEntry("containerd.io", null);
  }
}
