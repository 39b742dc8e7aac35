package io.jprov.doctor;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import java.util.List;
import java.util.Map;

/** Doctor checks {@code storage.*}: storage driver, free space and inodes, docker info warnings. */
final class StorageCheck implements DoctorCheck {
  @Override
  public String name() {
    return "storage";
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
