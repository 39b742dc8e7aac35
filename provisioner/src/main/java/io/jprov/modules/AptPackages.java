package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.transport.CommandResult;
import java.util.List;

/**
 * The apt back end of {@code package} (Debian/Ubuntu): dpkg state, {@code apt-get install} of pinned
 * versions, replacement of conflicting packages in the same apt transaction, holds by {@code apt-mark}.
 * {@link PackageModule} dispatches here when the host's package manager is apt.
 */
final class AptPackages {
  private AptPackages() {}

  static List<Fact<?>> facts(PackageModule.Arguments a, TaskContext ctx) {
    return List.of();
  }

  static List<Fact<?>> moreFacts(PackageModule.Arguments a, FactSet facts, TaskContext ctx) {
    return List.of();
  }

  static Plan plan(PackageModule.Arguments a, FactSet facts, TaskContext ctx) {
    return Plan.fail("package: apt is not supported yet");
  }

  /** Whether {@code plan} was made here (its commands are apt's). */
  static boolean planned(Plan plan) {
    return false;
  }

  static Outcome interpret(PackageModule.Arguments a, Plan plan, List<CommandResult> results) {
    throw new IllegalStateException("not an apt plan");
  }
}
