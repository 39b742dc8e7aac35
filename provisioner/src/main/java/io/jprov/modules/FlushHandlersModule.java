package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import java.util.List;
import java.util.Map;

/**
 * {@code flush_handlers}: runs the handlers notified so far, at this point of the play instead of
 * at its end (Ansible's {@code meta: flush_handlers}), e.g. to restart a service with its new
 * configuration before a task verifies it. Takes no arguments; {@code when} and {@code tags} apply
 * as to any task. The engine runs the handlers; this module only names the task kind, so its own
 * plan is never executed.
 */
public final class FlushHandlersModule implements Module {
  public static final String NAME = "flush_handlers";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void validate(Map<String, Object> args) {
    Args.requireKnown(name(), args, List.of());
  }

  @Override
  public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
    return List.of();
  }

  @Override
  public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    return Plan.ok("handlers are run by the engine");
  }
}
