package io.jprov.report;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Output for people: one line per host-task event (prefixed with the hosts done / total on a
 * terminal), diffs with {@code --diff}, notices, and a recap table at the end. On a terminal, a
 * status line under the events shows each running host's task and how long it has been on it,
 * redrawn every second (a host stuck on one task shows a growing time). Colours only when
 * asked for (a terminal without {@code NO_COLOR} or {@code --no-color}). Every text goes through
 * {@link io.jprov.util.Secrets#mask} before it is printed. Thread-safe: each event is printed whole
 * under a lock.
 */
public final class ConsoleReporter implements RunListener {
  private static final String RESET = "\u001b[0m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String RED = "\u001b[31m";
  private static final String CYAN = "\u001b[36m";

  private final PrintStream out;
  private final boolean color;
  private final boolean showDiff;
  private final int verbosity;
  /** Per host: the whole output of the command that failed in the running task ({@code -v}). */
  private final java.util.Map<String, String> failedOutput = new java.util.HashMap<>();
  private final AtomicInteger done = new AtomicInteger();
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  /** Running hosts: the task each is on and since when. */
  private final java.util.Map<String, Running> current = new java.util.LinkedHashMap<>();
  private final Clock clock;
  private final Ticker ticker;
  private AutoCloseable ticking;
  private boolean statusShown;
  private volatile int total;

  private record Running(String task, Instant since) {}

  /**
   * Starts the periodic redraw of the status line (on a terminal only).
   */
  @FunctionalInterface
  public interface Ticker {
    /**
     * Calls {@code redraw} periodically until the returned handle is closed.
     */
    AutoCloseable start(Runnable redraw);

    /** A daemon thread calling {@code redraw} every {@code period}. */
    static Ticker every(Duration period) {
      return redraw -> {
        java.util.concurrent.ScheduledExecutorService s =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
              Thread t = new Thread(r, "jprov-status");
              t.setDaemon(true);
              return t;
            });
        s.scheduleAtFixedRate(redraw, period.toMillis(), period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return s::shutdownNow;
      };
    }
  }

  public ConsoleReporter(PrintStream out, boolean color, boolean showDiff, int verbosity) {
    this(out, color, showDiff, verbosity, Clock.systemUTC(), Ticker.every(Duration.ofSeconds(1)));
  }

  /**
   * @param clock the time source of the elapsed times on the status line
   * @param ticker what redraws the status line between events (started only on a terminal)
   */
  public ConsoleReporter(PrintStream out, boolean color, boolean showDiff, int verbosity, Clock clock, Ticker ticker) {
    this.out = out;
    this.color = color;
    this.showDiff = showDiff;
    this.verbosity = verbosity;
    this.clock = clock;
    this.ticker = ticker;
  }

  @Override
  public synchronized void runStarted(String playbook, boolean checkMode, int hostCount) {
    total = hostCount;
    if (color && ticking == null) {
      ticking = ticker.start(this::tick);
    }
    out.println(paint(CYAN, "PLAY " + playbook + (checkMode ? " (check mode: nothing will be changed)" : "")
        + " on " + hostCount + " host" + (hostCount == 1 ? "" : "s")));
  }

  @Override
  public synchronized void hostStarted(String host) {
    started.add(host);
    // a host that takes long to connect (retries, a slow jump host) shows it too
    current.put(host, new Running("connecting", clock.instant()));
    drawStatus();
  }

  @Override
  public synchronized void taskStarted(String host, String task) {
    current.put(host, new Running(Masked.text(task), clock.instant()));
    drawStatus();
  }

  /** Redraws the status line (on a terminal, while a host is running), so that its times move. */
  public synchronized void tick() {
    if (statusShown) {
      drawStatus();
    }
  }

  /**
   * On a terminal: one status line under the event lines, redrawn in place: hosts done / total
   * and what the running hosts are doing, with how long each has been on its task.
   */
  private void drawStatus() {
    if (!color) {
      return;
    }
    StringBuilder sb = new StringBuilder("[" + done.get() + "/" + total + " hosts done]");
    int shown = 0;
    Instant now = clock.instant();
    for (java.util.Map.Entry<String, Running> e : current.entrySet()) {
      if (shown++ == 3) {
        sb.append(" +").append(current.size() - 3).append(" more");
        break;
      }
      // the time before the task: a long task name is what the length limit cuts
      sb.append(' ').append(e.getKey()).append(" (").append(elapsed(Duration.between(e.getValue().since(), now)))
          .append("): ").append(e.getValue().task());
    }
    String line = sb.length() > 150 ? sb.substring(0, 149) + "…" : sb.toString();
    out.print("\r\u001b[K" + paint(CYAN, line));
    out.flush();
    statusShown = true;
  }

  /** {@code 42s}, {@code 12m03s}, {@code 2h05m}: short, and growing visibly while a task runs. */
  static String elapsed(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }

  /** Clears the live status line (on a terminal), so that a message from elsewhere starts a line. */
  public synchronized void clearStatusLine() {
    if (color) {
      // also what the terminal echoed at the cursor (^C)
      out.print("\r\u001b[K");
      statusShown = false;
    }
    out.flush();
  }

  private void clearStatus() {
    if (statusShown) {
      out.print("\r\u001b[K");
      statusShown = false;
    }
  }

  /**
   * With {@code -v}: a failed command's whole output, shown under its task's line (the task's
   * message holds one summarised line, e.g. yum's failing repository).
   */
  @Override
  public synchronized void commandRan(String host, String description, io.jprov.transport.CommandResult result) {
    if (verbosity > 0 && !result.ok() && !LogDirListener.FACT_GATHERING.matcher(description).matches()) {
      String text = (result.stdout().strip() + "\n" + result.stderr().strip()).strip();
      if (!text.isEmpty()) {
        failedOutput.put(host, Masked.text(text));
      }
    }
  }

  @Override
  public synchronized void taskFinished(String host, TaskResult result) {
    String failed = failedOutput.remove(host);
    TaskResult r = Masked.task(result);
    clearStatus();
    String status = switch (r.status()) {
      case OK -> paint(GREEN, "ok");
      case CHANGED -> paint(YELLOW, "changed");
      case FAILED -> paint(RED, r.changed() ? "FAILED (changed)" : "FAILED");
      case SKIPPED -> paint(CYAN, r.status().toString());
    };
    StringBuilder line = new StringBuilder();
    line.append(host).append(" | ").append(status).append(" | ").append(r.name());
    if (r.message() != null && !r.message().isBlank()
        && (verbosity > 0 || r.status() != TaskResult.Status.OK)) {
      line.append(" | ").append(r.message());
    }
    out.println(line);
    if (verbosity > 0) {
      r.commands().forEach(c -> out.println("    $ " + c));
      if (failed != null) {
        failed.lines().forEach(l -> out.println("    | " + l));
      }
    }
    if (showDiff && r.diff() != null && !r.diff().isBlank()) {
      for (String l : r.diff().stripTrailing().split("\n", -1)) {
        out.println(l.startsWith("+") && !l.startsWith("+++") ? paint(GREEN, l)
            : l.startsWith("-") && !l.startsWith("---") ? paint(RED, l) : l);
      }
    }
    drawStatus();
  }

  @Override
  public synchronized void hostFinished(HostResult result) {
    HostResult r = Masked.host(result);
    clearStatus();
    done.incrementAndGet();
    current.remove(r.name());
    if (r.status() == HostResult.Status.UNREACHABLE) {
      out.println(r.name() + " | " + paint(RED, "UNREACHABLE") + " | " + r.message());
    } else if (r.status() == HostResult.Status.NOT_RUN || r.status() == HostResult.Status.INTERRUPTED) {
      if (verbosity > 0) {
        out.println(r.name() + " | " + r.status());
      }
    }
    drawStatus();
  }

  @Override
  public synchronized void notice(String message) {
    clearStatus();
    out.println(paint(RED, "NOTICE: " + Masked.text(message)));
  }

  @Override
  public synchronized void runFinished(RunResult result) {
    RunResult run = Masked.run(result);
    stopTicking();
    clearStatus();
    int width = Math.max(4, run.hosts().stream().mapToInt(h -> h.name().length()).max().orElse(4));
    out.println();
    out.println(paint(CYAN, "RECAP " + run.playbook() + (run.checkMode() ? " (check mode)" : "")));
    out.println(String.format(Locale.ROOT, "%-" + width + "s  %-11s %4s %7s %6s %7s %11s %9s",
        "host", "status", "ok", "changed", "failed", "skipped", "unreachable", "duration"));
    for (HostResult h : run.hosts()) {
      String status = String.format("%-11s", h.status());
      String coloured = switch (h.status()) {
        case OK -> paint(GREEN, status);
        case CHANGED -> paint(YELLOW, status);
        case FAILED, UNREACHABLE -> paint(RED, status);
        case INTERRUPTED, NOT_RUN -> status;
      };
      out.println(String.format(Locale.ROOT, "%-" + width + "s  %s %4d %7d %6d %7d %11d %8.1fs",
          h.name(), coloured, h.count(TaskResult.Status.OK), h.changedCount(),
          h.count(TaskResult.Status.FAILED), h.count(TaskResult.Status.SKIPPED),
          h.status() == HostResult.Status.UNREACHABLE ? 1 : 0, h.durationMs() / 1000.0));
    }
    if (run.stopReason() != null) {
      out.println(paint(RED, "stopped: " + run.stopReason()));
    }
    for (HostResult h : run.hosts()) {
      if (h.status() == HostResult.Status.FAILED && h.message() != null) {
        String m = h.message().startsWith(h.name() + ":") ? h.message() : h.name() + ": " + h.message();
        out.println(paint(RED, m));
      }
    }
    out.flush();
  }

  private void stopTicking() {
    if (ticking != null) {
      try {
        ticking.close();
      } catch (Exception e) {
        // nothing to release beyond the redraw thread, which is a daemon
      }
      ticking = null;
    }
  }

  private String paint(String code, String text) {
    return color ? code + text + RESET : text;
  }
}
