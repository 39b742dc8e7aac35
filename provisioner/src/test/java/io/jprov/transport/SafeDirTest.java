package io.jprov.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SafeDir}'s walk, run with {@code sh} against real directories (as root where owners matter). */
class SafeDirTest {
  @TempDir Path tmp;

  private record Run(int rc, String err) {}

  private static Run sh(String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script).start();
    p.getOutputStream().close();
    p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes());
    return new Run(p.waitFor(), err);
  }

  private static boolean root() throws Exception {
    Process p = new ProcessBuilder("id", "-u").start();
    return new String(p.getInputStream().readAllBytes()).strip().equals("0");
  }

  @Test
  void aMissingDirectoryIsCreated0700AndRequireCreatesNothing() throws Exception {
    Path d = tmp.resolve("a/b");
    assertThat(sh(SafeDir.require(d.toString())).rc()).isZero();
    assertThat(Files.exists(tmp.resolve("a"))).isFalse();
    assertThat(sh(SafeDir.ensure(d.toString())).rc()).isZero();
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(d)))
        .isEqualTo("rwx------");
  }

  @Test
  void aRootOwnedSymlinkInAStickyDirectoryIsRefusedToo() throws Exception {
    assumeTrue(root(), "the link must be root's");
    Path pub = Files.createDirectories(tmp.resolve("pub"));
    sh("chmod 1777 " + pub);
    Path target = Files.createDirectories(tmp.resolve("target"));
    Files.createSymbolicLink(pub.resolve("b"), target);
    Run r = sh(SafeDir.ensure(pub.resolve("b").toString()));
    assertThat(r.rc()).isEqualTo(SafeDir.REFUSED);
    assertThat(r.err()).isEqualTo(SafeDir.MARK + pub.resolve("b") + " is a symlink in a directory others can write\n");
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsRefused() throws Exception {
    Files.writeString(tmp.resolve("f"), "");
    Run r = sh(SafeDir.ensure(tmp.resolve("f").toString()));
    assertThat(r.rc()).isEqualTo(SafeDir.REFUSED);
    assertThat(r.err()).isEqualTo(SafeDir.MARK + tmp.resolve("f") + " is not a directory\n");
    assertThat(SafeDir.refusal(new CommandResult(r.rc(), "", r.err(), 1)))
        .startsWith("refusing an unsafe directory: " + tmp.resolve("f") + " is not a directory (it must be");
  }

  @Test
  void aGroupWritableAncestorWithoutTheStickyBitIsRefused() throws Exception {
    Path open = Files.createDirectories(tmp.resolve("open"));
    sh("chmod 0775 " + open);
    Run r = sh(SafeDir.ensure(open.resolve("bundle").toString()));
    assertThat(r.rc()).isEqualTo(SafeDir.REFUSED);
    assertThat(r.err()).contains(open + " is writable by group or others (mode 775)");
    assertThat(Files.exists(open.resolve("bundle"))).isFalse();
  }

  @Test
  void relativeOrDotPathsAreNotAccepted() {
    assertThatThrownBy(() -> SafeDir.walk("var/tmp", true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SafeDir.walk("/var/tmp/../etc", true)).isInstanceOf(IllegalArgumentException.class);
  }
}
