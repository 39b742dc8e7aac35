package io.jprov.report;

import io.jprov.transport.CommandResult;
import io.jprov.util.Secrets;
import java.util.List;

/**
 * Event values with {@link Secrets#mask} applied to every text they carry. Each output of a run
 * (console, JSON report, log directory) passes every event through here before writing a byte,
 * so no path to a person or a file can skip the masking. Stateless.
 */
final class Masked {
  private Masked() {}

  static String text(String s) {
    return Secrets.mask(s);
  }

  static CommandResult command(CommandResult r) {
    return new CommandResult(r.exitCode(), text(r.stdout()), text(r.stderr()), r.durationMs());
  }

  static TaskResult task(TaskResult r) {
    List<String> commands = r.commands() == null ? null : r.commands().stream().map(Masked::text).toList();
    return new TaskResult(text(r.name()), r.module(), r.status(), r.durationMs(), text(r.message()),
        text(r.diff()), commands, r.changed());
  }

  static HostResult host(HostResult r) {
    return new HostResult(r.name(), r.status(), r.durationMs(), r.tasks().stream().map(Masked::task).toList(),
        r.roundTrips(), text(r.message()));
  }

  static RunResult run(RunResult r) {
    return new RunResult(r.playbook(), r.checkMode(), r.started(), r.finished(),
        r.hosts().stream().map(Masked::host).toList(), text(r.stopReason()), r.shard());
  }
}
