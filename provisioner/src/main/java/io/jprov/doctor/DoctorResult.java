package io.jprov.doctor;

import io.jprov.ExitCodes;
import io.jprov.inventory.Shard;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One {@code jprov doctor} run: every selected host's findings, in inventory order (docs/doctor.md).
 *
 * @param started when the run began
 * @param finished when the last host was examined
 * @param shard the {@code --shard} this run was, or null
 * @param hosts one per selected host
 */
public record DoctorResult(Instant started, Instant finished, Shard shard, List<HostDoctor> hosts) {
  public DoctorResult {
    hosts = List.copyOf(hosts);
  }

  public Duration duration() {
    return Duration.between(started, finished);
  }

  /** How many hosts have {@code status}. */
  public int count(HostDoctor.Status status) {
    return (int) hosts.stream().filter(h -> h.status() == status).count();
  }

  /**
   * The exit code the findings deserve (docs/exit-codes.md): 3 when a check failed on some host, else 4 when a
   * host was unreachable, else 0 (every host ok or warn). An interrupt's code is the command's to give.
   */
  public int exitCode() {
    if (count(HostDoctor.Status.FAIL) > 0) {
      return ExitCodes.FAILED;
    }
    return count(HostDoctor.Status.UNREACHABLE) > 0 ? ExitCodes.UNREACHABLE : ExitCodes.OK;
  }
}
