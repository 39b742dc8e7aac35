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
   * A size that follows the terminal: read again when asked a second or more after the last
   * read (a resized window is seen within a second); cheap between reads. When {@code stty} cannot
   * read the terminal once, it is not tried again (80x24 from then on).
   */
  public static Supplier<TerminalSize> live() {
    return new Supplier<>() {
      private TerminalSize last;
      private long readAt;
      private boolean sttyFailed;

      @Override
      public synchronized TerminalSize get() {
        long now = System.nanoTime();
        if (last == null || now - readAt >= TimeUnit.SECONDS.toNanos(1)) {
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
