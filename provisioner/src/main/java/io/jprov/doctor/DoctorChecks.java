package io.jprov.doctor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every doctor check group, in the order doctor reports them (docs/doctor.md). */
public final class DoctorChecks {
  /** The groups, in report order. */
  public static final List<DoctorCheck> ALL = List.of(
      new ServicesCheck(),
      new DaemonJsonCheck(),
      new StorageCheck(),
      new NetworkingCheck(),
      new RegistryCheck(),
      new PackagesCheck(),
      new UsersCheck(),
      new SelinuxCheck(),
      new RestartCheck());

  private DoctorChecks() {}

  /** Every check of every group by name, in report order, with what it checks. */
  public static Map<String, String> names() {
    Map<String, String> out = new LinkedHashMap<>();
    ALL.forEach(g -> out.putAll(g.checks()));
    return out;
  }
}
