package io.jprov.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link UploadScript} run with {@code sh} against real files (both transports' sudo path runs this script). */
class UploadScriptTest {
  @TempDir Path tmp;

  private static int run(FileUpload u) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", UploadScript.of(u)).redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(u.content());
    }
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static FileUpload upload(Path dest, String content, String mode, String owner, String group) {
    return new FileUpload(dest.toString(), content.getBytes(StandardCharsets.UTF_8), mode, owner, group, true);
  }

  @Test
  void writesANewFile0644AndKeepsAnExistingFilesMode() throws Exception {
    Path dest = tmp.resolve("it's a file.conf");
    assertThat(run(upload(dest, "one\n", null, null, null))).isZero();
    assertThat(Files.readString(dest)).isEqualTo("one\n");
    assertThat(perms(dest)).isEqualTo("rw-r--r--");
    Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rw-------"));
    assertThat(run(upload(dest, "two\n", null, null, null))).isZero();
    assertThat(Files.readString(dest)).isEqualTo("two\n");
    assertThat(perms(dest)).isEqualTo("rw-------");
    assertThat(run(upload(dest, "three\n", "0640", null, null))).isZero();
    assertThat(perms(dest)).isEqualTo("rw-r-----");
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(dest);
    }
  }

  @Test
  void aFailedStepLeavesTheDestinationAndNoTemporaryFile() throws Exception {
    Path dest = Files.writeString(tmp.resolve("app.conf"), "old\n");
    assertThat(run(upload(dest, "new\n", "0644", "no-such-user-xyz", null))).isNotZero();
    assertThat(Files.readString(dest)).isEqualTo("old\n");
    // a directory of the destination's name is not written into
    Path dir = Files.createDirectories(tmp.resolve("d"));
    assertThat(run(upload(dir, "x\n", null, null, null))).isNotZero();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactlyInAnyOrder(dest, dir);
    }
  }

  @Test
  void ownerAndGroupAreSetAsRoot() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    assumeTrue(new String(id.getInputStream().readAllBytes()).strip().equals("0"), "needs root to chown");
    Path dest = tmp.resolve("owned");
    assertThat(run(upload(dest, "x", null, "nobody", null))).isZero();
    assertThat(Files.getOwner(dest).getName()).isEqualTo("nobody");
    assertThat(run(upload(dest, "y", null, null, "root"))).isZero();
    assertThat(Files.getOwner(dest).getName()).isEqualTo("root");
    assertThat(Files.readAttributes(dest, java.nio.file.attribute.PosixFileAttributes.class).group().getName())
        .isEqualTo("root");
  }

  @Test
  void ownerSpecForChown() {
    assertThat(UploadScript.ownerSpec(new FileUpload("/x", new byte[0], null, "u", "g", true))).isEqualTo("u:g");
    assertThat(UploadScript.ownerSpec(new FileUpload("/x", new byte[0], null, "u", null, true))).isEqualTo("u");
    assertThat(UploadScript.ownerSpec(new FileUpload("/x", new byte[0], null, null, "g", true))).isEqualTo(":g");
    assertThat(UploadScript.ownerSpec(new FileUpload("/x", new byte[0], null, null, null, true))).isNull();
  }
}
