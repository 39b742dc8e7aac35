package io.jprov.modules;

/**
 * The final status of a task after its commands ran.
 *
 * @param status ok, changed or failed
 * @param message for people; on failure the command's own error
 */
public record Outcome(Status status, String message) {
  public enum Status {
    OK,
    CHANGED,
    FAILED
  }

  public static Outcome ok(String message) {
    return new Outcome(Status.OK, message);
  }

  public static Outcome changed(String message) {
    return new Outcome(Status.CHANGED, message);
  }

  public static Outcome failed(String message) {
    return new Outcome(Status.FAILED, message);
  }
}
