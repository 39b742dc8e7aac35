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
import org.junit.jupiter.api.Test;

/** The live status line: each running host's task and how long it has been on it, on a fake clock. */
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

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final FakeClock clock = new FakeClock();
  private final List<Runnable> redraws = new ArrayList<>();
  private final List<String> closed = new ArrayList<>();

  private ConsoleReporter reporter(boolean terminal) {
    return new ConsoleReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal, false, 0, clock,
        redraw -> {
          redraws.add(redraw);
          return () -> closed.add("closed");
        });
  }

  /** The status line as last drawn (what the terminal shows), without colour codes. */
  private String statusLine() {
    String s = bytes.toString(StandardCharsets.UTF_8);
    return s.substring(s.lastIndexOf("\r\u001b[K") + 4).replaceAll("\u001b\\[[0-9]*m", "");
  }

  @Test
  void eachRunningHostShowsHowLongItHasBeenOnItsTask() {
    ConsoleReporter c = reporter(true);
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

    // no event for ten minutes: the ticker redraws, the times grow
    clock.advance(Duration.ofMinutes(10).plusSeconds(3));
    assertThat(redraws).hasSize(1);
    redraws.get(0).run();
    assertThat(statusLine()).isEqualTo(
        "[0/3 hosts done] web1 (10m43s): 7. Docker CE installed web2 (10m03s): 4. prerequisites installed");

    // a new task restarts its host's time
    c.taskStarted("web2", "5. docker-ce repository");
    assertThat(statusLine()).isEqualTo(
        "[0/3 hosts done] web1 (10m43s): 7. Docker CE installed web2 (0s): 5. docker-ce repository");

    c.runFinished(new RunResult("docker-ce", false, clock.instant(), clock.instant(), List.of(), null));
    assertThat(closed).containsExactly("closed");
  }

  @Test
  void notOnATerminal() {
    ConsoleReporter c = reporter(false);
    c.runStarted("docker-ce", false, 1);
    c.taskStarted("web1", "install");
    c.tick();
    assertThat(redraws).isEmpty();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("PLAY docker-ce on 1 host" + System.lineSeparator());
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
  void elapsedTimes() {
    assertThat(ConsoleReporter.elapsed(Duration.ofMillis(900))).isEqualTo("0s");
    assertThat(ConsoleReporter.elapsed(Duration.ofSeconds(59))).isEqualTo("59s");
    assertThat(ConsoleReporter.elapsed(Duration.ofSeconds(60))).isEqualTo("1m00s");
    assertThat(ConsoleReporter.elapsed(Duration.ofSeconds(3599))).isEqualTo("59m59s");
    assertThat(ConsoleReporter.elapsed(Duration.ofSeconds(3600 * 2 + 5 * 60 + 59))).isEqualTo("2h05m");
    assertThat(ConsoleReporter.elapsed(Duration.ofSeconds(-3))).isEqualTo("0s");
  }
}
