package io.jprov.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.inventory.Host;
import io.jprov.modules.Command;
import io.jprov.modules.FlushHandlersModule;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.Plan;
import io.jprov.modules.RawTestModule;
import io.jprov.modules.ServiceModule;
import io.jprov.modules.TaskContext;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.Task;
import io.jprov.report.HostResult;
import io.jprov.report.RunListener;
import io.jprov.report.RunResult;
import io.jprov.report.TaskResult;
import io.jprov.template.Templates;
import io.jprov.transport.CommandResult;
import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.local.LocalConnectionFactory;
import io.jprov.util.Sh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers due without a notification ({@link io.jprov.modules.TaskModule#due}): a restart an earlier
 * run deferred is carried out by a later run at its flush or its end, its result says why, and the facts
 * that decide it cost an unchanged host no round trip. Also {@link io.jprov.modules.TaskModule#restartsUnit}
 * for any module, not only {@code service}.
 */
class EngineDueHandlersTest {
  @TempDir Path tmp;

  static Fact<Boolean> exists(String path) {
    return new Fact<>("exists:" + path, "test -e " + Sh.quote(path), o -> o.exitCode() == 0);
  }

  /** {@code touch: {path: P}}: ensures a file exists. */
  static final class TouchModule extends RawTestModule {
    @Override
    public String name() {
      return "touch";
    }

    @Override
    public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
      return List.of(exists((String) args.get("path")));
    }

    @Override
    public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
      String path = (String) args.get("path");
      if (facts.get(exists(path))) {
        return Plan.ok(path + " exists");
      }
      return Plan.change("create " + path, List.of(new Command.Shell("touch " + Sh.quote(path), "touch " + path)));
    }

    @Override
    public java.util.function.Predicate<String> affects(Map<String, Object> args) {
      String key = exists((String) args.get("path")).key();
      return key::equals;
    }
  }

  /**
   * A stand-in for {@code docker_restart}: {@code restarter: {unit: U, log: L, pending: M, policy:
   * always|never}}. A restart appends "restart" to L and removes the pending marker M; under {@code never}
   * it is deferred: M is written. Due while M exists.
   */
  static final class RestarterModule extends RawTestModule {
    @Override
    public String name() {
      return "restarter";
    }

    @Override
    public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
      return List.of();
    }

    @Override
    public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
      String pending = (String) args.get("pending");
      if ("never".equals(args.get("policy"))) {
        return Plan.defer("restart deferred (policy never)",
            List.of(new Command.Shell("touch " + Sh.quote(pending), "remember the pending restart")));
      }
      return Plan.change("restart " + args.get("unit"), List.of(new Command.Shell(
          "echo restart >> " + Sh.quote((String) args.get("log")) + " && rm -f " + Sh.quote(pending), "restart")));
    }

    @Override
    public List<Fact<?>> dueFacts(Map<String, Object> args, TaskContext ctx) {
      return List.of(exists((String) args.get("pending")));
    }

    @Override
    public String due(Map<String, Object> args, FactSet facts, TaskContext ctx) {
      return facts.get(exists((String) args.get("pending"))) ? "a restart deferred by an earlier run is pending"
          : null;
    }

    @Override
    public String restartsUnit(Map<String, Object> args) {
      return (String) args.get("unit");
    }
  }

  /**
   * {@code service: {name: U, state: started, log: L}}: starts U from inactive (appends "start" to L); a no-op
   * once L exists. Named {@code service}: the engine learns from that module which unit a task started.
   */
  static final class StarterModule extends RawTestModule {
    @Override
    public String name() {
      return "service";
    }

    @Override
    public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
      return List.of(exists((String) args.get("log")));
    }

    @Override
    public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
      if (facts.get(exists((String) args.get("log")))) {
        return Plan.ok(args.get("name") + " is running");
      }
      return Plan.change("start " + args.get("name"),
          List.of(new Command.Shell("echo start >> " + Sh.quote((String) args.get("log")), "start")));
    }
  }

  private final ModuleRegistry modules = new ModuleRegistry(List.of(new TouchModule(), new RestarterModule(),
      new StarterModule(), new FlushHandlersModule()));
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<String> events = new CopyOnWriteArrayList<>();

  private Map<String, Object> restarter(String policy) {
    return Map.of("unit", "u", "log", "${dir}/u.log", "pending", "${dir}/u.pending", "policy", policy);
  }

  private static Task task(String name, String module, Map<String, Object> args, List<String> notify) {
    return new Task(name, module, args, null, List.of(), notify, null, null);
  }

  private static final Task FLUSH = new Task("flush", "flush_handlers", Map.of(), null, List.of(), List.of(), null, null);

  private RunResult run(List<Task> tasks, String policy, boolean check) {
    Playbook pb = new Playbook("test", null, "all", null, null, Map.of(), tasks,
        List.of(task("restart u", "restarter", restarter(policy), List.of())), null);
    Host h = new Host("h01", Map.of("dir", tmp.toString()), ConnectionSpec.local(false), List.of("all"), null);
    RunListener l = new RunListener() {
      @Override
      public void commandRan(String host, String description, CommandResult result) {
        commands.add(description);
      }

      @Override
      public void taskFinished(String host, TaskResult result) {
        events.add(result.name() + ":" + result.status() + ":" + result.message());
      }
    };
    EngineOptions o = new EngineOptions(check, false, Set.of(), Set.of(), 1, null, tmp);
    return new Engine(modules, new Templates(List.of()), new LocalConnectionFactory(), l, o).run(pb, List.of(h));
  }

  private String log() throws Exception {
    Path p = tmp.resolve("u.log");
    return Files.exists(p) ? Files.readString(p) : "";
  }

  @Test
  void anUnchangedHostReadsTheDueFactsWithItsFirstReadAndRunsNoHandler() throws Exception {
    Files.createFile(tmp.resolve("a"));
    RunResult r = run(List.of(task("a", "touch", Map.of("path", "${dir}/a"), List.of("restart u"))), "always", false);
    HostResult h = r.hosts().get(0);
    assertThat(h.status()).isEqualTo(HostResult.Status.OK);
    assertThat(h.tasks()).extracting(TaskResult::name).containsExactly("a");
    // platform, a's fact and the handler's pending marker: one read, nothing after it
    assertThat(commands).containsExactly("gather 3 facts");
    assertThat(h.roundTrips()).isEqualTo(1);
  }

  @Test
  void aPendingRestartRunsAtTheEndWithoutANotificationAndSaysWhy() throws Exception {
    Files.createFile(tmp.resolve("a"));
    Files.createFile(tmp.resolve("u.pending"));
    RunResult r = run(List.of(task("a", "touch", Map.of("path", "${dir}/a"), List.of("restart u"))), "always", false);
    HostResult h = r.hosts().get(0);
    assertThat(h.status()).isEqualTo(HostResult.Status.CHANGED);
    assertThat(events).containsExactly("a:ok:" + tmp + "/a exists",
        "restart u:changed:restart u (a restart deferred by an earlier run is pending)");
    assertThat(log()).isEqualTo("restart\n");
    assertThat(tmp.resolve("u.pending")).doesNotExist();
    // the marker came with the first read: the restart is the only other round trip (it reads the
    // marker again, in the same round trip, for a later flush or the end)
    assertThat(commands).containsExactly("gather 3 facts", "restart", "gather 1 facts");
    assertThat(h.roundTrips()).isEqualTo(2);

    // done: the next run has nothing pending
    events.clear();
    RunResult again = run(List.of(task("a", "touch", Map.of("path", "${dir}/a"), List.of("restart u"))), "always", false);
    assertThat(again.hosts().get(0).status()).isEqualTo(HostResult.Status.OK);
    assertThat(events).containsExactly("a:ok:" + tmp + "/a exists");
  }

  @Test
  void aDueHandlerRunsAtTheFlushAndNotAgainAtTheEnd() throws Exception {
    Files.createFile(tmp.resolve("u.pending"));
    run(List.of(task("a", "touch", Map.of("path", "${dir}/a"), List.of()), FLUSH,
        task("b", "touch", Map.of("path", "${dir}/b"), List.of())), "never", false);
    assertThat(events).extracting(e -> e.substring(0, e.indexOf(':', e.indexOf(':') + 1)))
        .containsExactly("a:changed", "flush:ok", "restart u:deferred", "b:changed");
    assertThat(events.get(2)).isEqualTo(
        "restart u:deferred:restart deferred (policy never) (a restart deferred by an earlier run is pending)");
  }

  @Test
  void checkModeSaysWhatThePendingRestartWouldDo() throws Exception {
    Files.createFile(tmp.resolve("u.pending"));
    RunResult r = run(List.of(task("a", "touch", Map.of("path", "${dir}/a"), List.of())), "never", true);
    TaskResult handler = r.hosts().get(0).tasks().get(1);
    assertThat(handler.status()).isEqualTo(TaskResult.Status.DEFERRED);
    assertThat(handler.message()).isEqualTo(
        "restart would be deferred (policy never) (a restart deferred by an earlier run is pending)");
    assertThat(handler.commands()).containsExactly("remember the pending restart");

    events.clear();
    RunResult always = run(List.of(task("a", "touch", Map.of("path", "${dir}/a"), List.of())), "always", true);
    assertThat(always.hosts().get(0).tasks().get(1).status()).isEqualTo(TaskResult.Status.CHANGED);
    assertThat(always.hosts().get(0).tasks().get(1).message()).isEqualTo("would restart u (a restart deferred by an earlier run is pending)");
    assertThat(log()).isEmpty();
    assertThat(tmp.resolve("a")).doesNotExist();
  }

  @Test
  void aFailedHostRunsOnlyWhatItNotifiedNotWhatIsPending() throws Exception {
    Files.createFile(tmp.resolve("u.pending"));
    RunResult r = run(List.of(task("a", "touch", Map.of("path", "${dir}/a"), List.of()),
        task("b", "touch", Map.of("path", "${dir}/no/such/dir/b"), List.of())), "always", false);
    HostResult h = r.hosts().get(0);
    assertThat(h.status()).isEqualTo(HostResult.Status.FAILED);
    assertThat(h.tasks()).extracting(TaskResult::name).containsExactly("a", "b");
    assertThat(tmp.resolve("u.pending")).exists();
    assertThat(log()).isEmpty();
  }

  @Test
  void aRestartOfAUnitStartedAfterTheNotificationIsSkippedForAnyModuleThatSaysWhichUnitItRestarts()
      throws Exception {
    Map<String, Object> start = Map.of("name", "u", "state", "started", "log", "${dir}/u.log");
    List<Task> tasks = List.of(task("config", "touch", Map.of("path", "${dir}/conf"), List.of("restart u")),
        task("start u", "service", start, List.of()));
    RunResult r = run(tasks, "always", false);
    TaskResult handler = r.hosts().get(0).tasks().get(2);
    assertThat(handler.name()).isEqualTo("restart u");
    assertThat(handler.status()).isEqualTo(TaskResult.Status.OK);
    assertThat(handler.message()).isEqualTo(
        "u was started after the files that notified this handler were written: not restarted again");
    assertThat(log()).isEqualTo("start\n");
  }

  @Test
  void aRestartThatIsAlsoDueRunsEvenWhenTheUnitWasJustStarted() throws Exception {
    // an earlier run left a restart pending: whether it is still needed is the module's to judge
    Files.createFile(tmp.resolve("u.pending"));
    Map<String, Object> start = Map.of("name", "u", "state", "started", "log", "${dir}/u.log");
    run(List.of(task("config", "touch", Map.of("path", "${dir}/conf"), List.of("restart u")),
        task("start u", "service", start, List.of())), "always", false);
    assertThat(log()).isEqualTo("start\nrestart\n");
    assertThat(tmp.resolve("u.pending")).doesNotExist();
  }

  @Test
  void aDeferralThatRecordsWhatIsPendingForgetsWhatItMoves() throws Exception {
    // the deferral writes the marker: a later task reading it sees it written, not the first read's answer
    RunResult r = run(List.of(task("defer", "restarter", restarter("never"), List.of()),
        task("marker", "touch", Map.of("path", "${dir}/u.pending"), List.of())), "never", false);
    // ... and so does the handler at the end: the restart is pending, deferred again by its policy
    assertThat(r.hosts().get(0).tasks()).extracting(TaskResult::status)
        .containsExactly(TaskResult.Status.DEFERRED, TaskResult.Status.OK, TaskResult.Status.DEFERRED);
    // deferrals alone leave the host ok: a warning, not a change
    assertThat(r.hosts().get(0).status()).isEqualTo(HostResult.Status.OK);
  }

  @Test
  void serviceRestartsTheUnitOfAStateRestartedTaskOnly() {
    ServiceModule service = new ServiceModule();
    assertThat(service.restartsUnit(service.bind(Map.of("name", "docker", "state", "restarted")))).isEqualTo("docker");
    assertThat(service.restartsUnit(service.bind(Map.of("name", "docker", "state", "started")))).isNull();
    assertThat(service.restartsUnit(service.bind(Map.of("name", "docker", "enabled", true)))).isNull();
  }
}
