package io.jprov.modules;

/**
 * The final status of a task after its commands ran.
 *
 * @param status ok, changed or failed
 * @param message for people; on failure the command's own error
 * @param changed whether the host changed: true for {@code CHANGED}, and for a {@code FAILED}
 *     outcome whose commands changed something before failing (the message then says what moved)
 */
public record Outcome(Status status, String message, boolean changed) {
  public enum Status {
    OK,
    CHANGED,
    FAILED,
    /** Held back by a policy (see {@link Plan.Kind#DEFER}): a warning, not a failure. */
    DEFERRED
  }

  public Outcome(Status status, String message) {
    this(status, message, status == Status.CHANGED);
  }

  /** A failure after some of the commands changed the host; {@code message} lists what moved. */
  public static Outcome failedWithChanges(String message) {
    return new Outcome(Status.FAILED, message, true);
  }

  public static Outcome ok(String message) {
    return new Outcome(Status.OK, message);
  }

  public static Outcome changed(String message) {
    return new Outcome(Status.CHANGED, message);
  }

  public static Outcome deferred(String message) {
    return new Outcome(Status.DEFERRED, message);
  }

  public static Outcome failed(String message) {
    return new Outcome(Status.FAILED, message);
  }
}
