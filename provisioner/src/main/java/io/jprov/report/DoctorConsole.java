package io.jprov.report;

import io.jprov.doctor.DoctorResult;
import io.jprov.doctor.Finding;
import io.jprov.doctor.HostDoctor;
import io.jprov.doctor.Verdict;
import io.jprov.util.Text;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code jprov doctor} prints for people (docs/doctor.md). Up to {@link #LISTED_HOSTS} hosts (or any
 * number with {@code -v}): a line per host (its status and counts), under it each warn or fail finding as
 * {@code name: evidence} and {@code fix: …} ({@code -v}: the ok findings too). A larger fleet would scroll
 * the problems away, so it gets one block per check that warns or fails somewhere (the hosts, the first
 * host's evidence and fix) and the unreachable hosts, each bounded; the {@code --json} report has every
 * host. Then a recap line. Every text is masked ({@link io.jprov.util.Secrets#mask}) and put on one line.
 * Colours only when asked ({@code color}: a terminal, no {@code NO_COLOR}, no {@code --no-color}).
 */
public final class DoctorConsole {
  /** The most hosts listed one by one without {@code -v}. */
  public static final int LISTED_HOSTS = 50;
  /** The most host names (or unreachable hosts) a block of a large fleet names. */
  static final int NAMED = 10;

  private static final String RESET = "\u001b[0m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String RED = "\u001b[31m";
  private static final String CYAN = "\u001b[36m";

  private final PrintStream out;
  private final boolean color;
  private final int verbosity;
  private final boolean terminal;
  private boolean progressShown;
  private long lastProgress;
  /** The terminal's width, read when printing; 0 (no wrapping) when {@code out} is not a terminal. */
  private final java.util.function.IntSupplier columns;

  /**
   * @param color paint the statuses
   * @param terminal {@code out} is a terminal: a progress line is redrawn while hosts are read ({@link #progress})
   */
  public DoctorConsole(PrintStream out, boolean color, int verbosity, boolean terminal) {
    this.out = out;
    this.color = color;
    this.verbosity = verbosity;
    this.terminal = terminal;
    java.util.function.Supplier<TerminalSize> size = terminal ? TerminalSize.live() : null;
    this.columns = size == null ? () -> 0 : () -> size.get().columns();
  }

  /** A console of a terminal {@code columns} wide, without the progress line (tests). */
  DoctorConsole(PrintStream out, int columns) {
    this.out = out;
    this.color = false;
    this.verbosity = 0;
    this.terminal = false;
    this.columns = () -> columns;
  }

  public DoctorConsole(PrintStream out, boolean color, int verbosity) {
    this(out, color, verbosity, false);
  }

  /**
   * A listener of the reads: on a terminal, {@code doctor: N of M hosts read} redrawn in place (at most every 100 ms,
   * and for the last host) while a large fleet is read; nothing elsewhere (a CI log gets the result only).
   */
  public RunListener progress(int total) {
    java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
    return new RunListener() {
      @Override
      public void commandRan(String host, String description, io.jprov.transport.CommandResult result) {
        showProgress(read.incrementAndGet(), total);
      }
    };
  }

  private synchronized void showProgress(int read, int total) {
    long now = System.nanoTime();
    if (!terminal || read < total && progressShown && now - lastProgress < 100_000_000L) {
      return;
    }
    lastProgress = now;
    progressShown = true;
    out.print("\r\u001b[2Kdoctor: " + read + " of " + plural(total, "host") + " read");
    out.flush();
  }

  /** Clears the progress line, if shown, so that a message from elsewhere starts a line of its own. */
  public synchronized void clearProgress() {
    if (progressShown) {
      out.print("\r\u001b[2K");
      out.flush();
      progressShown = false;
    }
  }

  /** Prints the whole result (the progress line, if any, is cleared first). */
  public synchronized void print(DoctorResult result) {
    clearProgress();
    if (verbosity > 0 || result.hosts().size() <= LISTED_HOSTS) {
      printHosts(result.hosts());
    } else {
      printByCheck(result.hosts());
    }
    out.println();
    out.println(paint(CYAN, recap(result)));
    out.flush();
  }

  private void printHosts(List<HostDoctor> hosts) {
    int width = Math.min(40, Math.max(4, hosts.stream().mapToInt(h -> h.host().length()).max().orElse(4)));
    for (HostDoctor h : hosts) {
      String head = String.format(Locale.ROOT, "%-" + width + "s  ", h.host()) + status(h.status());
      if (h.message() != null) {
        out.println(head + "  " + line(h.message()));
        continue;
      }
      out.println(head + "  " + counts(h));
      for (Finding f : h.findings()) {
        if (f.status() != Verdict.OK || verbosity > 0) {
          printFinding("  ", f);
        }
      }
    }
  }

  /** {@code warn  name: evidence}, then {@code fix: …} under the evidence. */
  private void printFinding(String indent, Finding f) {
    String cont = indent + "      ";
    printWrapped(indent + verdict(f.status()) + "  ", indent.length() + 6, f.name() + ": " + line(f.evidence()), cont);
    if (!f.fix().isEmpty()) {
      printWrapped(cont, cont.length(), "fix: " + line(f.fix()), cont + "     ");
    }
  }

  /**
   * {@code head} (its visible width {@code headWidth}: it may be painted) then {@code text}; on a terminal the
   * text is broken at spaces to fit its width, later lines indented by {@code cont}, rather than wrapped by the
   * terminal at column 1 in the middle of a word.
   */
  private void printWrapped(String head, int headWidth, String text, String cont) {
    int width = columns.getAsInt();
    if (width <= 0 || headWidth + text.length() <= width || width - cont.length() < 20) {
      out.println(head + text);
      return;
    }
    List<String> lines = Text.wrap(text, width - headWidth, width - cont.length());
    out.println(head + lines.get(0));
    lines.subList(1, lines.size()).forEach(l -> out.println(cont + l));
  }

  /** A large fleet: per check that is not ok somewhere, which hosts and one host's evidence and fix. */
  private void printByCheck(List<HostDoctor> hosts) {
    // by check name, in report order (the order the first host reporting it gave), fail before warn
    Map<String, List<Map.Entry<String, Finding>>> byCheck = new LinkedHashMap<>();
    for (Verdict v : List.of(Verdict.FAIL, Verdict.WARN)) {
      for (HostDoctor h : hosts) {
        for (Finding f : h.findings()) {
          if (f.status() == v) {
            byCheck.computeIfAbsent(v + " " + f.name(), k -> new ArrayList<>()).add(Map.entry(h.host(), f));
          }
        }
      }
    }
    byCheck.forEach((key, found) -> {
      Finding first = found.get(0).getValue();
      List<String> names = found.stream().map(Map.Entry::getKey).distinct().toList();
      out.println(verdict(first.status()) + "  " + first.name() + " on " + plural(names.size(), "host") + ": "
          + named(names));
      out.println("      " + found.get(0).getKey() + ": " + line(first.evidence()));
      if (!first.fix().isEmpty()) {
        out.println("      fix: " + line(first.fix()));
      }
    });
    List<HostDoctor> unread = hosts.stream().filter(h -> h.message() != null).toList();
    for (int i = 0; i < unread.size() && i < NAMED; i++) {
      out.println(status(unread.get(i).status()) + "  " + line(unread.get(i).message()));
    }
    if (unread.size() > NAMED) {
      out.println("and " + (unread.size() - NAMED) + " more hosts not read (the --json report lists every host)");
    }
    int ok = (int) hosts.stream().filter(h -> h.status() == HostDoctor.Status.OK).count();
    if (ok > 0) {
      out.println(plural(ok, "ok host") + " not listed (-v and the --json report list every host)");
    }
  }

  private static String named(List<String> names) {
    List<String> shown = names.size() > NAMED ? names.subList(0, NAMED) : names;
    return String.join(", ", shown) + (names.size() > NAMED ? " and " + (names.size() - NAMED) + " more" : "");
  }

  /** {@code doctor: 3 hosts in 2s: 1 ok, 1 warn, 1 fail} (the statuses that occur, in a fixed order). */
  static String recap(DoctorResult result) {
    StringBuilder sb = new StringBuilder();
    for (HostDoctor.Status s : HostDoctor.Status.values()) {
      int n = result.count(s);
      if (n > 0) {
        sb.append(sb.isEmpty() ? "" : ", ").append(n).append(' ').append(s);
      }
    }
    return "doctor: " + plural(result.hosts().size(), "host") + " in " + ConsoleReporter.elapsed(result.duration())
        + (sb.isEmpty() ? "" : ": " + sb);
  }

  /** {@code 2 fail, 1 warn, 21 ok}: the host's findings by verdict, those that occur. */
  private static String counts(HostDoctor h) {
    List<String> parts = new ArrayList<>();
    for (Verdict v : List.of(Verdict.FAIL, Verdict.WARN, Verdict.OK)) {
      int n = h.count(v);
      if (n > 0) {
        parts.add(n + " " + v);
      }
    }
    return parts.isEmpty() ? "no checks" : String.join(", ", parts);
  }

  /** The host's status word, padded to one width: ok, WARN, FAIL, UNREACHABLE, INTERRUPTED. */
  private String status(HostDoctor.Status s) {
    String word = s == HostDoctor.Status.OK ? "ok" : s.toString().toUpperCase(Locale.ROOT);
    String pad = " ".repeat(Math.max(0, 11 - word.length()));
    return switch (s) {
      case OK -> paint(GREEN, word) + pad;
      case WARN -> paint(YELLOW, word) + pad;
      case FAIL, UNREACHABLE -> paint(RED, word) + pad;
      case INTERRUPTED -> word + pad;
    };
  }

  private String verdict(Verdict v) {
    String word = String.format(Locale.ROOT, "%-4s", v.toString());
    return switch (v) {
      case OK -> paint(GREEN, word);
      case WARN -> paint(YELLOW, word);
      case FAIL -> paint(RED, word);
    };
  }

  /** A host's text for a terminal: masked, on one line. */
  private static String line(String s) {
    return Text.escapeControls(Masked.text(s == null ? "" : s));
  }

  private static String plural(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private String paint(String code, String text) {
    return color ? code + text + RESET : text;
  }
}
