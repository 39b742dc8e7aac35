package io.jprov.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * What the {@link Connection#copy} tests of every transport share: a source file of random bytes
 * with its sha256, and a symlink planted the way another local user would plant one.
 *
 * @param local the source file
 * @param data its bytes
 * @param sha their sha256, hex
 */
public record CopyFixture(Path local, byte[] data, String sha) {

  /** Writes {@code size} random bytes (from {@code seed}) to {@code file}. */
  public static CopyFixture random(Path file, int size, long seed) throws Exception {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    Files.write(file, data);
    return new CopyFixture(file, data, io.jprov.util.Sha256.of(data));
  }

  /** A copy of the whole source file to {@code dest}. */
  public FileCopy to(String dest, String mode, boolean become) {
    return new FileCopy(local, dest, mode, data.length, sha, become);
  }

  /**
   * Plants {@code tmp/pub/linkName}, a symlink owned by uid 65534 in a sticky world-writable
   * directory, to {@code tmp/victim}, which holds one file {@code precious} reading "precious".
   * Skips the test unless it runs as root (only root can chown the link).
   *
   * @return the link
   */
  public static Path plantForeignSymlink(Path tmp, String linkName, String precious) throws Exception {
    assumeRoot();
    Path pub = Files.createDirectories(tmp.resolve("pub"));
    sh("chmod 1777 " + pub);
    Path victim = Files.createDirectories(tmp.resolve("victim"));
    Files.writeString(victim.resolve(precious), "precious");
    Path link = Files.createSymbolicLink(pub.resolve(linkName), victim);
    sh("chown -h 65534 " + link);
    return link;
  }

  /** The target of {@link #plantForeignSymlink} is as planted: its one file, still "precious". */
  public static void assertVictimUntouched(Path tmp, String precious) throws Exception {
    Path victim = tmp.resolve("victim");
    assertThat(Files.readString(victim.resolve(precious))).isEqualTo("precious");
    try (var files = Files.list(victim)) {
      assertThat(files).hasSize(1);
    }
  }

  /** Skips the test unless it runs as root. */
  public static void assumeRoot() throws Exception {
    Process p = new ProcessBuilder("id", "-u").start();
    assumeTrue(new String(p.getInputStream().readAllBytes()).strip().equals("0"),
        "needs root to plant files owned by another user");
  }

  /** Runs {@code cmd} with {@code sh -c}; fails unless it exits 0. */
  public static void sh(String cmd) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(cmd + ": " + out);
    }
  }
}
