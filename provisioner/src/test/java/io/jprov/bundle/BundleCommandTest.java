package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import io.jprov.JprovRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jprov bundle verify|info} exit codes and messages on a hand-made bundle. */
class BundleCommandTest {
  @TempDir Path dir;

  static JprovRun jprov(String... args) {
    return JprovRun.of(args);
  }

  Path bundle() throws Exception {
    Path b = dir.resolve("b");
    Files.createDirectories(b.resolve("rpms"));
    byte[] rpm = "not really an rpm".getBytes(StandardCharsets.UTF_8);
    byte[] key = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n".getBytes(StandardCharsets.UTF_8);
    Files.write(b.resolve("rpms/x-1-1.el7.x86_64.rpm"), rpm);
    Files.createDirectories(b.resolve("keys"));
    Files.write(b.resolve("keys/k.gpg"), key);
    BundleManifest.load(BundleManifestTest.committed(), "bundle.yml").withArtifacts(List.of(
        new BundleManifest.Artifact("rpms/x-1-1.el7.x86_64.rpm", BundleManifest.Kind.RPM, "x", "1-1.el7", rpm.length,
            io.jprov.util.Sha256.of(rpm), "http://m/x.rpm"),
        new BundleManifest.Artifact("keys/k.gpg", BundleManifest.Kind.KEY, "base", null, key.length,
            io.jprov.util.Sha256.of(key), "http://m/k")), "2026-11-29T12:00:00Z").write(b);
    return b;
  }

  @Test
  void verifyAndInfoOnAGoodBundle() throws Exception {
    Path b = bundle();
    JprovRun v = jprov("bundle", "verify", "--dir", b.toString());
    assertThat(v.code()).isZero();
    assertThat(v.out()).contains("2 files verified");
    JprovRun i = jprov("bundle", "info", "--dir", b.toString());
    assertThat(i.code()).isZero();
    assertThat(i.out()).contains("target:         el7 x86_64", "docker version: 26.1.4", "1 rpms, 1 keys, 0 images",
        "fetched:        2026-11-29T12:00:00Z");
  }

  @Test
  void verifyNamesTheBadFilesAndExits2() throws Exception {
    Path b = bundle();
    Files.writeString(b.resolve("rpms/x-1-1.el7.x86_64.rpm"), "not really an rpn");
    Files.delete(b.resolve("keys/k.gpg"));
    JprovRun v = jprov("bundle", "verify", "--dir", b.toString());
    assertThat(v.code()).isEqualTo(2);
    assertThat(v.err()).contains("jprov: rpms/x-1-1.el7.x86_64.rpm: sha256 mismatch (expected ")
        .contains("jprov: keys/k.gpg: missing");
    Files.writeString(b.resolve("rpms/x-1-1.el7.x86_64.rpm"), "short");
    assertThat(jprov("bundle", "verify", "--dir", b.toString()).err())
        .contains("rpms/x-1-1.el7.x86_64.rpm: size mismatch (expected 17 bytes, found 5)");
  }

  @Test
  void missingDirectoryAndWrongArchExit2() throws Exception {
    JprovRun v = jprov("bundle", "verify", "--dir", dir.resolve("nope").toString());
    assertThat(v.code()).isEqualTo(2);
    assertThat(v.err()).contains("nope: bundle directory not found");
    Path b = bundle();
    Files.writeString(b.resolve("bundle.yml"), Files.readString(b.resolve("bundle.yml"))
        .replace("arch: x86_64", "arch: aarch64"));
    JprovRun i = jprov("bundle", "info", "--dir", b.toString());
    assertThat(i.code()).isEqualTo(2);
    assertThat(i.err()).contains("target arch aarch64 does not match x86_64");
  }

  @Test
  void fetchWithUnreachableMirrorFailsWithTheUrl() throws Exception {
    JprovRun f = jprov("bundle", "fetch", "--dir", dir.resolve("f").toString(), "--mirror", "http://127.0.0.1:1/docker-ce",
        "--base-mirror", "http://127.0.0.1:1/centos", "--registry", "http://127.0.0.1:1");
    // exit 5: a network error, documented apart from internal errors (1) and bad input (2); the repository
    // keys are fetched (and checked against the pins) first
    assertThat(f.code()).isEqualTo(5);
    assertThat(f.err()).contains("network error").contains("http://127.0.0.1:1/docker-ce/linux/centos/gpg");
  }
}
