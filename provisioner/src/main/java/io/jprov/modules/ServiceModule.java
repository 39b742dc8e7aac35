package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.ServiceFacts;
import io.jprov.facts.ServiceFacts.ServiceState;
import io.jprov.transport.CommandResult;
import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code service}: a systemd unit enabled / disabled and started / stopped, or restarted / reloaded
 * (always a change: used as a handler).
 *
 * <p>Everything runs in one shell command. A failed start, restart or reload prints the unit's own
 * journal lines (or {@code systemctl status} without journalctl) to stderr, and the task fails with
 * the daemon's error. With {@code restore_on_failure}, a failed restart puts back each path's {@code
 * <path>.jprov-prev} (or removes the path when {@code <path>.jprov-absent} says it did not exist),
 * reloads systemd, restarts again and still fails the task (reported as failed with changes: the
 * files were restored); a successful restart removes those marker files. With {@code state:
 * started} the same holds for the start of a unit that was not running (the first start after a
 * fresh install tries the new files once, and falls back to the previous ones if they are bad); a
 * unit already running is left alone, its markers wait for the restart handler. A unit that does not exist yet (check mode before its package is installed) is
 * planned as a change; on apply the command fails saying the unit does not exist.
 */
public final class ServiceModule implements TaskModule<ServiceModule.Arguments> {
  static final String MISSING = "jprov: unit does not exist: ";
  static final String RESTORED = "jprov: restored:";

  /** The state a task asks for; restarted and reloaded always act (handlers). */
  public enum State {
    STARTED, STOPPED, RESTARTED, RELOADED;

    /** As written in playbooks. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final ArgType<String> UNIT =
      ArgType.named("unit name", Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+@-]*"));
  private static final ArgType<String> STATE =
      ArgType.oneOf(Arrays.stream(State.values()).map(State::word).toList());

  private static final ArgSpec SPEC = ArgSpec.of("service",
          "A systemd unit is enabled or disabled and started or stopped, or is restarted or reloaded (always a "
              + "change: used as a handler).")
      .required("name", UNIT, "The unit (docker, or docker.service).")
      .optional("enabled", ArgType.BOOL, "Whether the unit starts at boot; absent leaves it as it is.")
      .optional("state", STATE,
          "started or stopped (when needed), restarted or reloaded (always); absent leaves it as it is.")
      .optional("daemon_reload", ArgType.BOOL, false,
          "Run systemctl daemon-reload first, for changed unit files or drop-ins.")
      .optional("restore_on_failure", ArgType.listOf(ArgType.PATH), "Files whose previous version (<path>.jprov-prev, "
          + "kept by template's keep_previous) is put back when the restart or first start fails; with state "
          + "restarted or started.")
      .build();

  /**
   * The parsed arguments.
   *
   * @param enabled null to leave it as it is
   * @param state null to leave it as it is
   * @param restoreOnFailure empty for none
   */
  public record Arguments(String name, Boolean enabled, State state, boolean daemonReload,
      List<String> restoreOnFailure) {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    String s = a.string("state");
    State state = s == null ? null : State.valueOf(s.toUpperCase(Locale.ROOT));
    Boolean enabled = a.boolOrNull("enabled");
    if (enabled == null && state == null) {
      throw a.error("give 'enabled', 'state' or both");
    }
    List<String> restore = a.list("restore_on_failure");
    if (restore != null && state != State.RESTARTED && state != State.STARTED) {
      throw a.error("argument 'restore_on_failure' needs state: restarted or started");
    }
    return new Arguments(a.string("name"), enabled, state, a.bool("daemon_reload"),
        restore == null ? List.of() : restore);
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    return List.of(ServiceFacts.of(a.name()));
  }

  /**
   * Units, and what a starting daemon may touch: files anywhere (restored ones too), kernel modules
   * and sysctls (dockerd loads br_netfilter and sets ip_forward). Not packages or accounts.
   */
  @Override
  public java.util.function.Predicate<String> affects(Arguments a) {
    return Affects.only(Affects.kinds(Affects.Kind.UNITS, Affects.Kind.KERNEL, Affects.Kind.PATHS));
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    String unit = a.name();
    String u = Sh.quote(unit);
    State state = a.state();
    ServiceState now = facts.get(ServiceFacts.of(unit));
    List<String> what = new ArrayList<>();
    StringBuilder script = new StringBuilder();
    if (!now.exists()) {
      script.append("case \"$(systemctl is-enabled ").append(u).append(" 2>&1)\" in\n")
          .append("  *'No such file'*|*'Failed to get unit file state'*) echo ")
          .append(Sh.quote(MISSING + unit)).append(" >&2; exit 1;;\nesac\n");
    }
    if (a.enabled() != null) {
      boolean enabled = a.enabled();
      if (enabled && !now.isEnabled()) {
        script.append("systemctl enable ").append(u).append(" || exit $?\n");
        what.add("enable " + unit);
      } else if (!enabled && now.enabled().equals("enabled")) {
        script.append("systemctl disable ").append(u).append(" || exit $?\n");
        what.add("disable " + unit);
      }
    }
    String verb = null;
    if (state == State.STARTED && !now.isActive()) {
      verb = "start";
    } else if (state == State.STOPPED && now.isActive()) {
      verb = "stop";
    } else if (state == State.RESTARTED) {
      verb = "restart";
    } else if (state == State.RELOADED) {
      verb = "reload";
    }
    if (verb != null) {
      what.add(verb + " " + unit);
    }
    if (what.isEmpty()) {
      return Plan.ok(unit + " is " + now.active() + ", " + now.enabled());
    }
    if (a.daemonReload()) {
      script.insert(0, "systemctl daemon-reload || exit $?\n");
    }
    List<String> restore = a.restoreOnFailure();
    if (verb != null && !verb.equals("stop")) {
      appendRun(script, unit, verb, restore, "");
    } else if (verb != null) {
      script.append("systemctl stop ").append(u).append('\n');
    }
    String message = String.join(", ", what) + (now.exists() ? "" : " (unit " + unit + " is not installed yet)");
    return Plan.change(message, List.of(new Command.Shell(script.toString().strip(), String.join(" && ",
        what.stream().map(w -> "systemctl " + w).toList()))));
  }

  /**
   * Appends the lines that run {@code systemctl VERB UNIT} (start, restart or reload) and, when it
   * fails, print the unit's journal lines to stderr and exit non-zero ({@link #failure} reads them);
   * with {@code restore}, the previous files are put back ({@code <path>.jprov-prev}, or the path
   * removed for {@code <path>.jprov-absent}), the unit restarted with them, and a {@link #RESTORED}
   * line says how that went; after a success the snapshots are removed. Shared with {@code
   * docker_restart}.
   *
   * @param onSuccess lines run after a success, before the script exits 0 ("" for none)
   */
  static void appendRun(StringBuilder script, String unit, String verb, List<String> restore, String onSuccess) {
    String u = Sh.quote(unit);
    script.append("since=$(date '+%Y-%m-%d %H:%M:%S')\n");
    script.append("systemctl ").append(verb).append(' ').append(u).append("\nrc=$?\n");
    script.append("if [ $rc -eq 0 ]; then\n");
    if (!restore.isEmpty()) {
      script.append("  rm -f --");
      for (String p : restore) {
        script.append(' ').append(Sh.quote(p + ".jprov-prev")).append(' ').append(Sh.quote(p + ".jprov-absent"));
      }
      script.append('\n');
    }
    script.append(onSuccess).append("  exit 0\nfi\n");
    script.append("if command -v journalctl >/dev/null 2>&1; then\n")
        .append("  log=$(journalctl -u ").append(u).append(" --since \"$since\" --no-pager -q -o cat 2>/dev/null | tail -n 20)\n")
        .append("  [ -n \"$log\" ] || log=$(journalctl -u ").append(u).append(" -n 20 --no-pager -q -o cat 2>/dev/null)\n")
        .append("else\n")
        .append("  log=$(systemctl status ").append(u).append(" -l --no-pager 2>&1 | tail -n 20)\n")
        .append("fi\n");
    if (!restore.isEmpty()) {
      script.append("restored=''\n");
      for (String p : restore) {
        String q = Sh.quote(p);
        String prev = Sh.quote(p + ".jprov-prev");
        String absent = Sh.quote(p + ".jprov-absent");
        script.append("if [ -f ").append(prev).append(" ]; then mv -f -- ").append(prev).append(' ').append(q)
            .append(" && restored=\"$restored \"").append(q)
            .append("; elif [ -e ").append(absent).append(" ]; then rm -f -- ").append(q).append(' ').append(absent)
            .append(" && restored=\"$restored \"").append(q).append("; fi\n");
      }
      script.append("systemctl daemon-reload\n");
      script.append("if systemctl restart ").append(u).append("; then again=")
          .append(Sh.quote(unit + " is running again with the previous files")).append("; else again=")
          .append(Sh.quote(unit + " did not start with the previous files either")).append("; fi\n");
      script.append("printf '%s\\n' \"$log\" >&2\n");
      script.append("printf '").append(RESTORED).append("%s; %s\\n' \"${restored:- nothing}\" \"$again\" >&2\n");
      script.append("exit 1\n");
    } else {
      script.append("printf '%s\\n' \"$log\" >&2\nexit $rc\n");
    }
  }

  @Override
  public Outcome interpret(Arguments a, Plan plan, List<CommandResult> results) {
    if (results.isEmpty() || results.get(results.size() - 1).ok()) {
      return Outcomes.standard(plan, results);
    }
    return failure(a.name(), plan, results.get(results.size() - 1));
  }

  /**
   * A failed start, restart or reload run by {@link #appendRun}: the daemon's own error from the
   * journal lines on stderr, and what was restored (a failure with changes then).
   */
  static Outcome failure(String unit, Plan plan, CommandResult r) {
    String err = r.stderr();
    int missing = err.indexOf(MISSING);
    if (missing >= 0) {
      return Outcome.failed("unit " + unit + " does not exist (is its package installed?)");
    }
    String restored = null;
    List<String> log = new ArrayList<>();
    for (String line : err.split("\n")) {
      if (line.startsWith(RESTORED)) {
        restored = line.substring(RESTORED.length()).strip();
      } else if (!line.isBlank()) {
        log.add(line.strip());
      }
    }
    String daemonError = daemonError(log);
    StringBuilder msg = new StringBuilder(plan.commands().get(0).describe()).append(" failed (exit ")
        .append(r.exitCode()).append("): ").append(daemonError.isEmpty() ? Outcomes.errorText(r) : daemonError);
    if (restored != null) {
      msg.append(" — restored").append(restored.startsWith(";") ? "" : " ").append(restored);
    }
    return restored == null ? Outcome.failed(msg.toString()) : Outcome.failedWithChanges(msg.toString());
  }

  @Override
  public String restartsUnit(Arguments a) {
    return a.state() == State.RESTARTED ? a.name() : null;
  }

  /**
   * The unit a task with these (interpolated) arguments restarts, or null when it does not (or the
   * arguments are not valid: the task itself fails then).
   */
  public static String restartedUnit(Map<String, Object> args) {
    return unitAsked(args, State.RESTARTED);
  }

  /**
   * The unit that {@code plan} started from inactive (a start, not a restart), or null. The engine
   * uses it to skip a pending restart of the unit: it already runs with the files that notified.
   *
   * @param args the task's interpolated arguments
   */
  public static String startedUnit(Map<String, Object> args, Plan plan) {
    String unit = unitAsked(args, State.STARTED);
    if (unit == null || plan.kind() != Plan.Kind.CHANGE) {
      return null;
    }
    for (String part : plan.message().split(", ")) {
      if (part.equals("start " + unit) || part.startsWith("start " + unit + " ")) {
        return unit;
      }
    }
    return null;
  }

  /**
   * The unit of a task's raw interpolated arguments when their state is {@code wanted}, else null.
   * Only name and state are read (with their declared types): the engine asks this of any task of
   * the module, whose other arguments it never needs.
   */
  private static String unitAsked(Map<String, Object> args, State wanted) {
    Object name = args.get("name");
    Object state = args.get("state");
    if (name == null || state == null) {
      return null;
    }
    try {
      return STATE.convert(state).equals(wanted.word()) ? UNIT.convert(name) : null;
    } catch (ModuleArgsException e) {
      return null; // the task itself fails on it
    }
  }

  /** The daemon's own last error among journal lines, skipping systemd's generic ones. */
  static String daemonError(List<String> lines) {
    return io.jprov.util.DaemonLog.lastError(lines);
  }
}
