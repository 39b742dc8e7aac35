package io.jprov.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The size of the terminal the console view is drawn on, in character cells. Read like Python's
 * {@code shutil.get_terminal_size}: {@code COLUMNS} and {@code LINES} when both are positive numbers
 * (shells rarely export them, so they are mostly an override), else {@code stty size} on
 * {@code /dev/tty} (the JDK has no call for the window size), else 80x24.
 *
 * @param columns cells per line, at least 1
 * @param rows lines, at least 1
 */
public record TerminalSize(int columns, int rows) {
  /** What most terminal emulators open with, and what is assumed when nothing can be read. */
  public static final TerminalSize DEFAULT = new TerminalSize(80, 24);

  public TerminalSize {
    columns = Math.max(1, columns);
    rows = Math.max(1, rows);
  }

  /**
   * A size that follows the terminal: read again after the window changed size ({@code SIGWINCH},
   * where the JVM lets it be handled) and at least every {@code recheck} (one second without the
   * signal, five with it); cheap between reads. When {@code stty} cannot read the terminal once, it
   * is not tried again (80x24 from then on).
   */
  public static Supplier<TerminalSize> live() {
    java.util.concurrent.atomic.AtomicBoolean resized = new java.util.concurrent.atomic.AtomicBoolean();
    boolean signalled = onResize(() -> resized.set(true));
    long recheck = TimeUnit.SECONDS.toNanos(signalled ? 5 : 1);
    return new Supplier<>() {
      private TerminalSize last;
      private long readAt;
      private boolean sttyFailed;

      @Override
      public synchronized TerminalSize get() {
        long now = System.nanoTime();
        if (last == null || resized.getAndSet(false) || now - readAt >= recheck) {
          TerminalSize env = fromEnv(System.getenv());
          if (env != null) {
            last = env;
          } else if (!sttyFailed) {
            TerminalSize s = stty();
            sttyFailed = s == null;
            last = s == null ? DEFAULT : s;
          } else {
            last = DEFAULT;
          }
          readAt = now;
        }
        return last;
      }
    };
  }

  /** Calls {@code action} when the terminal's window changes size; false when the signal cannot be handled. */
  private static boolean onResize(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> action.run());
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // no such signal here, or reserved (-Xrs): the size is read every second instead
      return false;
    }
  }

  /** {@code COLUMNS} and {@code LINES} when both are positive whole numbers, else null. */
  static TerminalSize fromEnv(Map<String, String> env) {
    int c = positive(env.get("COLUMNS"));
    int r = positive(env.get("LINES"));
    return c > 0 && r > 0 ? new TerminalSize(c, r) : null;
  }

  /** {@code stty size} prints "ROWS COLUMNS"; null when it does not (no terminal, zeros, garbage). */
  static TerminalSize parseStty(String text) {
    String[] parts = text.strip().split("\\s+");
    if (parts.length != 2) {
      return null;
    }
    int r = positive(parts[0]);
    int c = positive(parts[1]);
    return c > 0 && r > 0 ? new TerminalSize(c, r) : null;
  }

  private static int positive(String s) {
    if (s == null || !s.strip().matches("[0-9]{1,5}")) {
      return 0;
    }
    return Integer.parseInt(s.strip());
  }

  /**
   * Runs {@code stty size} with its input on the controlling terminal (stty reads the size of its
   * standard input); null when there is none or stty fails or takes more than two seconds.
   */
  private static TerminalSize stty() {
    File tty = new File("/dev/tty");
    if (!tty.exists()) {
      return null;
    }
    Process p = null;
    try {
      p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      byte[] outBytes = p.getInputStream().readNBytes(64);
      if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return parseStty(new String(outBytes, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (p != null) {
        p.destroy();
      }
    }
  }
}
