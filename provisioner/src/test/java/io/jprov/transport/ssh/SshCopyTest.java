package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.transport.Connection;
import io.jprov.transport.FileCopy;
import io.jprov.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Connection#copy} over SFTP against the in-process MINA server: fresh, resumed, wrong .part. */
class SshCopyTest extends SshFixture {
  @TempDir Path tmp;
  Connection c;
  Path local;
  byte[] data;
  String sha;
  Path remoteDir;

  @BeforeEach
  void setUp() throws Exception {
    setUpHome(tmp);
    Path key = keygen("id_ed25519", "ed25519", "", null);
    SshTestServer s = server().authorize(Path.of(key + ".pub")).start();
    trust(s);
    c = track(factory().open(host("web01", spec(s.port()))));
    data = new byte[300_000];
    new Random(42).nextBytes(data);
    local = tmp.resolve("local.rpm");
    Files.write(local, data);
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    remoteDir = tmp.resolve("remote/rpms");
  }

  @AfterEach
  void after() throws Exception {
    tearDown();
  }

  private FileCopy copy() {
    return new FileCopy(local, remoteDir.resolve("x.rpm").toString(), "0644", data.length, sha, false);
  }

  @Test
  void freshCopyStreamsEveryByteAndRenamesIntoPlace() throws Exception {
    FileCopy.Result r = c.copy(copy());
    assertThat(r.transferred()).isEqualTo(data.length);
    assertThat(r.resumedFrom()).isZero();
    assertThat(Files.readAllBytes(remoteDir.resolve("x.rpm"))).isEqualTo(data);
    assertThat(Files.exists(remoteDir.resolve("x.rpm.part"))).isFalse();
  }

  @Test
  void halfUploadedPartResumesAndSendsOnlyTheRest() throws Exception {
    Files.createDirectories(remoteDir);
    int half = data.length / 2;
    Files.write(remoteDir.resolve("x.rpm.part"), Arrays.copyOf(data, half));
    FileCopy.Result r = c.copy(copy());
    assertThat(r.resumedFrom()).isEqualTo(half);
    assertThat(r.transferred()).isEqualTo(data.length - half);
    assertThat(Files.readAllBytes(remoteDir.resolve("x.rpm"))).isEqualTo(data);
    assertThat(Files.exists(remoteDir.resolve("x.rpm.part"))).isFalse();
  }

  @Test
  void wrongPartFailsTheChecksumAndIsDeleted() throws Exception {
    Files.createDirectories(remoteDir);
    Files.write(remoteDir.resolve("x.rpm.part"), new byte[1000]);
    assertThatThrownBy(() -> c.copy(copy()))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("sha256 mismatch")
        .hasMessageContaining("resumed at byte 1000")
        .hasMessageContaining("x.rpm.part deleted");
    assertThat(Files.exists(remoteDir.resolve("x.rpm.part"))).isFalse();
    assertThat(Files.exists(remoteDir.resolve("x.rpm"))).isFalse();
    assertThat(c.copy(copy()).transferred()).isEqualTo(data.length);
  }

  @Test
  void partLongerThanTheFileStartsOver() throws Exception {
    Files.createDirectories(remoteDir);
    Files.write(remoteDir.resolve("x.rpm.part"), new byte[data.length + 10]);
    FileCopy.Result r = c.copy(copy());
    assertThat(r.resumedFrom()).isZero();
    assertThat(Files.readAllBytes(remoteDir.resolve("x.rpm"))).isEqualTo(data);
  }

  @Test
  void aLocalFileOfTheWrongSizeIsRefusedBeforeSending() {
    FileCopy bad = new FileCopy(local, remoteDir.resolve("x.rpm").toString(), "0644", data.length + 1, sha, false);
    assertThatThrownBy(() -> c.copy(bad)).hasMessageContaining("expected " + (data.length + 1));
  }
}
