package io.jprov.doctor;

import io.jprov.facts.Fact;
import io.jprov.facts.FactGatherer;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostFacts;
import io.jprov.util.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code jprov doctor} without the network: which facts a host's read must hold, and the host's
 * verdicts once they are read. The command reads every host's {@link #facts} in one round trip (the
 * platform and the facts of every group, which depend on the host's variables only) and hands the
 * result to {@link #examine}. A group that throws becomes a {@code fail} finding of its first check
 * ("internal error: …"), never a crash, so one broken check cannot hide the others. Stateless and
 * thread-safe when its groups are.
 */
public final class Doctor {
  private final List<DoctorCheck> groups;

  /** A doctor with the given groups, reported in that order (tests give their own). */
  public Doctor(List<DoctorCheck> groups) {
    this.groups = List.copyOf(groups);
  }

  /** The doctor of {@code jprov doctor}: every group of {@link DoctorChecks#ALL}. */
  public static Doctor standard() {
    return new Doctor(DoctorChecks.ALL);
  }

  public List<DoctorCheck> groups() {
    return groups;
  }

  /**
   * The facts one read of the host gathers: the platform, then every group's, each key once. A group
   * whose {@link DoctorCheck#facts} throws is left out here; {@link #examine} reports it.
   */
  public List<Fact<?>> facts(DoctorContext ctx) {
    List<Fact<?>> out = new ArrayList<>();
    out.add(HostFacts.PLATFORM);
    for (DoctorCheck g : groups) {
      try {
        out.addAll(g.facts(ctx));
      } catch (RuntimeException e) {
        // examine() asks again and reports it as the group's finding
      }
    }
    return FactGatherer.distinct(out);
  }

  /**
   * The host's findings: every group's verdicts, in group order.
   *
   * @param facts what the read of {@link #facts}(ctx) returned
   * @param ctx the host's variables, with the controller's clock when the read was sent
   */
  public HostDoctor examine(FactSet facts, DoctorContext ctx) {
    List<Finding> findings = new ArrayList<>();
    for (DoctorCheck g : groups) {
      findings.addAll(evaluate(g, facts, ctx));
    }
    return HostDoctor.examined(ctx.host(), findings);
  }

  private static List<Finding> evaluate(DoctorCheck g, FactSet facts, DoctorContext ctx) {
    try {
      // the group's facts are asked again so that a group whose facts() threw is reported, not skipped
      g.facts(ctx);
      List<Finding> found = g.evaluate(facts, ctx);
      if (found == null) {
        throw new IllegalStateException("evaluate returned null");
      }
      found.forEach(Objects::requireNonNull);
      return found;
    } catch (RuntimeException e) {
      String first = g.checks().isEmpty() ? g.name() : g.checks().keySet().iterator().next();
      return List.of(Finding.fail(first, "internal error: " + Text.escapeControls(String.valueOf(e)),
          "a jprov bug: report it with this line; this group's other checks were not evaluated"));
    }
  }
}
