package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.transport.CommandResult;
import java.util.List;
import java.util.Map;

/** Transition: an old map-based {@link Module} seen as a {@link TaskModule}. Removed once every module is converted. */
final class Legacy implements TaskModule<Map<String, Object>> {
  private final Module old;
  private final ArgSpec spec;

  Legacy(Module old) {
    this.old = old;
    this.spec = ArgSpec.of(old.name(), "").build();
  }

  Module old() {
    return old;
  }

  @Override
  public ArgSpec spec() {
    return spec;
  }

  @Override
  public Map<String, Object> parse(Args args) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void checkAtLoad(Map<String, Object> raw) {
    LoadTime.validate(old, raw);
  }

  @Override
  public Map<String, Object> bind(Map<String, Object> raw) {
    old.validate(raw);
    return raw;
  }

  @Override
  public void preflight(Map<String, Object> args, TaskContext ctx) {
    old.preflight(args, ctx);
  }

  @Override
  public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
    return old.facts(args, ctx);
  }

  @Override
  public List<Fact<?>> moreFacts(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    return old.moreFacts(args, facts, ctx);
  }

  @Override
  public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    return old.plan(args, facts, ctx);
  }

  @Override
  public Outcome interpret(Map<String, Object> args, Plan plan, List<CommandResult> results) {
    return old.interpret(args, plan, results);
  }
}
