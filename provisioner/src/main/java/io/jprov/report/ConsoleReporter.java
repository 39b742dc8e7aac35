package io.jprov.report;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Output for people. On a terminal (not {@code -v}): a compact view at the bottom, redrawn in place
 * (a progress bar of the hosts done / total, counts by status, the running hosts longest on their
 * task with that task and the time on it), kept within the terminal's size whatever the number of
 * hosts; above it, printed the moment they happen, each failure, deferral and unreachable host in
 * full, notices, in check mode each task that would change, and with {@code --diff} each changed
 * task's diff; other tasks are only counted. Not a terminal (CI logs), or {@code -v}: one line per host-task event (skipped tasks
 * with their reason), with {@code -v} on a terminal a one-line status under them. A recap table
 * at the end either way. Colours only when asked for (a terminal without {@code NO_COLOR} or
 * {@code --no-color}); a terminal without colours still gets the view. Every text goes through
 * {@link io.jprov.util.Secrets#mask} before it is printed. Thread-safe: each event is printed whole
 * under a lock.
 */
public final class ConsoleReporter implements RunListener {
  private static final String RESET = "\u001b[0m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String RED = "\u001b[31m";
  private static final String CYAN = "\u001b[36m";
  /** At most this many running hosts are listed in the view. */
  static final int SLOWEST = 5;
  /** At most this many hosts are listed in check mode's block of docker restarts. */
  static final int RESTARTS_LISTED = 10;
  /** The module whose results the check-mode block of docker restarts lists (docs/playbooks.md). */
  static final String DOCKER_RESTART = "docker_restart";
  /** Events redraw the view at most this often; the ticker draws what came in between. */
  private static final Duration MIN_REDRAW = Duration.ofMillis(100);

  private final PrintStream out;
  /** The terminal's size; null when the output is not a terminal. */
  private final Supplier<TerminalSize> terminal;
  private final boolean color;
  private final boolean showDiff;
  private final int verbosity;
  /** The redrawn view with events counted only (a terminal, not {@code -v}). */
  private final boolean compact;
  /** Per host: the whole output of the command that failed in the running task ({@code -v}). */
  private final java.util.Map<String, String> failedOutput = new java.util.HashMap<>();
  private final AtomicInteger done = new AtomicInteger();
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  /** Finished hosts by status. */
  private final java.util.Map<HostResult.Status, Integer> finished = new java.util.EnumMap<>(HostResult.Status.class);
  /** Finished hosts with a task held back by a policy (deferred), whatever their status. */
  private int deferredHosts;
  /** Running hosts: the task each is on and since when. */
  private final java.util.Map<String, Running> current = new java.util.LinkedHashMap<>();
  private final Clock clock;
  private final Ticker ticker;
  private AutoCloseable ticking;
  private Instant runStart;
  /** Lines of the view now on the terminal (the cursor is on the line under them). */
  private int viewLines;
  /** The cells each line of the view took, and the terminal's width, when it was drawn. */
  private int[] drawnCells = new int[0];
  private int drawnColumns;
  /** Whether the view may be drawn: from the first host event until a message from elsewhere or the end. */
  private boolean statusShown;
  private Instant lastDraw;
  private volatile int total;
  private boolean checkMode;

  private record Running(String task, Instant since) {}

  /**
   * Starts the periodic redraw of the view (on a terminal only).
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

  /**
   * @param color whether the output is a terminal that gets colours (the size is then read from it)
   */
  public ConsoleReporter(PrintStream out, boolean color, boolean showDiff, int verbosity) {
    this(out, color ? TerminalSize.live() : null, color, showDiff, verbosity);
  }

  /**
   * @param terminal the size of the terminal the output goes to; null when it is not a terminal
   */
  public ConsoleReporter(PrintStream out, Supplier<TerminalSize> terminal, boolean color, boolean showDiff,
      int verbosity) {
    this(out, terminal, color, showDiff, verbosity, Clock.systemUTC(), Ticker.every(Duration.ofMillis(250)));
  }

  /**
   * A terminal of 80x24 when {@code color}, else not a terminal.
   */
  public ConsoleReporter(PrintStream out, boolean color, boolean showDiff, int verbosity, Clock clock, Ticker ticker) {
    this(out, color ? () -> TerminalSize.DEFAULT : null, color, showDiff, verbosity, clock, ticker);
  }

  /**
   * @param terminal the size of the terminal the output goes to; null when it is not a terminal
   * @param clock the time source of the elapsed times in the view
   * @param ticker what redraws the view between events (started only on a terminal)
   */
  public ConsoleReporter(PrintStream out, Supplier<TerminalSize> terminal, boolean color, boolean showDiff,
      int verbosity, Clock clock, Ticker ticker) {
    this.out = out;
    this.terminal = terminal;
    this.color = color;
    this.showDiff = showDiff;
    this.verbosity = verbosity;
    this.compact = terminal != null && verbosity == 0;
    this.clock = clock;
    this.ticker = ticker;
  }

  @Override
  public synchronized void runStarted(String playbook, boolean checkMode, int hostCount) {
    total = hostCount;
    this.checkMode = checkMode;
    runStart = clock.instant();
    if (terminal != null && ticking == null) {
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
    drawStatus(false);
  }

  @Override
  public synchronized void taskStarted(String host, String task) {
    current.put(host, new Running(Masked.text(task), clock.instant()));
    drawStatus(false);
  }

  /** Redraws the view (on a terminal, while it is shown), so that its times move. */
  public synchronized void tick() {
    if (statusShown) {
      drawStatus(true);
    }
  }

  /**
   * On a terminal: the view under the printed lines, redrawn in place; events redraw it at most
   * every {@link #MIN_REDRAW} (hundreds of hosts finish tasks faster than a terminal is worth
   * redrawing), the ticker draws what they left.
   *
   * @param now draw even if the last drawing is recent
   */
  private void drawStatus(boolean now) {
    if (terminal == null) {
      return;
    }
    statusShown = true;
    Instant t = clock.instant();
    if (!now && lastDraw != null && Duration.between(lastDraw, t).compareTo(MIN_REDRAW) < 0) {
      return;
    }
    lastDraw = t;
    TerminalSize size = terminal.get();
    List<String> lines = compact ? view(size, t) : List.of(statusLine(t));
    // every line ends with a newline: the cursor waits on the line under the view (where a ^C lands)
    int room = Math.max(0, size.rows() - 1);
    // drawn over the old view line by line (no blank frame in between), what is left of it erased
    StringBuilder sb = new StringBuilder("\r");
    int up = viewRows(size.columns());
    if (up > 0) {
      sb.append("\u001b[").append(up).append('A');
    }
    int n = Math.min(room, lines.size());
    drawnCells = new int[n];
    for (int i = 0; i < n; i++) {
      String line = fit(lines.get(i), size.columns() - 1);
      drawnCells[i] = cells(line);
      // each line erased whole first: besides its text, that drops the mark a terminal that reflowed
      // it on a resize keeps on it (tmux: a line feed leaves it), which would join it to the next
      sb.append("\u001b[2K").append(line).append('\n');
    }
    if (n > 0) {
      // what is left of a longer view (never from the top of the screen: see eraseView)
      sb.append("\u001b[J");
    }
    viewLines = n;
    drawnColumns = size.columns();
    out.print(sb);
    out.flush();
  }

  /** With {@code -v} on a terminal: hosts done / total and each running host's task and time on it. */
  private String statusLine(Instant now) {
    StringBuilder sb = new StringBuilder("[" + done.get() + "/" + total + " hosts done]");
    int shown = 0;
    for (java.util.Map.Entry<String, Running> e : current.entrySet()) {
      if (shown++ == 3) {
        sb.append(" +").append(current.size() - 3).append(" more");
        break;
      }
      // the time before the task: a long task name is what the length limit cuts
      sb.append(' ').append(e.getKey()).append(" (").append(elapsed(Duration.between(e.getValue().since(), now)))
          .append("): ").append(e.getValue().task());
    }
    return paint(CYAN, sb.toString());
  }

  /**
   * The compact view, most important first (what does not fit the terminal's height is left
   * off from the bottom): the progress bar, the counts by status, then the running hosts that have
   * been longest on their current task, each with that task and the time on it.
   */
  private List<String> view(TerminalSize size, Instant now) {
    List<String> lines = new ArrayList<>();
    int d = done.get();
    String tail = String.format(Locale.ROOT, " %d/%d hosts  %s", d, total,
        elapsed(Duration.between(runStart == null ? now : runStart, now)));
    // the bar takes what the numbers leave, up to 40 cells
    int width = Math.min(40, size.columns() - 1 - tail.length() - 2);
    if (width >= 10) {
      int fill = total == 0 ? width : (int) ((long) width * d / total);
      String bar = "=".repeat(fill) + (fill < width ? ">" + " ".repeat(width - fill - 1) : "");
      lines.add("[" + paint(GREEN, bar) + "]" + tail);
    } else {
      lines.add(tail.strip());
    }
    StringBuilder counts = new StringBuilder();
    count(counts, "ok", finished(HostResult.Status.OK), GREEN, true);
    count(counts, "changed", finished(HostResult.Status.CHANGED), YELLOW, true);
    count(counts, "deferred", deferredHosts, YELLOW, false);
    count(counts, "failed", finished(HostResult.Status.FAILED), RED, true);
    count(counts, "unreachable", finished(HostResult.Status.UNREACHABLE), RED, true);
    count(counts, "interrupted", finished(HostResult.Status.INTERRUPTED), RED, false);
    count(counts, "not run", finished(HostResult.Status.NOT_RUN), null, false);
    count(counts, "running", current.size(), CYAN, true);
    count(counts, "waiting", Math.max(0, total - d - current.size()), null, false);
    lines.add(counts.toString());

    List<java.util.Map.Entry<String, Running>> slowest = new ArrayList<>(current.entrySet());
    // the longest on its task first; a stable sort keeps the order hosts started in among equals
    slowest.sort(java.util.Comparator.comparing(e -> e.getValue().since()));
    slowest = slowest.subList(0, Math.min(SLOWEST, slowest.size()));
    int hostWidth = slowest.stream().mapToInt(e -> e.getKey().length()).max().orElse(0);
    for (java.util.Map.Entry<String, Running> e : slowest) {
      lines.add(String.format(Locale.ROOT, "  %-" + hostWidth + "s  %6s  %s", e.getKey(),
          elapsed(Duration.between(e.getValue().since(), now)), e.getValue().task()));
    }
    return lines;
  }

  private int finished(HostResult.Status s) {
    return finished.getOrDefault(s, 0);
  }

  private void count(StringBuilder sb, String word, int n, String colour, boolean always) {
    if (n == 0 && !always) {
      return;
    }
    if (!sb.isEmpty()) {
      sb.append("  ");
    }
    String text = word + " " + n;
    sb.append(n > 0 && colour != null ? paint(colour, text) : text);
  }

  /**
   * A line cut to {@code columns} cells of the terminal (a wide character takes two; a cut line
   * ends in {@code …}), control characters shown as {@code ?}: a line of the view that wrapped or
   * moved the cursor would break its redrawing. Colour sequences are kept and take no cell.
   */
  static String fit(String line, int columns) {
    boolean fits = cells(line) <= columns;
    int limit = fits ? columns : columns - 1;
    StringBuilder sb = new StringBuilder();
    int cells = 0;
    boolean painted = false;
    for (int i = 0; i < line.length(); ) {
      java.util.regex.Matcher m = SGR.matcher(line).region(i, line.length());
      if (m.lookingAt()) {
        sb.append(m.group());
        painted = true;
        i = m.end();
        continue;
      }
      int cp = line.codePointAt(i);
      boolean control = cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
      int w = control ? 1 : cellWidth(cp);
      if (cells + w > limit) {
        break;
      }
      sb.append(control ? "?" : new String(Character.toChars(cp)));
      cells += w;
      i += Character.charCount(cp);
    }
    if (!fits && columns > 0) {
      sb.append('…');
    }
    if (painted) {
      sb.append(RESET);
    }
    return sb.toString();
  }

  /** The cells a line takes on the terminal, colour sequences left out. */
  static int cells(String line) {
    String plain = SGR.matcher(line).replaceAll("");
    return plain.codePoints().map(cp -> cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? 1 : cellWidth(cp)).sum();
  }

  private static final java.util.regex.Pattern SGR = java.util.regex.Pattern.compile("\u001b\\[[0-9;]*m");

  /** Cells a character takes: two for East Asian wide and fullwidth ones and emoji, else one. */
  static int cellWidth(int cp) {
    boolean wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f)
        || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f)
        || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f)
        || (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd);
    return wide ? 2 : 1;
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

  /**
   * Clears the view (on a terminal), so that a message from elsewhere starts a line of its own;
   * the view comes back with the next event.
   */
  public synchronized void clearStatusLine() {
    if (terminal != null) {
      out.print(eraseView());
      statusShown = false;
    }
    out.flush();
  }

  /**
   * The view taken off the terminal, the cursor where its first line was: each row erased on the
   * way up. Not "erase to the end of the screen" from there: with the view's first line at the top
   * of the screen, tmux (scroll-on-clear) pushes the screen into the scrollback instead of erasing it.
   */
  private String eraseView() {
    int up = viewLines == 0 ? 0 : viewRows(terminal.get().columns());
    viewLines = 0;
    drawnCells = new int[0];
    // also what the terminal echoed on the cursor's line (^C)
    return "\r\u001b[2K" + "\u001b[1A\u001b[2K".repeat(up);
  }

  /**
   * The rows the view takes now: a line each, unless the window got narrower since it was drawn:
   * terminals that reflow on a resize (tmux, VTE, iTerm2, kitty, Windows Terminal) have then
   * wrapped each line over as many rows as it needs at the new width, and going up fewer rows
   * would leave the top of the old view behind.
   */
  private int viewRows(int columns) {
    if (columns >= drawnColumns) {
      return viewLines;
    }
    int rows = 0;
    for (int c : drawnCells) {
      rows += Math.max(1, (c + columns - 1) / columns);
    }
    return rows;
  }

  /** Before lines that stay: the view is taken off, to be drawn again under them. */
  private void clearStatus() {
    if (viewLines > 0) {
      out.print(eraseView());
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
    boolean diff = showDiff && r.diff() != null && !r.diff().isBlank();
    // a plan's answer is what would change: printed; an apply's changes are counted
    boolean wouldChange = checkMode && r.status() == TaskResult.Status.CHANGED;
    // a deferral is a warning: printed, like a failure
    boolean printed = r.status() == TaskResult.Status.FAILED || r.status() == TaskResult.Status.DEFERRED;
    if (compact && !printed && !diff && !wouldChange) {
      // counted only: on a terminal the view stays the same size for 4 hosts and for 1,000
      drawStatus(false);
      return;
    }
    clearStatus();
    String status = switch (r.status()) {
      case OK -> paint(GREEN, "ok");
      case CHANGED -> paint(YELLOW, "changed");
      case FAILED -> paint(RED, r.changed() ? "FAILED (changed)" : "FAILED");
      case SKIPPED -> paint(CYAN, r.status().toString());
      case DEFERRED -> paint(YELLOW, "DEFERRED");
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
    if (diff) {
      for (String l : r.diff().stripTrailing().split("\n", -1)) {
        out.println(l.startsWith("+") && !l.startsWith("+++") ? paint(GREEN, l)
            : l.startsWith("-") && !l.startsWith("---") ? paint(RED, l) : l);
      }
    }
    drawStatus(true);
  }

  @Override
  public synchronized void hostFinished(HostResult result) {
    HostResult r = Masked.host(result);
    done.incrementAndGet();
    finished.merge(r.status(), 1, Integer::sum);
    if (r.deferredCount() > 0) {
      deferredHosts++;
    }
    current.remove(r.name());
    if (r.status() == HostResult.Status.UNREACHABLE) {
      clearStatus();
      out.println(r.name() + " | " + paint(RED, "UNREACHABLE") + " | " + r.message());
      drawStatus(true);
    } else if (verbosity > 0
        && (r.status() == HostResult.Status.NOT_RUN || r.status() == HostResult.Status.INTERRUPTED)) {
      clearStatus();
      out.println(r.name() + " | " + r.status());
      drawStatus(true);
    } else {
      drawStatus(false);
    }
  }

  @Override
  public synchronized void notice(String message) {
    clearStatus();
    out.println(paint(RED, "NOTICE: " + Masked.text(message)));
    if (statusShown) {
      drawStatus(true);
    }
  }

  @Override
  public synchronized void runFinished(RunResult result) {
    RunResult run = Masked.run(result);
    stopTicking();
    clearStatus();
    statusShown = false;
    int width = Math.max(4, run.hosts().stream().mapToInt(h -> h.name().length()).max().orElse(4));
    out.println();
    out.println(paint(CYAN, "RECAP " + run.playbook() + (run.checkMode() ? " (check mode)" : "")));
    out.println(String.format(Locale.ROOT, "%-" + width + "s  %-11s %4s %7s %6s %7s %11s %9s",
        "host", "status", "ok", "changed", "failed", "skipped", "unreachable", "duration"));
    List<HostResult> listed = run.hosts();
    if (compact && listed.size() > Math.max(10, terminal.get().rows() - 8)) {
      // a thousand rows would scroll the failures away: on a terminal a large fleet's table lists the
      // hosts that need a look; the --json report (and -v, and a CI log) has every host
      listed = listed.stream().filter(h -> h.status() != HostResult.Status.OK && h.status() != HostResult.Status.CHANGED
          || h.deferredCount() > 0).toList();
    }
    for (HostResult h : listed) {
      String status = String.format("%-11s", h.status());
      String coloured = switch (h.status()) {
        case OK -> paint(GREEN, status);
        case CHANGED -> paint(YELLOW, status);
        case FAILED, UNREACHABLE -> paint(RED, status);
        case INTERRUPTED, NOT_RUN -> status;
      };
      // a deferral (a docker restart held back with running containers) is a warning on the host's line
      String deferred = h.deferredCount() == 0 ? ""
          : "  " + paint(YELLOW, "deferred=" + h.deferredCount() + ": " + h.deferredMessage());
      out.println(String.format(Locale.ROOT, "%-" + width + "s  %s %4d %7d %6d %7d %11d %8.1fs",
          h.name(), coloured, h.count(TaskResult.Status.OK), h.changedCount(),
          h.count(TaskResult.Status.FAILED), h.count(TaskResult.Status.SKIPPED),
          h.status() == HostResult.Status.UNREACHABLE ? 1 : 0, h.durationMs() / 1000.0) + deferred);
    }
    int omitted = run.hosts().size() - listed.size();
    if (omitted > 0) {
      out.println(omitted + " ok or changed host" + (omitted == 1 ? "" : "s") + " not listed (the --json report and -v"
          + " list every host)");
    }
    if (run.checkMode()) {
      restarts(run).forEach(l -> out.println(paint(YELLOW, l)));
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
    if (compact) {
      // on a terminal the table of a large fleet scrolls away: the totals stay in sight
      java.util.Map<HostResult.Status, Integer> by = new java.util.EnumMap<>(HostResult.Status.class);
      run.hosts().forEach(h -> by.merge(h.status(), 1, Integer::sum));
      StringBuilder sb = new StringBuilder();
      by.forEach((s, n) -> sb.append(sb.isEmpty() ? "" : ", ").append(n).append(' ').append(s));
      long deferred = run.hosts().stream().filter(h -> h.deferredCount() > 0).count();
      if (deferred > 0) {
        sb.append(" (").append(deferred).append(" with a deferred task)");
      }
      long ms = run.started() == null || run.finished() == null ? 0
          : Duration.between(run.started(), run.finished()).toMillis();
      out.println(paint(CYAN, run.hosts().size() + " host" + (run.hosts().size() == 1 ? "" : "s") + " in "
          + elapsed(Duration.ofMillis(ms)) + (sb.isEmpty() ? "" : ": " + sb)));
    }
    out.flush();
  }

  /**
   * Check mode: what the run would do to docker on each host, from the {@code docker_restart} tasks that would
   * restart or reload it and every task that would be deferred (an upgrade or restart held back with running
   * containers); at most {@link #RESTARTS_LISTED} hosts, then how many more. Empty when there is none.
   */
  static List<String> restarts(RunResult run) {
    List<String> lines = new ArrayList<>();
    int hosts = 0;
    for (HostResult h : run.hosts()) {
      List<TaskResult> tasks = h.tasks().stream().filter(t -> t.status() == TaskResult.Status.DEFERRED
          || t.status() == TaskResult.Status.CHANGED && DOCKER_RESTART.equals(t.module())).toList();
      if (tasks.isEmpty()) {
        continue;
      }
      if (++hosts <= RESTARTS_LISTED) {
        for (TaskResult t : tasks) {
          lines.add("  " + h.name() + ": " + t.message());
        }
      }
    }
    if (hosts == 0) {
      return lines;
    }
    if (hosts > RESTARTS_LISTED) {
      lines.add("  and " + (hosts - RESTARTS_LISTED) + " more host" + (hosts - RESTARTS_LISTED == 1 ? "" : "s")
          + " (the --json report lists every task)");
    }
    lines.add(0, "docker restarts: " + hosts + " host" + (hosts == 1 ? "" : "s")
        + " would restart, reload or defer docker:");
    return lines;
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
