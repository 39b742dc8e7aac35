package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.Main;
import io.jprov.engine.Engine;
import io.jprov.engine.EngineOptions;
import io.jprov.inventory.Host;
import io.jprov.inventory.Shard;
import io.jprov.modules.ModuleRegistry;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.Task;
import io.jprov.report.HostResult;
import io.jprov.report.JsonReport;
import io.jprov.report.RunListener;
import io.jprov.report.RunResult;
import io.jprov.report.TaskResult;
import io.jprov.template.Templates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scale benchmark of a sharded fleet (prints figures, asserts behaviour only): {@code jprov.bench.hosts}
 * host names (default 400) split into {@code jprov.bench.shards} shards (default 2) by {@link Shard#of}, as
 * {@code --shard K/N} splits them; the shards run one after the other, as N CI jobs would, each a converge
 * run (not measured) then a no-change run measured for wall time, round trips per host and peak heap, its
 * JSON report written with the shard. Then the N reports are merged and the merge is timed.
 *
 * <p>The hosts of a shard share {@code jprov.bench.servers} in-process MINA SSH servers (default 4; each
 * host is still its own inventory host, connection and marker file): the servers live in this JVM, so the
 * heap figure includes them and 1,000 servers would measure MINA rather than jprov. {@code
 * -Djprov.bench.servers=1000} (one per host) shows what they cost: the {@code BENCH shard-servers} line.
 *
 * <p>Reproduce the full benchmark (10 shards of about 1,000 hosts; half an hour on 2 busy cores, hence not
 * the default), in a heap of the 512 MiB a CI runner would give jprov: {@code mvn -B verify
 * -Dit.test=ShardScaleIT -DargLine=-Xmx512m -Djprov.bench.shards=10 -Djprov.bench.hosts=10000}
 */
class ShardScaleIT extends SshFixture {
  private static final int FORKS = 50;
  /** Longer than the default 10 s: a loaded 2-core CI machine also runs the servers' side of every handshake. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void shardedNoChangeRunsThenMerge() throws Exception {
    int shards = Integer.getInteger("jprov.bench.shards", 2);
    int total = Integer.getInteger("jprov.bench.hosts", 400);
    int serversPerShard = Integer.getInteger("jprov.bench.servers", 4);
    Path key = keygen("id_ed25519", "ed25519", "", null);
    Path markers = Files.createDirectories(tmp.resolve("markers"));
    Path reports = Files.createDirectories(tmp.resolve("reports"));
    Task t = new Task("marker", "sh", Map.of("cmd", "true", "fail", false, "marker", "${marker}"),
        null, List.of(), List.of(), null, null);
    Playbook pb = new Playbook("scale", null, "all", null, null, Map.of(), List.of(t, t), List.of(), null);

    List<Path> shardReports = new ArrayList<>();
    int seen = 0;
    for (int k = 1; k <= shards; k++) {
      Shard shard = new Shard(k, shards);
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= total; i++) {
        String name = String.format("h%05d", i);
        if (shard.contains(name)) {
          names.add(name);
        }
      }
      seen += names.size();

      List<SshTestServer> servers = new ArrayList<>();
      System.gc();
      long heapBefore = usedHeapMiB();
      long s0 = System.nanoTime();
      int threadsBefore = Thread.activeCount();
      for (int i = 0; i < Math.min(serversPerShard, names.size()); i++) {
        servers.add(trustedServer(key));
      }
      long serversMs = (System.nanoTime() - s0) / 1_000_000;
      System.gc();
      System.out.printf("BENCH shard-servers shard %d/%d servers=%d start=%d ms heap=+%d MiB threads=+%d%n",
          k, shards, servers.size(), serversMs, usedHeapMiB() - heapBefore, Thread.activeCount() - threadsBefore);

      List<Host> hosts = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        SshTestServer s = servers.get(i % servers.size());
        Spec spec = spec(s.port()).key(key);
        spec.connectTimeout = CONNECT_TIMEOUT;
        hosts.add(new Host(name, Map.of("marker", markers.resolve(name).toString()), spec.build(), List.of("all"), null));
      }
      long c0 = System.nanoTime();
      RunResult converge = engine().run(pb, hosts);
      long convergeMs = (System.nanoTime() - c0) / 1_000_000;
      assertAll(converge, HostResult.Status.CHANGED);

      resetPeaks();
      long t0 = System.nanoTime();
      RunResult run = engine().run(pb, hosts).withShard(shard);
      long wallMs = (System.nanoTime() - t0) / 1_000_000;
      long peak = peakHeapMiB();
      Path report = reports.resolve("r-" + k + ".json");
      long w0 = System.nanoTime();
      JsonReport.write(report, run);
      long writeMs = (System.nanoTime() - w0) / 1_000_000;
      shardReports.add(report);

      assertThat(run.hosts()).extracting(HostResult::name).containsExactlyElementsOf(names);
      assertAll(run, HostResult.Status.OK);
      int maxTrips = run.hosts().stream().mapToInt(HostResult::roundTrips).max().orElse(0);
      double avgTrips = run.hosts().stream().mapToInt(HostResult::roundTrips).average().orElse(0);
      assertThat(maxTrips).isLessThanOrEqualTo(3);
      System.out.printf("BENCH shard %d/%d hosts=%d forks=%d no-change wall=%d ms round_trips/host avg=%.2f max=%d"
              + " peak_heap=%d MiB (max %d) json_write=%d ms (%d KiB) servers=%d (in this JVM) converge=%d ms%n",
          k, shards, names.size(), FORKS, wallMs, avgTrips, maxTrips, peak, maxHeapMiB(), writeMs, Files.size(report) / 1024,
          servers.size(), convergeMs);

      for (SshTestServer s : servers) {
        s.close();
        closeables.remove(s);
      }
    }
    assertThat(seen).as("every host in exactly one shard").isEqualTo(total);

    // the final CI job: jprov report merge of the N reports
    Path merged = reports.resolve("all.json");
    List<String> args = new ArrayList<>(List.of("report", "merge"));
    shardReports.forEach(r -> args.add(r.toString()));
    args.addAll(List.of("--json", merged.toString()));
    Merge m = timedMerge(args);
    JsonNode all = new ObjectMapper().readTree(merged.toFile());
    assertThat(all.at("/summary/hosts").asInt()).isEqualTo(total);
    assertThat(all.at("/summary/ok").asInt()).isEqualTo(total);
    long inputKiB = 0;
    for (Path r : shardReports) {
      inputKiB += Files.size(r) / 1024;
    }
    System.out.printf("BENCH report merge shards=%d hosts=%d wall=%d ms peak_heap=%d MiB (max %d) in=%d KiB out=%d KiB%n",
        shards, total, m.ms(), m.peakMiB(), maxHeapMiB(), inputKiB, Files.size(merged) / 1024);
  }

  /**
   * The merge alone at the full size, without SSH (seconds, so always 10 × 1,000): ten shard reports of
   * 1,000 hosts each of the Docker CE playbook's size (30 tasks a host, a no-change run's messages), merged
   * by {@code jprov report merge --json --junit}.
   */
  @Test
  void mergeOfTenDockerCeSizedShardReports() throws Exception {
    int shards = 10;
    int total = 10_000;
    int tasks = 30;
    Path reports = Files.createDirectories(tmp.resolve("reports"));
    List<String> args = new ArrayList<>(List.of("report", "merge"));
    long inputKiB = 0;
    Instant t = Instant.parse("2026-12-01T03:00:00Z");
    for (int k = 1; k <= shards; k++) {
      Shard shard = new Shard(k, shards);
      List<HostResult> hosts = new ArrayList<>();
      for (int i = 1; i <= total; i++) {
        String name = String.format("h%05d", i);
        if (shard.contains(name)) {
          List<TaskResult> results = new ArrayList<>();
          for (int j = 1; j <= tasks; j++) {
            results.add(new TaskResult(j + ". /etc/docker/daemon.json (registry mirrors, log options, docker.daemon)",
                "template", TaskResult.Status.OK, 12, "already in place: /etc/docker/daemon.json 0644 root:root", null,
                List.of()));
          }
          hosts.add(new HostResult(name, HostResult.Status.OK, 2_345, results, 2, null));
        }
      }
      Path r = reports.resolve("r-" + k + ".json");
      JsonReport.write(r, new RunResult("docker-ce", false, t, t.plusSeconds(60 + k), hosts, null).withShard(shard));
      inputKiB += Files.size(r) / 1024;
      args.add(r.toString());
    }
    Path merged = reports.resolve("all.json");
    Path junit = reports.resolve("all.xml");
    args.addAll(List.of("--json", merged.toString(), "--junit", junit.toString()));
    Merge m = timedMerge(args);
    JsonNode all = new ObjectMapper().readTree(merged.toFile());
    assertThat(all.at("/summary/hosts").asInt()).isEqualTo(total);
    assertThat(all.at("/hosts/0/tasks").size()).isEqualTo(tasks);
    System.out.printf("BENCH report merge docker-ce-sized shards=%d hosts=%d tasks/host=%d wall=%d ms peak_heap=%d MiB (max %d)"
            + " in=%d KiB out=%d KiB junit=%d KiB%n",
        shards, total, tasks, m.ms(), m.peakMiB(), maxHeapMiB(), inputKiB, Files.size(merged) / 1024, Files.size(junit) / 1024);
  }

  /** How long a {@code jprov report merge} took and the heap it peaked at. */
  private record Merge(long ms, long peakMiB) {}

  /** Runs {@code jprov ARGS} ({@code report merge …}) in this JVM, timed; asserts it exits 0. */
  private static Merge timedMerge(List<String> args) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    resetPeaks();
    long m0 = System.nanoTime();
    int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        args.toArray(String[]::new));
    Merge m = new Merge((System.nanoTime() - m0) / 1_000_000, peakHeapMiB());
    assertThat(code).as("report merge: %s%s", out, err).isZero();
    return m;
  }

  /** Every host of {@code run} has {@code status}; otherwise the others' messages, counted. */
  private static void assertAll(RunResult run, HostResult.Status status) {
    Map<String, Long> others = run.hosts().stream().filter(h -> h.status() != status)
        .collect(Collectors.groupingBy(h -> h.status() + ": " + h.message(), TreeMap::new, Collectors.counting()));
    assertThat(others).as("hosts not %s", status).isEmpty();
  }

  private Engine engine() {
    return new Engine(new ModuleRegistry(List.of(new SshFleetTest.ShModule())), new Templates(List.of()), factory(),
        new RunListener() {}, new EngineOptions(false, false, Set.of(), Set.of(), FORKS, null, tmp));
  }

  private static volatile HeapSampler sampler;

  /**
   * Collects garbage, then samples the used heap every 2 ms until {@link #peakHeapMiB()}: the most the heap held
   * (live data and garbage not yet collected), never more than -Xmx. The pools' own peaks, summed, overstate it:
   * each pool peaks at another moment.
   */
  private static void resetPeaks() {
    System.gc();
    sampler = new HeapSampler();
  }

  private static long usedHeapMiB() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  private static long peakHeapMiB() throws InterruptedException {
    return sampler.stop() / (1024 * 1024);
  }

  private static long maxHeapMiB() {
    return Runtime.getRuntime().maxMemory() / (1024 * 1024);
  }

  /** A daemon thread keeping the highest used-heap figure it sees. */
  private static final class HeapSampler {
    private final AtomicLong max = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread;

    HeapSampler() {
      thread = new Thread(() -> {
        while (running) {
          max.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long stop() throws InterruptedException {
      running = false;
      thread.join();
      return max.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    }
  }
}
