package io.jprov.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.facts.Fact;
import io.jprov.facts.HostFacts;
import io.jprov.inventory.Host;
import io.jprov.modules.ModuleRegistry;
import io.jprov.report.RunListener;
import io.jprov.template.Templates;
import io.jprov.transport.CommandResult;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.local.LocalConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Engine#gatherFacts}: {@code jprov facts} through the engine's connections, control and listener. */
class EngineFactsTest {
  private static final List<Fact<?>> PLATFORM = List.of(HostFacts.PLATFORM);

  private static List<Host> hosts(int n) {
    List<Host> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new Host(String.format("h%02d", i), Map.of(), ConnectionSpec.local(false), List.of("all"), null));
    }
    return out;
  }

  private static Engine engine(ConnectionFactory f, RunListener l) {
    return new Engine(new ModuleRegistry(List.of()), new Templates(List.of()), f, l,
        new EngineOptions(false, false, Set.of(), Set.of(), 2, null, null));
  }

  @Test
  void readsEachHostInOneCommandReportedToTheListener() {
    List<String> commands = new CopyOnWriteArrayList<>();
    RunListener l = new RunListener() {
      @Override
      public void commandRan(String host, String description, CommandResult result) {
        commands.add(host + ": " + description);
      }
    };
    List<GatheredFacts> r = engine(new LocalConnectionFactory(), l).gatherFacts(hosts(3), PLATFORM);
    assertThat(r).extracting(GatheredFacts::host).containsExactly("h01", "h02", "h03");
    assertThat(r).extracting(GatheredFacts::status).containsOnly(GatheredFacts.Status.OK);
    assertThat(r.get(0).facts().get(HostFacts.PLATFORM).toModel()).containsKeys("os", "arch", "kernel", "user");
    assertThat(commands).containsExactlyInAnyOrder("h01: gather 1 facts", "h02: gather 1 facts", "h03: gather 1 facts");
  }

  @Test
  void anUnreachableHostIsReportedAndTheOthersAreRead() {
    ConnectionFactory f = TestConnections.localExcept("h02");
    List<GatheredFacts> r = engine(f, new RunListener() {}).gatherFacts(hosts(3), PLATFORM);
    assertThat(r).extracting(GatheredFacts::status).containsExactly(
        GatheredFacts.Status.OK, GatheredFacts.Status.UNREACHABLE, GatheredFacts.Status.OK);
    assertThat(r.get(1).message()).isEqualTo("h02 (10.9.9.9:22): connection refused");
    assertThat(r.get(1).facts()).isNull();
  }

  @Test
  void afterAnInterruptNoHostIsContacted() {
    AtomicInteger opened = new AtomicInteger();
    Engine engine = engine(TestConnections.localCounted(opened), new RunListener() {});
    engine.interrupt();
    List<GatheredFacts> r = engine.gatherFacts(hosts(2), PLATFORM);
    assertThat(r).extracting(GatheredFacts::status).containsOnly(GatheredFacts.Status.INTERRUPTED);
    assertThat(r.get(0).message()).isEqualTo("interrupted before start");
    assertThat(opened).hasValue(0);
  }
}
