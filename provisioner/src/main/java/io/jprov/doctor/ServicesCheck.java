package io.jprov.doctor;

import io.jprov.facts.DockerDaemonFacts;
import io.jprov.facts.DockerDaemonFacts.UnitHealth;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Doctor checks {@code services.*}: docker and containerd active, enabled, not in a restart loop.
 * Reads each unit's {@code systemctl show} properties and, for a unit that is not active, the last
 * lines of its journal, from which the daemon's own error is the evidence (the {@code service}
 * module's rule, {@code util/DaemonLog}).
 */
final class ServicesCheck implements DoctorCheck {
  static final String DOCKER = "services.docker";
  static final String CONTAINERD = "services.containerd";
  static final String RESTART_LOOP = "services.restart-loop";

  private static final Map<String, String> CHECKS = checkNames();

  private static Map<String, String> checkNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(DOCKER, "docker.service is active and enabled; when not, the daemon's last error from its journal");
    m.put(CONTAINERD, "containerd.service is active and enabled; when not, its last error from the journal");
    m.put(RESTART_LOOP, "neither unit hit systemd's start limit (start-limit-hit) nor is being restarted over and over");
    return java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public String name() {
    return "services";
  }

  @Override
  public Map<String, String> checks() {
    return CHECKS;
  }

  @Override
  public List<Fact<?>> facts(DoctorContext ctx) {
    return List.of(DockerDaemonFacts.unit("docker"), DockerDaemonFacts.unit("containerd"));
  }

  @Override
  public List<Finding> evaluate(FactSet facts, DoctorContext ctx) {
    UnitHealth docker = facts.get(DockerDaemonFacts.unit("docker"));
    UnitHealth containerd = facts.get(DockerDaemonFacts.unit("containerd"));
    List<Finding> out = new ArrayList<>();
    out.add(unit(DOCKER, "docker", docker, "Docker CE", false));
    out.add(unit(CONTAINERD, "containerd", containerd, "containerd.io",
        docker.dependencies().contains("containerd.service")));
    out.add(restartLoop(List.of(docker, containerd), List.of("docker", "containerd")));
    return out;
  }

  /**
   * One unit's verdict: active and enabled is ok; active but disabled warns, unless docker.service pulls
   * it in ({@code pulledIn}: containerd.io's unit is left disabled on EL, where docker-ce's unit wants it);
   * anything else fails.
   */
  private static Finding unit(String check, String name, UnitHealth h, String pkg, boolean pulledIn) {
    String unit = name + ".service";
    if (!h.message().isEmpty()) {
      return Finding.fail(check, DaemonCheckText.line("cannot read " + unit + ": " + h.message()),
          "run doctor against a host booted with systemd: Docker's packages run it as a systemd unit");
    }
    if (!h.exists()) {
      return Finding.fail(check, unit + " not found (LoadState=" + (h.loadState().isEmpty() ? "?" : h.loadState()) + ")",
          "run jprov apply (it installs " + pkg + ")");
    }
    if (h.masked()) {
      return Finding.fail(check, unit + " is masked (" + state(h) + ")",
          "systemctl unmask " + name + " && systemctl enable --now " + name);
    }
    if (h.isActive()) {
      if (h.isEnabled()) {
        return Finding.ok(check, unit + " " + state(h) + ", " + h.unitFileState());
      }
      if (pulledIn) {
        return Finding.ok(check, unit + " " + state(h) + ", " + h.unitFileState()
            + ": docker.service starts it (Wants/Requires " + unit + ")");
      }
      return Finding.warn(check, unit + " " + state(h) + " but " + h.unitFileState() + ": it does not start at boot",
          "systemctl enable " + name);
    }
    if (h.activeState().equals("activating") && !h.subState().equals("auto-restart") && h.result().equals("success")) {
      return Finding.warn(check, unit + " " + state(h) + ": starting", "run jprov doctor again in a minute; if it is "
          + "still starting, read journalctl -u " + name + " -n 50 --no-pager");
    }
    String error = h.lastError();
    boolean failed = !h.result().equals("success") || h.activeState().equals("failed")
        || h.activeState().equals("activating");
    if (!failed) {
      return Finding.fail(check, unit + " " + state(h) + ", " + h.unitFileState() + ": stopped, not failed (Result="
          + h.result() + ")", h.isEnabled() ? "systemctl start " + name : "systemctl enable --now " + name);
    }
    String evidence = unit + " " + state(h) + ", Result=" + h.result() + (error.isEmpty() ? "" : ": " + error);
    String fix;
    if (error.contains("daemon.json")) {
      fix = "correct /etc/docker/daemon.json as the error says (see daemon-json.*) or run jprov apply to write it "
          + "from the inventory, then systemctl reset-failed " + name + " && systemctl start " + name;
    } else {
      fix = "fix what journalctl -u " + name + " -n 50 --no-pager shows, then systemctl reset-failed " + name
          + " && systemctl start " + name;
    }
    return Finding.fail(check, DaemonCheckText.line(evidence), fix);
  }

  /** The first unit in a restart loop or at its start limit; ok when none is. */
  private static Finding restartLoop(List<UnitHealth> units, List<String> names) {
    List<String> fine = new ArrayList<>();
    for (int i = 0; i < units.size(); i++) {
      UnitHealth h = units.get(i);
      String name = names.get(i);
      String unit = name + ".service";
      if (!h.exists() || !h.message().isEmpty()) {
        continue; // services.<unit> says why
      }
      if (h.startLimitHit()) {
        String why = h.startLimitLine().isEmpty() ? "start request repeated too quickly" : h.startLimitLine();
        return Finding.fail(RESTART_LOOP, DaemonCheckText.line(unit + " hit its start limit, Result=" + h.result() + ": " + why),
            "fix the cause (services." + name + "), then systemctl reset-failed " + name + " && systemctl start " + name);
      }
      if (h.subState().equals("auto-restart") || (h.activeState().equals("activating") && h.restarts() > 0)) {
        return Finding.fail(RESTART_LOOP, DaemonCheckText.line(unit + " keeps exiting and systemd restarts it (" + state(h)
                + ", Result=" + h.result() + restarts(h) + ")"),
            "fix the cause (services." + name + "); systemd stops retrying once the unit's start limit is hit");
      }
      if (h.isActive() && h.restarts() > 0) {
        return Finding.warn(RESTART_LOOP, unit + " is running, but systemd restarted it " + h.restarts()
                + " time(s) after it exited on its own (NRestarts=" + h.restarts() + ")",
            "read journalctl -u " + name + " --no-pager for why " + (name.equals("docker") ? "dockerd" : name) + " exited");
      }
      fine.add(unit + " Result=" + h.result() + restarts(h));
    }
    return Finding.ok(RESTART_LOOP, fine.isEmpty() ? "no unit to look at" : "no restart loop: " + String.join(", ", fine));
  }

  private static String state(UnitHealth h) {
    return h.activeState() + (h.subState().isEmpty() || h.subState().equals(h.activeState()) ? "" : " (" + h.subState() + ")");
  }

  private static String restarts(UnitHealth h) {
    return h.restarts() < 0 ? "" : ", NRestarts=" + h.restarts();
  }
}
