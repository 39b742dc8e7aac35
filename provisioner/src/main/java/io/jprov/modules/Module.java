package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.transport.CommandResult;
import java.util.List;
import java.util.Map;

/**
 * A desired-state module (SPEC §5). A module never executes anything: it names the facts it needs,
 * plans from them, and interprets the results of the commands it planned.
 *
 * <p>Lifecycle per task and host: {@link #validate} (once per task at load time, with
 * uninterpolated args, through {@link LoadTime}: check keys and types that are not templated),
 * {@link #preflight} (interpolated without facts, before any host is contacted), {@link #facts}
 * and {@link #plan} (with interpolated args). Outside {@link LoadTime} every value is checked
 * fully, even one that still holds {@code ${}, so nothing escapes validation. Then, if the plan
 * had commands and the run is not in check mode, the engine runs them in order, stopping at the
 * first failure, and calls {@link #interpret}.
 *
 * <p>Implementations are thread-safe and hold no per-host state (at most a cache of read-only
 * local inputs, such as a bundle manifest): one instance serves every host.
 */
public interface Module {

  /** The module name as written in playbooks ({@code package}, {@code template}, ...). */
  String name();

  /**
   * Checks argument names and values; under {@link LoadTime} (the playbook loader) a value
   * holding {@code ${...}} is only type-checked, everywhere else it is checked like any value.
   *
   * @throws ModuleArgsException naming the offending argument
   */
  void validate(Map<String, Object> args);

  /**
   * Checks interpolated arguments before any host is contacted, for everything that needs no facts
   * (a mirror URL, a known version set). Called once per task and host when the arguments
   * interpolate without facts. Default: {@link #validate}.
   *
   * @throws ModuleArgsException naming the offending argument
   */
  default void preflight(Map<String, Object> args) {
    validate(args);
  }

  /**
   * {@link #preflight(Map)} with what is known about the host before it is contacted: its
   * variables without facts, jprov's home and the playbook's directory. Modules that read local
   * inputs (a template file) check them here. Default: {@link #preflight(Map)}.
   *
   * @throws io.jprov.InputException naming the offending argument or input; an error that needs
   *     facts (an undefined {@code facts.x}) is left for run time by the caller
   */
  default void preflight(Map<String, Object> args, TaskContext ctx) {
    preflight(args);
  }

  /** The facts {@link #plan} reads, for these (interpolated) arguments. */
  List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx);

  /**
   * Facts {@link #plan} also reads that depend on the values of {@link #facts} (e.g. which
   * repository versions to look up once rpm said what moves). Read in a second round trip, only
   * when not empty. Default: none.
   */
  default List<Fact<?>> moreFacts(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    return List.of();
  }

  /**
   * Decides what to do from facts alone.
   *
   * @throws ModuleArgsException when an interpolated argument turns out invalid
   */
  Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx);

  /**
   * Turns command results into the task outcome. {@code results} holds one entry per command that
   * ran, in order; the last may have failed. The default: any non-zero exit fails the task with the
   * command's own error; otherwise a CHANGE plan is {@code changed} and a VERIFY plan {@code ok}.
   */
  default Outcome interpret(Map<String, Object> args, Plan plan, List<CommandResult> results) {
    return Outcomes.standard(plan, results);
  }
}
