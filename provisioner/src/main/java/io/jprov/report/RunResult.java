package io.jprov.report;

import java.time.Instant;
import java.util.List;

/**
 * A whole run (docs/report.md).
 *
 * @param playbook playbook name (file name without {@code .yml})
 * @param checkMode whether this was {@code --check}
 * @param started start time
 * @param finished end time
 * @param hosts every selected host, in inventory order
 * @param stopReason why the run stopped early (failure budget, interrupt), or null
 */
public record RunResult(
    String playbook,
    boolean checkMode,
    Instant started,
    Instant finished,
    List<HostResult> hosts,
    String stopReason) {

  public long hostsWithStatus(HostResult.Status status) {
    return hosts.stream().filter(h -> h.status() == status).count();
  }
}
