package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.transport.CommandResult;
import java.util.List;
import java.util.Map;

/**
 * A desired-state module (see docs/architecture.md). A module never executes anything: it declares
 * its arguments ({@link #spec}), reads them once into its own record {@code A} ({@link #parse}),
 * names the facts it needs, plans from them, and interprets the results of the commands it planned.
 *
 * <p>Lifecycle per task and host:
 * <ol>
 *   <li>Load: {@link ArgSpec#checkLiterals} on the uninterpolated arguments, and {@link #parse} at
 *       once when none holds {@code ${}} ({@link #checkAtLoad}).
 *   <li>Preflight, before any host is contacted: arguments interpolated without facts, parsed
 *       ({@link #bind}), then {@link #preflight} checks local inputs (a template, a bundle).
 *   <li>Run: arguments interpolated with facts and parsed again (once), then {@link #facts},
 *       {@link #moreFacts}, {@link #plan}; if the plan has commands and the run is not in check
 *       mode, the engine runs them in order, stopping at the first failure, and calls {@link
 *       #interpret}.
 * </ol>
 * Parsing checks every value fully; nothing downstream validates again.
 *
 * <p>Implementations are thread-safe and hold no per-host state (at most a cache of read-only
 * local inputs, such as a bundle manifest): one instance serves every host.
 *
 * @param <A> the module's parsed arguments (a record)
 */
public interface TaskModule<A> {

  /** The arguments this module takes. */
  ArgSpec spec();

  /** The module name as written in playbooks ({@code package}, {@code template}, ...). */
  default String name() {
    return spec().module();
  }

  /**
   * Reads checked arguments into the module's record and checks the rules between arguments
   * ({@code 'content' only applies to state: file}).
   *
   * @throws ModuleArgsException from {@link Args#error}
   */
  A parse(Args args);

  /**
   * Checks what can be checked on the controller before any host is contacted and that {@link
   * #parse} cannot: local inputs (a template renders, a bundle holds the version). Default: nothing.
   *
   * @throws io.jprov.InputException naming the offending argument or input
   */
  default void preflight(A args, TaskContext ctx) {}

  /** The facts {@link #plan} reads. */
  /**
   * Completes the parsed arguments for one host on the controller before facts are named, e.g. a
   * version resolved from a repository's metadata ({@code package}'s {@code resolve}); what is returned
   * is what facts, plan and interpret see. Must not fail: a problem is left for {@link #plan} to report.
   * The default returns {@code args}.
   */
  default A prepare(A args, TaskContext ctx) {
    return args;
  }

  /**
   * Whether the facts this module names depend on the host's platform ({@link TaskContext#distro()}),
   * e.g. rpm or dpkg state. The engine then never reads them ahead before the platform is known.
   */
  default boolean factsNeedPlatform() {
    return false;
  }

  List<Fact<?>> facts(A args, TaskContext ctx);

  /**
   * Facts {@link #plan} also reads that depend on the values of {@link #facts} (e.g. which
   * repository versions to look up once rpm said what moves). Read in a second round trip, only
   * when not empty. Default: none.
   */
  default List<Fact<?>> moreFacts(A args, FactSet facts, TaskContext ctx) {
    return List.of();
  }

  /** Decides what to do from facts alone. */
  Plan plan(A args, FactSet facts, TaskContext ctx);

  /** Facts saying whether this handler is due without a notification (a restart deferred by an earlier run);
      read with the host's first facts. Default: none. */
  default List<Fact<?>> dueFacts(A args, TaskContext ctx) { return List.of(); }
  /** Why this handler must run although nothing notified it in this run, or null (default). */
  default String due(A args, FactSet facts, TaskContext ctx) { return null; }
  /** The systemd unit this task restarts, or null: the engine skips it when a task started that unit after the
      notification (today ServiceModule.restartedUnit special-cased in HostRunner). Default null. */
  default String restartsUnit(A args) { return null; }

  /**
   * Which facts this task's commands may move, by fact key ({@link Fact#key()}): after its
   * commands ran (or failed half way), the engine forgets exactly those and keeps the others for
   * the following tasks. Must err on the side of {@code true}: a fact kept wrongly is a stale
   * plan. The default: every fact (the platform is never forgotten). {@link Affects} builds the
   * narrow answers.
   */
  default java.util.function.Predicate<String> affects(A args) {
    return Affects.EVERYTHING;
  }

  /**
   * Turns command results into the task outcome. {@code results} holds one entry per command that
   * ran, in order; the last may have failed. The default: any non-zero exit fails the task with the
   * command's own error; otherwise a CHANGE plan is {@code changed} and a VERIFY plan {@code ok}.
   */
  default Outcome interpret(A args, Plan plan, List<CommandResult> results) {
    return Outcomes.standard(plan, results);
  }

  /**
   * Checks a playbook's uninterpolated arguments: names, required ones and every literal value;
   * when no value holds {@code ${}}, also the rules between arguments.
   *
   * @throws ModuleArgsException naming the module and the argument
   */
  default void checkAtLoad(Map<String, Object> raw) {
    if (spec().checkLiterals(raw)) {
      parse(spec().parse(raw));
    }
  }

  /**
   * Parses interpolated arguments: {@link ArgSpec#parse}, then {@link #parse}.
   *
   * @throws ModuleArgsException naming the module and the argument
   */
  default A bind(Map<String, Object> raw) {
    return parse(spec().parse(raw));
  }
}
