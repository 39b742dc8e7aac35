package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.engine.Engine;
import io.jprov.engine.EngineOptions;
import io.jprov.inventory.Host;
import io.jprov.modules.ModuleRegistry;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.Task;
import io.jprov.report.HostResult;
import io.jprov.report.RunListener;
import io.jprov.report.RunResult;
import io.jprov.template.Templates;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Scale benchmark (prints figures, asserts behaviour only): N in-process SSH hosts (default 200,
 * {@code -Djprov.bench.hosts=N}), a converge run, then a no-change run measured for wall time,
 * round trips per host and peak heap. The MINA servers live in the same JVM, so the heap figure
 * includes them: it is an upper bound for the controller.
 *
 * <p>Reproduce: {@code mvn -B -pl provisioner verify -Dit.test=SshFleetScaleIT -Djprov.bench.hosts=200}
 */
class SshFleetScaleIT extends SshFixture {
  @Test
  void noChangeRunAcrossManyHosts() throws Exception {
    int n = Integer.getInteger("jprov.bench.hosts", 200);
    Path key = keygen("id_ed25519", "ed25519", "", null);
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      SshTestServer s = trustedServer(key);
      String name = String.format("h%04d", i);
      // connect timeouts are not under test here: on a loaded machine 50 handshakes at once against 200 servers in
      // one JVM can take longer than the fixture's 5 s, which would show as unreachable hosts
      Spec spec = spec(s.port()).key(key);
      spec.connectTimeout = java.time.Duration.ofSeconds(60);
      hosts.add(new Host(name, Map.of("marker", tmp.resolve(name).toString()), spec.build(), List.of("all"), null));
    }
    Task t = new Task("marker", "sh", Map.of("cmd", "true", "fail", false, "marker", "${marker}"),
        null, List.of(), List.of(), null, null);
    Playbook pb = new Playbook("scale", null, "all", null, null, Map.of(), List.of(t, t), List.of(), null);
    Engine converge = engine();
    RunResult first = converge.run(pb, hosts);
    assertThat(first.hosts()).extracting(HostResult::status).containsOnly(HostResult.Status.CHANGED);

    resetPeaks();
    long t0 = System.nanoTime();
    RunResult second = engine().run(pb, hosts);
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(second.hosts()).extracting(HostResult::status).containsOnly(HostResult.Status.OK);
    int maxTrips = second.hosts().stream().mapToInt(HostResult::roundTrips).max().orElse(0);
    double avgTrips = second.hosts().stream().mapToInt(HostResult::roundTrips).average().orElse(0);
    assertThat(maxTrips).isLessThanOrEqualTo(3);
    System.out.printf("BENCH ssh-fleet hosts=%d forks=50 no-change wall=%d ms round_trips/host avg=%.2f max=%d peak_heap=%d MiB (includes %d in-process MINA servers)%n",
        n, wallMs, avgTrips, maxTrips, peakHeapMiB(), n);
  }

  private Engine engine() {
    return new Engine(new ModuleRegistry(List.of(new SshFleetTest.ShModule())), new Templates(List.of()), factory(),
        new RunListener() {}, new EngineOptions(false, false, Set.of(), Set.of(), 50, null, tmp));
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
  }

  private static long peakHeapMiB() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum / (1024 * 1024);
  }
}
