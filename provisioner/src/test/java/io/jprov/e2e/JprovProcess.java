package io.jprov.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

/**
 * jprov as a separate process (the shaded jar that {@code mvn package} built before the integration tests), for
 * what only a real process shows: signals (Ctrl-C, TERM), exit codes 130/143, output written while it runs.
 */
final class JprovProcess {
  private static final Map<Process, Path[]> OUTPUT = new WeakHashMap<>();

  private JprovProcess() {}

  static Path jar() {
    Path home = Path.of(System.getProperty("jprov.home", "..")).toAbsolutePath().normalize();
    Path jar = home.resolve("provisioner/target/jprov.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run `mvn package` first");
    }
    return jar;
  }

  /** Starts {@code jprov ARGS...}; stdout and stderr go to files in {@code tmp}. */
  static Process start(Path tmp, String... args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Djprov.home=" + jar().getParent().getParent().getParent(),
        "-jar", jar().toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(0, io.jprov.util.ChildSignals.sigintRestored()); // Ctrl-C tests, whatever launched the suite
    Path out = Files.createTempFile(tmp, "jprov-", ".out");
    Path err = Files.createTempFile(tmp, "jprov-", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    synchronized (OUTPUT) {
      OUTPUT.put(p, new Path[] {out, err});
    }
    return p;
  }

  static void signal(Process p, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
    }
  }

  /** Waits up to {@code seconds} for {@code text} on the process's stderr; returns stderr as it is then. */
  static String awaitStderr(Process p, String text, int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String err = "";
    while (System.nanoTime() < deadline) {
      err = Files.readString(files(p)[1], StandardCharsets.UTF_8);
      if (err.contains(text)) {
        return err;
      }
      Thread.sleep(100);
    }
    return err;
  }

  /** stdout + stderr so far. */
  static String output(Process p) throws IOException {
    Path[] f = files(p);
    String all = Files.readString(f[0], StandardCharsets.UTF_8) + Files.readString(f[1], StandardCharsets.UTF_8);
    System.out.println("$ jprov (process " + p.pid() + ")\n" + all);
    return all;
  }

  static JsonNode json(Path report) throws IOException {
    if (!Files.exists(report)) {
      throw new AssertionError("no report written at " + report);
    }
    return new ObjectMapper().readTree(report.toFile());
  }

  private static Path[] files(Process p) {
    synchronized (OUTPUT) {
      return OUTPUT.get(p);
    }
  }
}
