package io.jprov.engine;

import io.jprov.InputException;
import io.jprov.JprovException;
import io.jprov.facts.Fact;
import io.jprov.facts.FactGatherer;
import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostFacts;
import io.jprov.facts.Platform;
import io.jprov.platform.Distro;
import io.jprov.platform.Distros;
import io.jprov.inventory.Host;
import io.jprov.modules.Command;
import io.jprov.modules.FlushHandlersModule;
import io.jprov.modules.ServiceModule;
import io.jprov.modules.ModuleCall;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.Outcome;
import io.jprov.modules.Plan;
import io.jprov.modules.TaskContext;
import io.jprov.modules.TaskModule;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.Task;
import io.jprov.report.HostResult;
import io.jprov.report.RunListener;
import io.jprov.report.TaskResult;
import io.jprov.template.Templates;
import io.jprov.transport.CommandResult;
import io.jprov.transport.Connection;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.ExecRequest;
import io.jprov.transport.FileCopy;
import io.jprov.transport.FileUpload;
import io.jprov.transport.TransportException;
import io.jprov.util.Secrets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one play on one host over one connection: tasks in order, then notified handlers.
 *
 * <p>Handlers (Ansible semantics, with {@code force_handlers} always on): a task that changed
 * something notifies its handlers; they run once, in the order the play lists them, at a {@code
 * flush_handlers} task or at the end of the play. When a task fails, the handlers notified so far
 * still run (a changed file must not wait untried for the next restart or reboot) and the host's
 * message says how they went. A handler that restarts a unit ({@link TaskModule#restartsUnit}) is
 * not run when a task started that unit (from inactive) after the last notification: it already
 * runs with the files that notified. A handler may also be due without a notification ({@link
 * TaskModule#due}: a restart an earlier run deferred is still pending on the host): at a {@code
 * flush_handlers} task and at the end of the play it runs like a notified one, its result saying
 * why; the facts that decide it ({@link TaskModule#dueFacts}) are read with the host's first facts,
 * so an unchanged host pays no round trip for them. A module may read a second round of facts that
 * depend on the first ({@link TaskModule#moreFacts}).
 *
 * <p>Facts are gathered lazily but in bulk: when a task needs a fact that is not known, one round
 * trip reads it together with the facts of every later task whose arguments can already be
 * interpolated. The first read, before the platform is known, also carries for each supported
 * family the facts the later tasks would need with that family's vars files, each family's part run
 * only where os-release names it ({@link #guessed}); an unchanged host therefore costs one round
 * trip for facts, plus the commands of VERIFY tasks.
 *
 * <p>A CHANGE plan's commands forget the facts its module {@link TaskModule#affects} (never the
 * platform) before they run; the other facts stay. The facts of the later tasks that are then not
 * known are read in the same round trip as the plan's last command when that is a shell command
 * ({@link #withGather}: the command in a subshell, then a marker with its exit status, then the
 * read, which runs only when the command succeeded): a converging host costs about one round trip
 * per command. The command's stdout, stderr and exit status seen by {@code interpret} and the
 * listeners are its own; what was read is kept only when the task did not fail. When the last
 * command is an upload, the next task reads what it needs in a round trip of its own.
 *
 * <p>Variables: until the platform fact is read, the host sees the base model (play vars and the
 * vars files that do not depend on the family, under its inventory and {@code -e} vars); from then
 * on, the playbook's vars files of its family sit between the play vars and the inventory ({@link
 * Engine#baseModel(Playbook, Host, String)}).
 */
final class HostRunner {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Host host;
  private final Map<String, Object> baseModel;
  /** {@link #baseModel} with the family's vars files, once the platform is known. */
  private Map<String, Object> familyModel;
  private final Playbook playbook;
  private final List<Task> tasks;
  private final ModuleRegistry modules;
  private final Templates templates;
  private final ConnectionFactory connections;
  private final RunListener listener;
  private final EngineOptions options;
  private final RunControl control;
  private final FactSet facts = new FactSet();
  /** The run's nonce on this host: it frames every fact output ({@link FactGatherer}). */
  private final String nonce = Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
  private final FactGatherer gatherer = new FactGatherer(nonce);
  private final boolean become;
  private Connection conn;
  /** Results so far, readable by the engine when it abandons this host. */
  private final List<TaskResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
  private HostResult finished;
  private String currentTask;
  /** Handler name → sequence number of the last task that notified it. */
  private final Map<String, Integer> notifiedAt = new java.util.LinkedHashMap<>();
  /** Handlers run in this play (notified or due): a handler is due at most once a play. */
  private final java.util.Set<String> handlersRun = new java.util.HashSet<>();
  /** Unit → sequence number of the last task that started it (it was inactive before). */
  private final Map<String, Integer> startedAt = new HashMap<>();
  /** The task sequence number (tasks, then handlers, in run order). */
  private int seq;
  /** Set by {@link #plan} when the task just run started a unit that was not running. */
  private String startedUnit;
  private final long t0 = System.nanoTime();

  HostRunner(Host host, Map<String, Object> baseModel, Playbook playbook, List<Task> tasks,
      ModuleRegistry modules, Templates templates, ConnectionFactory connections,
      RunListener listener, EngineOptions options, RunControl control) {
    this.host = host;
    this.baseModel = baseModel;
    this.playbook = playbook;
    this.tasks = tasks;
    this.modules = modules;
    this.templates = templates;
    this.connections = connections;
    this.listener = listener;
    this.options = options;
    this.control = control;
    this.become = host.connection().become();
  }

  static String where(Task t) {
    return (t.location() == null ? "" : t.location() + ": ") + "task '" + t.name() + "'";
  }

  HostResult run() {
    if (control.interrupted()) {
      return finish(new HostResult(host.name(), HostResult.Status.INTERRUPTED, 0, List.of(), 0, "interrupted before start"));
    }
    listener.hostStarted(host.name());
    try {
      conn = connections.open(host.target());
    } catch (JprovException e) {
      return finish(new HostResult(host.name(), HostResult.Status.UNREACHABLE, ms(t0), results, 0, e.getMessage()));
    } catch (RuntimeException e) {
      return finish(new HostResult(host.name(), HostResult.Status.UNREACHABLE, ms(t0), results, 0,
          host.name() + ": cannot connect: " + e));
    }
    control.opened(conn);
    HostResult.Status status = null;
    String message = null;
    try {
      for (int i = 0; i < tasks.size(); i++) {
        if (control.interrupted()) {
          status = HostResult.Status.INTERRUPTED;
          message = "interrupted before task '" + tasks.get(i).name() + "'";
          break;
        }
        Task task = tasks.get(i);
        if (task.module().equals(FlushHandlersModule.NAME)) {
          String failed = flushHandlers(task);
          if (failed != null) {
            message = failed;
            break;
          }
          continue;
        }
        seq++;
        TaskResult r = runTask(tasks, i);
        results.add(r);
        if (r.status() == TaskResult.Status.FAILED) {
          message = r.message();
          // like Ansible's force_handlers: a file changed by an earlier task must not wait on disk,
          // untried, for the next restart or reboot; its handler tries it now (and restores the
          // previous file if the service rejects it)
          String forced = runHandlers("task '" + task.name() + "' failed");
          if (forced != null) {
            message = message + "; " + forced;
          }
          break;
        }
        if (r.status() == TaskResult.Status.CHANGED) {
          for (String h : task.notifies()) {
            notifiedAt.put(h, seq);
          }
        }
        if (startedUnit != null) {
          startedAt.put(startedUnit, seq);
        }
      }
      if (message == null && status == null) {
        String failed = runHandlersAtEnd();
        if (failed != null) {
          message = failed;
        }
      }
    } catch (TransportException e) {
      status = control.abandoned() ? HostResult.Status.INTERRUPTED : HostResult.Status.UNREACHABLE;
      message = control.abandoned() ? abandonedMessage() : e.getMessage();
    } finally {
      conn.close();
      control.closed(conn);
    }
    if (status == null) {
      if (results.stream().anyMatch(r -> r.status() == TaskResult.Status.FAILED)) {
        status = HostResult.Status.FAILED;
      } else if (results.stream().anyMatch(r -> r.status() == TaskResult.Status.CHANGED)) {
        status = HostResult.Status.CHANGED;
      } else {
        status = HostResult.Status.OK;
      }
    }
    return finish(new HostResult(host.name(), status, ms(t0), List.copyOf(results), conn.roundTrips(), message));
  }

  /** Handlers still pending at the end of the play; null when none failed, else the failure. */
  private String runHandlersAtEnd() {
    List<TaskResult> before = List.copyOf(results);
    runHandlers(null);
    return results.subList(before.size(), results.size()).stream()
        .filter(r -> r.status() == TaskResult.Status.FAILED).map(TaskResult::message).findFirst().orElse(null);
  }

  /**
   * A {@code flush_handlers} task: reports itself, then runs the handlers notified so far.
   *
   * @return null, or the message of the handler that failed (the host stops there)
   */
  private String flushHandlers(Task task) {
    listener.taskStarted(host.name(), task.name());
    long start = System.nanoTime();
    if (task.when() != null) {
      boolean run;
      try {
        run = templates.condition(task.when(), model(), where(task));
      } catch (JprovException e) {
        TaskResult r = result(task, TaskResult.Status.FAILED, start, e.getMessage(), null, List.of());
        results.add(r);
        listener.taskFinished(host.name(), r);
        return r.message();
      }
      if (!run) {
        TaskResult r = result(task, TaskResult.Status.SKIPPED, start, task.skipMessage(), null, List.of());
        results.add(r);
        listener.taskFinished(host.name(), r);
        return null;
      }
    }
    List<String> pending = List.copyOf(notifiedAt.keySet());
    TaskResult self = result(task, TaskResult.Status.OK, start, pending.isEmpty() ? "no handler was notified"
        : "running the notified handlers now: " + String.join(", ", pending), null, List.of());
    results.add(self);
    listener.taskFinished(host.name(), self);
    int from = results.size();
    runHandlers(null);
    return results.subList(from, results.size()).stream()
        .filter(r -> r.status() == TaskResult.Status.FAILED).map(TaskResult::message).findFirst().orElse(null);
  }

  /**
   * Runs the notified handlers, and on the normal path those due without a notification ({@link
   * #due}), in the order the play lists them, and forgets the notifications. A handler that would
   * restart a unit which a task started after the last notification is not run: the unit already
   * runs with the notifying files (unless the handler is also due: what an earlier run left pending
   * is the module's to judge).
   *
   * @param forcedBy why handlers run although the host failed, or null on the normal path
   * @return for a forced run, what the report should say about the handlers; else null
   */
  private String runHandlers(String forcedBy) {
    Map<String, Integer> pending = new java.util.LinkedHashMap<>(notifiedAt);
    notifiedAt.clear();
    Map<String, String> due = new HashMap<>();
    if (forcedBy == null) {
      // a failed host runs only what it notified (force_handlers); a pending restart waits for a run that
      // gets to its flush or its end
      for (Task h : playbook.handlers()) {
        if (!handlersRun.contains(h.name())) {
          String why = due(h);
          if (why != null) {
            due.put(h.name(), why);
          }
        }
      }
    }
    if (pending.isEmpty() && due.isEmpty()) {
      return null;
    }
    List<Task> handlers = playbook.handlers().stream()
        .filter(h -> pending.containsKey(h.name()) || due.containsKey(h.name())).toList();
    List<String> said = new ArrayList<>();
    for (int i = 0; i < handlers.size(); i++) {
      if (control.interrupted()) {
        said.add(handlers.get(i).name() + " not run (interrupted)");
        break;
      }
      Task h = handlers.get(i);
      handlersRun.add(h.name());
      Integer notified = pending.get(h.name());
      String startedBy = notified == null || due.containsKey(h.name()) ? null : startedAfter(h, notified);
      TaskResult r;
      seq++;
      if (startedBy != null) {
        listener.taskStarted(host.name(), h.name());
        r = result(h, TaskResult.Status.OK, System.nanoTime(), startedBy, null, List.of());
        listener.taskFinished(host.name(), r);
      } else {
        r = runTask(handlers, i, notified == null ? due.get(h.name()) : null);
      }
      if (forcedBy != null) {
        r = new TaskResult(r.name(), r.module(), r.status(), r.durationMs(),
            "run although " + forcedBy + " (force_handlers): " + r.message(), r.diff(), r.commands(), r.changed());
      }
      results.add(r);
      said.add(h.name() + " " + (r.status() == TaskResult.Status.FAILED ? "failed: " + r.message() : r.status()));
      if (r.status() == TaskResult.Status.FAILED) {
        break;
      }
      if (startedUnit != null) {
        startedAt.put(startedUnit, seq);
      }
    }
    return forcedBy == null ? null : "notified handlers ran anyway: " + String.join("; ", said);
  }

  /**
   * Why {@code handler} must run although nothing notified it ({@link TaskModule#due}), or null: also
   * when its condition is false or its arguments cannot be read yet. Its {@link TaskModule#dueFacts}
   * came with the first read; if a change forgot them they are read now.
   *
   * @throws TransportException only when the host became unreachable
   */
  private String due(Task handler) {
    ModuleCall<?> call;
    TaskContext ctx;
    try {
      Map<String, Object> model = model();
      if (handler.when() != null && !templates.condition(handler.when(), model, where(handler))) {
        return null;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> raw = (Map<String, Object>) templates.interpolate(handler.args(), model, where(handler));
      ctx = context(model);
      call = ModuleCall.bind(modules.get(handler.module()), raw);
    } catch (RuntimeException e) {
      // needs something not known, or bad arguments: nothing notified it, so nothing is asked of it
      return null;
    }
    try {
      ensureFacts(call.dueFacts(ctx), List.of(), 0);
    } catch (TransportException e) {
      if (e.unreachable() || control.abandoned()) {
        throw e;
      }
      return null; // the read failed: asked again by the next run
    }
    try {
      return call.due(facts, ctx);
    } catch (RuntimeException e) {
      return null; // a parser that cannot say: not due (the next run asks again)
    }
  }

  /**
   * For a handler restarting a unit ({@link TaskModule#restartsUnit}) that a task started after
   * {@code notifiedSeq}: why it is not needed. Else null.
   */
  private String startedAfter(Task handler, int notifiedSeq) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> args = (Map<String, Object>) templates.interpolate(handler.args(), model(), where(handler));
      String unit = ModuleCall.bind(modules.get(handler.module()), args).restartsUnit();
      Integer started = unit == null ? null : startedAt.get(unit);
      if (started != null && started > notifiedSeq) {
        return unit + " was started after the files that notified this handler were written: not restarted again";
      }
    } catch (RuntimeException e) {
      // the handler's arguments need something not known: run it and let it say so
    }
    return null;
  }

  private String abandonedMessage() {
    return "interrupted: abandoned" + (currentTask == null ? "" : " during task '" + currentTask + "'");
  }

  /**
   * The host's result when the engine stops waiting for it (second Ctrl-C): the tasks so far, the
   * one that was running named. The worker's own later result is then dropped.
   */
  HostResult abandon() {
    return finish(new HostResult(host.name(), HostResult.Status.INTERRUPTED, ms(t0), List.copyOf(results),
        conn == null ? 0 : conn.roundTrips(), abandonedMessage()));
  }

  /** Reports the host's result once; a second result (the worker after an abandon) is dropped. */
  private synchronized HostResult finish(HostResult r) {
    if (finished != null) {
      return finished;
    }
    finished = r;
    listener.hostFinished(r);
    return r;
  }

  /**
   * Runs task {@code i} of {@code list}.
   *
   * @throws TransportException only when the host became unreachable
   */
  private TaskResult runTask(List<Task> list, int i) {
    return runTask(list, i, null);
  }

  /**
   * Runs task {@code i} of {@code list}; {@code why}, when not null, is put before its message (a
   * handler run without a notification says why it was due).
   *
   * @throws TransportException only when the host became unreachable
   */
  private TaskResult runTask(List<Task> list, int i, String why) {
    Task task = list.get(i);
    currentTask = task.name();
    startedUnit = null;
    listener.taskStarted(host.name(), task.name());
    long t0 = System.nanoTime();
    TaskResult result;
    try {
      result = plan(list, i, t0);
    } catch (TransportException e) {
      // an abandoned run fails the running command on purpose: the host is interrupted, not failed
      if (e.unreachable() || control.abandoned()) {
        throw e;
      }
      result = result(task, TaskResult.Status.FAILED, t0, e.getMessage(), null, List.of());
    } catch (JprovException e) {
      result = result(task, TaskResult.Status.FAILED, t0, e.getMessage(), null, List.of());
    }
    if (why != null) {
      result = new TaskResult(result.name(), result.module(), result.status(), result.durationMs(),
          result.message() == null || result.message().isBlank() ? why : result.message() + " (" + why + ")",
          result.diff(), result.commands(), result.changed());
    }
    listener.taskFinished(host.name(), result);
    return result;
  }

  private TaskResult plan(List<Task> list, int i, long t0) {
    Task task = list.get(i);
    String where = where(task);
    ensureFacts(List.of(HostFacts.PLATFORM), list, i);
    Map<String, Object> model = model();
    if (task.when() != null && !templates.condition(task.when(), model, where)) {
      return result(task, TaskResult.Status.SKIPPED, t0, task.skipMessage(), null, List.of());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> raw = (Map<String, Object>) templates.interpolate(task.args(), model, where);
    TaskContext ctx = context(model);
    ModuleCall<?> call;
    try {
      call = ModuleCall.bind(modules.get(task.module()), raw).prepared(ctx);
    } catch (InputException e) {
      throw new InputException(where + ": " + e.getMessage(), e);
    }
    ensureFacts(call.facts(ctx), list, i);
    List<Fact<?>> more = call.moreFacts(facts, ctx);
    if (!more.isEmpty()) {
      ensureFacts(more, list, list.size());
    }
    Plan plan;
    try {
      plan = call.plan(facts, ctx);
    } catch (InputException e) {
      throw new InputException(where + ": " + e.getMessage(), e);
    }
    boolean check = task.checkMode() != null ? task.checkMode() : options.check();
    String diff = options.diff() ? Secrets.mask(plan.diff()) : null;
    List<String> described = plan.commands().stream().map(Command::describe).map(Secrets::mask).toList();
    switch (plan.kind()) {
      case OK:
        return result(task, TaskResult.Status.OK, t0, plan.message(), null, List.of());
      case FAIL:
        return result(task, TaskResult.Status.FAILED, t0, plan.message(), null, List.of());
      case VERIFY:
        if (check) {
          return result(task, TaskResult.Status.SKIPPED, t0, "check mode: not verified (" + plan.message() + ")", null, described);
        }
        break;
      case CHANGE:
        if (check) {
          if (task.module().equals("service")) {
            // check mode promises what apply does: a unit it would start is not restarted again
            startedUnit = ServiceModule.startedUnit(raw, plan);
          }
          return result(task, TaskResult.Status.CHANGED, t0, "would " + plan.message(), diff, described);
        }
        break;
      case DEFER:
        if (check) {
          return result(task, TaskResult.Status.DEFERRED, t0, wouldDefer(plan.message()), null, described);
        }
        break;
      default:
        throw new IllegalStateException(plan.kind().toString());
    }
    List<Fact<?>> next = List.of();
    if (plan.kind() == Plan.Kind.CHANGE || plan.kind() == Plan.Kind.DEFER && !plan.commands().isEmpty()) {
      // state changes (or may, if a later command fails; a deferral records what is pending): what the
      // task may move is read again, in the same round trip as its last command when that is a shell command
      forget(call.affects());
      next = missing(prefetch(list, i + 1));
    }
    Map<String, FactOutput> after = new HashMap<>();
    List<CommandResult> results = execute(plan, next, after);
    Outcome outcome = call.interpret(plan, results);
    if (outcome.status() != Outcome.Status.FAILED) {
      after.forEach(facts::put);
    }
    TaskResult.Status status = switch (outcome.status()) {
      case OK -> TaskResult.Status.OK;
      case CHANGED -> TaskResult.Status.CHANGED;
      case FAILED -> TaskResult.Status.FAILED;
      case DEFERRED -> TaskResult.Status.DEFERRED;
    };
    List<String> ran = described.subList(0, Math.min(described.size(), results.size()));
    if (status == TaskResult.Status.CHANGED && task.module().equals("service")) {
      // a failed start (even one that came back with restored files) does not count: the notified
      // handler still restarts, and confirms or restores the files itself
      startedUnit = ServiceModule.startedUnit(raw, plan);
    }
    return new TaskResult(task.name(), task.module(), status, ms(t0), outcome.message(),
        status == TaskResult.Status.OK ? null : diff, ran, outcome.changed() || status == TaskResult.Status.CHANGED);
  }

  /**
   * Runs the plan's commands in order, stopping at the first failure. When {@code next} is not
   * empty and the last command is a shell command, those facts are read in the same round trip
   * ({@link #withGather}) and put into {@code after}, only if every command succeeded.
   */
  private List<CommandResult> execute(Plan plan, List<Fact<?>> next, Map<String, FactOutput> after) {
    List<CommandResult> results = new ArrayList<>();
    List<Command> commands = plan.commands();
    for (int k = 0; k < commands.size(); k++) {
      Command c = commands.get(k);
      boolean gather = k == commands.size() - 1 && !next.isEmpty() && c instanceof Command.Shell;
      CommandResult r;
      CommandResult gathered = null;
      control.commandStarted();
      try {
      if (gather) {
        Command.Shell s = (Command.Shell) c;
        String token = Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        CommandResult both = conn.exec(new ExecRequest(withGather(s.script(), token, gatherer.script(next)),
            s.stdin(), become, null));
        CommandResult[] split = split(both, token);
        r = split[0];
        gathered = split[1];
      } else if (c instanceof Command.Shell s) {
        r = conn.exec(new ExecRequest(s.script(), s.stdin(), become, null));
      } else if (c instanceof Command.Copy cp) {
        long t0 = System.nanoTime();
        FileCopy.Result done = conn.copy(new FileCopy(cp.local(), cp.path(), cp.mode(), cp.size(), cp.sha256(), become));
        r = CommandResult.of(done, ms(t0));
      } else {
        Command.Upload u = (Command.Upload) c;
        long t0 = System.nanoTime();
        conn.upload(new FileUpload(u.path(), u.content(), u.mode(), u.owner(), u.group(), become));
        r = new CommandResult(0, "", "", ms(t0));
      }
      } finally {
        control.commandEnded();
      }
      listener.commandRan(host.name(), Secrets.mask(c.describe()), r);
      results.add(r);
      if (gathered != null) {
        listener.commandRan(host.name(), "gather " + next.size() + " facts", gathered);
        try {
          after.putAll(gatherer.parse(next, gathered.stdout()));
        } catch (IllegalStateException e) {
          // cut short: not trusted; the next task reads what it needs in a round trip of its own
          after.clear();
        }
      }
      if (!r.ok()) {
        break;
      }
    }
    return results;
  }

  /**
   * {@code script} in a subshell (its {@code exit} ends only the subshell), then a marker line on
   * stdout with its exit status, then, only when that is 0, the fact gathering {@code gather} with
   * its stderr sent to stdout; the script exits with the command's status. Stdin is the command's.
   */
  static String withGather(String script, String token, String gather) {
    return "(\n" + script + "\n)\njprov_rc=$?\nprintf '\\n::jprov-cmd:" + token + ":rc=%d::\\n' \"$jprov_rc\"\n"
        + "if [ \"$jprov_rc\" -eq 0 ]; then\n{\n" + gather + "} </dev/null 2>&1\nfi\nexit \"$jprov_rc\"\n";
  }

  /**
   * Splits the output of {@link #withGather}: the command's own result (stdout before the marker,
   * all of stderr, its exit status) and the gathering's (stdout after the marker); null for the
   * gathering when the command failed (it did not run) or the marker is missing (the shell was
   * killed, e.g. on a timeout): nothing of it is trusted.
   */
  static CommandResult[] split(CommandResult both, String token) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\n::jprov-cmd:" + token + ":rc=(\\d+)::\n")
        .matcher(both.stdout());
    if (!m.find()) {
      return new CommandResult[] {both, null};
    }
    int rc = Integer.parseInt(m.group(1));
    return new CommandResult[] {
        new CommandResult(rc, both.stdout().substring(0, m.start()), both.stderr(), both.durationMs()),
        rc == 0 ? new CommandResult(0, both.stdout().substring(m.end()), "", 0) : null};
  }

  /** Forgets the facts {@code moved} names, except the platform (the family never changes). */
  private void forget(java.util.function.Predicate<String> moved) {
    Map<String, FactOutput> known = facts.raw();
    facts.clear();
    known.forEach((key, out) -> {
      if (key.equals(HostFacts.PLATFORM.key()) || !moved.test(key)) {
        facts.put(key, out);
      }
    });
  }

  /** The facts of {@code wanted} not known, distinct. */
  private List<Fact<?>> missing(List<Fact<?>> wanted) {
    return FactGatherer.distinct(wanted).stream().filter(f -> !facts.has(f)).toList();
  }

  /**
   * Makes sure the wanted facts are known. If any is missing, reads it in one round trip together
   * with the facts of the following tasks that can be planned already (prefetch). The first read,
   * before the platform is known, also reads what those tasks would need on each supported family
   * ({@link #guessed}), each family's part run only where os-release names that family.
   */
  private void ensureFacts(List<Fact<?>> wanted, List<Task> list, int from) {
    if (wanted.stream().allMatch(facts::has)) {
      return;
    }
    List<Fact<?>> batch = new ArrayList<>(wanted);
    boolean first = !facts.has(HostFacts.PLATFORM);
    if (first) {
      batch.add(0, HostFacts.PLATFORM);
    }
    batch.addAll(prefetch(list, from));
    List<Fact<?>> missing = missing(batch);
    StringBuilder script = new StringBuilder(gatherer.script(missing));
    List<Guess> guesses = first ? guessed(list, from, missing) : List.of();
    for (Guess g : guesses) {
      script.append("if ").append(g.test()).append("; then\n").append(g.gatherer().script(g.facts())).append("fi\n");
    }
    CommandResult r;
    control.commandStarted();
    try {
      r = conn.exec(new ExecRequest(script.toString(), null, become, null));
    } finally {
      control.commandEnded();
    }
    int read = missing.size();
    Map<String, FactOutput> more = new HashMap<>();
    for (Guess g : guesses) {
      try {
        Map<String, FactOutput> got = g.gatherer().parse(g.facts(), r.stdout());
        more.putAll(got);
        read += got.size();
      } catch (IllegalStateException e) {
        // not this host's family (its part did not run), or cut short: read when needed
      }
    }
    listener.commandRan(host.name(), "gather " + read + " facts", r);
    try {
      gatherer.parse(missing, r.stdout()).forEach(facts::put);
    } catch (IllegalStateException e) {
      throw new TransportException(host.name() + ": gathering facts failed (exit " + r.exitCode() + "): "
          + (r.stderr().isBlank() ? e.getMessage() : r.stderr().strip()), false, e);
    }
    more.forEach(facts::put); // keys the main part does not read (guessed() left those out)
  }

  /**
   * One supported family's part of the first read: its facts, read only when {@code test} (a
   * shell condition on os-release) holds, framed by a gatherer of its own.
   */
  private record Guess(String test, FactGatherer gatherer, List<Fact<?>> facts) {}

  /**
   * For each supported family: the facts of the tasks from {@code from} on that are not in {@code
   * known}, as they would be on a host of that family (its vars files merged, its first platform
   * of the support table as {@code facts}). A guess never decides anything: a fact is keyed by what
   * it reads, so a fact read for a family the host turns out not to be is still true; the only cost
   * of a wrong guess is a read that is not needed, and os-release keeps that to one family.
   */
  private List<Guess> guessed(List<Task> list, int from, List<Fact<?>> known) {
    java.util.Set<String> common = new java.util.HashSet<>();
    known.forEach(f -> common.add(f.key()));
    List<Guess> out = new ArrayList<>();
    Path pbDir = playbook.file() == null ? options.home() : playbook.file().toAbsolutePath().getParent();
    for (Distros.Row row : Distros.SUPPORTED) {
      String version = row.versions().get(0);
      Distro d = new Distro(row.family(), row.ids().get(0), version, version, "", Distros.ARCHES.get(0));
      Map<String, Object> model = new HashMap<>(Engine.baseModel(playbook, host, row.family().key()));
      model.put("facts", d.toModel());
      // no repository lookups from the controller for a guess: those are for the host's own platform
      TaskContext ctx = new TaskContext(host.name(), model, become, options.home(), pbDir, d,
          io.jprov.platform.RepoLookup.NONE);
      // each family's part is whole: only one of them runs on a host, so what two families share
      // is in both
      List<Fact<?>> fs = new ArrayList<>();
      List<Fact<?>> wanted = factsOf(list, from, model, ctx, true);
      wanted.addAll(dueFactsOf(model, ctx, true));
      for (Fact<?> f : FactGatherer.distinct(wanted)) {
        if (!common.contains(f.key())) {
          fs.add(f);
        }
      }
      if (!fs.isEmpty()) {
        out.add(new Guess(osReleaseIs(row, "/etc/os-release"), new FactGatherer(nonce + "f" + out.size()), fs));
      }
    }
    return out;
  }

  /** A shell condition: the os-release file names a platform of {@code row} (its ID and major version). */
  static String osReleaseIs(Distros.Row row, String file) {
    StringBuilder versions = new StringBuilder();
    for (String v : row.versions()) {
      versions.append(versions.length() == 0 ? "" : "|").append(v).append('|').append(v).append(".*");
    }
    return "( . " + io.jprov.util.Sh.quote(file) + "; case \"$ID\" in " + String.join("|", row.ids()) + ") ;; *) exit 1 ;; esac; case \"$VERSION_ID\" in "
        + versions + ") exit 0 ;; esac; exit 1 ) </dev/null >/dev/null 2>&1";
  }

  /** Facts of tasks from {@code from} on whose condition and arguments resolve with what is known. */
  private List<Fact<?>> prefetch(List<Task> list, int from) {
    Map<String, Object> model = model();
    TaskContext ctx = context(model);
    boolean platformKnown = facts.has(HostFacts.PLATFORM);
    List<Fact<?>> out = factsOf(list, from, model, ctx, platformKnown);
    out.addAll(dueFactsOf(model, ctx, platformKnown));
    return out;
  }

  /**
   * The facts that say whether a handler is due without a notification ({@link TaskModule#dueFacts}),
   * of every handler whose condition and arguments resolve in {@code model}: read with the first
   * facts and again with what a change forgot, so that deciding at the flush or at the end costs no
   * round trip of its own.
   */
  private List<Fact<?>> dueFactsOf(Map<String, Object> model, TaskContext ctx, boolean platformKnown) {
    List<Fact<?>> out = new ArrayList<>();
    for (Task h : playbook.handlers()) {
      try {
        if (h.when() != null && !templates.condition(h.when(), model, where(h))) {
          continue;
        }
        TaskModule<?> module = modules.get(h.module());
        if (!platformKnown && module.factsNeedPlatform()) {
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) templates.interpolate(h.args(), model, where(h));
        out.addAll(ModuleCall.bind(module, raw).dueFacts(ctx));
      } catch (RuntimeException e) {
        // needs facts not known yet, or bad arguments: decided (or reported) when the handler's turn comes
      }
    }
    return out;
  }

  /**
   * Facts of tasks from {@code from} on whose condition and arguments resolve in {@code model};
   * without a platform, not those of modules whose facts depend on it.
   */
  private List<Fact<?>> factsOf(List<Task> list, int from, Map<String, Object> model, TaskContext ctx,
      boolean platformKnown) {
    List<Fact<?>> out = new ArrayList<>();
    for (int j = from; j < list.size(); j++) {
      Task t = list.get(j);
      try {
        if (t.when() != null && !templates.condition(t.when(), model, where(t))) {
          continue;
        }
        @SuppressWarnings("unchecked")
        TaskModule<?> module = modules.get(t.module());
        if (!platformKnown && module.factsNeedPlatform()) {
          continue; // rpm or dpkg, yum or apt: not read before the platform is known (or guessed)
        }
        Map<String, Object> raw = (Map<String, Object>) templates.interpolate(t.args(), model, where(t));
        out.addAll(ModuleCall.bind(module, raw).facts(ctx));
      } catch (RuntimeException e) {
        // this task needs facts not known yet, or has bad arguments: it will say so when it runs
      }
    }
    return out;
  }

  private Map<String, Object> model() {
    Map<String, Object> model;
    if (facts.has(HostFacts.PLATFORM)) {
      Platform p = facts.get(HostFacts.PLATFORM);
      Distro d = Distros.of(p);
      model = new HashMap<>(familyModel(d == null ? "" : d.family().key()));
      Map<String, Object> f = p.toModel();
      f.putAll(d != null ? d.toModel() : Map.of("family", "", "platform", "", "pkg_manager", ""));
      model.put("facts", f);
    } else {
      model = new HashMap<>(baseModel);
    }
    return model;
  }

  /**
   * The host's variables with its family's vars files merged in (play vars &lt; vars files &lt;
   * inventory &lt; -e), built once: the platform fact is never forgotten, so the family never changes.
   */
  private Map<String, Object> familyModel(String family) {
    if (familyModel == null) {
      familyModel = playbook.varsFiles().isEmpty() ? baseModel : Engine.baseModel(playbook, host, family);
    }
    return familyModel;
  }

  private TaskContext context(Map<String, Object> model) {
    Path pbDir = playbook.file() == null ? options.home() : playbook.file().toAbsolutePath().getParent();
    Distro distro = facts.has(HostFacts.PLATFORM) ? Distros.of(facts.get(HostFacts.PLATFORM)) : null;
    return new TaskContext(host.name(), model, become, options.home(), pbDir, distro, options.lookup());
  }

  private TaskResult result(Task task, TaskResult.Status status, long t0, String message, String diff, List<String> commands) {
    return new TaskResult(task.name(), task.module(), status, ms(t0), message, diff, commands);
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /**
   * Check mode's words for a deferral: "restart deferred: 2 running containers" becomes "restart would be
   * deferred: 2 running containers" (said once, not "would be deferred: restart deferred: …").
   */
  static String wouldDefer(String message) {
    int at = message.indexOf(" deferred");
    return at > 0 ? message.substring(0, at) + " would be deferred" + message.substring(at + " deferred".length())
        : "would be deferred: " + message;
  }
}
