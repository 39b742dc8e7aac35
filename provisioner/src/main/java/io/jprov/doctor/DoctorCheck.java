package io.jprov.doctor;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import java.util.List;
import java.util.Map;

/**
 * A group of doctor checks: the facts they read and a pure evaluation of them. Doctor reads the
 * facts of every group, with the platform fact ({@code io.jprov.facts.HostFacts.PLATFORM}, always in
 * the set given to {@link #evaluate}), in one round trip per host; so {@link #facts} depends on the
 * host's variables only, never on the platform, and a fact's command works (or fails in a way its
 * parser understands) on every supported family. Implementations are stateless and thread-safe.
 */
public interface DoctorCheck {
  /** The group's name, the prefix of its checks' names ({@code services}). */
  String name();

  /** Every check this group can report, by name ({@code services.docker}), with one line saying what it checks. */
  Map<String, String> checks();

  /** The facts to read on the host. */
  List<Fact<?>> facts(DoctorContext ctx);

  /**
   * The verdicts, at least one per check of {@link #checks()} that applies to the host (a check that
   * does not apply, e.g. SELinux on Debian, may be left out or reported ok with the reason). Pure:
   * reads only {@code facts} (those of {@link #facts} plus the platform) and {@code ctx}.
   */
  List<Finding> evaluate(FactSet facts, DoctorContext ctx);
}
