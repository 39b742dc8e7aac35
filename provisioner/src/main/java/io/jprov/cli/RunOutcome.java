package io.jprov.cli;

import io.jprov.ExitCodes;
import io.jprov.report.HostResult;
import io.jprov.report.RunResult;
import io.jprov.report.TaskResult;

/** Maps a finished run to its exit code (docs/exit-codes.md), in one place. */
final class RunOutcome {
  private RunOutcome() {}

  static int exitCode(RunResult run) {
    if (run.hostsWithStatus(HostResult.Status.FAILED) > 0) {
      return ExitCodes.FAILED;
    }
    if (run.hostsWithStatus(HostResult.Status.UNREACHABLE) > 0) {
      return ExitCodes.UNREACHABLE;
    }
    if (run.stopReason() != null) {
      return ExitCodes.FAILED;
    }
    // a deferral in check mode is drift too: the apply would record a pending restart (or leave one pending)
    if (run.checkMode() && run.hosts().stream()
        .anyMatch(h -> h.count(TaskResult.Status.CHANGED) > 0 || h.count(TaskResult.Status.DEFERRED) > 0)) {
      return ExitCodes.DRIFT;
    }
    return ExitCodes.OK;
  }
}
