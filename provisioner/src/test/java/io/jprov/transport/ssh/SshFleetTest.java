package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.engine.Engine;
import io.jprov.engine.EngineOptions;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.inventory.Host;
import io.jprov.modules.Command;
import io.jprov.modules.RawTestModule;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.Plan;
import io.jprov.modules.TaskContext;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.Task;
import io.jprov.report.CompositeListener;
import io.jprov.report.HostResult;
import io.jprov.report.JsonReport;
import io.jprov.report.LogDirListener;
import io.jprov.report.RunListener;
import io.jprov.report.RunResult;
import io.jprov.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine over real SSH to in-process MINA servers, one per host: faults fail only their host,
 * the failure budget stops later batches, sudo passwords stay secret.
 */
class SshFleetTest extends SshFixture {
  private Path key;

  /** {@code sh: {cmd: C, fail: bool}}: runs C (a change) unless a marker file says it ran. */
  static final class ShModule extends RawTestModule {
    @Override
    public String name() {
      return "sh";
    }


    static Fact<Boolean> done(String marker) {
      return new Fact<>("done:" + marker, "test -e " + marker, o -> o.exitCode() == 0);
    }

    @Override
    public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
      return List.of(done((String) args.get("marker")));
    }

    @Override
    public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
      if (Boolean.TRUE.equals(args.get("fail"))) {
        return Plan.fail("told to fail");
      }
      if (facts.get(done((String) args.get("marker")))) {
        return Plan.ok("done");
      }
      return Plan.change("run", List.of(new Command.Shell(args.get("cmd") + " && touch " + args.get("marker"))));
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    key = keygen("id_ed25519", "ed25519", "", null);
  }

  private Host host(String name, Spec spec, Map<String, Object> vars) {
    Map<String, Object> v = new HashMap<>(Map.of("cmd", "true", "fail", false, "marker", tmp.resolve(name + ".done").toString()));
    v.putAll(vars);
    return new Host(name, Map.copyOf(v), spec.build(), List.of("all"), null);
  }

  private static Playbook playbook(String serial, Integer maxFail) {
    Task t = new Task("step", "sh", Map.of("cmd", "${cmd}", "fail", "${fail}", "marker", "${marker}"),
        null, List.of(), List.of(), null, null);
    return new Playbook("fleet", null, "all", serial, maxFail, Map.of(), List.of(t), List.of(), null);
  }

  private RunResult run(Playbook pb, List<Host> hosts, RunListener listener) {
    Engine e = new Engine(new ModuleRegistry(List.of(new ShModule())), new Templates(List.of()), factory(),
        listener, new EngineOptions(false, false, Set.of(), Set.of(), 50, null, tmp));
    return e.run(pb, hosts);
  }

  @Test
  void faultsFailOnlyTheirHost() throws Exception {
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      String name = String.format("h%02d", i);
      switch (i) {
        case 3 -> hosts.add(host(name, spec(trustedServer(key).port()).key(key),
            Map.of("cmd", "echo " + SshTestServer.DROP_MARKER + "; sleep 5")));
        case 7 -> {
          Spec s = spec(trustedServer(key).port()).key(key);
          s.commandTimeout = Duration.ofSeconds(1);
          hosts.add(host(name, s, Map.of("cmd", "sleep 10")));
        }
        case 11 -> {
          SshTestServer.Silent silent = track(new SshTestServer.Silent());
          Spec s = spec(silent.port()).key(key);
          s.connectTimeout = Duration.ofSeconds(1);
          hosts.add(host(name, s, Map.of()));
        }
        case 15 -> {
          SshTestServer s = startTrusted(server());
          hosts.add(host(name, spec(s.port()).key(key), Map.of()));
        }
        default -> hosts.add(host(name, spec(trustedServer(key).port()).key(key), Map.of()));
      }
    }
    RunResult r = run(playbook(null, null), hosts, new RunListener() {});
    Map<String, HostResult> by = new HashMap<>();
    r.hosts().forEach(h -> by.put(h.name(), h));
    assertThat(by.get("h03").status()).isEqualTo(HostResult.Status.UNREACHABLE);
    assertThat(by.get("h07").status()).isEqualTo(HostResult.Status.FAILED);
    assertThat(by.get("h07").message()).contains("timed out");
    assertThat(by.get("h11").status()).isEqualTo(HostResult.Status.UNREACHABLE);
    assertThat(by.get("h15").status()).isEqualTo(HostResult.Status.UNREACHABLE);
    assertThat(by.get("h15").message()).contains("authentication failed");
    assertThat(r.hosts()).filteredOn(h -> !List.of("h03", "h07", "h11", "h15").contains(h.name()))
        .hasSize(16).extracting(HostResult::status).containsOnly(HostResult.Status.CHANGED);
  }

  @Test
  void failureBudgetStopsTheRollout() throws Exception {
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      boolean fail = i == 12 || i == 15 || i == 19;
      hosts.add(host(String.format("h%02d", i), spec(trustedServer(key).port()).key(key), Map.of("fail", fail)));
    }
    RunResult r = run(playbook("10", 20), hosts, new RunListener() {});
    assertThat(r.hosts().subList(0, 10)).extracting(HostResult::status).containsOnly(HostResult.Status.CHANGED);
    assertThat(r.hosts().subList(10, 20)).filteredOn(h -> h.status() == HostResult.Status.FAILED)
        .extracting(HostResult::name).containsExactly("h12", "h15", "h19");
    assertThat(r.hosts().subList(20, 50)).extracting(HostResult::status).containsOnly(HostResult.Status.NOT_RUN);
    assertThat(r.stopReason()).contains("batch 2 of 5", "3 of 10", "more than max_fail_percentage 20%");
    assertThat(tmp.resolve("h21.done")).doesNotExist();
  }

  @Test
  void sudoPasswordNeverInReportLogsOrCommandLines() throws Exception {
    String secret = "Pa55-w0rd-xyzzy";
    env.put("BECOME_PW", secret);
    List<SshTestServer> servers = new ArrayList<>();
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      SshTestServer s = startTrusted(server(key).fakeSudo(tmp.resolve("sudo" + i), secret));
      servers.add(s);
      Spec spec = spec(s.port()).key(key);
      spec.become = true;
      spec.becomePasswordEnv = "BECOME_PW";
      hosts.add(host("s" + i, spec, Map.of()));
    }
    Path logs = tmp.resolve("logs");
    Path json = tmp.resolve("report.json");
    RunResult r = run(playbook(null, null), hosts,
        new CompositeListener(List.of(new LogDirListener(logs), new JsonReport(json))));
    assertThat(r.hosts()).extracting(HostResult::status).containsOnly(HostResult.Status.CHANGED);
    assertThat(Files.readString(json)).doesNotContain(secret);
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : files.toList()) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain(secret).contains("changed step");
      }
    }
    for (SshTestServer s : servers) {
      assertThat(s.commands()).isNotEmpty().allSatisfy(c -> assertThat(c).doesNotContain(secret));
    }
  }
}
