package io.jprov.report;

import java.util.List;
import java.util.Locale;

/**
 * One host's result (docs/report.md {@code hosts[]}).
 *
 * @param name inventory name
 * @param status {@code ok}, {@code changed}, {@code failed}, {@code unreachable} (or {@code
 *     interrupted} / {@code not_run} when the run stopped before the host finished)
 * @param durationMs wall time for the host
 * @param tasks task results in run order
 * @param roundTrips exec/upload round trips made on the host's connection
 * @param message why the host failed or was unreachable, or null
 */
public record HostResult(
    String name,
    HostResult.Status status,
    long durationMs,
    List<TaskResult> tasks,
    int roundTrips,
    String message) {

  /** A host's status; {@link #toString()} is the lower-case word the console, log and JSON report show. */
  public enum Status {
    OK, CHANGED, FAILED, UNREACHABLE, INTERRUPTED, NOT_RUN;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public long count(TaskResult.Status taskStatus) {
    return tasks.stream().filter(t -> t.status() == taskStatus).count();
  }

  /** Tasks that changed the host, failed ones that changed something before failing included. */
  public long changedCount() {
    return tasks.stream().filter(TaskResult::changed).count();
  }

  /**
   * Tasks held back by a policy ({@code deferred}: a docker restart or an upgrade with running containers,
   * docs/playbooks.md): a warning; the host's status stays {@code ok} or {@code changed}.
   */
  public long deferredCount() {
    return count(TaskResult.Status.DEFERRED);
  }

  /** The message of the host's first deferred task, or null when none was deferred. */
  public String deferredMessage() {
    return tasks.stream().filter(t -> t.status() == TaskResult.Status.DEFERRED).map(TaskResult::message)
        .findFirst().orElse(null);
  }

  /** Whether the host was changed by this run, even if it then failed. */
  public boolean changed() {
    return changedCount() > 0;
  }
}
