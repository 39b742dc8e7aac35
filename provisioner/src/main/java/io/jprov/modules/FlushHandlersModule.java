package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import java.util.List;

/**
 * {@code flush_handlers}: runs the handlers notified so far, at this point of the play instead of
 * at its end (Ansible's {@code meta: flush_handlers}), e.g. to restart a service with its new
 * configuration before a task verifies it. Takes no arguments; {@code when} and {@code tags} apply
 * as to any task. The engine runs the handlers; this module only names the task kind, so its own
 * plan is never executed.
 */
public final class FlushHandlersModule implements TaskModule<FlushHandlersModule.Arguments> {
  public static final String NAME = "flush_handlers";
  private static final ArgSpec SPEC = ArgSpec.of(NAME,
      "Runs the handlers notified so far at this point of the play, instead of at its end.").build();

  /** It takes none. */
  public record Arguments() {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args args) {
    return new Arguments();
  }

  @Override
  public List<Fact<?>> facts(Arguments args, TaskContext ctx) {
    return List.of();
  }

  @Override
  public Plan plan(Arguments args, FactSet facts, TaskContext ctx) {
    return Plan.ok("handlers are run by the engine");
  }
}
