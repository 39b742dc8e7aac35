package io.jprov.report;

/**
 * Receives the progress of a run. The console reporter and the JSON report both implement it.
 *
 * <p>Event order: {@link #runStarted} once; then per host {@link #hostStarted}, for each task
 * {@link #taskStarted} then {@link #taskFinished}, then {@link #hostFinished}; finally {@link
 * #runFinished} once. Hosts that never start (unreachable before the first task still gets
 * hostStarted/hostFinished; hosts in batches that do not run get only hostFinished with status
 * {@code not_run}).
 *
 * <p>Threading: host events come from many worker threads at once; events of one host come from
 * one thread in order. Implementations must be thread-safe and must not block for long.
 */
public interface RunListener {
  default void runStarted(String playbook, boolean checkMode, int hostCount) {}

  default void hostStarted(String host) {}

  default void taskStarted(String host, String task) {}

  /**
   * A command ran on a host (facts gathering included) during a task; for full per-host logs.
   * Passwords travel on stdin only; anything else that looks secret (URL credentials, the values of
   * the run's {@code *_env} secrets) is masked by each output before it writes (see {@code
   * Masked}), so events may carry raw text.
   */
  default void commandRan(String host, String description, io.jprov.transport.CommandResult result) {}

  default void taskFinished(String host, TaskResult result) {}

  default void hostFinished(HostResult result) {}

  default void runFinished(RunResult result) {}

  /** A message about the run as a whole (batch stopped, interrupted). */
  default void notice(String message) {}
}
