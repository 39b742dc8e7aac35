package io.jprov.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.inventory.Host;
import io.jprov.modules.Command;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.Outcome;
import io.jprov.modules.Outcomes;
import io.jprov.modules.Plan;
import io.jprov.modules.RawTestModule;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips of a converging host: a changed task's last shell command carries the following
 * tasks' fact reads, a change forgets only what its module {@link io.jprov.modules.TaskModule#affects},
 * and the command's own result is what {@code interpret} sees.
 */
class EngineRoundTripsTest {
  @TempDir Path tmp;

  static Fact<Boolean> exists(String path) {
    return new Fact<>("exists:" + path, "test -e " + Sh.quote(path), o -> o.exitCode() == 0);
  }

  /**
   * {@code touch: {path: P, narrow: bool}}: ensures a file exists. {@code narrow}: its change moves
   * only the fact about P (else every fact, the default).
   */
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
    public Predicate<String> affects(Map<String, Object> args) {
      String key = exists((String) args.get("path")).key();
      return Boolean.TRUE.equals(args.get("narrow")) ? key::equals : k -> true;
    }
  }

  /** {@code expect: {path: P}}: OK when P exists, FAIL when not (what the facts say, stale or not). */
  static final class ExpectModule extends RawTestModule {
    @Override
    public String name() {
      return "expect";
    }

    @Override
    public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
      return List.of(exists((String) args.get("path")));
    }

    @Override
    public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
      String path = (String) args.get("path");
      return facts.get(exists(path)) ? Plan.ok(path + " exists") : Plan.fail(path + " is missing");
    }
  }

  /** {@code run: {cmd: C}}: runs C as a change; what interpret saw is kept in {@link #seen}. */
  static final class RunModule extends RawTestModule {
    final List<CommandResult> seen = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "run";
    }

    @Override
    public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
      return List.of();
    }

    @Override
    public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
      return Plan.change("run", List.of(new Command.Shell((String) args.get("cmd"), "run")));
    }

    @Override
    public Outcome interpret(Map<String, Object> args, Plan plan, List<CommandResult> results) {
      seen.addAll(results);
      return Outcomes.standard(plan, results);
    }
  }

  private final RunModule runModule = new RunModule();
  private final ModuleRegistry modules = new ModuleRegistry(List.of(new TouchModule(), new ExpectModule(), runModule));
  private final List<String> commands = new CopyOnWriteArrayList<>();

  private static Task task(String name, String module, Map<String, Object> args) {
    return new Task(name, module, args, null, List.of(), List.of(), null, null);
  }

  private RunResult run(List<Task> tasks) {
    Playbook pb = new Playbook("test", null, "all", null, null, Map.of(), tasks, List.of(), null);
    Host h = new Host("h01", Map.of("dir", tmp.toString()), ConnectionSpec.local(false), List.of("all"), null);
    RunListener l = new RunListener() {
      @Override
      public void commandRan(String host, String description, CommandResult result) {
        commands.add(description);
      }
    };
    EngineOptions o = new EngineOptions(false, false, Set.of(), Set.of(), 1, null, tmp);
    return new Engine(modules, new Templates(List.of()), new LocalConnectionFactory(), l, o).run(pb, List.of(h));
  }

  @Test
  void aFreshConvergeCostsOneRoundTripPerChangedTaskPlusTheFirstRead() {
    List<Task> tasks = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      tasks.add(task("t" + i, "touch", Map.of("path", "${dir}/f" + i)));
    }
    RunResult first = run(tasks);
    HostResult h = first.hosts().get(0);
    long changed = h.tasks().stream().filter(t -> t.status() == TaskResult.Status.CHANGED).count();
    assertThat(changed).isEqualTo(6);
    // one read of every task's facts, then each task's command carries the re-read of the later
    // tasks' facts (its change moves every fact): 7, where a read before each task made 12
    assertThat(h.roundTrips()).isEqualTo(7).isLessThanOrEqualTo((int) changed + 2);
    assertThat(commands).containsExactly("gather 7 facts", "touch " + tmp + "/f1", "gather 5 facts",
        "touch " + tmp + "/f2", "gather 4 facts", "touch " + tmp + "/f3", "gather 3 facts",
        "touch " + tmp + "/f4", "gather 2 facts", "touch " + tmp + "/f5", "gather 1 facts", "touch " + tmp + "/f6");

    commands.clear();
    RunResult second = run(tasks);
    assertThat(second.hosts().get(0).status()).isEqualTo(HostResult.Status.OK);
    assertThat(second.hosts().get(0).roundTrips()).isEqualTo(1);
  }

  @Test
  void aChangeForgetsWhatItAffectsAndKeepsTheRest() throws Exception {
    // b exists but the first read says so before a is created; a's change (narrow) moves only the
    // fact about a, which 'a is there' reads again in the same round trip as a's command; b's fact
    // is kept, so touching nothing for b costs nothing
    Files.createFile(tmp.resolve("b"));
    RunResult r = run(List.of(
        task("a", "touch", Map.of("path", "${dir}/a", "narrow", true)),
        task("b", "touch", Map.of("path", "${dir}/b", "narrow", true)),
        task("a is there", "expect", Map.of("path", "${dir}/a"))));
    HostResult h = r.hosts().get(0);
    assertThat(h.tasks()).extracting(TaskResult::status)
        .containsExactly(TaskResult.Status.CHANGED, TaskResult.Status.OK, TaskResult.Status.OK);
    assertThat(commands).containsExactly("gather 3 facts", "touch " + tmp + "/a", "gather 1 facts");
    assertThat(h.roundTrips()).isEqualTo(2);
  }

  @Test
  void withoutNarrowingAChangeReadsEveryLaterFactAgain() throws Exception {
    // without narrowing, the change of a moves every fact: 'a is there' needs a read of its own
    // after a's command (here carried by it) and b's fact is read again with it
    Files.createFile(tmp.resolve("b"));
    run(List.of(
        task("a", "touch", Map.of("path", "${dir}/a")),
        task("b", "touch", Map.of("path", "${dir}/b")),
        task("a is there", "expect", Map.of("path", "${dir}/a"))));
    assertThat(commands).containsExactly("gather 3 facts", "touch " + tmp + "/a", "gather 2 facts");
  }

  @Test
  void interpretSeesTheCommandsOwnOutputAndAFailedCommandCarriesNoFacts() {
    RunResult r = run(List.of(
        task("noisy", "run", Map.of("cmd", "echo out; echo err >&2; exit 3")),
        task("after", "touch", Map.of("path", "${dir}/never"))));
    HostResult h = r.hosts().get(0);
    assertThat(h.status()).isEqualTo(HostResult.Status.FAILED);
    assertThat(runModule.seen).hasSize(1);
    CommandResult seen = runModule.seen.get(0);
    assertThat(seen.exitCode()).isEqualTo(3);
    assertThat(seen.stdout()).isEqualTo("out\n");
    assertThat(seen.stderr()).isEqualTo("err\n");
    // the gathering was in the same script but did not run: nothing reported as gathered
    assertThat(commands).containsExactly("gather 2 facts", "run");
    assertThat(tmp.resolve("never")).doesNotExist();
  }

  @Test
  void aCommandThatExitsStillCarriesTheFactsAndItsOutputIsExact() {
    RunResult r = run(List.of(
        task("exits", "run", Map.of("cmd", "printf 'no newline'; exit 0; echo never")),
        task("touch", "touch", Map.of("path", "${dir}/x")),
        task("x is there", "expect", Map.of("path", "${dir}/x"))));
    HostResult h = r.hosts().get(0);
    assertThat(h.status()).isEqualTo(HostResult.Status.CHANGED);
    assertThat(runModule.seen).singleElement().satisfies(c -> {
      assertThat(c.exitCode()).isZero();
      assertThat(c.stdout()).isEqualTo("no newline");
      assertThat(c.stderr()).isEmpty();
    });
    // exit in the command ends its subshell only: the facts of both later tasks came with it
    assertThat(commands).containsExactly("gather 2 facts", "run", "gather 1 facts", "touch " + tmp + "/x",
        "gather 1 facts");
    assertThat(h.roundTrips()).isEqualTo(3);
  }
}
