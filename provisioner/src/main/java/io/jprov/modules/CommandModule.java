package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileStat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code command}: the escape hatch. Runs {@code cmd} with {@code sh -c} unless {@code creates}
 * exists or the read-only {@code unless} command exits 0 (both read in the facts round trip).
 * With {@code changed_when: false} a run reports {@code ok}.
 */
public final class CommandModule implements Module {
  private static final List<String> ARGS = List.of("cmd", "creates", "unless", "changed_when");

  @Override
  public String name() {
    return "command";
  }

  @Override
  public void validate(Map<String, Object> args) {
    OldArgs.requireKnown(name(), args, ARGS);
    String cmd = OldArgs.string(args, "cmd", true);
    if (cmd.isBlank()) {
      throw new ModuleArgsException("argument 'cmd' must not be empty");
    }
    OldArgs.path(args, "creates", false);
    OldArgs.string(args, "unless", false);
    OldArgs.bool(args, "changed_when");
  }

  /** The fact whose exit code tells whether {@code unless} holds. */
  static Fact<Boolean> unlessFact(String command) {
    return new Fact<>("unless:" + command, command, out -> out.exitCode() == 0);
  }

  @Override
  public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
    List<Fact<?>> facts = new ArrayList<>();
    String creates = OldArgs.path(args, "creates", false);
    if (creates != null) {
      facts.add(FileStat.of(creates, false));
    }
    String unless = OldArgs.string(args, "unless", false);
    if (unless != null) {
      facts.add(unlessFact(unless));
    }
    return facts;
  }

  @Override
  public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    validate(args);
    String cmd = OldArgs.string(args, "cmd", true);
    String creates = OldArgs.path(args, "creates", false);
    if (creates != null && facts.get(FileStat.of(creates, false)).exists()) {
      return Plan.ok(creates + " exists");
    }
    String unless = OldArgs.string(args, "unless", false);
    if (unless != null && facts.get(unlessFact(unless))) {
      return Plan.ok("unless command succeeded: " + unless);
    }
    List<Command> cmds = List.of(new Command.Shell(cmd, cmd));
    if (Boolean.FALSE.equals(OldArgs.bool(args, "changed_when"))) {
      return Plan.verify("run " + cmd, cmds);
    }
    return Plan.change("run " + cmd, cmds);
  }
}
