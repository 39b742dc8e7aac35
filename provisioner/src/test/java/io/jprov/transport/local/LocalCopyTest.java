package io.jprov.transport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.transport.FileCopy;
import io.jprov.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalConnection#copy}: the same resume and checksum semantics as the SSH transport. */
class LocalCopyTest {
  @TempDir Path tmp;
  LocalConnection c = new LocalConnection("localhost", Duration.ofSeconds(10));
  byte[] data;
  Path local;
  Path dest;
  String sha;

  @BeforeEach
  void setUp() throws Exception {
    data = new byte[200_000];
    new Random(7).nextBytes(data);
    local = tmp.resolve("src.tar");
    Files.write(local, data);
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    dest = tmp.resolve("dest/images/hello.tar");
  }

  private FileCopy copy() {
    return new FileCopy(local, dest.toString(), "0640", data.length, sha, false);
  }

  @Test
  void freshCopy() throws Exception {
    FileCopy.Result r = c.copy(copy());
    assertThat(r).isEqualTo(new FileCopy.Result(data.length, 0));
    assertThat(Files.readAllBytes(dest)).isEqualTo(data);
    assertThat(Files.getPosixFilePermissions(dest)).hasSize(3);
  }

  @Test
  void resumesFromAPartialFile() throws Exception {
    Files.createDirectories(dest.getParent());
    Files.write(Path.of(dest + ".part"), Arrays.copyOf(data, 123_456));
    FileCopy.Result r = c.copy(copy());
    assertThat(r).isEqualTo(new FileCopy.Result(data.length - 123_456, 123_456));
    assertThat(Files.readAllBytes(dest)).isEqualTo(data);
    assertThat(Files.exists(Path.of(dest + ".part"))).isFalse();
  }

  @Test
  void wrongPartIsDeletedAndTheCopyFails() throws Exception {
    Files.createDirectories(dest.getParent());
    Files.write(Path.of(dest + ".part"), new byte[5000]);
    assertThatThrownBy(() -> c.copy(copy())).isInstanceOf(TransportException.class)
        .hasMessageContaining("sha256 mismatch").hasMessageContaining("resumed at byte 5000");
    assertThat(Files.exists(Path.of(dest + ".part"))).isFalse();
    assertThat(Files.exists(dest)).isFalse();
  }

  @Test
  void aSymlinkPlantedByAnotherUserIsRefusedAndItsTargetUntouched() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Posix.geteuid() == 0, "needs root to chown the planted link");
    Path pub = Files.createDirectories(tmp.resolve("pub"));
    sh("chmod 1777 " + pub);
    Path victim = Files.createDirectories(tmp.resolve("victim"));
    Files.writeString(victim.resolve("hello.tar.part"), "precious");
    Path link = Files.createSymbolicLink(pub.resolve("bundle"), victim);
    sh("chown -h 65534 " + link);
    FileCopy planted = new FileCopy(local, link.resolve("hello.tar").toString(), "0644", data.length, sha, true);
    assertThatThrownBy(() -> c.copy(planted)).isInstanceOf(TransportException.class)
        .hasMessageContaining("refusing an unsafe directory: " + link + " is a symlink owned by");
    assertThat(Files.readString(victim.resolve("hello.tar.part"))).isEqualTo("precious");
    try (var files = Files.list(victim)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void aNewDirectoryIsCreatedMode0700() throws Exception {
    c.copy(copy());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.getParent())))
        .isEqualTo("rwx------");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dest.getParent().getParent()))).isEqualTo("rwx------");
  }

  private static void sh(String cmd) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(cmd + ": " + out);
    }
  }

  @Test
  void anExistingWrongFileIsReplaced() throws Exception {
    Files.createDirectories(dest.getParent());
    Files.writeString(dest, "garbage");
    c.copy(copy());
    assertThat(Files.readAllBytes(dest)).isEqualTo(data);
  }
}
