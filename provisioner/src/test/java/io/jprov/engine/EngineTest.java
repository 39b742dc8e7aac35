package io.jprov.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.InputException;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.transport.ConnectionSpec;
import io.jprov.inventory.Host;
import io.jprov.modules.Command;
import io.jprov.modules.FlushHandlersModule;
import io.jprov.modules.Outcome;
import io.jprov.modules.Outcomes;
import io.jprov.report.JsonReport;
import io.jprov.transport.CommandResult;
import io.jprov.modules.RawTestModule;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.Plan;
import io.jprov.modules.TaskContext;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.Task;
import io.jprov.report.HostResult;
import io.jprov.report.RunListener;
import io.jprov.report.RunResult;
import io.jprov.report.TaskResult;
import io.jprov.template.Templates;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.local.LocalConnectionFactory;
import io.jprov.util.Sh;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with small test modules over the real local connection: scheduling, failure budget,
 * check mode, handlers, fact round trips, unreachable hosts, tags, preflight.
 */
class EngineTest {
  @TempDir Path tmp;

  /** {@code touch: {path: P, fail: bool}}: ensures a file exists; fails when {@code fail} is true. */
  static final class TouchModule extends RawTestModule {
    @Override
    public String name() {
      return "touch";
    }


    static Fact<Boolean> exists(String path) {
      return new Fact<>("exists:" + path, "test -e " + Sh.quote(path), o -> o.exitCode() == 0);
    }

    @Override
    public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
      return List.of(exists((String) args.get("path")));
    }

    @Override
    public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
      if (Boolean.TRUE.equals(args.get("fail"))) {
        return Plan.fail("asked to fail on " + ctx.hostName());
      }
      String path = (String) args.get("path");
      if (facts.get(exists(path))) {
        return Plan.ok(path + " exists");
      }
      return Plan.change("create " + path, List.of(new Command.Shell("touch " + Sh.quote(path), "touch " + path)));
    }
  }

  /** {@code sh: {cmd: C, changes: bool}}: runs C; a failure after {@code changes} reports the change. */
  static final class ShModule extends RawTestModule {
    @Override
    public String name() {
      return "sh";
    }


    @Override
    public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
      return List.of();
    }

    @Override
    public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
      return Plan.change("run " + args.get("cmd"), List.of(new Command.Shell((String) args.get("cmd"), (String) args.get("cmd"))));
    }

    @Override
    public Outcome interpret(Map<String, Object> args, Plan plan, List<CommandResult> results) {
      Outcome o = Outcomes.standard(plan, results);
      return o.status() == Outcome.Status.FAILED && Boolean.TRUE.equals(args.get("changes"))
          ? Outcome.failedWithChanges(o.message() + "; moved: one file") : o;
    }
  }

  /**
   * {@code service: {name: U, state: started|restarted}} over a state file {@code ${dir}/U.state}:
   * "started" starts a stopped unit (appends "start"), "restarted" always appends "restart" (and says
   * so through {@link io.jprov.modules.TaskModule#restartsUnit}, which is what the engine asks).
   */
  static final class FakeServiceModule extends RawTestModule {
    @Override
    public String name() {
      return "service";
    }


    static Fact<Boolean> running(String file) {
      return new Fact<>("running:" + file, "test -s " + Sh.quote(file), o -> o.exitCode() == 0);
    }

    @Override
    public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
      return List.of(running((String) args.get("file")));
    }

    @Override
    public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
      String unit = (String) args.get("name");
      String file = (String) args.get("file");
      if ("restarted".equals(args.get("state"))) {
        return Plan.change("restart " + unit, List.of(new Command.Shell("echo restart >> " + Sh.quote(file), "restart")));
      }
      if (facts.get(running(file))) {
        return Plan.ok(unit + " is running");
      }
      return Plan.change("start " + unit, List.of(new Command.Shell("echo start >> " + Sh.quote(file), "start")));
    }

    @Override
    public String restartsUnit(Map<String, Object> args) {
      return "restarted".equals(args.get("state")) ? (String) args.get("name") : null;
    }
  }

  private final ModuleRegistry modules = new ModuleRegistry(List.of(new TouchModule(), new ShModule(),
      new FlushHandlersModule(), new FakeServiceModule()));
  private final Templates templates = new Templates(List.of());

  private static Task task(String name, Map<String, Object> args, List<String> tags, List<String> notify) {
    return new Task(name, "touch", args, null, tags, notify, null, null);
  }

  private static Playbook playbook(List<Task> tasks, List<Task> handlers, String serial, Integer maxFail) {
    return new Playbook("test", null, "all", serial, maxFail, Map.of(), tasks, handlers, null);
  }

  private static List<Host> hosts(int n, Path dir) {
    List<Host> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String name = String.format("h%02d", i);
      out.add(new Host(name, Map.of("dir", dir.toString(), "fail", false), ConnectionSpec.local(false), List.of("all"), null));
    }
    return out;
  }

  private RunResult run(Playbook pb, List<Host> hosts, boolean check, Set<String> tags, ConnectionFactory f, RunListener l) {
    EngineOptions o = new EngineOptions(check, true, tags, Set.of(), 4, null, tmp);
    return new Engine(modules, templates, f, l, o).run(pb, hosts);
  }

  private RunResult run(Playbook pb, List<Host> hosts, boolean check) {
    return run(pb, hosts, check, Set.of(), new LocalConnectionFactory(), new RunListener() {});
  }

  @Test
  void firstRunChangesSecondRunIsOkInOneRoundTrip() {
    Playbook pb = playbook(List.of(
        task("a", Map.of("path", "${dir}/${inventory_hostname}.a"), List.of(), List.of()),
        task("b", Map.of("path", "${dir}/${inventory_hostname}.b"), List.of(), List.of())), List.of(), null, null);
    List<Host> hosts = hosts(3, tmp);

    RunResult first = run(pb, hosts, false);
    assertThat(first.hosts()).extracting(HostResult::status).containsOnly(HostResult.Status.CHANGED);
    assertThat(tmp.resolve("h02.b")).exists();

    RunResult second = run(pb, hosts, false);
    assertThat(second.hosts()).extracting(HostResult::status).containsOnly(HostResult.Status.OK);
    // platform and both tasks' facts read together
    assertThat(second.hosts()).extracting(HostResult::roundTrips).containsOnly(1);
  }

  @Test
  void checkModeChangesNothingAndReportsWhatWouldChange() {
    Playbook pb = playbook(List.of(task("a", Map.of("path", "${dir}/x"), List.of(), List.of())), List.of(), null, null);
    RunResult r = run(pb, hosts(1, tmp), true);
    TaskResult t = r.hosts().get(0).tasks().get(0);
    assertThat(t.status()).isEqualTo(TaskResult.Status.CHANGED);
    assertThat(t.message()).startsWith("would create");
    assertThat(t.commands()).containsExactly("touch " + tmp + "/x");
    assertThat(tmp.resolve("x")).doesNotExist();
    assertThat(r.checkMode()).isTrue();
  }

  @Test
  void handlersRunOnceAtTheEndWhenNotified() {
    List<String> order = new ArrayList<>();
    RunListener l = new RunListener() {
      @Override
      public synchronized void taskFinished(String host, TaskResult result) {
        order.add(result.name() + ":" + result.status());
      }
    };
    Playbook pb = playbook(List.of(
            task("a", Map.of("path", "${dir}/a"), List.of(), List.of("h")),
            task("b", Map.of("path", "${dir}/b"), List.of(), List.of("h")),
            task("c", Map.of("path", "${dir}/c"), List.of(), List.of())),
        List.of(task("h", Map.of("path", "${dir}/handled"), List.of(), List.of())), null, null);
    run(pb, hosts(1, tmp), false, Set.of(), new LocalConnectionFactory(), l);
    assertThat(order).containsExactly("a:changed", "b:changed", "c:changed", "h:changed");

    order.clear();
    run(pb, hosts(1, tmp), false, Set.of(), new LocalConnectionFactory(), l);
    assertThat(order).containsExactly("a:ok", "b:ok", "c:ok");
  }

  @Test
  void failureBudgetStopsLaterBatches() {
    List<Host> hosts = new ArrayList<>(hosts(50, tmp));
    for (int i : new int[] {11, 14, 17}) {
      Host h = hosts.get(i);
      hosts.set(i, new Host(h.name(), Map.of("dir", tmp.toString(), "fail", true), h.connection(), h.groups(), null));
    }
    Playbook pb = playbook(List.of(task("a", Map.of("path", "${dir}/${inventory_hostname}", "fail", "${fail}"), List.of(), List.of())),
        List.of(), "10", 20);
    RunResult r = run(pb, hosts, false);
    assertThat(r.hosts().subList(0, 10)).extracting(HostResult::status).containsOnly(HostResult.Status.CHANGED);
    assertThat(r.hosts().subList(10, 20)).extracting(HostResult::status)
        .containsOnly(HostResult.Status.CHANGED, HostResult.Status.FAILED)
        .filteredOn(HostResult.Status.FAILED::equals).hasSize(3);
    assertThat(r.hosts().subList(20, 50)).extracting(HostResult::status).containsOnly(HostResult.Status.NOT_RUN);
    assertThat(r.stopReason()).contains("batch 2 of 5").contains("3 of 10").contains("max_fail_percentage 20%");
    assertThat(tmp.resolve("h21")).doesNotExist();
  }

  @Test
  void aSerialPlayWithoutABudgetStopsAfterTheFirstBatchWithAFailedHost() {
    List<Host> hosts = new ArrayList<>(hosts(6, tmp));
    Host third = hosts.get(2);
    hosts.set(2, new Host(third.name(), Map.of("dir", tmp.toString(), "fail", true), third.connection(), third.groups(),
        null));
    Playbook pb = playbook(List.of(task("a", Map.of("path", "${dir}/${inventory_hostname}", "fail", "${fail}"),
        List.of(), List.of())), List.of(), "2", null);
    RunResult r = run(pb, hosts, false);
    assertThat(r.hosts()).extracting(HostResult::status).containsExactly(HostResult.Status.CHANGED,
        HostResult.Status.CHANGED, HostResult.Status.FAILED, HostResult.Status.CHANGED, HostResult.Status.NOT_RUN,
        HostResult.Status.NOT_RUN);
    assertThat(r.stopReason()).isEqualTo("batch 2 of 3: 1 of 2 hosts failed or were unreachable (50%), more than"
        + " max_fail_percentage 0% (serial without max_fail_percentage); the remaining 1 batch(es) were not run");
    assertThat(tmp.resolve("h05")).doesNotExist();

    // --serial on the command line is a rolling run too; without serial every host runs
    EngineOptions o = new EngineOptions(false, false, Set.of(), Set.of(), 4, "3", tmp);
    Playbook unbatched = playbook(pb.tasks(), List.of(), null, null);
    RunResult cli = new Engine(modules, templates, new LocalConnectionFactory(), new RunListener() {}, o)
        .run(unbatched, hosts);
    assertThat(cli.hosts()).extracting(HostResult::status).endsWith(HostResult.Status.NOT_RUN,
        HostResult.Status.NOT_RUN, HostResult.Status.NOT_RUN);
    RunResult all = run(unbatched, hosts, false);
    assertThat(all.stopReason()).isNull();
    assertThat(all.hosts()).extracting(HostResult::status).doesNotContain(HostResult.Status.NOT_RUN);
  }

  @Test
  void unreachableHostDoesNotStopOthers() {
    ConnectionFactory f = TestConnections.localExcept("h02");
    Playbook pb = playbook(List.of(task("a", Map.of("path", "${dir}/${inventory_hostname}"), List.of(), List.of())), List.of(), null, null);
    RunResult r = run(pb, hosts(3, tmp), false, Set.of(), f, new RunListener() {});
    assertThat(r.hosts()).extracting(HostResult::status)
        .containsExactly(HostResult.Status.CHANGED, HostResult.Status.UNREACHABLE, HostResult.Status.CHANGED);
    assertThat(r.hosts().get(1).message()).contains("connection refused");
  }

  @Test
  void tagsSelectTasks() {
    Playbook pb = playbook(List.of(
        task("a", Map.of("path", "${dir}/a"), List.of("one"), List.of()),
        task("b", Map.of("path", "${dir}/b"), List.of("two"), List.of())), List.of(), null, null);
    RunResult r = run(pb, hosts(1, tmp), false, Set.of("two"), new LocalConnectionFactory(), new RunListener() {});
    assertThat(r.hosts().get(0).tasks()).extracting(TaskResult::name).containsExactly("b");
    assertThat(tmp.resolve("a")).doesNotExist();
  }

  @Test
  void undefinedVariableIsAnInputErrorBeforeAnyConnection() {
    AtomicInteger opened = new AtomicInteger();
    ConnectionFactory f = TestConnections.localCounted(opened);
    Playbook pb = playbook(List.of(
        task("a", Map.of("path", "${dir}/a"), List.of(), List.of()),
        task("b", Map.of("path", "${nosuch}/b"), List.of(), List.of())), List.of(), null, null);
    assertThatThrownBy(() -> run(pb, hosts(2, tmp), false, Set.of(), f, new RunListener() {}))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("task 'b'")
        .hasMessageContaining("nosuch");
    assertThat(opened).hasValue(0);
    assertThat(tmp.resolve("a")).doesNotExist();
  }

  @Test
  void onlyAnUndefinedFactsVariableWaitsForRunTime() {
    // facts.os.id is known once the host is reached: the run starts, the task runs with it
    Playbook withFacts = playbook(List.of(task("a", Map.of("path", "${dir}/${facts.os.id}"), List.of(), List.of())),
        List.of(), null, null);
    RunResult r = run(withFacts, hosts(1, tmp), false);
    assertThat(r.hosts().get(0).tasks()).extracting(TaskResult::name).containsExactly("a");
    // a variable whose name merely contains "facts" is an input error before any host is reached
    for (String name : List.of("facts_dir", "my_facts.dir", "factsdir")) {
      Playbook pb = playbook(List.of(task("b", Map.of("path", "${" + name + "}/b"), List.of(), List.of())),
          List.of(), null, null);
      assertThatThrownBy(() -> run(pb, hosts(1, tmp), false)).as(name)
          .isInstanceOf(InputException.class).hasMessageContaining("undefined variable '" + name.split("\\.")[0]);
    }
  }

  @Test
  void needsFactsDecidesByTheVariableNotByTheMessage() {
    Map<String, Object> model = Map.of("my", Map.of());
    InputException facts = catchInput(() -> templates.interpolate("${facts.os.id}", model, "w"));
    InputException nested = catchInput(() -> templates.interpolate("${my.facts}", model, "w"));
    assertThat(Engine.needsFacts(facts)).isTrue();
    // a module's preflight wraps the template's error
    assertThat(Engine.needsFacts(new InputException("task 'x': " + facts.getMessage(), facts))).isTrue();
    assertThat(Engine.needsFacts(nested)).as(nested.getMessage()).isFalse();
    assertThat(Engine.needsFacts(new InputException("'facts.x' must not be set here"))).isFalse();
  }

  private static InputException catchInput(Runnable r) {
    try {
      r.run();
    } catch (InputException e) {
      return e;
    }
    throw new AssertionError("no InputException");
  }

  @Test
  void interruptLetsTheRunningTaskFinishAndStartsNothingNew() {
    Engine[] engine = new Engine[1];
    RunListener l = new RunListener() {
      @Override
      public void taskStarted(String host, String task) {
        if (host.equals("h01") && task.equals("a")) {
          engine[0].interrupt();
        }
      }
    };
    Playbook pb = playbook(List.of(
        task("a", Map.of("path", "${dir}/${inventory_hostname}.a"), List.of(), List.of()),
        task("b", Map.of("path", "${dir}/${inventory_hostname}.b"), List.of(), List.of())), List.of(), "1", null);
    engine[0] = new Engine(modules, templates, new LocalConnectionFactory(), l,
        new EngineOptions(false, false, Set.of(), Set.of(), 4, null, tmp));
    RunResult r = engine[0].run(pb, hosts(3, tmp));
    assertThat(r.hosts()).extracting(HostResult::status)
        .containsExactly(HostResult.Status.INTERRUPTED, HostResult.Status.INTERRUPTED, HostResult.Status.INTERRUPTED);
    assertThat(r.hosts().get(0).tasks()).extracting(TaskResult::name).containsExactly("a");
    assertThat(tmp.resolve("h01.a")).exists();
    assertThat(tmp.resolve("h01.b")).doesNotExist();
    assertThat(tmp.resolve("h02.a")).doesNotExist();
    assertThat(r.stopReason()).isEqualTo("interrupted");
  }

  private static Task sh(String name, Map<String, Object> args, List<String> notify) {
    return new Task(name, "sh", args, null, List.of(), notify, null, null);
  }

  private static RunListener order(List<String> order) {
    return new RunListener() {
      @Override
      public synchronized void taskFinished(String host, TaskResult result) {
        order.add(result.name() + ":" + result.status());
      }
    };
  }

  @Test
  void notifiedHandlersStillRunWhenALaterTaskFailsAndTheReportSaysSo() {
    List<String> order = new ArrayList<>();
    Playbook pb = playbook(List.of(
            task("a", Map.of("path", "${dir}/a"), List.of(), List.of("h")),
            sh("b", Map.of("cmd", "echo broken >&2; exit 3"), List.of()),
            task("c", Map.of("path", "${dir}/c"), List.of(), List.of())),
        List.of(task("h", Map.of("path", "${dir}/handled"), List.of(), List.of())), null, null);
    RunResult r = run(pb, hosts(1, tmp), false, Set.of(), new LocalConnectionFactory(), order(order));
    assertThat(order).containsExactly("a:changed", "b:failed", "h:changed");
    assertThat(tmp.resolve("handled")).exists();
    assertThat(tmp.resolve("c")).doesNotExist();
    HostResult h = r.hosts().get(0);
    assertThat(h.status()).isEqualTo(HostResult.Status.FAILED);
    assertThat(h.message()).contains("broken").contains("notified handlers ran anyway: h changed");
    assertThat(h.tasks().get(2).message()).contains("run although task 'b' failed (force_handlers)");
  }

  @Test
  void flushHandlersRunsTheNotifiedHandlersBeforeTheNextTaskAndNotAgainAtTheEnd() {
    List<String> order = new ArrayList<>();
    Playbook pb = playbook(List.of(
            task("a", Map.of("path", "${dir}/a"), List.of(), List.of("h")),
            new Task("flush", "flush_handlers", Map.of(), null, List.of(), List.of(), null, null),
            task("c", Map.of("path", "${dir}/c"), List.of(), List.of())),
        List.of(task("h", Map.of("path", "${dir}/handled"), List.of(), List.of())), null, null);
    run(pb, hosts(1, tmp), false, Set.of(), new LocalConnectionFactory(), order(order));
    assertThat(order).containsExactly("a:changed", "flush:ok", "h:changed", "c:changed");

    order.clear();
    run(pb, hosts(1, tmp), false, Set.of(), new LocalConnectionFactory(), order(order));
    assertThat(order).containsExactly("a:ok", "flush:ok", "c:ok");

    // a flush whose condition is false leaves the handlers for the end of the play
    order.clear();
    Playbook skipped = playbook(List.of(
            task("x", Map.of("path", "${dir}/x"), List.of(), List.of("h")),
            new Task("flush", "flush_handlers", Map.of(), "1 == 2", List.of(), List.of(), null, null),
            task("y", Map.of("path", "${dir}/y"), List.of(), List.of())),
        List.of(task("h", Map.of("path", "${dir}/handled-again"), List.of(), List.of())), null, null);
    run(skipped, hosts(1, tmp), false, Set.of(), new LocalConnectionFactory(), order(order));
    assertThat(order).containsExactly("x:changed", "flush:skipped", "y:changed", "h:changed");
  }

  @Test
  void aTaskThatChangedTheHostAndThenFailedIsCountedAsChanged() {
    Playbook pb = playbook(List.of(
        task("a", Map.of("path", "${dir}/a"), List.of(), List.of()),
        sh("b", Map.of("cmd", "touch " + Sh.quote(tmp + "/moved") + "; exit 1", "changes", true), List.of())),
        List.of(), null, null);
    RunResult r = run(pb, hosts(1, tmp), false);
    HostResult h = r.hosts().get(0);
    assertThat(h.status()).isEqualTo(HostResult.Status.FAILED);
    TaskResult b = h.tasks().get(1);
    assertThat(b.status()).isEqualTo(TaskResult.Status.FAILED);
    assertThat(b.changed()).isTrue();
    assertThat(b.message()).contains("moved: one file");
    assertThat(h.changedCount()).isEqualTo(2);
    @SuppressWarnings("unchecked")
    Map<String, Object> summary = (Map<String, Object>) JsonReport.toMap(r).get("summary");
    assertThat(summary).containsEntry("failed_with_changes", 1L).containsEntry("tasks_changed", 2L);
  }

  @Test
  void abandonReturnsAtOnceWithTheRunningHostInterrupted() {
    Engine[] engine = new Engine[1];
    RunListener l = new RunListener() {
      @Override
      public void taskStarted(String host, String task) {
        if (task.equals("slow")) {
          Thread t = new Thread(() -> {
            try {
              Thread.sleep(300);
            } catch (InterruptedException e) {
              return;
            }
            engine[0].interrupt();
            assertThat(engine[0].runningCommands()).isEqualTo(1);
            engine[0].abandon();
          });
          t.start();
        }
      }
    };
    Playbook pb = playbook(List.of(
        task("a", Map.of("path", "${dir}/a"), List.of(), List.of()),
        sh("slow", Map.of("cmd", "sleep 20"), List.of()),
        task("c", Map.of("path", "${dir}/c"), List.of(), List.of())), List.of(), null, null);
    engine[0] = new Engine(modules, templates, new LocalConnectionFactory(), l,
        new EngineOptions(false, false, Set.of(), Set.of(), 4, null, tmp));
    long t0 = System.nanoTime();
    RunResult r = engine[0].run(pb, hosts(1, tmp));
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
    HostResult h = r.hosts().get(0);
    assertThat(h.status()).isEqualTo(HostResult.Status.INTERRUPTED);
    assertThat(h.message()).contains("abandoned during task 'slow'");
    assertThat(h.tasks()).extracting(TaskResult::name).containsExactly("a");
    assertThat(r.stopReason()).isEqualTo("interrupted");
  }

  @Test
  void aRestartHandlerIsNotRunWhenItsUnitWasStartedAfterTheNotificationButIsWhenItRanBefore() throws Exception {
    Map<String, Object> start = Map.of("name", "u", "state", "started", "file", "${dir}/u.state");
    Map<String, Object> restart = Map.of("name", "u", "state", "restarted", "file", "${dir}/u.state");
    Playbook pb = playbook(List.of(
            task("config", Map.of("path", "${dir}/${conf}"), List.of(), List.of("restart u")),
            new Task("start u", "service", start, null, List.of(), List.of(), null, null),
            new Task("flush", "flush_handlers", Map.of(), null, List.of(), List.of(), null, null)),
        List.of(new Task("restart u", "service", restart, null, List.of(), List.of(), null, null)), null, null);
    List<Host> first = List.of(new Host("h01", Map.of("dir", tmp.toString(), "conf", "a.conf"),
        ConnectionSpec.local(false), List.of("all"), null));
    // check mode promises what apply will do: a start, and no restart after it
    RunResult plan = run(pb, first, true);
    assertThat(plan.hosts().get(0).tasks().get(3).name()).isEqualTo("restart u");
    assertThat(plan.hosts().get(0).tasks().get(3).status()).isEqualTo(TaskResult.Status.OK);
    assertThat(java.nio.file.Files.exists(tmp.resolve("u.state"))).isFalse();
    RunResult r = run(pb, first, false);
    // fresh: the unit was started after the config was written: one start, no restart
    assertThat(java.nio.file.Files.readString(tmp.resolve("u.state"))).isEqualTo("start\n");
    TaskResult handler = r.hosts().get(0).tasks().get(3);
    assertThat(handler.name()).isEqualTo("restart u");
    assertThat(handler.status()).isEqualTo(TaskResult.Status.OK);
    assertThat(handler.message()).contains("u was started after the files that notified this handler");

    // running unit, new config: restarted once, at the flush
    List<Host> second = List.of(new Host("h01", Map.of("dir", tmp.toString(), "conf", "b.conf"),
        ConnectionSpec.local(false), List.of("all"), null));
    run(pb, second, false);
    assertThat(java.nio.file.Files.readString(tmp.resolve("u.state"))).isEqualTo("start\nrestart\n");
  }
}
