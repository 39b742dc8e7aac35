package io.jprov;

/** Process exit codes, listed in docs/exit-codes.md. */
public final class ExitCodes {
  /** Success; in check mode: nothing would change. */
  public static final int OK = 0;
  /** Internal error (a bug or an unexpected environment failure). */
  public static final int INTERNAL = 1;
  /** Usage or invalid input; nothing was changed on any host. */
  public static final int INPUT = 2;
  /** One or more hosts failed a task. */
  public static final int FAILED = 3;
  /** One or more hosts unreachable and none failed. */
  public static final int UNREACHABLE = 4;
  /**
   * Network error: a mirror or registry could not be reached (refused, unresolvable, no route,
   * timed out, TLS) or answered with an HTTP error status.
   */
  public static final int NETWORK = 5;
  /** Check mode found changes to make (drift) and nothing failed. */
  public static final int DRIFT = 10;
  /** Interrupted by SIGINT (Ctrl-C), 128 + 2 as shells report it; the recap and reports are written. */
  public static final int INTERRUPTED = 130;
  /** Terminated by SIGTERM, 128 + 15; the recap and reports are written. */
  public static final int TERMINATED = 143;

  private ExitCodes() {}
}
