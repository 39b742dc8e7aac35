package io.jprov.doctor;

import io.jprov.facts.DockerFacts;
import io.jprov.facts.DockerFacts.PendingRestart;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.SnapshotFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Doctor checks {@code restart.*}: a docker restart deferred or pending from an earlier run
 * (docs/playbooks.md, "No surprise restarts").
 *
 * <ul>
 *   <li>{@code restart.pending}: the marker {@code docker_restart} writes when {@code docker.restart}
 *       holds a restart back ({@code /var/lib/jprov/restart-pending/docker}): warn, with its since,
 *       reason and the containers running then and now.
 *   <li>{@code restart.unapplied}: a file the restart handler applies (daemon.json, the proxy drop-in)
 *       still has its snapshot ({@code .jprov-prev} / {@code .jprov-absent}) but no restart is recorded
 *       as pending: an earlier run changed it and stopped before its handler, so the daemon runs with
 *       the previous file; warn.
 * </ul>
 */
final class RestartCheck implements DoctorCheck {
  static final String UNIT = "docker";
  /** The files the Docker CE playbook's restart handler applies (its restore_on_failure). */
  static final List<String> FILES = List.of("/etc/docker/daemon.json",
      "/etc/systemd/system/docker.service.d/http-proxy.conf");

  private static final Map<String, String> CHECKS = checks0();

  private static Map<String, String> checks0() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("restart.pending", "no docker restart held back by docker.restart (if-idle with running containers, or never)"
        + " is still pending");
    m.put("restart.unapplied", "daemon.json and the proxy drop-in are in force: no changed file waits for a restart"
        + " that never ran");
    return java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public String name() {
    return "restart";
  }

  @Override
  public Map<String, String> checks() {
    return CHECKS;
  }

  @Override
  public List<Fact<?>> facts(DoctorContext ctx) {
    List<Fact<?>> facts = new ArrayList<>();
    facts.add(DockerFacts.pendingRestart(UNIT));
    facts.add(DockerFacts.runningContainers());
    facts.add(DockerFacts.liveRestore());
    FILES.forEach(f -> facts.add(SnapshotFacts.pending(f)));
    facts.add(DockerFacts.daemonAge(UNIT, FILES));
    return facts;
  }

  @Override
  public List<Finding> evaluate(FactSet facts, DoctorContext ctx) {
    List<Finding> out = new ArrayList<>();
    PendingRestart p = facts.get(DockerFacts.pendingRestart(UNIT));
    int running = facts.get(DockerFacts.runningContainers());
    boolean live = facts.get(DockerFacts.liveRestore());
    String policy = ctx.restartPolicy();
    DockerFacts.DaemonAge age = facts.get(DockerFacts.daemonAge(UNIT, FILES));
    // a daemon younger than its files (a reboot, a start by hand) runs with them: done, whatever the marker says
    String inForce = age.startedAfterChange() ? "dockerd started " + age.uptime() + " s ago, after the files were"
        + " written (" + age.changedAgo() + " s ago): it runs with them" : null;
    if (p.pending() && inForce != null) {
      out.add(Finding.ok("restart.pending", "a restart recorded as pending" + (p.since().isEmpty() ? "" : " since "
          + p.since()) + " is done: " + inForce + " (the next jprov apply removes the marker)"));
    } else if (p.pending()) {
      String evidence = "restart pending" + (p.since().isEmpty() ? "" : " since " + p.since())
          + (p.policy().isEmpty() ? "" : " (docker.restart: " + p.policy() + ", " + p.containers() + " container"
              + (p.containers() == 1 ? "" : "s") + " running then)")
          + (p.reason().isEmpty() ? "" : ": " + p.reason())
          + "; " + (running < 0 ? "running containers unknown now" : running + " running now")
          + (live ? ", live-restore on" : "");
      String fix = switch (policy) {
        case "always" -> "run jprov apply: docker.restart: always restarts docker"
            + (live ? " (live-restore is on: the containers keep running)" : " (the running containers stop with it)");
        case "never" -> "set docker.restart: if-idle (restarts once no container runs) or always and run jprov apply;"
            + " docker.restart: never leaves it pending";
        default -> "stop the containers and run jprov apply, or set docker.restart: always (with live-restore: true"
            + " containers survive)";
      };
      out.add(Finding.warn("restart.pending", evidence, fix));
    } else {
      out.add(Finding.ok("restart.pending", "no restart pending (no " + DockerFacts.PENDING_DIR + "/" + UNIT + ")"));
    }
    List<String> waiting = FILES.stream().filter(f -> facts.get(SnapshotFacts.pending(f))).toList();
    if (waiting.isEmpty()) {
      out.add(Finding.ok("restart.unapplied", "no snapshot of " + String.join(" or ", FILES)
          + " waits for a restart"));
    } else if (inForce != null) {
      out.add(Finding.ok("restart.unapplied", String.join(", ", waiting) + " changed, and " + inForce));
    } else if (p.pending()) {
      out.add(Finding.ok("restart.unapplied", String.join(", ", waiting)
          + " changed; applied by the pending restart (restart.pending)"));
    } else {
      out.add(Finding.warn("restart.unapplied", String.join(", ", waiting) + " changed (a .jprov-prev or .jprov-absent"
          + " snapshot remains) but docker was not restarted with it: it runs with the previous file",
          "run jprov apply (its restart handler applies the file)"));
    }
    return out;
  }
}
