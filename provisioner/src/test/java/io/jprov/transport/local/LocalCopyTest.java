package io.jprov.transport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.transport.CopyFixture;
import io.jprov.transport.FileCopy;
import io.jprov.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalConnection#copy}: the same resume and checksum semantics as the SSH transport. */
class LocalCopyTest {
  @TempDir Path tmp;
  LocalConnection c = new LocalConnection("localhost", Duration.ofSeconds(10));
  CopyFixture src;
  byte[] data;
  Path dest;

  @BeforeEach
  void setUp() throws Exception {
    src = CopyFixture.random(tmp.resolve("src.tar"), 200_000, 7);
    data = src.data();
    dest = tmp.resolve("dest/images/hello.tar");
  }

  private FileCopy copy() {
    return src.to(dest.toString(), "0640", false);
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
    Path link = CopyFixture.plantForeignSymlink(tmp, "bundle", "hello.tar.part");
    FileCopy planted = src.to(link.resolve("hello.tar").toString(), "0644", true);
    assertThatThrownBy(() -> c.copy(planted)).isInstanceOf(TransportException.class)
        .hasMessageContaining("refusing an unsafe directory: " + link + " is a symlink owned by");
    CopyFixture.assertVictimUntouched(tmp, "hello.tar.part");
  }

  @Test
  void aNewDirectoryIsCreatedMode0700() throws Exception {
    c.copy(copy());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.getParent())))
        .isEqualTo("rwx------");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dest.getParent().getParent()))).isEqualTo("rwx------");
  }

  @Test
  void anExistingWrongFileIsReplaced() throws Exception {
    Files.createDirectories(dest.getParent());
    Files.writeString(dest, "garbage");
    c.copy(copy());
    assertThat(Files.readAllBytes(dest)).isEqualTo(data);
  }
}
