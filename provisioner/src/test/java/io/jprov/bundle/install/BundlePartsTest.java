package io.jprov.bundle.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.InputException;
import io.jprov.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bundle directory holding several platforms, as {@code apply --bundle} reads it (docs/bundle.md). */
class BundlePartsTest {
  @TempDir Path dir;

  /** A fetched manifest of {@code os} in {@code part} with one package file and the image. */
  private void part(Path part, String os, String arch, String kind, String file, String version) throws Exception {
    Files.createDirectories(part.resolve(file).getParent());
    Files.writeString(part.resolve(file), os + " package");
    Files.createDirectories(part.resolve("images"));
    Files.writeString(part.resolve("images/hello-world.tar"), "tar of " + os);
    Files.writeString(part.resolve("bundle.yml"), "format: 1\ntarget: {os: " + os + ", arch: " + arch + "}\n"
        + "docker_version: \"26.1.4\"\npackages:\n  - {name: docker-ce, version: \"" + version + "\"}\n"
        + "images:\n  - {name: \"hello-world:latest\", platform: linux/amd64}\nartifacts:\n"
        + "  - {file: " + file + ", kind: " + kind + ", name: docker-ce, version: \"" + version + "\", size: "
        + Files.size(part.resolve(file)) + ", sha256: " + Sha256.of(part.resolve(file)) + "}\n"
        + "  - {file: images/hello-world.tar, kind: image, name: \"hello-world:latest\", size: "
        + Files.size(part.resolve("images/hello-world.tar")) + ", sha256: "
        + Sha256.of(part.resolve("images/hello-world.tar")) + "}\n");
  }

  private void el9AndDebian12() throws Exception {
    part(dir.resolve("el9"), "el9", "x86_64", "rpm", "rpms/docker-ce-26.1.4-1.el9.x86_64.rpm", "3:26.1.4-1.el9");
    part(dir.resolve("debian-12"), "debian-12", "amd64", "deb", "debs/docker-ce.deb", "5:26.1.4-1~debian.12~bookworm");
  }

  @Test
  void everyPlatformsPartIsReadAndGivenToThePlaybookUnderItsKey() throws Exception {
    el9AndDebian12();
    BundleParts parts = BundleParts.read(dir);
    assertThat(parts.parts()).containsOnlyKeys("el9", "debian-12");
    parts.verifyFiles();
    assertThat(parts.dockerVersions()).containsExactly("26.1.4");

    Map<String, Object> v = parts.vars("/var/tmp/jprov-bundle");
    assertThat(v).containsEntry("dir", dir.toAbsolutePath().normalize().toString())
        .containsEntry("dest", "/var/tmp/jprov-bundle").containsEntry("platform_keys", List.of("el9", "debian-12"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> platforms = (Map<String, Map<String, Object>>) v.get("platforms");
    Map<String, Object> deb = platforms.get("debian-12");
    assertThat(deb).containsEntry("dir", dir.resolve("debian-12").toAbsolutePath().normalize().toString())
        .containsEntry("package_files", Map.of("docker-ce", "debs/docker-ce.deb"))
        .containsEntry("package_versions", Map.of("docker-ce", "5:26.1.4-1~debian.12~bookworm"))
        .containsEntry("image", "images/hello-world.tar").containsEntry("image_name", "hello-world:latest");
    assertThat(platforms.get("el9")).containsEntry("package_files",
        Map.of("docker-ce", "rpms/docker-ce-26.1.4-1.el9.x86_64.rpm"));
  }

  @Test
  void el7StaysAtTheTopBesideTheOtherPlatforms() throws Exception {
    el9AndDebian12();
    part(dir, "el7", "x86_64", "rpm", "rpms/docker-ce-26.1.4-1.el7.x86_64.rpm", "3:26.1.4-1.el7");
    BundleParts parts = BundleParts.read(dir);
    assertThat(parts.parts().keySet()).containsExactly("el7", "el9", "debian-12");
    assertThat(parts.parts().get("el7").dir()).isEqualTo(dir.toAbsolutePath().normalize());
    assertThat(parts.platforms()).isEqualTo("el7, el9, debian-12");
  }

  @Test
  void aFileOfAnyPartThatDiffersIsRefusedBeforeAnyHostIsContacted() throws Exception {
    el9AndDebian12();
    Files.writeString(dir.resolve("debian-12/debs/docker-ce.deb"), "debian-12 packagf");
    BundleParts parts = BundleParts.read(dir);
    assertThatThrownBy(parts::verifyFiles).isInstanceOf(InputException.class)
        .hasMessageContaining("debs/docker-ce.deb: sha256 mismatch");
  }

  @Test
  void aDirectoryWithoutAnyPartSaysHowToMakeOne() throws Exception {
    Files.createDirectories(dir.resolve("el9"));
    assertThatThrownBy(() -> BundleParts.read(dir)).isInstanceOf(InputException.class)
        .hasMessageContaining("no bundle.yml in the bundle directory nor in a platform folder")
        .hasMessageContaining("jprov bundle fetch --dir");
    assertThatThrownBy(() -> BundleParts.read(dir.resolve("nope"))).hasMessageContaining("no such bundle directory");
  }

  @Test
  void aManifestInAnotherPlatformsFolderIsRefused() throws Exception {
    part(dir.resolve("el9"), "el8", "x86_64", "rpm", "rpms/docker-ce.rpm", "3:26.1.4-1.el8");
    assertThatThrownBy(() -> BundleParts.read(dir)).isInstanceOf(InputException.class)
        .hasMessageContaining("a bundle for el8 in the place of el9 (el9/)");
  }
}
