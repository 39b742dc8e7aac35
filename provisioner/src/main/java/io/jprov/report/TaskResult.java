package io.jprov.report;

/**
 * One task's result on one host (docs/report.md {@code hosts[].tasks[]}).
 *
 * @param name task name
 * @param module module name
 * @param status {@code ok}, {@code changed}, {@code failed}, {@code skipped} or {@code deferred} (held back by
 *     a policy, e.g. a docker restart with running containers: a warning)
 * @param durationMs wall time
 * @param message for people; never contains secrets
 * @param diff unified diff or null; secrets masked
 * @param commands what ran (or would run in check mode), described for people
 * @param changed whether the task changed the host: true when {@code changed}, and for a {@code
 *     failed} task that changed something before it failed (its message says what moved)
 */
public record TaskResult(
    String name,
    String module,
    TaskResult.Status status,
    long durationMs,
    String message,
    String diff,
    java.util.List<String> commands,
    boolean changed) {

  /** A task's status; {@link #toString()} is the lower-case word the console, log and JSON report show. */
  public enum Status {
    OK, CHANGED, FAILED, SKIPPED, DEFERRED;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A result whose {@code changed} flag follows its status. */
  public TaskResult(String name, String module, Status status, long durationMs, String message, String diff,
      java.util.List<String> commands) {
    this(name, module, status, durationMs, message, diff, commands, status == Status.CHANGED);
  }
}
