package io.jprov.modules;

import io.jprov.facts.CommandFacts;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileStat;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code command}: the escape hatch. Runs {@code cmd} with {@code sh -c} unless {@code creates}
 * exists or the read-only {@code unless} command exits 0 (both read in the facts round trip).
 * With {@code changed_when: false} a run reports {@code ok}.
 */
public final class CommandModule implements TaskModule<CommandModule.Arguments> {
  private static final ArgSpec SPEC = ArgSpec.of("command",
      "A command has run (sh -c), unless its result already exists: the escape hatch for what no module covers.")
      .required("cmd", ArgType.NON_EMPTY, "The shell command; a task may also write it directly as"
          + " command: \"...\".")
      .optional("creates", ArgType.PATH, "A path on the host; when it exists the command is not run.")
      .optional("unless", ArgType.STRING, "A read-only shell command run with the facts; when it exits 0 the"
          + " command is not run.")
      .optional("changed_when", ArgType.BOOL, true, "false: a run of the command is reported ok, not changed.")
      .build();

  /**
   * The parsed arguments.
   *
   * @param creates a path, or null
   * @param unless a command, or null
   */
  public record Arguments(String cmd, String creates, String unless, boolean changedWhen) {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    return new Arguments(a.string("cmd"), a.string("creates"), a.string("unless"), a.bool("changed_when"));
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    List<Fact<?>> facts = new ArrayList<>();
    if (a.creates() != null) {
      facts.add(FileStat.of(a.creates(), false));
    }
    if (a.unless() != null) {
      facts.add(CommandFacts.succeeds(a.unless()));
    }
    return facts;
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    String cmd = a.cmd();
    if (a.creates() != null && facts.get(FileStat.of(a.creates(), false)).exists()) {
      return Plan.ok(a.creates() + " exists");
    }
    if (a.unless() != null && facts.get(CommandFacts.succeeds(a.unless()))) {
      return Plan.ok("unless command succeeded: " + a.unless());
    }
    List<Command> cmds = List.of(new Command.Shell(cmd, cmd));
    if (!a.changedWhen()) {
      return Plan.verify("run " + cmd, cmds);
    }
    return Plan.change("run " + cmd, cmds);
  }
}
