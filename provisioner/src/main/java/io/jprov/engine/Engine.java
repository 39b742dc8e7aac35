package io.jprov.engine;

import io.jprov.InputException;
import io.jprov.facts.Fact;
import io.jprov.inventory.Host;
import io.jprov.modules.ModuleCall;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.TaskContext;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.Task;
import io.jprov.report.HostResult;
import io.jprov.report.RunListener;
import io.jprov.report.RunResult;
import io.jprov.template.Templates;
import io.jprov.template.UndefinedVariableException;
import io.jprov.transport.ConnectionFactory;
import io.jprov.util.Maps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a playbook on hosts: rolling batches ({@code serial}), {@code forks} hosts at once, a
 * failure budget per batch ({@code max_fail_percentage}). Inside a batch each host runs its tasks
 * in order, independently of the others; a failed or unreachable host never stops the others
 * unless the budget is exceeded. A batch starts only when every host of the one before finished
 * (its verification included); with {@code serial} and no {@code max_fail_percentage} the budget is
 * 0 %: a rolling change stops after the first batch with a failed or unreachable host.
 *
 * <p>Before any host is contacted, every task's arguments are interpolated for every host, so an
 * undefined variable is an input error (exit 2) that changes nothing; only {@code facts} and the
 * variables of the playbook's per-family vars files wait for the host's platform fact.
 *
 * <p>Interrupts (Ctrl-C): {@link #interrupt} stops starting hosts, tasks and handlers while the
 * running commands finish; {@link #abandon} stops waiting for them: it closes every open connection
 * and {@link #run} returns at once, the hosts still running marked {@code interrupted} with the
 * tasks they finished. Either way the run ends with a complete {@link RunResult}.
 *
 * <p>Threading: {@link #run} is called once, from one thread; {@link #interrupt}, {@link #abandon}
 * and {@link #runningCommands} may be called from any thread (a signal handler).
 */
public final class Engine {
  private final ModuleRegistry modules;
  private final Templates templates;
  private final ConnectionFactory connections;
  private final RunListener listener;
  private final EngineOptions options;
  private final RunControl control = new RunControl();

  public Engine(
      ModuleRegistry modules,
      Templates templates,
      ConnectionFactory connections,
      RunListener listener,
      EngineOptions options) {
    this.modules = modules;
    this.templates = templates;
    this.connections = connections;
    this.listener = listener;
    this.options = options;
  }

  /** Stops starting hosts and tasks; running commands finish. */
  public void interrupt() {
    control.interrupt();
  }

  public boolean interrupted() {
    return control.interrupted();
  }

  /** Stops waiting for the running commands: closes every host's connection; {@link #run} returns. */
  public void abandon() {
    control.abandon();
  }

  /** How many remote commands (fact reads included) are running right now. */
  public int runningCommands() {
    return control.running();
  }

  /**
   * Runs the play on the given hosts (already selected by pattern and {@code --limit}).
   *
   * @throws InputException when a task's arguments cannot be interpolated for some host; nothing
   *     has been contacted then
   */
  public RunResult run(Playbook playbook, List<Host> hosts) {
    List<String> tagWarnings = TaskFilter.check(playbook, options.tags(), options.skipTags());
    List<Task> tasks = TaskFilter.select(playbook.tasks(), options.tags(), options.skipTags());
    Map<String, Map<String, Object>> models = new LinkedHashMap<>();
    for (Host h : hosts) {
      models.put(h.name(), baseModel(playbook, h));
    }
    preflight(playbook, tasks, hosts, models);

    Instant started = Instant.now();
    listener.runStarted(playbook.name(), options.check(), hosts.size());
    tagWarnings.forEach(listener::notice);
    String serial = options.serial() != null ? options.serial() : playbook.serial();
    List<List<Host>> batches = Batches.split(hosts, serial);
    Map<String, HostResult> results = new ConcurrentHashMap<>();
    int largest = batches.stream().mapToInt(List::size).max().orElse(1);
    ExecutorService pool = hostPool(Math.min(options.forks(), largest));
    String stopReason = null;
    try {
      for (int b = 0; b < batches.size(); b++) {
        if (control.interrupted()) {
          stopReason = "interrupted";
          break;
        }
        List<Host> batch = batches.get(b);
        List<Future<HostResult>> futures = new ArrayList<>();
        List<HostRunner> runners = new ArrayList<>();
        for (Host h : batch) {
          HostRunner runner = new HostRunner(h, models.get(h.name()), playbook, tasks, modules,
              templates, connections, listener, options, control);
          runners.add(runner);
          futures.add(pool.submit(runner::run));
        }
        int bad = 0;
        for (int i = 0; i < futures.size(); i++) {
          HostResult r = await(futures.get(i), runners.get(i), batch.get(i));
          results.put(r.name(), r);
          if (r.status() == HostResult.Status.FAILED || r.status() == HostResult.Status.UNREACHABLE) {
            bad++;
          }
        }
        Integer budget = playbook.maxFailPercentage();
        // rolling (serial) without a budget: none may fail, the batch that broke is the last one touched
        boolean implicit = budget == null && serial != null && !serial.isBlank();
        if (implicit) {
          budget = 0;
        }
        if (budget != null && b < batches.size() - 1 && bad * 100.0 / batch.size() > budget) {
          stopReason = String.format(
              "batch %d of %d: %d of %d hosts failed or were unreachable (%.0f%%), more than"
                  + " max_fail_percentage %d%%%s; the remaining %d batch(es) were not run",
              b + 1, batches.size(), bad, batch.size(), bad * 100.0 / batch.size(), budget,
              implicit ? " (serial without max_fail_percentage)" : "", batches.size() - b - 1);
          listener.notice(stopReason);
          break;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (control.interrupted() && stopReason == null) {
      stopReason = "interrupted";
    }
    List<HostResult> ordered = new ArrayList<>();
    for (Host h : hosts) {
      HostResult r = results.get(h.name());
      if (r == null) {
        r = new HostResult(h.name(), control.interrupted() ? HostResult.Status.INTERRUPTED : HostResult.Status.NOT_RUN,
            0, List.of(), 0, stopReason);
        listener.hostFinished(r);
      }
      ordered.add(r);
    }
    RunResult run = new RunResult(playbook.name(), options.check(), started, Instant.now(), ordered, stopReason);
    listener.runFinished(run);
    return run;
  }

  /**
   * Reads facts from the hosts without running a play ({@code jprov facts}): {@code forks} hosts
   * at once, one round trip each, under the same interrupts ({@link #interrupt}, {@link #abandon})
   * and connections as {@link #run}; each command is reported to the listener.
   *
   * @return one result per host, in the order given
   */
  public List<GatheredFacts> gatherFacts(List<Host> hosts, List<Fact<?>> facts) {
    return new FactReader(connections, listener, options.forks(), control).read(hosts, facts);
  }

  /**
   * The pool that host workers run in: {@code threads} (at least 1) daemon threads, so that an
   * abandoned worker blocked in a command never keeps the JVM alive.
   */
  static ExecutorService hostPool(int threads) {
    AtomicInteger threadNo = new AtomicInteger();
    return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "jprov-host-" + threadNo.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** The host's result; once the run is abandoned, what the host finished so far, without waiting. */
  private HostResult await(Future<HostResult> f, HostRunner runner, Host host) {
    try {
      return control.await(f, runner::abandon);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      control.interrupt();
      return new HostResult(host.name(), HostResult.Status.INTERRUPTED, 0, List.of(), 0, "interrupted");
    } catch (ExecutionException e) {
      // HostRunner catches everything it expects; this is a bug, reported on the host, not fatal
      HostResult r = new HostResult(host.name(), HostResult.Status.FAILED, 0, List.of(), 0,
          "internal error: " + e.getCause());
      listener.hostFinished(r);
      return r;
    }
  }

  /**
   * A host's variables before its platform is known: the playbook's defaults (play vars and the
   * {@code vars_files} that do not depend on the family) under the host's merged vars (inventory
   * and {@code -e}), plus the host's name.
   */
  static Map<String, Object> baseModel(Playbook playbook, Host host) {
    return baseModel(playbook, host, null);
  }

  /**
   * A host's variables once its family is known ({@code el9}; null or "" when not known or not
   * supported): play vars &lt; the family's vars files &lt; inventory &lt; {@code -e}, plus the host's
   * name. The inventory always wins over the playbook's data, as it does over play vars.
   */
  static Map<String, Object> baseModel(Playbook playbook, Host host, String family) {
    Map<String, Object> model = Maps.deepMerge(playbook.defaults(family), host.vars());
    model.put("inventory_hostname", host.name());
    return model;
  }

  /**
   * Interpolates each task's {@code when} and arguments for each host without facts and has the
   * module check them fully (a value holding {@code ${} after interpolation included) with its
   * local inputs (a template is found and rendered). Errors that need facts are left for run time;
   * any other error is an input error before anything runs.
   */
  private void preflight(Playbook playbook, List<Task> tasks, List<Host> hosts, Map<String, Map<String, Object>> models) {
    List<Task> all = new ArrayList<>(tasks);
    all.addAll(playbook.handlers());
    java.util.Set<String> familyVars = playbook.familyVarNames();
    for (Host h : hosts) {
      Map<String, Object> model = models.get(h.name());
      for (Task t : all) {
        String where = HostRunner.where(t) + " on host " + h.name();
        try {
          if (t.when() != null && !templates.condition(t.when(), model, where)) {
            continue;
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> args = (Map<String, Object>) templates.interpolate(t.args(), model, where);
          TaskContext ctx = new TaskContext(h.name(), model, h.connection().become(), options.home(),
              playbook.file() == null ? options.home() : playbook.file().toAbsolutePath().getParent());
          try {
            ModuleCall.bind(modules.get(t.module()), args).preflight(ctx);
          } catch (InputException e) {
            throw new InputException(where + ": " + e.getMessage(), e);
          }
        } catch (InputException e) {
          if (!needsFacts(e, familyVars)) {
            throw e;
          }
        }
      }
    }
  }

  /** An undefined {@code facts} (or {@code facts.x}): known only at run time. A module's preflight wraps it, hence the causes. */
  static boolean needsFacts(InputException e) {
    return needsFacts(e, java.util.Set.of());
  }

  /**
   * {@link #needsFacts(InputException)}, or an undefined variable that a family's vars file
   * defines ({@code docker_conflicts}): it is known once the host's platform fact says its family.
   */
  static boolean needsFacts(InputException e, java.util.Set<String> familyVars) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UndefinedVariableException u) {
        return u.root().equals("facts") || familyVars.contains(u.root());
      }
    }
    return false;
  }
}
