package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real jprov process on the test classpath ({@code io.jprov.Main}), its stdout and stderr
 * collected in the background: for what only a process shows (signals, exit codes 130 and 143).
 */
final class JprovSubprocess {
  private final Process process;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private JprovSubprocess(Process process) {
    this.process = process;
    pump(process.getInputStream(), out);
    pump(process.getErrorStream(), err);
  }

  /** Starts {@code jprov args...} with {@code env} added to this JVM's environment. */
  static JprovSubprocess start(Map<String, String> env, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "-Djprov.home=" + Path.of("..").toAbsolutePath().normalize(), "io.jprov.Main"));
    cmd.addAll(List.of(args));
    cmd.addAll(0, io.jprov.util.ChildSignals.sigintRestored()); // Ctrl-C tests, whatever launched the suite
    ProcessBuilder b = new ProcessBuilder(cmd);
    b.environment().putAll(env);
    return new JprovSubprocess(b.start());
  }

  Process process() {
    return process;
  }

  String stdout() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  String stderr() {
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  /** Sends {@code signal} (INT, TERM) to the process. */
  void kill(String signal) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor()).isZero();
  }

  /** Waits up to 60 s for {@code f}, which the process's command creates once it runs, then 200 ms more. */
  void awaitFile(Path f) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(f)) {
      assertThat(System.nanoTime()).as("jprov never started the command: " + stderr() + stdout()).isLessThan(end);
      assertThat(process.isAlive()).as("jprov ended early: " + stderr() + stdout()).isTrue();
      Thread.sleep(50);
    }
    Thread.sleep(200);
  }

  /** Waits up to {@code seconds} for the process to end, with exit code {@code code}. */
  void assertExits(int code, int seconds) throws InterruptedException {
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as(stderr()).isTrue();
    assertThat(process.exitValue()).as(stderr()).isEqualTo(code);
  }

  /** Waits until stderr contains {@code text}, failing after {@code maxMs}; returns how long that took in ms. */
  long awaitStderr(String text, long maxMs) throws InterruptedException {
    long t0 = System.nanoTime();
    while (!stderr().contains(text)) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).as("stderr so far: " + stderr()).isLessThan(maxMs);
      Thread.sleep(20);
    }
    return (System.nanoTime() - t0) / 1_000_000;
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
