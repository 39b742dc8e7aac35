package io.jprov.modules;

import io.jprov.facts.DockerFacts;
import io.jprov.facts.DockerFacts.PendingRestart;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileContentFacts;
import io.jprov.facts.FileContentFacts.FileContent;
import io.jprov.facts.ServiceFacts;
import io.jprov.facts.ServiceFacts.ServiceState;
import io.jprov.facts.SnapshotFacts;
import io.jprov.json.Json;
import io.jprov.transport.CommandResult;
import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code docker_restart}: applies a changed Docker configuration without surprising the containers
 * that run on the host (docs/playbooks.md, "No surprise restarts"). The Docker CE playbook's {@code
 * restart docker} handler.
 *
 * <p>What changed is read from the host: the files of {@code restore_on_failure} that still have a
 * snapshot ({@code <path>.jprov-prev} or {@code .jprov-absent}, kept by {@code template}'s {@code
 * keep_previous} until the daemon runs with the new file), systemd's {@code NeedDaemonReload} for the
 * unit, and the pending-restart marker an earlier run left ({@code
 * /var/lib/jprov/restart-pending/<unit>}). Then, in this order:
 * <ul>
 *   <li>NOTHING TO APPLY when a change is recorded but the daemon's process is younger than the files
 *       (a reboot, a start by hand) and systemd has no unit change pending: the snapshots and the
 *       marker are removed.
 *   <li>RELOAD when docker runs, only {@code config} changed (its {@code .jprov-prev} exists), every
 *       top-level key that differs between the two is one dockerd applies on SIGHUP ({@code
 *       reloadable}), no other file or unit file changed and no restart is pending: {@code systemctl
 *       reload}, no container touched; the snapshots are removed.
 *   <li>RESTART when {@code policy} is {@code always}, or no container runs, or docker is not running:
 *       ServiceModule's restart with restore ({@code restore_on_failure}: a daemon that rejects the new
 *       files is restarted with the previous ones and the task fails), and the marker removed.
 *   <li>Else DEFER ({@code if-idle} with running containers, or {@code never}): nothing restarts; the
 *       marker is written (its first {@code since} kept) so that every later run, and {@code jprov
 *       doctor}, reports the pending restart ({@link #due}) and the first run whose policy allows it
 *       carries it out. A count of running containers that docker did not give (timed out) counts as
 *       containers running.
 * </ul>
 */
public final class DockerRestartModule implements TaskModule<DockerRestartModule.Arguments> {
  /**
   * The daemon.json keys dockerd reconfigures on SIGHUP without a restart: the table "Configuration
   * reload behavior" of Docker's dockerd reference (docs.docker.com/reference/cli/dockerd/, the same
   * in docker/cli's docs/reference/commandline/dockerd.md). The table names the flag {@code
   * authorization-plugin}; its daemon.json key is {@code authorization-plugins}. The table's {@code
   * features} is left out: a feature such as {@code containerd-snapshotter} takes effect only when the
   * daemon starts, so a change of it is restarted (add it to {@code reloadable} to reload instead).
   */
  public static final List<String> DEFAULT_RELOADABLE = List.of(
      "debug", "labels", "live-restore", "max-concurrent-downloads", "max-concurrent-uploads",
      "max-download-attempts", "default-runtime", "runtimes", "authorization-plugins",
      "allow-nondistributable-artifacts", "insecure-registries", "registry-mirrors", "shutdown-timeout");

  /** The restart policies ({@code docker.restart}). */
  public enum Policy {
    IF_IDLE("if-idle"), ALWAYS("always"), NEVER("never");

    private final String word;

    Policy(String word) {
      this.word = word;
    }

    /** As written in playbooks. */
    public String word() {
      return word;
    }

    static Policy of(String word) {
      for (Policy p : values()) {
        if (p.word.equals(word)) {
          return p;
        }
      }
      throw new IllegalArgumentException(word);
    }
  }

  private static final ArgType<String> UNIT =
      ArgType.named("unit name", Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+@-]*"));
  private static final ArgType<String> KEY =
      ArgType.named("daemon.json key", Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*"));
  static final ArgType<String> POLICY = ArgType.oneOf(List.of("if-idle", "always", "never"));

  private static final ArgSpec SPEC = ArgSpec.of("docker_restart",
          "Applies a changed Docker configuration: a reload when only daemon.json keys that dockerd reloads on"
              + " SIGHUP changed, else a restart, held back while containers run as 'policy' says (the Docker CE"
              + " playbook's handler; docs/playbooks.md, \"No surprise restarts\").")
      .optional("name", UNIT, "docker", "The unit.")
      .optional("policy", POLICY, "if-idle",
          "if-idle: restart only when no container runs, else defer (the restart stays pending on the host and"
              + " every later run reports it); always: restart now; never: never restart, leave it pending. A"
              + " reload touches no container and is done under every policy.")
      .optional("config", ArgType.PATH, "/etc/docker/daemon.json",
          "The daemon's configuration file, compared with its snapshot <config>.jprov-prev (template's"
              + " keep_previous) to find the changed keys.")
      .optional("reloadable", ArgType.listOf(KEY), DEFAULT_RELOADABLE,
          "Top-level keys of 'config' that dockerd applies on reload (SIGHUP); default: the table \"Configuration"
              + " reload behavior\" of Docker's dockerd reference, without 'features'.")
      .optional("restore_on_failure", ArgType.listOf(ArgType.PATH),
          "Files whose snapshot (<path>.jprov-prev / .jprov-absent) says they changed, and which are put back"
              + " when the restart fails (as service's restore_on_failure); 'config' is one of them.")
      .optional("daemon_reload", ArgType.BOOL, false, "Run systemctl daemon-reload before a restart.")
      .optional("src", ArgType.STRING, "The template that renders 'config' (as the template task that notifies this"
          + " handler, e.g. daemon.json.ftl): the changed keys are then read against what the file will hold, so"
          + " check mode, where nothing is written yet, tells a reload from a restart too.")
      .build();

  /**
   * The parsed arguments.
   *
   * @param restoreOnFailure empty for none
   */
  public record Arguments(String name, Policy policy, String config, List<String> reloadable,
      List<String> restoreOnFailure, boolean daemonReload, String src) {}

  private final TemplateModule templates;

  /** @param templates the shared renderer, for {@code src} (found as the template module finds it) */
  public DockerRestartModule(io.jprov.template.Templates templates) {
    this.templates = new TemplateModule(templates);
  }

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    List<String> restore = a.list("restore_on_failure");
    return new Arguments(a.string("name"), Policy.of(a.string("policy")), a.string("config"),
        List.copyOf(a.<String>list("reloadable")), restore == null ? List.of() : List.copyOf(restore),
        a.bool("daemon_reload"), a.string("src"));
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    List<Fact<?>> facts = new ArrayList<>(List.of(
        ServiceFacts.of(a.name()),
        DockerFacts.runningContainers(),
        DockerFacts.liveRestore(),
        DockerFacts.pendingRestart(a.name()),
        DockerFacts.needsDaemonReload(a.name()),
        DockerFacts.daemonAge(a.name(), paths(a)),
        FileContentFacts.of(a.config()),
        FileContentFacts.of(a.config() + ".jprov-prev"),
        SnapshotFacts.pending(a.config())));
    for (String p : others(a)) {
      facts.add(SnapshotFacts.pending(p));
    }
    if (a.src() != null && !ctx.vars().containsKey("facts")) {
      facts.add(io.jprov.facts.HostFacts.PLATFORM);
    }
    return facts;
  }

  /** The marker of a deferred restart: a handler with one is due in every run until it is done. */
  @Override
  public List<Fact<?>> dueFacts(Arguments a, TaskContext ctx) {
    return List.of(DockerFacts.pendingRestart(a.name()));
  }

  @Override
  public String due(Arguments a, FactSet facts, TaskContext ctx) {
    PendingRestart p = facts.get(DockerFacts.pendingRestart(a.name()));
    if (!p.pending()) {
      return null;
    }
    // the handler's own message says what is pending and why; this says since when
    return "pending since " + (p.since().isEmpty() ? "an earlier run" : p.since());
  }

  @Override
  public String restartsUnit(Arguments a) {
    return a.name();
  }

  /** As service: units, files (restored ones, the marker's directory) and what a starting daemon sets in the kernel. */
  @Override
  public java.util.function.Predicate<String> affects(Arguments a) {
    return Affects.only(Affects.kinds(Affects.Kind.UNITS, Affects.Kind.KERNEL, Affects.Kind.PATHS));
  }

  /** {@code config}, then the other restore files: the files whose change the daemon must pick up. */
  private static List<String> paths(Arguments a) {
    List<String> out = new ArrayList<>(List.of(a.config()));
    out.addAll(others(a));
    return out;
  }

  /** The restore files other than {@code config}. */
  private static List<String> others(Arguments a) {
    return a.restoreOnFailure().stream().filter(p -> !p.equals(a.config())).toList();
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    String unit = a.name();
    ServiceState state = facts.get(ServiceFacts.of(unit));
    PendingRestart marker = facts.get(DockerFacts.pendingRestart(unit));
    int running = facts.get(DockerFacts.runningContainers());
    boolean inForce = facts.get(DockerFacts.liveRestore());
    String desired = a.src() == null ? null
        : new String(templates.render(a.src(), facts, ctx), java.nio.charset.StandardCharsets.UTF_8);
    Change change = change(a, facts, desired);
    // live-restore is reloadable: a new config that turns it on gets a reload first, so the restart
    // that follows leaves the containers running (Docker's live-restore page: reload instead of restart)
    boolean turnOn = state.isActive() && !inForce && liveRestoreIn(desired != null ? desired
        : facts.get(FileContentFacts.of(a.config())).content());
    boolean live = inForce || turnOn;

    List<String> reasons = new ArrayList<>(change.reasons);
    if (reasons.isEmpty() && marker.pending()) {
      reasons.add(marker.reason().isEmpty() ? "a restart deferred by an earlier run" : marker.reason());
    }
    String reason = reasons.isEmpty() ? "notified" : String.join("; ", reasons);

    // a daemon younger than its changed files runs with them (a reboot, a start by hand): nothing to apply
    FileContent onHost = facts.get(FileContentFacts.of(a.config()));
    boolean written = desired == null || onHost.exists() && desired.equals(onHost.content());
    boolean evidence = marker.pending() || facts.get(SnapshotFacts.pending(a.config()))
        || others(a).stream().anyMatch(p -> facts.get(SnapshotFacts.pending(p)));
    DockerFacts.DaemonAge age = facts.get(DockerFacts.daemonAge(unit, paths(a)));
    if (state.isActive() && evidence && written && !facts.get(DockerFacts.needsDaemonReload(unit))
        && age.startedAfterChange()) {
      StringBuilder rm = new StringBuilder("rm -f --");
      for (String p : paths(a)) {
        rm.append(' ').append(Sh.quote(p + ".jprov-prev")).append(' ').append(Sh.quote(p + ".jprov-absent"));
      }
      rm.append(' ').append(Sh.quote(DockerFacts.PENDING_DIR + "/" + unit));
      return Plan.change(unit + " already runs with the changed files (started " + age.uptime() + " s ago, after they"
          + " were written " + age.changedAgo() + " s ago): nothing to restart" + (marker.pending()
          ? "; the pending restart is done" : ""), List.of(new Command.Shell(rm.toString(),
          "forget the snapshots" + (marker.pending() ? " and the pending restart" : "") + " of " + unit)));
    }

    if (state.isActive() && !marker.pending() && change.reloadable(a)) {
      StringBuilder script = new StringBuilder();
      // systemctl reload only sends SIGHUP: dockerd reloads afterwards and logs a refusal ("Error
      // reconfiguring the daemon: …", or the file's error) without stopping; its journal says which
      String u = Sh.quote(unit);
      ServiceModule.appendRun(script, unit, "reload", List.of(), "  sleep 1\n"
          + "  if command -v journalctl >/dev/null 2>&1; then\n"
          + "    err=$(journalctl -u " + u + " --since \"$since\" --no-pager -q -o cat 2>/dev/null"
          + " | grep -e 'Error reconfiguring the daemon' -e 'unable to configure the Docker daemon' | tail -n 1)\n"
          + "    if [ -n \"$err\" ]; then printf '%s\\n' \"$err\" >&2; exit 1; fi\n"
          + "  fi\n"
          + "  rm -f -- " + Sh.quote(a.config() + ".jprov-prev") + " " + Sh.quote(a.config() + ".jprov-absent") + "\n");
      String keys = change.keys.isEmpty() ? "no key changed" : String.join(", ", change.keys) + " changed";
      return Plan.change("reload " + unit + " (" + keys + "): no container touched",
          List.of(new Command.Shell(script.toString().strip(), "systemctl reload " + unit)));
    }

    boolean idle = running == 0;
    String count = running < 0 ? "running containers unknown, docker ps did not answer" : containers(running);
    if (a.policy() == Policy.NEVER) {
      String msg = "restart pending (docker.restart: never" + (idle ? "" : "; " + count) + "): " + reason;
      return Plan.defer(msg, List.of(markerCommand(unit, marker, reason, a.policy(), running)));
    }
    if (a.policy() == Policy.IF_IDLE && !idle && state.isActive()) {
      String msg = "restart deferred: " + count + " (docker.restart: if-idle): " + reason
          + (live ? "; live-restore is " + (turnOn ? "being turned on" : "on")
              + ": they would survive a restart; docker.restart: always applies it" : "");
      return Plan.defer(msg, List.of(markerCommand(unit, marker, reason, a.policy(), running)));
    }
    String why;
    if (!state.exists()) {
      why = unit + " is not installed yet";
    } else if (!state.isActive()) {
      why = unit + " is not running";
    } else if (idle) {
      why = "no container running";
    } else if (live) {
      why = count + "; live-restore is " + (turnOn ? "turned on first by a reload" : "on") + ": they keep running";
    } else {
      why = count + ", stopped with it; docker.restart: always";
    }
    StringBuilder script = new StringBuilder();
    if (!state.exists()) {
      script.append("case \"$(systemctl is-enabled ").append(Sh.quote(unit)).append(" 2>&1)\" in\n")
          .append("  *'No such file'*|*'Failed to get unit file state'*) echo ")
          .append(Sh.quote(ServiceModule.MISSING + unit)).append(" >&2; exit 1;;\nesac\n");
    }
    if (a.daemonReload()) {
      script.append("systemctl daemon-reload || exit $?\n");
    }
    if (turnOn) {
      // SIGHUP is handled asynchronously: wait (up to 10 s) until the daemon says live restore is in force
      script.append("systemctl reload ").append(Sh.quote(unit)).append(" || exit $?\n")
          .append("i=0; until [ \"$(docker info --format '{{.LiveRestoreEnabled}}' 2>/dev/null)\" = true ]"
              + " || [ $i -ge 10 ]; do sleep 1; i=$((i+1)); done\n");
    }
    ServiceModule.appendRun(script, unit, "restart", a.restoreOnFailure(),
        "  rm -f -- " + Sh.quote(DockerFacts.PENDING_DIR + "/" + unit) + "\n");
    return Plan.change("restart " + unit + " (" + why + "): " + reason,
        List.of(new Command.Shell(script.toString().strip(), "systemctl restart " + unit)));
  }

  /** Whether daemon.json (as it is on disk) says {@code "live-restore": true}. */
  private static boolean liveRestoreIn(String config) {
    Map<?, ?> m = config == null ? null : object(config);
    return m != null && Boolean.TRUE.equals(m.get("live-restore"));
  }

  private static String containers(int n) {
    return n + " running container" + (n == 1 ? "" : "s");
  }

  /**
   * Writes the pending-restart marker (directory 0700 root, the file replaced whole), keeping the
   * {@code since} of a marker already there.
   */
  static Command markerCommand(String unit, PendingRestart marker, String reason, Policy policy, int running) {
    String dir = Sh.quote(DockerFacts.PENDING_DIR);
    String f = Sh.quote(DockerFacts.PENDING_DIR + "/" + unit);
    String since = marker.pending() && !marker.since().isEmpty() ? Sh.quote(marker.since())
        : "\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"";
    String script = "mkdir -p -m 0700 " + dir + " && chmod 0700 " + dir + " || exit $?\n"
        + "printf 'since=%s\\nreason=%s\\npolicy=%s\\ncontainers=%s\\n' " + since + " "
        + Sh.quote(oneLine(reason)) + " " + policy.word() + " " + running + " > " + f + ".tmp && mv -f -- "
        + f + ".tmp " + f;
    return new Command.Shell(script, "record the pending " + unit + " restart in " + DockerFacts.PENDING_DIR + "/" + unit);
  }

  private static String oneLine(String s) {
    String l = s.replaceAll("\\s+", " ").strip();
    return l.length() > 200 ? l.substring(0, 200) : l;
  }

  /**
   * What changed since the daemon last started with its files.
   *
   * @param reasons what needs applying, for people ("daemon.json changed (log-level)")
   * @param keys the top-level keys of {@code config} that differ, or null when they cannot be told
   *     (no snapshot, or a side that is not a JSON object)
   * @param configOnly whether {@code config} is the only thing that changed (no other file, no unit file)
   */
  private record Change(List<String> reasons, List<String> keys, boolean configOnly) {
    boolean reloadable(Arguments a) {
      return configOnly && keys != null && a.reloadable().containsAll(keys);
    }
  }

  /**
   * @param desired what {@code config} will hold (the rendered {@code src}), or null: the file on the host
   */
  private static Change change(Arguments a, FactSet facts, String desired) {
    List<String> reasons = new ArrayList<>();
    String name = fileName(a.config());
    List<String> keys = null;
    // before: what the daemon runs with (the snapshot, else the file itself); after: what it is to run with
    boolean configSnap = facts.get(SnapshotFacts.pending(a.config()));
    FileContent now = facts.get(FileContentFacts.of(a.config()));
    FileContent prev = facts.get(FileContentFacts.of(a.config() + ".jprov-prev"));
    String before = configSnap ? (prev.exists() ? prev.content() : null) : (now.exists() ? now.content() : null);
    String after = desired != null ? desired : now.exists() ? now.content() : "{}";
    boolean configChanged = configSnap || desired != null && !desired.equals(before);
    if (configChanged) {
      if (before == null) {
        reasons.add(name + " written (there was none)");
      } else {
        keys = changedKeys(before, after);
        reasons.add(name + (keys == null ? " changed" : keys.isEmpty() ? " rewritten, no key changed"
            : " changed (" + String.join(", ", keys) + ")"));
      }
    }
    boolean configOnly = configChanged;
    for (String p : others(a)) {
      if (facts.get(SnapshotFacts.pending(p))) {
        reasons.add(fileName(p) + " changed");
        configOnly = false;
      }
    }
    if (facts.get(DockerFacts.needsDaemonReload(a.name()))) {
      reasons.add(a.name() + "'s unit files changed");
      configOnly = false;
    }
    return new Change(reasons, keys, configOnly);
  }

  /** The top-level keys whose values differ (added, removed or changed), in order; null unless both are JSON objects. */
  static List<String> changedKeys(String before, String after) {
    Map<?, ?> b = object(before);
    Map<?, ?> n = object(after);
    if (b == null || n == null) {
      return null;
    }
    Set<String> keys = new LinkedHashSet<>();
    for (Map.Entry<?, ?> e : n.entrySet()) {
      if (!b.containsKey(e.getKey()) || !Objects.equals(b.get(e.getKey()), e.getValue())) {
        keys.add(String.valueOf(e.getKey()));
      }
    }
    for (Object k : b.keySet()) {
      if (!n.containsKey(k)) {
        keys.add(String.valueOf(k));
      }
    }
    return List.copyOf(keys);
  }

  private static Map<?, ?> object(String text) {
    try {
      return Json.parse(text) instanceof Map<?, ?> m ? m : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** A reload or restart says what it did ("reloaded docker (…)"); a failure is service's (the daemon's error, what was restored). */
  @Override
  public Outcome interpret(Arguments a, Plan plan, List<CommandResult> results) {
    if (!results.isEmpty() && !results.get(results.size() - 1).ok()) {
      return plan.kind() == Plan.Kind.CHANGE ? ServiceModule.failure(a.name(), plan, results.get(results.size() - 1))
          : Outcomes.standard(plan, results);
    }
    if (plan.kind() == Plan.Kind.CHANGE) {
      String m = plan.message();
      return Outcome.changed(m.startsWith("reload ") ? "reloaded " + m.substring(7)
          : m.startsWith("restart ") ? "restarted " + m.substring(8) : m);
    }
    return Outcomes.standard(plan, results);
  }
}
