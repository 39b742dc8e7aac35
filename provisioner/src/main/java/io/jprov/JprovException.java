package io.jprov;

/**
 * Root of every error jprov reports to the user. Each carries the process exit code it maps to
 * (docs/exit-codes.md) and a one-line message that names where the problem is (file:line:column, host, task).
 * Library exceptions are wrapped at the boundary so the message has context; the cause is kept
 * for {@code -v}.
 */
public class JprovException extends RuntimeException {
  private final int exitCode;

  public JprovException(int exitCode, String message) {
    this(exitCode, message, null);
  }

  public JprovException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The process exit code this error maps to, one of {@link ExitCodes}. */
  public int exitCode() {
    return exitCode;
  }
}
