package io.jprov.engine;

import io.jprov.InputException;
import io.jprov.JprovException;
import io.jprov.facts.Fact;
import io.jprov.facts.FactGatherer;
import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostFacts;
import io.jprov.inventory.Host;
import io.jprov.modules.Command;
import io.jprov.modules.Module;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.Outcome;
import io.jprov.modules.Plan;
import io.jprov.modules.TaskContext;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one play on one host over one connection: tasks in order, then notified handlers.
 *
 * <p>Facts are gathered lazily but in bulk: when a task needs a fact that is not known, one round
 * trip reads it together with the facts of every later task whose arguments can already be
 * interpolated. After a task changes something, every fact except the platform is forgotten and
 * the next task triggers one new bulk read. An unchanged host therefore costs one round trip for
 * facts (two when task arguments depend on platform facts), plus the commands of VERIFY tasks.
 */
final class HostRunner {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Host host;
  private final Map<String, Object> baseModel;
  private final Playbook playbook;
  private final List<Task> tasks;
  private final ModuleRegistry modules;
  private final Templates templates;
  private final ConnectionFactory connections;
  private final RunListener listener;
  private final EngineOptions options;
  private final AtomicBoolean interrupted;
  private final FactSet facts = new FactSet();
  private final FactGatherer gatherer = new FactGatherer(Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
  private final boolean become;
  private Connection conn;

  HostRunner(Host host, Map<String, Object> baseModel, Playbook playbook, List<Task> tasks,
      ModuleRegistry modules, Templates templates, ConnectionFactory connections,
      RunListener listener, EngineOptions options, AtomicBoolean interrupted) {
    this.host = host;
    this.baseModel = baseModel;
    this.playbook = playbook;
    this.tasks = tasks;
    this.modules = modules;
    this.templates = templates;
    this.connections = connections;
    this.listener = listener;
    this.options = options;
    this.interrupted = interrupted;
    this.become = host.connection().become();
  }

  static String where(Task t) {
    return (t.location() == null ? "" : t.location() + ": ") + "task '" + t.name() + "'";
  }

  HostResult run() {
    long t0 = System.nanoTime();
    if (interrupted.get()) {
      return finish(new HostResult(host.name(), HostResult.INTERRUPTED, 0, List.of(), 0, "interrupted before start"));
    }
    listener.hostStarted(host.name());
    List<TaskResult> results = new ArrayList<>();
    try {
      conn = connections.open(host);
    } catch (JprovException e) {
      return finish(new HostResult(host.name(), HostResult.UNREACHABLE, ms(t0), results, 0, e.getMessage()));
    } catch (RuntimeException e) {
      return finish(new HostResult(host.name(), HostResult.UNREACHABLE, ms(t0), results, 0,
          host.name() + ": cannot connect: " + e));
    }
    String status = null;
    String message = null;
    try {
      Set<String> notified = new LinkedHashSet<>();
      boolean failed = false;
      for (int i = 0; i < tasks.size(); i++) {
        if (interrupted.get()) {
          status = HostResult.INTERRUPTED;
          message = "interrupted before task '" + tasks.get(i).name() + "'";
          break;
        }
        TaskResult r = runTask(tasks, i);
        results.add(r);
        if (r.status().equals(TaskResult.FAILED)) {
          failed = true;
          message = r.message();
          break;
        }
        if (r.status().equals(TaskResult.CHANGED)) {
          notified.addAll(tasks.get(i).notifies());
        }
      }
      if (!failed && status == null && !notified.isEmpty()) {
        List<Task> handlers = playbook.handlers().stream().filter(h -> notified.contains(h.name())).toList();
        for (int i = 0; i < handlers.size(); i++) {
          TaskResult r = runTask(handlers, i);
          results.add(r);
          if (r.status().equals(TaskResult.FAILED)) {
            message = r.message();
            break;
          }
        }
      }
    } catch (TransportException e) {
      status = HostResult.UNREACHABLE;
      message = e.getMessage();
    } finally {
      conn.close();
    }
    if (status == null) {
      if (results.stream().anyMatch(r -> r.status().equals(TaskResult.FAILED))) {
        status = HostResult.FAILED;
      } else if (results.stream().anyMatch(r -> r.status().equals(TaskResult.CHANGED))) {
        status = HostResult.CHANGED;
      } else {
        status = HostResult.OK;
      }
    }
    return finish(new HostResult(host.name(), status, ms(t0), results, conn.roundTrips(), message));
  }

  private HostResult finish(HostResult r) {
    listener.hostFinished(r);
    return r;
  }

  /**
   * Runs task {@code i} of {@code list}.
   *
   * @throws TransportException only when the host became unreachable
   */
  private TaskResult runTask(List<Task> list, int i) {
    Task task = list.get(i);
    listener.taskStarted(host.name(), task.name());
    long t0 = System.nanoTime();
    TaskResult result;
    try {
      result = plan(list, i, t0);
    } catch (TransportException e) {
      if (e.unreachable()) {
        throw e;
      }
      result = result(task, TaskResult.FAILED, t0, e.getMessage(), null, List.of());
    } catch (JprovException e) {
      result = result(task, TaskResult.FAILED, t0, e.getMessage(), null, List.of());
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
      return result(task, TaskResult.SKIPPED, t0, "condition is false: " + task.when(), null, List.of());
    }
    Module module = modules.get(task.module());
    @SuppressWarnings("unchecked")
    Map<String, Object> args = (Map<String, Object>) templates.interpolate(task.args(), model, where);
    TaskContext ctx = context(model);
    ensureFacts(module.facts(args, ctx), list, i);
    Plan plan;
    try {
      plan = module.plan(args, facts, ctx);
    } catch (InputException e) {
      throw new InputException(where + ": " + e.getMessage(), e);
    }
    boolean check = task.checkMode() != null ? task.checkMode() : options.check();
    String diff = options.diff() ? Secrets.mask(plan.diff()) : null;
    List<String> described = plan.commands().stream().map(Command::describe).map(Secrets::mask).toList();
    switch (plan.kind()) {
      case OK:
        return result(task, TaskResult.OK, t0, plan.message(), null, List.of());
      case FAIL:
        return result(task, TaskResult.FAILED, t0, plan.message(), null, List.of());
      case VERIFY:
        if (check) {
          return result(task, TaskResult.SKIPPED, t0, "check mode: not verified (" + plan.message() + ")", null, described);
        }
        break;
      case CHANGE:
        if (check) {
          return result(task, TaskResult.CHANGED, t0, "would " + plan.message(), diff, described);
        }
        break;
      default:
        throw new IllegalStateException(plan.kind().toString());
    }
    List<CommandResult> results = execute(plan);
    Outcome outcome = module.interpret(args, plan, results);
    if (plan.kind() == Plan.Kind.CHANGE) {
      // state changed (or may have, if a later command failed): read it again before the next task
      forgetFactsExceptPlatform();
    }
    String status = switch (outcome.status()) {
      case OK -> TaskResult.OK;
      case CHANGED -> TaskResult.CHANGED;
      case FAILED -> TaskResult.FAILED;
    };
    List<String> ran = described.subList(0, Math.min(described.size(), results.size()));
    return result(task, status, t0, outcome.message(), status.equals(TaskResult.OK) ? null : diff, ran);
  }

  private List<CommandResult> execute(Plan plan) {
    List<CommandResult> results = new ArrayList<>();
    for (Command c : plan.commands()) {
      CommandResult r;
      if (c instanceof Command.Shell s) {
        r = conn.exec(new ExecRequest(s.script(), s.stdin(), become, null));
      } else if (c instanceof Command.Copy cp) {
        long t0 = System.nanoTime();
        FileCopy.Result done = conn.copy(new FileCopy(cp.local(), cp.path(), cp.mode(), cp.size(), cp.sha256(), become));
        r = new CommandResult(0, done.line(), "", ms(t0));
      } else {
        Command.Upload u = (Command.Upload) c;
        long t0 = System.nanoTime();
        conn.upload(new FileUpload(u.path(), u.content(), u.mode(), u.owner(), u.group(), become));
        r = new CommandResult(0, "", "", ms(t0));
      }
      listener.commandRan(host.name(), Secrets.mask(c.describe()), r);
      results.add(r);
      if (!r.ok()) {
        break;
      }
    }
    return results;
  }

  private void forgetFactsExceptPlatform() {
    FactOutput platform = facts.raw().get(HostFacts.PLATFORM.key());
    facts.clear();
    if (platform != null) {
      facts.put(HostFacts.PLATFORM.key(), platform);
    }
  }

  /**
   * Makes sure the wanted facts are known. If any is missing, reads it in one round trip together
   * with the facts of the following tasks that can be planned already (prefetch).
   */
  private void ensureFacts(List<Fact<?>> wanted, List<Task> list, int from) {
    if (wanted.stream().allMatch(facts::has)) {
      return;
    }
    List<Fact<?>> batch = new ArrayList<>(wanted);
    if (!facts.has(HostFacts.PLATFORM)) {
      batch.add(0, HostFacts.PLATFORM);
    }
    batch.addAll(prefetch(list, from));
    List<Fact<?>> missing = FactGatherer.distinct(batch).stream().filter(f -> !facts.has(f)).toList();
    CommandResult r = conn.exec(new ExecRequest(gatherer.script(missing), null, become, null));
    listener.commandRan(host.name(), "gather " + missing.size() + " facts", r);
    try {
      gatherer.parse(missing, r.stdout()).forEach(facts::put);
    } catch (IllegalStateException e) {
      throw new TransportException(host.name() + ": gathering facts failed (exit " + r.exitCode() + "): "
          + (r.stderr().isBlank() ? e.getMessage() : r.stderr().strip()), false, e);
    }
  }

  /** Facts of tasks from {@code from} on whose condition and arguments resolve with what is known. */
  private List<Fact<?>> prefetch(List<Task> list, int from) {
    List<Fact<?>> out = new ArrayList<>();
    Map<String, Object> model = model();
    TaskContext ctx = context(model);
    for (int j = from; j < list.size(); j++) {
      Task t = list.get(j);
      try {
        if (t.when() != null && !templates.condition(t.when(), model, where(t))) {
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> args = (Map<String, Object>) templates.interpolate(t.args(), model, where(t));
        out.addAll(modules.get(t.module()).facts(args, ctx));
      } catch (RuntimeException e) {
        // this task needs facts not known yet, or has bad arguments: it will say so when it runs
      }
    }
    return out;
  }

  private Map<String, Object> model() {
    Map<String, Object> model = new HashMap<>(baseModel);
    if (facts.has(HostFacts.PLATFORM)) {
      model.put("facts", facts.get(HostFacts.PLATFORM).toModel());
    }
    return model;
  }

  private TaskContext context(Map<String, Object> model) {
    Path pbDir = playbook.file() == null ? options.home() : playbook.file().toAbsolutePath().getParent();
    return new TaskContext(host.name(), model, become, options.home(), pbDir);
  }

  private TaskResult result(Task task, String status, long t0, String message, String diff, List<String> commands) {
    return new TaskResult(task.name(), task.module(), status, ms(t0), message, diff, commands);
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
