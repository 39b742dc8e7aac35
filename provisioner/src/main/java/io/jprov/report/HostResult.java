package io.jprov.report;

import java.util.List;

/**
 * One host's result (SPEC §8 {@code hosts[]}).
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
    String status,
    long durationMs,
    List<TaskResult> tasks,
    int roundTrips,
    String message) {
  public static final String OK = "ok";
  public static final String CHANGED = "changed";
  public static final String FAILED = "failed";
  public static final String UNREACHABLE = "unreachable";
  public static final String INTERRUPTED = "interrupted";
  public static final String NOT_RUN = "not_run";

  public long count(String taskStatus) {
    return tasks.stream().filter(t -> t.status().equals(taskStatus)).count();
  }

  /** Tasks that changed the host, failed ones that changed something before failing included. */
  public long changedCount() {
    return tasks.stream().filter(TaskResult::changed).count();
  }

  /** Whether the host was changed by this run, even if it then failed. */
  public boolean changed() {
    return changedCount() > 0;
  }
}
