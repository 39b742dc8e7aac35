package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM on a real jprov process (the test classpath, {@code io.jprov.Main}) applying a
 * playbook over the local connection whose task sleeps: the first SIGINT is answered at once on
 * stderr, the second abandons the sleeping command, and the recap, the JSON report and the log
 * directory are written with the host marked interrupted; exit 130 (SIGINT) or 143 (SIGTERM).
 */
class InterruptTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** A running jprov with its output collected in the background. */
  record Jprov(Process process, ByteArrayOutputStream out, ByteArrayOutputStream err, Path json, Path logs) {
    String stderr() {
      synchronized (err) {
        return err.toString(StandardCharsets.UTF_8);
      }
    }

    String stdout() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }
  }

  private Jprov start(String sleepSeconds) throws IOException {
    Path pb = tmp.resolve("slow.yml");
    Files.writeString(pb, """
        name: slow
        hosts: all
        tasks:
          - name: long command
            command:
              cmd: "touch ${root}/started; sleep %s; touch ${root}/slept"
          - name: later task
            command:
              cmd: "touch ${root}/later"
        """.formatted(sleepSeconds));
    Path json = tmp.resolve("report.json");
    Path logs = tmp.resolve("logs");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder b = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Djprov.home=" + Path.of("..").toAbsolutePath().normalize(), "io.jprov.Main",
        "apply", pb.toString(), "--local", "--no-color", "-e", "root=" + tmp,
        "--json", json.toString(), "--log-dir", logs.toString());
    Process p = b.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    pump(p.getInputStream(), out);
    pump(p.getErrorStream(), err);
    return new Jprov(p, out, err, json, logs);
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

  private void awaitFile(Path f, Jprov j) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(f)) {
      assertThat(System.nanoTime()).as("jprov never started the command: " + j.stderr() + j.stdout()).isLessThan(end);
      assertThat(j.process().isAlive()).as("jprov ended early: " + j.stderr() + j.stdout()).isTrue();
      Thread.sleep(50);
    }
    Thread.sleep(200);
  }

  private static void kill(Process p, String signal) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor()).isZero();
  }

  /** Waits until stderr contains {@code text}; returns how long that took in ms. */
  private static long awaitStderr(Jprov j, String text, long maxMs) throws InterruptedException {
    long t0 = System.nanoTime();
    while (!j.stderr().contains(text)) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).as("stderr so far: " + j.stderr()).isLessThan(maxMs);
      Thread.sleep(20);
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void firstCtrlCIsAnsweredAtOnceTheSecondAbandonsAndTheReportsAreWritten() throws Exception {
    Jprov j = start("60");
    awaitFile(tmp.resolve("started"), j);

    kill(j.process(), "INT");
    awaitStderr(j, "interrupt: waiting for 1 running command; Ctrl-C again to abandon them", 2000);
    assertThat(j.process().isAlive()).isTrue();

    long t0 = System.nanoTime();
    kill(j.process(), "INT");
    assertThat(j.process().waitFor(10, TimeUnit.SECONDS)).as(j.stderr()).isTrue();
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
    assertThat(j.process().exitValue()).as(j.stderr()).isEqualTo(130);
    assertThat(j.stdout()).contains("RECAP").contains("interrupted");

    JsonNode report = JSON.readTree(j.json().toFile());
    assertThat(report.at("/hosts/0/status").asText()).isEqualTo("interrupted");
    assertThat(report.at("/hosts/0/message").asText()).contains("abandoned during task 'long command'");
    assertThat(report.at("/summary/interrupted").asInt()).isEqualTo(1);
    assertThat(report.at("/stop_reason").asText()).isEqualTo("interrupted");
    try (var files = Files.list(j.logs())) {
      assertThat(files.toList()).isNotEmpty();
    }
    assertThat(tmp.resolve("later")).doesNotExist();
  }

  @Test
  void oneCtrlCLetsTheRunningCommandFinishAndStartsNoOtherTask() throws Exception {
    Jprov j = start("2");
    awaitFile(tmp.resolve("started"), j);
    kill(j.process(), "INT");
    awaitStderr(j, "interrupt: waiting for 1 running command", 2000);
    assertThat(j.process().waitFor(30, TimeUnit.SECONDS)).as(j.stderr()).isTrue();
    assertThat(j.process().exitValue()).as(j.stderr()).isEqualTo(130);
    assertThat(tmp.resolve("slept")).exists();
    assertThat(tmp.resolve("later")).doesNotExist();
    JsonNode report = JSON.readTree(j.json().toFile());
    assertThat(report.at("/hosts/0/status").asText()).isEqualTo("interrupted");
    assertThat(report.at("/hosts/0/tasks")).hasSize(1);
  }

  @Test
  void sigtermAbandonsAtOnceAndExits143WithTheReport() throws Exception {
    Jprov j = start("60");
    awaitFile(tmp.resolve("started"), j);
    kill(j.process(), "TERM");
    assertThat(j.process().waitFor(10, TimeUnit.SECONDS)).as(j.stderr()).isTrue();
    assertThat(j.process().exitValue()).as(j.stderr()).isEqualTo(143);
    assertThat(j.stderr()).contains("interrupt: abandoning 1 running command");
    JsonNode report = JSON.readTree(j.json().toFile());
    assertThat(report.at("/hosts/0/status").asText()).isEqualTo("interrupted");
    assertThat(List.of(report.at("/summary/interrupted").asInt())).containsExactly(1);
  }
}
