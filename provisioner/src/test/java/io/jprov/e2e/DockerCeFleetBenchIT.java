package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.Main;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.Variant;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (prints figures, asserts behaviour only): the Docker CE playbook on 10 fresh test-fleet
 * hosts, converge once, then the no-change re-run that CI pipelines repeat: wall time, slowest
 * host, round trips per host. The hosts are containers on this machine, so the time is jprov's own
 * plus the stand-in tools' (no network latency).
 */
class DockerCeFleetBenchIT extends FleetTestBase {
  private static int jprov(String... args) {
    return Main.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), args);
  }

  /** With {@code -Djprov.bench.keepLogs=DIR}: the run's host logs copied to DIR/NAME, to read afterwards. */
  private static void keep(Path logs, String name) throws java.io.IOException {
    String keep = System.getProperty("jprov.bench.keepLogs");
    if (keep == null) {
      return;
    }
    Path to = java.nio.file.Files.createDirectories(Path.of(keep, name));
    try (var files = java.nio.file.Files.list(logs)) {
      for (Path log : files.toList()) {
        java.nio.file.Files.copy(log, to.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  void noChangeRunOnTenHosts() throws Exception {
    int n = 10;
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, n)) {
      String inv = fleet.inventory().toString();
      Path first = tmp.resolve("first.json");
      Path logs = tmp.resolve("logs");
      long c0 = System.nanoTime();
      assertThat(jprov("apply", "-i", inv, "--forks", String.valueOf(n), "--json", first.toString(),
          "--log-dir", logs.toString())).isZero();
      long convergeMs = (System.nanoTime() - c0) / 1_000_000;
      JsonNode f = new ObjectMapper().readTree(first.toFile());
      int freshTrips = 0;
      int changedTasks = 0;
      for (JsonNode h : f.get("hosts")) {
        freshTrips = Math.max(freshTrips, h.get("round_trips").asInt());
        int c = 0;
        for (JsonNode t : h.get("tasks")) {
          c += t.get("status").asText().equals("changed") ? 1 : 0;
        }
        changedTasks = Math.max(changedTasks, c);
      }
      // fact reads per host: the "gather N facts" lines of the host's log
      int factReads = 0;
      try (var files = java.nio.file.Files.list(logs)) {
        for (Path log : files.toList()) {
          factReads = Math.max(factReads, (int) java.nio.file.Files.readAllLines(log).stream()
              .filter(l -> l.matches(".*\\bgather \\d+ facts.*")).count());
        }
      }

      Path report = tmp.resolve("second.json");
      long t0 = System.nanoTime();
      Path logs2 = tmp.resolve("logs2");
      assertThat(jprov("apply", "-i", inv, "--forks", String.valueOf(n), "--json", report.toString(),
          "--log-dir", logs2.toString())).isZero();
      long wallMs = (System.nanoTime() - t0) / 1_000_000;
      keep(logs, "converge");
      keep(logs2, "no-change");
      JsonNode r = new ObjectMapper().readTree(report.toFile());
      assertThat(r.at("/summary/changed").asInt()).isZero();
      int maxTrips = 0;
      long slowest = 0;
      for (JsonNode h : r.get("hosts")) {
        maxTrips = Math.max(maxTrips, h.get("round_trips").asInt());
        slowest = Math.max(slowest, h.get("duration_ms").asLong());
      }
      assertThat(maxTrips).isLessThanOrEqualTo(2);
      System.out.printf("BENCH docker-ce fleet hosts=%d converge=%d ms (round_trips/host max=%d, changed tasks max=%d,"
          + " fact reads/host max=%d) no-change wall=%d ms (in-process CLI, warm JVM)"
          + " slowest_host=%d ms round_trips/host max=%d%n", n, convergeMs, freshTrips, changedTasks, factReads, wallMs,
          slowest, maxTrips);
    }
  }
}
