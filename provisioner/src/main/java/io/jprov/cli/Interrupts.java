package io.jprov.cli;

import io.jprov.ExitCodes;
import io.jprov.engine.Engine;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM during a run. The JVM's default (a shutdown hook) cannot answer a second
 * Ctrl-C and cannot write the report after the hooks run, so the run installs its own handlers:
 *
 * <ul>
 *   <li>first SIGINT: says at once on stderr how many commands it waits for; no host, task or
 *       handler starts any more; the running commands finish and the run ends normally;
 *   <li>second SIGINT, or SIGTERM: abandons the running commands (every host connection is closed)
 *       and the run returns at once.
 * </ul>
 *
 * Either way the caller writes the recap and every report, and exits 130 (SIGINT) or 143 (SIGTERM).
 * The previous handlers are put back by {@link #uninstall}.
 */
final class Interrupts {
  private final Engine engine;
  private final PrintStream err;
  private final Runnable beforeMessage;
  private final AtomicInteger ints = new AtomicInteger();
  private volatile int exitCode;
  private SignalHandler oldInt;
  private SignalHandler oldTerm;

  private Interrupts(Engine engine, PrintStream err, Runnable beforeMessage) {
    this.engine = engine;
    this.err = err;
    this.beforeMessage = beforeMessage;
  }

  /**
   * @param beforeMessage run before each message, e.g. to clear the console's live status line so
   *     that the message gets a line of its own
   */
  static Interrupts install(Engine engine, PrintStream err, Runnable beforeMessage) {
    Interrupts i = new Interrupts(engine, err, beforeMessage);
    i.oldInt = handle("INT", s -> i.onInt());
    i.oldTerm = handle("TERM", s -> i.onTerm());
    return i;
  }

  private static SignalHandler handle(String name, SignalHandler h) {
    try {
      return Signal.handle(new Signal(name), h);
    } catch (IllegalArgumentException e) {
      // the signal is reserved (e.g. the JVM runs with -Xrs): keep the JVM's handling
      return null;
    }
  }

  void uninstall() {
    if (oldInt != null) {
      Signal.handle(new Signal("INT"), oldInt);
    }
    if (oldTerm != null) {
      Signal.handle(new Signal("TERM"), oldTerm);
    }
  }

  /** 0 when no signal arrived, else the exit code the signal asks for. */
  int exitCode() {
    return exitCode;
  }

  private void onInt() {
    if (exitCode == 0) {
      exitCode = ExitCodes.INTERRUPTED;
    }
    if (ints.incrementAndGet() == 1) {
      engine.interrupt();
      int n = engine.runningCommands();
      beforeMessage.run();
      err.println("interrupt: waiting for " + n + " running command" + (n == 1 ? "" : "s")
          + "; Ctrl-C again to abandon them");
    } else {
      abandon();
    }
    err.flush();
  }

  private void onTerm() {
    exitCode = ExitCodes.TERMINATED;
    abandon();
    err.flush();
  }

  private void abandon() {
    int n = engine.runningCommands();
    beforeMessage.run();
    err.println("interrupt: abandoning " + n + " running command" + (n == 1 ? "" : "s")
        + " (closing the host connections); writing the recap and reports");
    engine.abandon();
  }
}
