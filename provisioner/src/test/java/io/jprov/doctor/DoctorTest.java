package io.jprov.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.ExitCodes;
import io.jprov.facts.Fact;
import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostFacts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link Doctor}: the facts of one read, the findings in group order, a group that throws, host and run status. */
class DoctorTest {
  static final Fact<String> ECHO_A = new Fact<>("test-a", "echo a", FactOutput::output);
  static final Fact<String> ECHO_B = new Fact<>("test-b", "echo b", FactOutput::output);
  static final DoctorContext CTX = new DoctorContext("h1", Map.of("docker", Map.of("users", List.of("ops"))), 100);

  /** A group of test checks: its facts and its evaluation given as functions. */
  record TestGroup(String name, Map<String, String> checks, Function<DoctorContext, List<Fact<?>>> reads,
      BiFunction<FactSet, DoctorContext, List<Finding>> judge) implements DoctorCheck {
    @Override
    public List<Fact<?>> facts(DoctorContext ctx) {
      return reads.apply(ctx);
    }

    @Override
    public List<Finding> evaluate(FactSet facts, DoctorContext ctx) {
      return judge.apply(facts, ctx);
    }
  }

  static Map<String, String> checks(String... names) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String n : names) {
      m.put(n, "what " + n + " checks");
    }
    return m;
  }

  static FactSet facts(Map<String, String> stdout) {
    Map<String, FactOutput> m = new LinkedHashMap<>();
    stdout.forEach((k, v) -> m.put(k, new FactOutput(0, v)));
    return FactSet.of(m);
  }

  @Test
  void oneReadHoldsThePlatformFirstThenEveryGroupsFactsOnce() {
    Doctor d = new Doctor(List.of(
        new TestGroup("a", checks("a.one"), ctx -> List.of(ECHO_A, ECHO_B), (f, ctx) -> List.of()),
        new TestGroup("b", checks("b.one"), ctx -> List.of(ECHO_B, HostFacts.PLATFORM), (f, ctx) -> List.of())));
    assertThat(d.facts(CTX)).extracting(Fact::key).containsExactly(HostFacts.PLATFORM.key(), "test-a", "test-b");
  }

  @Test
  void findingsComeInGroupOrderAndTheWorstSetsTheHostStatus() {
    Doctor d = new Doctor(List.of(
        new TestGroup("a", checks("a.one", "a.two"), ctx -> List.of(ECHO_A), (f, ctx) -> List.of(
            Finding.ok("a.one", f.get(ECHO_A).strip()), Finding.warn("a.two", "w", "do x"))),
        new TestGroup("b", checks("b.one"), ctx -> List.of(), (f, ctx) -> List.of(
            Finding.ok("b.one", ctx.dockerUsers().toString())))));
    HostDoctor h = d.examine(facts(Map.of("test-a", "a\n")), CTX);
    assertThat(h.host()).isEqualTo("h1");
    assertThat(h.status()).isEqualTo(HostDoctor.Status.WARN);
    assertThat(h.findings()).containsExactly(Finding.ok("a.one", "a"), Finding.warn("a.two", "w", "do x"),
        Finding.ok("b.one", "[ops]"));
    assertThat(h.count(Verdict.OK)).isEqualTo(2);
    assertThat(h.message()).isNull();
  }

  @Test
  void aGroupThatThrowsIsAFailOfItsFirstCheckAndTheOthersStillReport() {
    Doctor d = new Doctor(List.of(
        new TestGroup("a", checks("a.first", "a.second"), ctx -> List.of(ECHO_A), (f, ctx) -> {
          throw new IllegalArgumentException("bad\noutput");
        }),
        new TestGroup("b", checks("b.one"), ctx -> List.of(), (f, ctx) -> List.of(Finding.ok("b.one", "fine")))));
    HostDoctor h = d.examine(facts(Map.of("test-a", "a")), CTX);
    assertThat(h.status()).isEqualTo(HostDoctor.Status.FAIL);
    assertThat(h.findings()).hasSize(2);
    Finding f = h.findings().get(0);
    assertThat(f.name()).isEqualTo("a.first");
    assertThat(f.status()).isEqualTo(Verdict.FAIL);
    assertThat(f.evidence()).isEqualTo("internal error: java.lang.IllegalArgumentException: bad\\noutput");
    assertThat(f.fix()).contains("jprov bug");
    assertThat(h.findings().get(1)).isEqualTo(Finding.ok("b.one", "fine"));
  }

  @Test
  void aGroupWhoseFactsThrowIsReportedNotSkipped() {
    Doctor d = new Doctor(List.of(
        new TestGroup("a", checks("a.one"), ctx -> {
          throw new IllegalStateException("no facts");
        }, (f, ctx) -> List.of(Finding.ok("a.one", "never"))),
        new TestGroup("b", checks(), ctx -> List.of(), (f, ctx) -> null)));
    assertThat(d.facts(CTX)).extracting(Fact::key).containsExactly(HostFacts.PLATFORM.key());
    HostDoctor h = d.examine(facts(Map.of()), CTX);
    // a group without checks (not written yet) that misbehaves is named by its group name
    assertThat(h.findings()).extracting(Finding::name).containsExactly("a.one", "b");
    assertThat(h.findings()).extracting(Finding::evidence).containsExactly(
        "internal error: java.lang.IllegalStateException: no facts",
        "internal error: java.lang.IllegalStateException: evaluate returned null");
  }

  @Test
  void aHostWithoutFindingsIsOk() {
    assertThat(new Doctor(List.of()).examine(facts(Map.of()), CTX).status()).isEqualTo(HostDoctor.Status.OK);
    assertThat(HostDoctor.examined("h", List.of(Finding.warn("x", "", ""), Finding.fail("y", "", ""),
        Finding.warn("z", "", ""))).status()).isEqualTo(HostDoctor.Status.FAIL);
  }

  @Test
  void exitCodeIs3OnAFailElse4WhenUnreachableElse0() {
    Instant t = Instant.EPOCH;
    HostDoctor ok = HostDoctor.examined("a", List.of(Finding.ok("x", "")));
    HostDoctor warn = HostDoctor.examined("b", List.of(Finding.warn("x", "", "")));
    HostDoctor fail = HostDoctor.examined("c", List.of(Finding.fail("x", "", "")));
    HostDoctor gone = HostDoctor.notRead("d", HostDoctor.Status.UNREACHABLE, "d: connection refused");
    HostDoctor stopped = HostDoctor.notRead("e", HostDoctor.Status.INTERRUPTED, "interrupted");
    assertThat(new DoctorResult(t, t, null, List.of(ok, warn)).exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(new DoctorResult(t, t, null, List.of(ok, warn, gone, fail)).exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(new DoctorResult(t, t, null, List.of(ok, gone)).exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(new DoctorResult(t, t, null, List.of(ok, stopped)).exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(new DoctorResult(t, t, null, List.of()).exitCode()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void everyGroupsChecksAreNamedAfterIt() {
    for (DoctorCheck g : DoctorChecks.ALL) {
      assertThat(g.checks().keySet()).as(g.name()).allMatch(n -> n.startsWith(g.name() + "."));
    }
    assertThat(DoctorChecks.ALL).extracting(DoctorCheck::name).doesNotHaveDuplicates();
  }
}
