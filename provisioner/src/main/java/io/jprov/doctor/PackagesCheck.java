package io.jprov.doctor;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import java.util.List;
import java.util.Map;

/** Doctor checks {@code packages.*}: Docker set versions, holds, repository mirror, EOL mirrorlist. */
final class PackagesCheck implements DoctorCheck {
  @Override
  public String name() {
    return "packages";
  }

  @Override
  public Map<String, String> checks() {
    return Map.of(); // TODO(issue 14): the checks of this group
  }

  @Override
  public List<Fact<?>> facts(DoctorContext ctx) {
    return List.of();
  }

  @Override
  public List<Finding> evaluate(FactSet facts, DoctorContext ctx) {
    return List.of();
  }
}
