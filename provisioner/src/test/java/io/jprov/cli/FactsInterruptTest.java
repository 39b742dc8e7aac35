package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real {@code jprov facts --local} whose fact read hangs (a {@code uname} on the PATH
 * that sleeps): the engine's interrupt handling applies as for {@code apply}: the first SIGINT is
 * answered at once, the second abandons the command; the JSON is printed with the host
 * interrupted; exit 130.
 */
class FactsInterruptTest {
  @TempDir Path tmp;

  @Test
  void ctrlCTwiceAbandonsTheFactReadAndExits130() throws Exception {
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    Path uname = bin.resolve("uname");
    Files.writeString(uname, "#!/bin/sh\ntouch " + tmp.resolve("started") + "\nexec sleep 60\n");
    Files.setPosixFilePermissions(uname, PosixFilePermissions.fromString("rwxr-xr-x"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder b = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Djprov.home=" + Path.of("..").toAbsolutePath().normalize(), "io.jprov.Main", "facts", "--local");
    b.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = b.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    pump(p.getInputStream(), out);
    pump(p.getErrorStream(), err);
    try {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(tmp.resolve("started"))) {
        assertThat(p.isAlive()).as("jprov ended early: %s %s", text(err), text(out)).isTrue();
        assertThat(System.nanoTime()).as("the fact read never started").isLessThan(end);
        Thread.sleep(50);
      }
      Thread.sleep(200);
      kill(p);
      long t0 = System.nanoTime();
      while (!text(err).contains("waiting for 1 running command")) {
        assertThat((System.nanoTime() - t0) / 1_000_000).as(text(err)).isLessThan(2000);
        Thread.sleep(20);
      }
      assertThat(p.isAlive()).isTrue();
      kill(p);
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).as(text(err)).isTrue();
      assertThat(p.exitValue()).as(text(err)).isEqualTo(130);
      assertThat(text(out)).contains("\"localhost\"").contains("\"interrupted\"");
    } finally {
      p.destroyForcibly();
    }
  }

  private static void kill(Process p) throws Exception {
    assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor()).isZero();
  }

  private static String text(ByteArrayOutputStream s) {
    synchronized (s) {
      return s.toString(StandardCharsets.UTF_8);
    }
  }

  private static void pump(InputStream in, ByteArrayOutputStream to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[4096];
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          synchronized (to) {
            to.write(buf, 0, n);
          }
        }
      } catch (IOException e) {
        // process gone
      }
    });
    t.setDaemon(true);
    t.start();
  }
}
