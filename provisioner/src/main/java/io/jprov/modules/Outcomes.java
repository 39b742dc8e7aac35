package io.jprov.modules;

import io.jprov.transport.CommandResult;
import java.util.List;

/** Shared interpretation of command results. */
public final class Outcomes {
  private Outcomes() {}

  /** Fails on the first non-zero exit with the command's own error; otherwise by plan kind. */
  public static Outcome standard(Plan plan, List<CommandResult> results) {
    for (int i = 0; i < results.size(); i++) {
      CommandResult r = results.get(i);
      if (!r.ok()) {
        return Outcome.failed(
            plan.commands().get(i).describe() + ": exit " + r.exitCode() + ": " + errorText(r));
      }
    }
    return plan.kind() == Plan.Kind.VERIFY ? Outcome.ok(plan.message()) : Outcome.changed(plan.message());
  }

  /** The most useful few lines of a failed command's output: stderr, else stdout. */
  public static String errorText(CommandResult r) {
    String text = r.stderr().isBlank() ? r.stdout() : r.stderr();
    String[] lines = text.strip().split("\n");
    int from = Math.max(0, lines.length - 5);
    return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length)).strip();
  }
}
