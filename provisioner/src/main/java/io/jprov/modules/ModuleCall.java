package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.transport.CommandResult;
import java.util.List;
import java.util.Map;

/**
 * One module with one task's parsed arguments on one host: what the engine holds between planning
 * and interpreting, so that it never needs to know the module's argument type.
 *
 * @param module the module
 * @param args its parsed arguments
 * @param <A> the module's argument record
 */
public record ModuleCall<A>(TaskModule<A> module, A args) {

  /**
   * Parses interpolated arguments for {@code module}.
   *
   * @throws ModuleArgsException naming the module and the argument
   */
  public static <A> ModuleCall<A> bind(TaskModule<A> module, Map<String, Object> raw) {
    return new ModuleCall<>(module, module.bind(raw));
  }

  /** This call with the arguments the module completed on the controller for this host ({@link TaskModule#prepare}). */
  public ModuleCall<A> prepared(TaskContext ctx) {
    A a = module.prepare(args, ctx);
    return a == args ? this : new ModuleCall<>(module, a);
  }

  public String name() {
    return module.name();
  }

  public void preflight(TaskContext ctx) {
    module.preflight(args, ctx);
  }

  public List<Fact<?>> facts(TaskContext ctx) {
    return module.facts(args, ctx);
  }

  public List<Fact<?>> moreFacts(FactSet facts, TaskContext ctx) {
    return module.moreFacts(args, facts, ctx);
  }

  public Plan plan(FactSet facts, TaskContext ctx) {
    return module.plan(args, facts, ctx);
  }

  /** The keys of the facts this call's commands may move ({@link TaskModule#affects}). */
  public java.util.function.Predicate<String> affects() {
    return module.affects(args);
  }

  public Outcome interpret(Plan plan, List<CommandResult> results) {
    return module.interpret(args, plan, results);
  }

  /** The facts {@link #due} reads ({@link TaskModule#dueFacts}). */
  public List<Fact<?>> dueFacts(TaskContext ctx) {
    return module.dueFacts(args, ctx);
  }

  /** Why this handler must run without a notification, or null ({@link TaskModule#due}). */
  public String due(FactSet facts, TaskContext ctx) {
    return module.due(args, facts, ctx);
  }

  /** The systemd unit this call restarts, or null ({@link TaskModule#restartsUnit}). */
  public String restartsUnit() {
    return module.restartsUnit(args);
  }
}
