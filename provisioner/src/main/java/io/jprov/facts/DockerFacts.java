package io.jprov.facts;

import io.jprov.util.Sh;
import java.util.regex.Pattern;

/**
 * What a docker restart would touch on the host, and a restart held back by an earlier run
 * (docs/playbooks.md, "No surprise restarts"): the running containers, whether live restore is in
 * force, the pending-restart marker that {@code docker_restart} writes, and whether systemd's view of
 * the unit is older than its files. Every command works on every supported family, with or without
 * docker installed or running, and every parser reads any output (never throws).
 */
public final class DockerFacts {
  /** Where the pending-restart markers live, one file per unit: {@code <dir>/<unit>}; the directory is 0700 root. */
  public static final String PENDING_DIR = "/var/lib/jprov/restart-pending";
  /** Printed by the commands when there is no docker client on the host. */
  static final String NO_DOCKER = "jprov: docker is not installed";
  /** {@code docker ps -q} prints the 12-digit short id of each running container, one a line. */
  private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12,64}");

  private DockerFacts() {}

  /**
   * The number of running containers, from {@code docker ps -q} (as root, given 30 s): 0 when docker
   * is not installed or its daemon does not answer ("Cannot connect to the Docker daemon", which is
   * what the client says when dockerd is stopped), -1 when the client failed otherwise (timed out,
   * refused): then nobody can say, and a policy treats it as containers running.
   */
  public static Fact<Integer> runningContainers() {
    return new Fact<>("docker-running", guarded("timeout 30 docker ps -q"), DockerFacts::running);
  }

  static Integer running(FactOutput out) {
    String text = out.output();
    if (text.contains(NO_DOCKER) || text.contains("Cannot connect to the Docker daemon")) {
      return 0;
    }
    if (out.exitCode() != 0) {
      return -1;
    }
    // a warning of the client (stderr is merged) is not an id: only ids count
    return (int) text.lines().map(String::strip).filter(l -> CONTAINER_ID.matcher(l).matches()).count();
  }

  /**
   * Whether the running daemon has live restore in force ({@code docker info --format
   * '{{.LiveRestoreEnabled}}'} prints {@code true}): its containers then keep running while it
   * stops and restarts (docs.docker.com/engine/daemon/live-restore/). False when docker is not
   * installed, not running, or says anything else.
   */
  public static Fact<Boolean> liveRestore() {
    return new Fact<>("docker-live-restore", guarded("timeout 30 docker info --format '{{.LiveRestoreEnabled}}'"),
        o -> o.exitCode() == 0 && o.output().strip().equals("true"));
  }

  /** {@code command} when the docker client exists, else the {@link #NO_DOCKER} line. */
  private static String guarded(String command) {
    return "if command -v docker >/dev/null 2>&1; then " + command + "; else echo " + Sh.quote(NO_DOCKER) + "; fi";
  }

  /**
   * A restart of {@code unit} that {@code docker_restart} held back (its marker file {@link
   * #PENDING_DIR}{@code /<unit>}, lines {@code since=}, {@code reason=}, {@code policy=}, {@code
   * containers=}).
   *
   * @param pending whether the marker exists
   * @param since when the first deferral happened (UTC ISO-8601, as written), "" when not known
   * @param reason what needs the restart, one line
   * @param policy the docker.restart policy that held it back
   * @param containers the running containers then
   */
  public record PendingRestart(boolean pending, String since, String reason, String policy, int containers) {
    public static final PendingRestart NONE = new PendingRestart(false, "", "", "", 0);
  }

  /** The pending-restart marker of {@code unit}; anything but a marker read reads as none. */
  public static Fact<PendingRestart> pendingRestart(String unit) {
    String f = Sh.quote(PENDING_DIR + "/" + unit);
    return new Fact<>("restart-pending:" + unit,
        "if [ -f " + f + " ]; then echo pending; cat " + f + "; else echo none; fi", DockerFacts::pending);
  }

  static PendingRestart pending(FactOutput out) {
    String[] lines = out.output().split("\n");
    if (out.exitCode() != 0 || !lines[0].strip().equals("pending")) {
      return PendingRestart.NONE;
    }
    String since = "";
    String reason = "";
    String policy = "";
    int containers = 0;
    for (int i = 1; i < lines.length; i++) {
      String l = lines[i];
      int eq = l.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String v = l.substring(eq + 1).strip();
      switch (l.substring(0, eq).strip()) {
        case "since" -> since = v;
        case "reason" -> reason = v;
        case "policy" -> policy = v;
        case "containers" -> {
          try {
            containers = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            containers = 0;
          }
        }
        default -> {
          // a key a later jprov may add
        }
      }
    }
    return new PendingRestart(true, since, reason, policy, containers);
  }

  /**
   * How long the unit's main process has run and how long ago the newest of {@code paths} (or its
   * {@code .jprov-absent} marker) was written, in seconds, from {@code systemctl show -p MainPID}, {@code
   * ps -o etimes=} (procps-ng) and {@code stat -c %Y}: a daemon younger than its files started with
   * them (a reboot, a start by hand) and a restart recorded as pending for them is done.
   *
   * @param uptime seconds since the main process started, or -1 when it is not running or unknown
   * @param changedAgo seconds since the newest path was written, or -1 when none exists
   */
  public record DaemonAge(long uptime, long changedAgo) {
    public static final DaemonAge UNKNOWN = new DaemonAge(-1, -1);

    /** Whether the daemon was started after the newest path was written (strictly, by a second or more). */
    public boolean startedAfterChange() {
      return uptime >= 0 && changedAgo >= 0 && uptime < changedAgo;
    }
  }

  /** The age of {@code unit}'s main process and of the newest of {@code paths}. */
  public static Fact<DaemonAge> daemonAge(String unit, java.util.List<String> paths) {
    StringBuilder files = new StringBuilder();
    for (String p : paths) {
      files.append(' ').append(Sh.quote(p)).append(' ').append(Sh.quote(p + ".jprov-absent"));
    }
    String command = "pid=$(systemctl show -p MainPID " + Sh.quote(unit) + " 2>/dev/null | sed -n 's/^MainPID=//p')\n"
        + "up=$( [ -n \"$pid\" ] && [ \"$pid\" != 0 ] && ps -o etimes= -p \"$pid\" 2>/dev/null | tr -d ' ')\n"
        + "now=$(date +%s) age=\n"
        + "for f in" + files + "; do\n"
        + "  [ -e \"$f\" ] && t=$(stat -c %Y \"$f\") || continue\n"
        + "  a=$((now - t)); if [ -z \"$age\" ] || [ \"$a\" -lt \"$age\" ]; then age=$a; fi\n"
        + "done\n"
        + "echo \"uptime=${up:--1} changed=${age:--1}\"";
    return new Fact<>("daemon-age:" + unit + ":" + String.join(",", paths), command, DockerFacts::age);
  }

  static DaemonAge age(FactOutput out) {
    java.util.regex.Matcher m = Pattern.compile("(?m)^uptime=(-?\\d+) changed=(-?\\d+)\\s*$").matcher(out.output());
    if (!m.find()) {
      return DaemonAge.UNKNOWN;
    }
    try {
      return new DaemonAge(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    } catch (NumberFormatException e) {
      return DaemonAge.UNKNOWN;
    }
  }

  /**
   * Whether systemd would load {@code unit} differently than it runs it: a unit file or drop-in was
   * added, changed or removed since the last {@code systemctl daemon-reload} ({@code systemctl show
   * -p NeedDaemonReload} prints {@code NeedDaemonReload=yes}). A reload of the daemon's own
   * configuration cannot apply such a change; only a restart after a daemon-reload does. False for
   * any other answer (no systemd, an unknown unit).
   */
  public static Fact<Boolean> needsDaemonReload(String unit) {
    return new Fact<>("need-daemon-reload:" + unit, "systemctl show -p NeedDaemonReload " + Sh.quote(unit) + " 2>&1",
        o -> o.exitCode() == 0 && o.output().lines().anyMatch(l -> l.strip().equals("NeedDaemonReload=yes")));
  }
}
