package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.transport.Connection;
import io.jprov.transport.CopyFixture;
import io.jprov.transport.FileCopy;
import io.jprov.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Connection#copy} over SFTP against the in-process MINA server: fresh, resumed, wrong .part. */
class SshCopyTest extends SshFixture {
  Connection c;
  CopyFixture src;
  byte[] data;
  Path remoteDir;

  @BeforeEach
  void setUp() throws Exception {
    Path key = keygen("id_ed25519", "ed25519", "", null);
    // NOPASSWD sudo: become copies take the sudo path (the test JVM's user is the "root" it reaches)
    SshTestServer s = startTrusted(server(key).fakeSudo(tmp.resolve("nopasswd"), null));
    c = track(factory().open(host("web01", spec(s.port()))));
    src = CopyFixture.random(tmp.resolve("local.rpm"), 300_000, 42);
    data = src.data();
    remoteDir = tmp.resolve("remote/rpms");
  }

  private FileCopy copy() {
    return src.to(remoteDir.resolve("x.rpm").toString(), "0644", false);
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
  void aSymlinkPlantedInAStickyDirectoryIsRefusedAndItsTargetUntouched() throws Exception {
    Path link = CopyFixture.plantForeignSymlink(tmp, "jprov-bundle", "x.rpm.part");
    assertThatThrownBy(() -> c.copy(src.to(link + "/x.rpm", "0644", true)))
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("cannot copy local.rpm to web01:" + link + "/x.rpm: refusing an unsafe directory: "
            + link + " is a symlink owned by ")
        .hasMessageContaining("(uid 65534)")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isFalse());
    CopyFixture.assertVictimUntouched(tmp, "x.rpm.part");
  }

  @Test
  void aDirectoryOwnedByAnotherUserIsRefused() throws Exception {
    CopyFixture.assumeRoot();
    Path dir = Files.createDirectories(tmp.resolve("bundle"));
    CopyFixture.sh("chmod 0700 " + dir + " && chown 65534 " + dir);
    assertThatThrownBy(() -> c.copy(src.to(dir + "/x.rpm", "0644", true)))
        .hasMessageContaining("refusing an unsafe directory: " + dir + " is owned by ")
        .hasMessageContaining("(uid 65534), not by root");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aDirectoryWritableByOthersIsRefusedEvenWithTheStickyBit() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bundle"));
    CopyFixture.sh("chmod 1777 " + dir);
    assertThatThrownBy(() -> c.copy(src.to(dir + "/x.rpm", "0644", true)))
        .hasMessageContaining("refusing an unsafe directory: " + dir + " is writable by group or others (mode 1777)");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void missingDirectoriesAreCreated0700AndARootOwnedLinkInAPrivateDirectoryIsFollowed() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("real"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    c.copy(src.to(link + "/jprov-bundle/rpms/x.rpm", "0644", true));
    assertThat(Files.readAllBytes(real.resolve("jprov-bundle/rpms/x.rpm"))).isEqualTo(data);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real.resolve("jprov-bundle"))))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real.resolve("jprov-bundle/rpms"))))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real.resolve("jprov-bundle/rpms/x.rpm"))))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void aPlantedPartSymlinkIsReplacedNotFollowed() throws Exception {
    Files.createDirectories(remoteDir);
    Path victim = tmp.resolve("victim.txt");
    Files.writeString(victim, "precious");
    Files.createSymbolicLink(remoteDir.resolve("x.rpm.part"), victim);
    c.copy(copy());
    assertThat(Files.readString(victim)).isEqualTo("precious");
    assertThat(Files.readAllBytes(remoteDir.resolve("x.rpm"))).isEqualTo(data);
  }

  @Test
  void aDiskFullWhileWritingReportsTheHostsErrorAndLeavesNoPart() throws Exception {
    // a cat that fails like GNU cat on a full file system after writing some bytes
    Path bin = Files.createDirectories(tmp.resolve("fullbin"));
    Files.writeString(bin.resolve("cat"), "#!/bin/sh\nhead -c 1000\n"
        + "echo 'cat: write error: No space left on device' >&2\nexit 1\n");
    CopyFixture.sh("chmod 755 " + bin.resolve("cat"));
    SshTestServer full = startTrusted(server(sshDir.resolve("id_ed25519")).pathPrefix(bin));
    Connection fc = track(factory().open(host("web02", spec(full.port()))));
    assertThatThrownBy(() -> fc.copy(copy()))
        .isInstanceOf(TransportException.class)
        .hasMessage("cannot copy local.rpm to web02:" + remoteDir + "/x.rpm: cat: write error: No space left on device; "
            + remoteDir + "/x.rpm.part deleted");
    try (var files = Files.list(remoteDir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aNonRootUserWithASudoPasswordStreamsTheFileAsRoot() throws Exception {
    env.put("BECOME_PW", "pw-123");
    SshTestServer sudo = startTrusted(server(sshDir.resolve("id_ed25519"))
        .fakeSudo(tmp.resolve("fakesudo"), "pw-123"));
    Spec spec = spec(sudo.port());
    spec.become = true;
    spec.becomePasswordEnv = "BECOME_PW";
    Connection sc = track(factory().open(host("web03", spec)));
    Files.createDirectories(remoteDir);
    Files.write(remoteDir.resolve("x.rpm.part"), Arrays.copyOf(data, 1234));
    FileCopy.Result r = sc.copy(src.to(remoteDir + "/x.rpm", "0644", true));
    assertThat(r).isEqualTo(new FileCopy.Result(data.length - 1234, 1234));
    assertThat(Files.readAllBytes(remoteDir.resolve("x.rpm"))).isEqualTo(data);
    assertThat(sudo.commands()).allSatisfy(cmd -> assertThat(cmd).startsWith("sh -c 'exec sudo -S -p ").doesNotContain("pw-123"));
  }

  @Test
  void aLocalFileOfTheWrongSizeIsRefusedBeforeSending() {
    FileCopy bad = new FileCopy(src.local(), remoteDir.resolve("x.rpm").toString(), "0644", data.length + 1, src.sha(), false);
    assertThatThrownBy(() -> c.copy(bad)).hasMessageContaining("expected " + (data.length + 1));
  }
}
