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
 * @param shard the shard of the fleet this run covered ({@code --shard K/N}), or null for all hosts
 */
public record RunResult(
    String playbook,
    boolean checkMode,
    Instant started,
    Instant finished,
    List<HostResult> hosts,
    String stopReason,
    io.jprov.inventory.Shard shard) {

  /** A run over all selected hosts (no {@code --shard}). */
  public RunResult(String playbook, boolean checkMode, Instant started, Instant finished, List<HostResult> hosts,
      String stopReason) {
    this(playbook, checkMode, started, finished, hosts, stopReason, null);
  }

  /** The same run, recorded as shard {@code shard} of the fleet. */
  public RunResult withShard(io.jprov.inventory.Shard shard) {
    return new RunResult(playbook, checkMode, started, finished, hosts, stopReason, shard);
  }

  public long hostsWithStatus(HostResult.Status status) {
    return hosts.stream().filter(h -> h.status() == status).count();
  }
}
