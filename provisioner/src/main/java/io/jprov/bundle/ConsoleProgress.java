package io.jprov.bundle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Fetch progress for people: on a TTY one self-overwriting line for the current file, otherwise one
 * line per finished file. Single-threaded, like the fetch.
 */
public final class ConsoleProgress implements FetchListener {
  private final PrintStream out;
  private final boolean tty;
  private long lastDraw;
  private boolean dirty;
  private final java.util.Set<String> resumed = new java.util.HashSet<>();

  public ConsoleProgress(PrintStream out, boolean tty) {
    this.out = out;
    this.tty = tty;
  }

  @Override
  public void started(String file, long size, long resumeFrom) {
    if (resumeFrom > 0) {
      resumed.add(file);
    }
  }

  @Override
  public void progress(String file, long done, long size) {
    if (!tty) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L && done != size) {
      return;
    }
    lastDraw = now;
    String pct = size > 0 ? String.format(Locale.ROOT, "%3d%%", done * 100 / size) : "    ";
    out.print("\r\033[K  " + pct + " " + file + " " + bytes(done) + (size > 0 ? " / " + bytes(size) : ""));
    out.flush();
    dirty = true;
  }

  @Override
  public void finished(String file, long size, long downloaded, boolean skipped) {
    clear();
    if (file.startsWith("blob ")) {
      return;
    }
    boolean wasResumed = resumed.remove(file);
    String what = skipped ? "present   " : wasResumed ? "resumed   " : file.startsWith("images/") ? "pulled    "
        : "downloaded";
    out.println("  " + what + " " + file + " (" + bytes(size) + (downloaded > 0 && downloaded != size
        ? ", " + bytes(downloaded) + " over the network" : "") + ")");
  }

  @Override
  public void message(String text) {
    clear();
    out.println(io.jprov.util.Secrets.mask(text));
  }

  private void clear() {
    if (dirty) {
      out.print("\r\033[K");
      dirty = false;
    }
  }

  /** 1234567 → "1.2 MB". */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GB", n / (1024.0 * 1024 * 1024));
  }
}
