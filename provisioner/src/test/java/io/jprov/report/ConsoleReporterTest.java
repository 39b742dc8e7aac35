package io.jprov.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What a person sees of a run, on a fake clock and ticker, through {@link VirtualTerminal}: on a
 * terminal the compact view (its size bounded by the terminal whatever the number of hosts,
 * failures in full above it at once, no copies of it left behind); elsewhere, and with {@code -v},
 * one line per event.
 */
class ConsoleReporterTest {

  /** A clock that moves only when told. */
  static final class FakeClock extends Clock {
    Instant now = Instant.parse("2026-11-30T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static final String NL = System.lineSeparator();

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final FakeClock clock = new FakeClock();
  private final List<Runnable> redraws = new ArrayList<>();
  private final List<String> closed = new ArrayList<>();
  private VirtualTerminal vt;
  private int fed;

  private ConsoleReporter reporter(boolean terminal) {
    return new ConsoleReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal, false, 0, clock,
        this::ticker);
  }

  /** On a terminal of this size. */
  private ConsoleReporter reporter(int columns, int rows, boolean color, boolean diff, int verbosity) {
    vt = new VirtualTerminal(columns, rows);
    Supplier<TerminalSize> size = () -> new TerminalSize(columns, rows);
    return new ConsoleReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), size, color, diff, verbosity,
        clock, this::ticker);
  }

  private AutoCloseable ticker(Runnable redraw) {
    redraws.add(redraw);
    return () -> closed.add("closed");
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The terminal after everything printed so far. */
  private VirtualTerminal terminal() {
    String s = text();
    vt.feed(s.substring(fed));
    fed = s.length();
    return vt;
  }

  /** The last status line drawn ({@code -v} on a terminal), without colour codes. */
  private String statusLine() {
    List<String> all = terminal().all();
    return all.get(all.size() - 1);
  }

  private static TaskResult task(String name, TaskResult.Status status, String message) {
    return new TaskResult(name, "command", status, 10, message, null, List.of("true"));
  }

  private static HostResult host(String name, HostResult.Status status, List<TaskResult> tasks) {
    return new HostResult(name, status, 1000, tasks, 2, null);
  }

  /**
   * A run of {@code n} hosts, 10 at a time, each through 4 tasks (one skipped, one changed), a
   * tick every few events; returns the results for the recap.
   */
  private List<HostResult> simulate(ConsoleReporter c, int n, java.util.function.IntPredicate fails) {
    List<String> waiting = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      waiting.add(String.format("web%03d.example.org", i));
    }
    List<HostResult> results = new ArrayList<>();
    List<String> running = new ArrayList<>();
    java.util.Map<String, Integer> step = new java.util.HashMap<>();
    java.util.Map<String, List<TaskResult>> tasks = new java.util.HashMap<>();
    String[] names = {"1. preflight", "8c. drop-in directory for the proxy", "7. Docker CE installed", "10. verified"};
    int events = 0;
    while (!waiting.isEmpty() || !running.isEmpty()) {
      while (running.size() < 10 && !waiting.isEmpty()) {
        String h = waiting.remove(0);
        running.add(h);
        c.hostStarted(h);
        step.put(h, 0);
        tasks.put(h, new ArrayList<>());
      }
      for (String h : List.copyOf(running)) {
        int s = step.get(h);
        int i = Integer.parseInt(h.substring(3, 6));
        c.taskStarted(h, names[s]);
        clock.advance(Duration.ofMillis(30));
        TaskResult r = s == 1 ? task(names[s], TaskResult.Status.SKIPPED, "no proxy configured")
            : s == 2 && fails.test(i) ? task(names[s], TaskResult.Status.FAILED, "yum failed:\nline two of " + h)
            : task(names[s], s == 2 ? TaskResult.Status.CHANGED : TaskResult.Status.OK, "done");
        c.taskFinished(h, r);
        tasks.get(h).add(r);
        if (++events % 7 == 0) {
          redraws.forEach(Runnable::run);
        }
        if (r.status() == TaskResult.Status.FAILED || s == 3) {
          boolean failed = r.status() == TaskResult.Status.FAILED;
          HostResult hr = new HostResult(h, failed ? HostResult.Status.FAILED : HostResult.Status.CHANGED, 1000,
              tasks.get(h), 2, failed ? names[s] + " failed" : null);
          c.hostFinished(hr);
          results.add(hr);
          running.remove(h);
        } else {
          step.put(h, s + 1);
        }
      }
    }
    return results;
  }

  /**
   * Lines above the view and the view itself, right before the recap (what the run left on the
   * terminal), and the most there have been at any moment.
   */
  private List<String> beforeRecap(int hosts, java.util.function.IntPredicate fails) {
    ConsoleReporter c = reporter(100, 24, true, false, 0);
    c.runStarted("docker-ce", false, hosts);
    simulate(c, hosts, fails);
    clock.advance(Duration.ofMillis(250));
    redraws.get(redraws.size() - 1).run();
    List<String> all = new ArrayList<>(terminal().all());
    all.add("most lines: " + vt.mostLines());
    return all;
  }

  @Test
  void twoHundredHostsTakeNoMoreLinesThanFour() {
    List<String> four = beforeRecap(4, i -> false);
    bytes.reset();
    fed = 0;
    List<String> twoHundred = beforeRecap(200, i -> false);
    // the PLAY line and the view: nothing per host, nothing per task
    assertThat(twoHundred).containsExactly("PLAY docker-ce on 200 hosts",
        "[========================================] 200/200 hosts  24s",
        "ok 0  changed 200  failed 0  unreachable 0  running 0",
        // at most: the PLAY line, the bar, the counts and the 5 slowest hosts (4 with 4 hosts)
        "most lines: 8");
    assertThat(four).hasSize(4).endsWith("most lines: 7");
  }

  @Test
  void aFailurePrintsInFullTheMomentItHappensAboveTheView() {
    ConsoleReporter c = reporter(60, 24, true, false, 0);
    c.runStarted("docker-ce", false, 3);
    c.hostStarted("web1");
    c.hostStarted("web2");
    c.taskStarted("web1", "7. Docker CE installed");
    c.taskStarted("web2", "7. Docker CE installed");
    String message = "yum cannot read repository base: http://mirror/7/os/x86_64/repodata/repomd.xml:"
        + " [Errno 14] HTTP Error 404 - Not Found; nothing was changed";
    c.taskFinished("web1", task("7. Docker CE installed", TaskResult.Status.FAILED, message + "\nsecond line"));
    // no tick: printed at once, whole (wrapped by the terminal, not cut), the view under it
    List<String> all = terminal().all();
    String printed = String.join("", all.subList(1, all.size() - 4));
    assertThat(printed).isEqualTo("web1 | FAILED | 7. Docker CE installed | " + message + "second line");
    assertThat(all.subList(all.size() - 4, all.size())).containsExactly(
        "[>                                       ] 0/3 hosts  0s",
        // cut to the terminal's 60 columns
        "ok 0  changed 0  failed 0  unreachable 0  running 2  waiti…",
        "  web1      0s  7. Docker CE installed", "  web2      0s  7. Docker CE installed");
    // the failed host's line, unreachable hosts too
    c.hostFinished(host("web1", HostResult.Status.FAILED, List.of()));
    c.hostStarted("web3");
    c.hostFinished(new HostResult("web3", HostResult.Status.UNREACHABLE, 5, List.of(), 0, "connection refused"));
    all = terminal().all();
    assertThat(all).contains("web3 | UNREACHABLE | connection refused");
    assertThat(all.get(all.size() - 2)).isEqualTo("ok 0  changed 0  failed 1  unreachable 1  running 1");
  }

  @Test
  void theViewFitsTheTerminalWhateverTheNumberOfRunningHosts() {
    for (int[] size : new int[][] {{80, 24}, {40, 24}, {80, 5}, {80, 2}, {20, 3}}) {
      bytes.reset();
      fed = 0;
      redraws.clear();
      ConsoleReporter c = reporter(size[0], size[1], true, false, 0);
      c.runStarted("p", false, 200);
      for (int i = 0; i < 200; i++) {
        c.hostStarted("host-with-a-long-name-" + i);
        c.taskStarted("host-with-a-long-name-" + i, "7. Docker CE installed at docker.version, the whole set pinned"
            + " together, replacing the old packages");
        clock.advance(Duration.ofSeconds(1));
      }
      redraws.get(0).run();
      List<String> all = terminal().all();
      List<String> view = all.subList(1, all.size());
      assertThat(view).as("%dx%d", size[0], size[1]).hasSizeLessThanOrEqualTo(Math.min(7, size[1] - 1))
          .allSatisfy(l -> assertThat(l.length()).isLessThan(size[0]));
      // the screen shows the whole view, the cursor on its own line under it
      assertThat(vt.screen()).as("%dx%d", size[0], size[1]).hasSizeLessThanOrEqualTo(size[1]);
      if (size[1] == 24) {
        assertThat(view).hasSize(2 + ConsoleReporter.SLOWEST);
        // the longest on its task first
        assertThat(view.get(2)).startsWith("  host-with-a-long-name-0 ");
        assertThat(view.get(0)).contains("0/200 hosts");
        assertThat(view.get(view.size() - 1)).endsWith("…");
      }
    }
  }

  @Test
  void eachRunningHostShowsHowLongItHasBeenOnItsTask() {
    ConsoleReporter c = reporter(120, 24, true, false, 0);
    c.runStarted("docker-ce", false, 3);
    c.hostStarted("web1");
    clock.advance(Duration.ofSeconds(25));
    redraws.get(0).run();
    assertThat(view()).containsExactly("[>                                       ] 0/3 hosts  25s",
        "ok 0  changed 0  failed 0  unreachable 0  running 1  waiting 2", "  web1     25s  connecting");
    c.taskStarted("web1", "7. Docker CE installed");
    clock.advance(Duration.ofSeconds(40));
    c.taskStarted("web2", "4. prerequisites installed");
    assertThat(view()).endsWith("  web1     40s  7. Docker CE installed", "  web2      0s  4. prerequisites installed");

    // no event for ten minutes: the ticker redraws, the times grow
    clock.advance(Duration.ofMinutes(10).plusSeconds(3));
    assertThat(redraws).hasSize(1);
    redraws.get(0).run();
    assertThat(view()).endsWith("  web1  10m43s  7. Docker CE installed", "  web2  10m03s  4. prerequisites installed");

    // a new task restarts its host's time, and puts it last
    c.taskStarted("web1", "8. docker configured");
    redraws.get(0).run();
    assertThat(view()).endsWith("  web2  10m03s  4. prerequisites installed", "  web1      0s  8. docker configured");

    c.hostFinished(host("web2", HostResult.Status.OK, List.of()));
    clock.advance(Duration.ofMinutes(1));
    redraws.get(0).run();
    assertThat(view().get(0)).startsWith("[=============>                          ] 1/3 hosts  12m08s");
    c.runFinished(new RunResult("docker-ce", false, clock.instant(), clock.instant(), List.of(), null));
    assertThat(closed).containsExactly("closed");
  }

  /** The view as the terminal shows it: the lines under the PLAY line. */
  private List<String> view() {
    List<String> all = terminal().all();
    return all.subList(1, all.size());
  }

  @Test
  void eventsCloseTogetherRedrawAtMostEveryTenthOfASecondAndTheTickerDrawsTheRest() {
    ConsoleReporter c = reporter(120, 24, false, false, 0);
    c.runStarted("docker-ce", false, 2);
    c.hostStarted("web1");
    c.hostStarted("web2");
    assertThat(view()).endsWith("  web1      0s  connecting");
    redraws.get(0).run();
    assertThat(view()).endsWith("  web1      0s  connecting", "  web2      0s  connecting");
    clock.advance(Duration.ofMillis(100));
    c.taskStarted("web1", "1. preflight");
    assertThat(view()).endsWith("  web2      0s  connecting", "  web1      0s  1. preflight");
  }

  @Test
  void skippedTasksPrintNoLineOnATerminalAndTheirReasonOtherwise() {
    TaskResult skipped = task("8d. HTTP proxy for dockerd", TaskResult.Status.SKIPPED, "no proxy configured");
    ConsoleReporter c = reporter(80, 24, true, false, 0);
    c.runStarted("docker-ce", false, 1);
    c.hostStarted("web1");
    c.taskStarted("web1", "8d. HTTP proxy for dockerd");
    c.taskFinished("web1", skipped);
    c.taskFinished("web1", task("9. docker running", TaskResult.Status.OK, "started"));
    c.taskFinished("web1", task("7. Docker CE installed", TaskResult.Status.CHANGED, "installed"));
    assertThat(text()).doesNotContain("skipped", "no proxy", "started", "installed");

    bytes.reset();
    ConsoleReporter lines = reporter(false);
    lines.runStarted("docker-ce", false, 1);
    lines.hostStarted("web1");
    lines.taskFinished("web1", skipped);
    assertThat(text()).isEqualTo("PLAY docker-ce on 1 host" + NL
        + "web1 | skipped | 8d. HTTP proxy for dockerd | no proxy configured" + NL);
  }

  @Test
  void aTerminalWithoutColoursStillGetsTheView() {
    ConsoleReporter c = reporter(80, 24, false, false, 0);
    c.runStarted("docker-ce", false, 1);
    c.hostStarted("web1");
    c.taskFinished("web1", task("9. docker running", TaskResult.Status.OK, "started"));
    assertThat(text()).doesNotContain("\u001b[3", "\u001b[0m");
    assertThat(view()).containsExactly("[>                                       ] 0/1 hosts  0s",
        "ok 0  changed 0  failed 0  unreachable 0  running 1", "  web1      0s  connecting");
  }

  @Test
  void diffsOfChangedTasksAndNoticesPrintAboveTheView() {
    ConsoleReporter c = reporter(80, 24, true, true, 0);
    c.runStarted("docker-ce", false, 2);
    c.hostStarted("web1");
    c.hostStarted("web2");
    c.taskFinished("web1", new TaskResult("8b. daemon.json", "template", TaskResult.Status.CHANGED, 5, "updated",
        "--- a\n+++ b\n-old\n+new\n", List.of()));
    c.taskFinished("web2", task("8a. /etc/docker", TaskResult.Status.CHANGED, "created"));
    c.notice("the lock file gained an entry");
    assertThat(terminal().all()).containsExactly("PLAY docker-ce on 2 hosts",
        "web1 | changed | 8b. daemon.json | updated", "--- a", "+++ b", "-old", "+new",
        "NOTICE: the lock file gained an entry",
        "[>                                       ] 0/2 hosts  0s",
        "ok 0  changed 0  failed 0  unreachable 0  running 2", "  web1      0s  connecting", "  web2      0s  connecting");
  }

  @Test
  void aViewAtTheTopOfTheScreenIsErasedNotPushedIntoTheScrollback() {
    // 8 rows: the PLAY line scrolls away and the view's first line is the screen's first row
    ConsoleReporter c = reporter(100, 8, true, false, 0);
    c.runStarted("docker-ce", false, 9);
    for (int i = 1; i <= 9; i++) {
      c.hostStarted("web" + i);
    }
    redraws.get(0).run();
    assertThat(terminal().screen()).hasSize(8).first().asString().startsWith("[>");
    c.taskFinished("web1", task("7. Docker CE installed", TaskResult.Status.FAILED, "yum failed"));
    c.notice("something to say");
    c.clearStatusLine();
    assertThat(terminal().all()).containsExactly("PLAY docker-ce on 9 hosts",
        "web1 | FAILED | 7. Docker CE installed | yum failed", "NOTICE: something to say");
  }

  @Test
  void inCheckModeWhatWouldChangeIsPrintedAboveTheView() {
    ConsoleReporter c = reporter(100, 24, false, false, 0);
    c.runStarted("docker-ce", true, 2);
    c.hostStarted("web1");
    c.taskFinished("web1", task("8b. daemon.json", TaskResult.Status.CHANGED, "would replace content"));
    c.taskFinished("web1", task("9. docker running", TaskResult.Status.OK, "running"));
    c.taskFinished("web1", task("8d. proxy", TaskResult.Status.SKIPPED, "no proxy configured"));
    assertThat(terminal().all()).containsExactly("PLAY docker-ce (check mode: nothing will be changed) on 2 hosts",
        "web1 | changed | 8b. daemon.json | would replace content",
        "[>                                       ] 0/2 hosts  0s",
        "ok 0  changed 0  failed 0  unreachable 0  running 1  waiting 1", "  web1      0s  connecting");
  }

  @Test
  void aDeferralIsAWarningPrintedAboveTheViewCountedAndOnTheHostsRecapLine() {
    ConsoleReporter c = reporter(160, 24, false, false, 0);
    c.runStarted("docker-ce", false, 2);
    c.hostStarted("web1");
    TaskResult deferred = new TaskResult("restart docker", "docker_restart", TaskResult.Status.DEFERRED, 10,
        "restart deferred: 2 running containers (docker.restart: if-idle)", null, List.of());
    c.taskFinished("web1", task("9. docker running", TaskResult.Status.OK, "running"));
    c.taskFinished("web1", deferred);
    HostResult web1 = host("web1", HostResult.Status.OK, List.of(task("9. docker running", TaskResult.Status.OK,
        "running"), deferred));
    clock.advance(Duration.ofMillis(100));
    c.hostFinished(web1);
    assertThat(terminal().all()).containsExactly("PLAY docker-ce on 2 hosts",
        "web1 | DEFERRED | restart docker | restart deferred: 2 running containers (docker.restart: if-idle)",
        "[====================>                   ] 1/2 hosts  0s",
        "ok 1  changed 0  deferred 1  failed 0  unreachable 0  running 0  waiting 1");
    HostResult web2 = host("web2", HostResult.Status.OK, List.of(task("9. docker running", TaskResult.Status.OK, "x")));
    c.runFinished(new RunResult("docker-ce", false, clock.instant(), clock.instant(), List.of(web1, web2), null));
    List<String> all = terminal().all();
    assertThat(all.subList(all.size() - 4, all.size())).containsExactly(
        "host  status        ok changed failed skipped unreachable  duration",
        "web1  ok             1       0      0       0           0      1.0s"
            + "  deferred=1: restart deferred: 2 running containers (docker.restart: if-idle)",
        "web2  ok             1       0      0       0           0      1.0s",
        "2 hosts in 0s: 2 ok (1 with a deferred task)");
  }

  @Test
  void checkModeEndsWithTheDockerRestartsItWouldMakeOrDeferAtMostTenHosts() {
    ConsoleReporter c = reporter(false);
    List<HostResult> hosts = new ArrayList<>();
    hosts.add(host("web00", HostResult.Status.OK, List.of(task("1. preflight", TaskResult.Status.OK, "ok"))));
    for (int i = 1; i <= 12; i++) {
      TaskResult t = i % 2 == 1
          ? new TaskResult("restart docker", "docker_restart", TaskResult.Status.CHANGED, 1,
              "would restart docker: 0 running containers", null, List.of())
          : new TaskResult("restart docker", "docker_restart", TaskResult.Status.DEFERRED, 1,
              "restart would be deferred: " + i + " running containers (docker.restart: if-idle)", null,
              List.of());
      hosts.add(host(String.format("web%02d", i), HostResult.Status.CHANGED, List.of(t)));
    }
    // a change of another module is no docker restart
    hosts.add(host("web13", HostResult.Status.CHANGED, List.of(task("8. daemon.json", TaskResult.Status.CHANGED,
        "would write"))));
    c.runFinished(new RunResult("docker-ce", true, Instant.EPOCH, Instant.EPOCH, hosts, null));
    List<String> lines = text().lines().toList();
    int at = lines.indexOf("docker restarts: 12 hosts would restart, reload or defer docker:");
    assertThat(at).isPositive();
    assertThat(lines.subList(at + 1, lines.size())).containsExactly(
        "  web01: would restart docker: 0 running containers",
        "  web02: restart would be deferred: 2 running containers (docker.restart: if-idle)",
        "  web03: would restart docker: 0 running containers",
        "  web04: restart would be deferred: 4 running containers (docker.restart: if-idle)",
        "  web05: would restart docker: 0 running containers",
        "  web06: restart would be deferred: 6 running containers (docker.restart: if-idle)",
        "  web07: would restart docker: 0 running containers",
        "  web08: restart would be deferred: 8 running containers (docker.restart: if-idle)",
        "  web09: would restart docker: 0 running containers",
        "  web10: restart would be deferred: 10 running containers (docker.restart: if-idle)",
        "  and 2 more hosts (the --json report lists every task)");

    // apply, or a check without any: no block
    bytes.reset();
    reporter(false).runFinished(new RunResult("docker-ce", false, Instant.EPOCH, Instant.EPOCH, hosts, null));
    assertThat(text()).doesNotContain("docker restarts");
    bytes.reset();
    reporter(false).runFinished(new RunResult("docker-ce", true, Instant.EPOCH, Instant.EPOCH,
        List.of(hosts.get(0), hosts.get(13)), null));
    assertThat(text()).doesNotContain("docker restarts");
  }

  @Test
  void theRecapAndAnInterruptLeaveNoViewBehind() {
    ConsoleReporter c = reporter(100, 24, true, false, 0);
    c.runStarted("docker-ce", false, 30);
    List<HostResult> results = simulate(c, 30, i -> i == 7);
    // Ctrl-C: the view goes, the message gets its own line, the next event brings the view back
    c.hostStarted("late");
    c.clearStatusLine();
    terminal().feed("^C");
    c.clearStatusLine();
    terminal().feed("interrupt: waiting for 1 running command; Ctrl-C again to abandon them\n");
    int before = text().length();
    redraws.get(0).run();
    assertThat(text()).hasSize(before);
    c.hostFinished(new HostResult("late", HostResult.Status.INTERRUPTED, 1, List.of(), 0, null));
    c.runFinished(new RunResult("docker-ce", false, clock.instant(), clock.instant(), results, null));

    List<String> all = terminal().all();
    assertThat(all.get(0)).isEqualTo("PLAY docker-ce on 30 hosts");
    assertThat(all.get(1)).isEqualTo("web007.example.org | FAILED | 7. Docker CE installed | yum failed:");
    assertThat(all.get(2)).isEqualTo("line two of web007.example.org");
    assertThat(all.get(3)).isEqualTo("interrupt: waiting for 1 running command; Ctrl-C again to abandon them");
    assertThat(all.get(4)).isEmpty();
    assertThat(all.get(5)).isEqualTo("RECAP docker-ce");
    // 30 hosts do not fit a 24-row terminal: the table lists the host that needs a look, counts the rest
    assertThat(all).hasSize(6 + 1 + 1 + 1 + 2).noneMatch(l -> l.contains("hosts  ") || l.contains("^C"));
    assertThat(all.get(7)).startsWith("web007.example.org  failed");
    assertThat(all.get(8)).isEqualTo("29 ok or changed hosts not listed (the --json report and -v list every host)");
    // the failures and the totals: in sight when the table of a large fleet scrolled away
    assertThat(all.get(all.size() - 2)).isEqualTo("web007.example.org: 7. Docker CE installed failed");
    assertThat(all.get(all.size() - 1)).isEqualTo("30 hosts in 0s: 29 changed, 1 failed");
  }

  @Test
  void aNarrowerWindowReflowsTheViewAndTheRedrawStillTakesAllOfItOff() {
    int[] width = {120};
    vt = new VirtualTerminal(120, 40);
    ConsoleReporter c = new ConsoleReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        () -> new TerminalSize(width[0], 40), true, false, 0, clock, this::ticker);
    c.runStarted("docker-ce", false, 3);
    for (String h : List.of("web1", "web2", "web3")) {
      c.hostStarted(h);
      c.taskStarted(h, "7. Docker CE installed at docker.version, the whole set pinned together, replacing the old");
    }
    redraws.get(0).run();
    assertThat(terminal().all()).hasSize(6);
    // the window is made 50 wide: the terminal wraps each long line of the view over two or three rows
    width[0] = 50;
    terminal().resize(50);
    assertThat(vt.all()).hasSizeGreaterThan(10);
    clock.advance(Duration.ofSeconds(2));
    redraws.get(0).run();
    assertThat(terminal().all()).containsExactly("PLAY docker-ce on 3 hosts",
        "[>                                ] 0/3 hosts  2s", "ok 0  changed 0  failed 0  unreachable 0  runnin…",
        "  web1      2s  7. Docker CE installed at docker…", "  web2      2s  7. Docker CE installed at docker…",
        "  web3      2s  7. Docker CE installed at docker…");
    // narrower again, over rows the terminal had marked as wrapped, then wider: nothing joins back
    width[0] = 40;
    terminal().resize(40);
    redraws.get(0).run();
    width[0] = 120;
    terminal().resize(120);
    c.hostFinished(host("web1", HostResult.Status.OK, List.of()));
    c.runFinished(new RunResult("docker-ce", false, clock.instant(), clock.instant(), List.of(), null));
    assertThat(terminal().all()).containsExactly("PLAY docker-ce on 3 hosts", "", "RECAP docker-ce",
        "host  status        ok changed failed skipped unreachable  duration", "0 hosts in 0s");
  }

  @Test
  void verboseOnATerminalPrintsEveryEventWithAStatusLineUnder() {
    ConsoleReporter c = reporter(200, 24, true, false, 1);
    c.runStarted("docker-ce", false, 3);
    c.hostStarted("web1");
    clock.advance(Duration.ofSeconds(25));
    assertThat(statusLine()).isEqualTo("[0/3 hosts done] web1 (0s): connecting");
    redraws.get(0).run();
    assertThat(statusLine()).isEqualTo("[0/3 hosts done] web1 (25s): connecting");
    c.taskStarted("web1", "7. Docker CE installed");
    clock.advance(Duration.ofSeconds(40));
    c.taskStarted("web2", "4. prerequisites installed");
    assertThat(statusLine()).isEqualTo(
        "[0/3 hosts done] web1 (40s): 7. Docker CE installed web2 (0s): 4. prerequisites installed");
    c.taskFinished("web2", task("4. prerequisites installed", TaskResult.Status.SKIPPED, "nothing to install"));
    assertThat(terminal().all()).containsExactly("PLAY docker-ce on 3 hosts",
        "web2 | skipped | 4. prerequisites installed | nothing to install",
        "    $ true",
        "[0/3 hosts done] web1 (40s): 7. Docker CE installed web2 (0s): 4. prerequisites installed");
  }

  @Test
  void notOnATerminal() {
    ConsoleReporter c = reporter(false);
    c.runStarted("docker-ce", false, 1);
    c.taskStarted("web1", "install");
    c.tick();
    assertThat(redraws).isEmpty();
    assertThat(text()).isEqualTo("PLAY docker-ce on 1 host" + NL);
  }

  @Test
  void aTickAfterTheLineWasClearedDrawsNothing() {
    ConsoleReporter c = reporter(true);
    c.runStarted("docker-ce", false, 1);
    c.taskStarted("web1", "install");
    c.clearStatusLine();
    int before = bytes.size();
    c.tick();
    assertThat(bytes.size()).isEqualTo(before);
  }

  @Test
  void linesAreCutToTheTerminalsWidth() {
    assertThat(ConsoleReporter.fit("abcdef", 6)).isEqualTo("abcdef");
    assertThat(ConsoleReporter.fit("abcdefg", 6)).isEqualTo("abcde…");
    // colour codes take no cell and are closed
    assertThat(ConsoleReporter.fit("\u001b[32mabcdefg\u001b[0m", 6)).isEqualTo("\u001b[32mabcde…\u001b[0m");
    // a wide character takes two cells; one that does not fit whole is left out
    assertThat(ConsoleReporter.fit("ab漢字cd", 6)).isEqualTo("ab漢…");
    assertThat(ConsoleReporter.cells("ab漢字cd")).isEqualTo(8);
    // a control character could move the cursor: shown as ?
    assertThat(ConsoleReporter.fit("a\nb\u001b]0;x\tc", 20)).isEqualTo("a?b?]0;x?c");
  }

  @Test
  void terminalSizes() {
    assertThat(TerminalSize.fromEnv(java.util.Map.of("COLUMNS", "132", "LINES", "43")))
        .isEqualTo(new TerminalSize(132, 43));
    assertThat(TerminalSize.fromEnv(java.util.Map.of("COLUMNS", "132"))).isNull();
    assertThat(TerminalSize.fromEnv(java.util.Map.of("COLUMNS", "0", "LINES", "43"))).isNull();
    assertThat(TerminalSize.fromEnv(java.util.Map.of("COLUMNS", "wide", "LINES", "43"))).isNull();
    assertThat(TerminalSize.parseStty("45 160\n")).isEqualTo(new TerminalSize(160, 45));
    assertThat(TerminalSize.parseStty("0 0\n")).isNull();
    assertThat(TerminalSize.parseStty("stty: 'standard input': Inappropriate ioctl for device")).isNull();
  }

  @Test
  void elapsedTimes() {
    assertThat(ConsoleReporter.elapsed(Duration.ofMillis(900))).isEqualTo("0s");
    assertThat(ConsoleReporter.elapsed(Duration.ofSeconds(59))).isEqualTo("59s");
    assertThat(ConsoleReporter.elapsed(Duration.ofSeconds(60))).isEqualTo("1m00s");
    assertThat(ConsoleReporter.elapsed(Duration.ofSeconds(3599))).isEqualTo("59m59s");
    assertThat(ConsoleReporter.elapsed(Duration.ofSeconds(3600 * 2 + 5 * 60 + 59))).isEqualTo("2h05m");
    assertThat(ConsoleReporter.elapsed(Duration.ofSeconds(-3))).isEqualTo("0s");
  }
}
