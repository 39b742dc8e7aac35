package io.jprov.cli;

import io.jprov.ExitCodes;
import io.jprov.InputException;
import io.jprov.JprovException;
import io.jprov.bundle.install.BundleLayout;
import io.jprov.bundle.install.BundleParts;
import io.jprov.engine.Engine;
import io.jprov.engine.EngineOptions;
import io.jprov.inventory.Host;
import io.jprov.inventory.Inventory;
import io.jprov.inventory.Shard;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.docker.DockerVars;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.PlaybookLoader;
import io.jprov.report.CompositeListener;
import io.jprov.report.ConsoleReporter;
import io.jprov.report.EventsListener;
import io.jprov.report.LogDirListener;
import io.jprov.report.RunListener;
import io.jprov.report.RunResult;
import io.jprov.resolve.MirrorLookup;
import io.jprov.template.Templates;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.local.LocalConnectionFactory;
import io.jprov.transport.local.Posix;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The shared body of {@code apply} and {@code plan}: load, select, run, report, exit code. */
final class PlaybookRun {
  private PlaybookRun() {}

  static int execute(PrintStream out, PrintStream err, CommonOptions common, RunOptions opts, boolean check) {
    if (opts.forks < 1) {
      throw new InputException("--forks: expected a number of hosts ≥ 1, found " + opts.forks);
    }
    Path home = Home.find();
    Path playbookFile = opts.playbook != null ? Path.of(opts.playbook) : home.resolve("playbooks/docker-ce.yml");
    String playbookName = opts.playbook != null ? opts.playbook : playbookFile.toString();

    // docs/bundle.md: the bundle is read and every file checked (size, sha256) before any host is contacted
    Map<String, Object> bundleVars = Map.of();
    BundleParts bundle = null;
    if (opts.bundle != null) {
      bundle = BundleParts.read(Path.of(opts.bundle));
      bundle.verifyFiles();
      bundleVars = Map.of("bundle", bundle.vars(BundleLayout.DEFAULT_DEST));
    }
    if (opts.local == (common.inventory != null)) {
      Inventories.load(common, opts.local, bundleVars); // no inventory, or -i with --local: says so
    }
    // docs/lock.md: the lock beside the inventory is read first; an invalid one names file:line:column
    Path lockFile = LockCommand.lockFile(common, opts.local);
    String lockShown = LockCommand.shown(lockFile);
    MirrorLookup lookup = MirrorLookup.forRun(lockFile, lockShown, check);
    Inventory inventory = Inventories.load(common, opts.local, bundleVars,
        DockerVars.schema(lookup.lock().entries().keySet()));
    Templates templates = new Templates(templateDirs(home, playbookFile));
    ModuleRegistry modules = ModuleRegistry.builtin(templates);
    Playbook playbook = new PlaybookLoader(modules).load(playbookFile, playbookName);
    // which family a host is of is known only once it is contacted: its variables are checked under
    // each family's defaults (the docker.version check applies where a family's file has docker_sets)
    for (String family : PlaybookRun.families(playbook)) {
      inventory.checkEffective(playbook.defaults(family), playbookName);
    }

    // docs/cli.md: --limit @REPORT.json runs again the hosts of an earlier report, then --shard keeps its share
    Shard shard = opts.shard();
    RetryLimit retry = RetryLimit.isRetry(common.limit) ? RetryLimit.read(common.limit, inventory) : null;
    List<Host> hosts = select(inventory, playbook, retry == null ? common.limit : null);
    if (retry != null) {
      hosts = retry.select(hosts);
    }
    boolean nothingToRetry = retry != null && retry.hosts().isEmpty();
    if (hosts.isEmpty() && !nothingToRetry) {
      throw new InputException("no hosts matched: playbook hosts '" + playbook.hosts() + "'"
          + (common.limit == null ? "" : " with --limit '" + common.limit + "'"));
    }
    if (bundle != null) {
      ControllerPreflight.bundleVersion(bundle, opts.bundle, inventory, hosts, common.extraVarsMap());
    }

    // report destinations are checked before any host is contacted: a report that cannot be
    // written after the run would turn its real outcome into an internal error
    RunReportFiles.of(opts).check();
    if (opts.events != null && !"-".equals(opts.events)) {
      checkReportFile("--events", Path.of(opts.events));
    }
    if (opts.logDir != null) {
      checkReportDir("--log-dir", Path.of(opts.logDir));
    }
    // --events -: stdout carries the events, so what people read goes to stderr (docs/report.md)
    PrintStream people = "-".equals(opts.events) ? err : out;
    if (nothingToRetry) {
      people.println("nothing to retry: " + retry.file() + " has no " + retry.what() + " host");
      return ExitCodes.OK;
    }
    if (retry != null) {
      people.println("retrying " + hosts.size() + " " + retry.what() + (hosts.size() == 1 ? " host" : " hosts")
          + " of " + retry.file());
    }
    if (shard != null) {
      List<Host> inShard = shard.select(hosts);
      if (inShard.isEmpty()) {
        // not an error: with more shards than hosts some CI jobs get none; the report still says which shard
        // this was, so that report merge finds every shard
        people.println(shard.noneOf(hosts.size(), "nothing to run"));
        writeEmptyShard(out, opts, new RunResult(playbook.name(), check, Instant.now(), Instant.now(), List.of(), null,
            shard));
        return ExitCodes.OK;
      }
      people.println("shard " + shard + ": " + inShard.size() + " of " + hosts.size() + " selected hosts");
      hosts = inShard;
    }

    EventsListener events = openEvents(opts, out);
    // with --events - people's output is on stderr: lines, no view, no colours
    boolean tty = people == System.out && Posix.stdoutIsTty();
    boolean color = !common.noColor && System.getenv("NO_COLOR") == null && tty;
    List<RunListener> listeners = new ArrayList<>();
    // a terminal gets the redrawn view with or without colours; CI logs (not a terminal) get lines
    ConsoleReporter console = new ConsoleReporter(people, tty ? io.jprov.report.TerminalSize.live() : null, color,
        opts.diff, common.verbosity());
    listeners.add(console);
    if (opts.logDir != null) {
      listeners.add(new LogDirListener(Path.of(opts.logDir)));
    }
    if (events != null) {
      listeners.add(events);
    }
    EngineOptions engineOptions = new EngineOptions(check, opts.diff, Set.copyOf(opts.tags),
        Set.copyOf(opts.skipTags), opts.forks, opts.serial, home, lookup);
    try (ConnectionFactory connections = Connections.factory(inventory, hosts, common.extraVarsMap())) {
      Engine engine = new Engine(modules, templates, connections, new CompositeListener(listeners), engineOptions);
      Interrupts interrupts = Interrupts.install(engine, System.err, console::clearStatusLine);
      RunResult run;
      try {
        run = engine.run(playbook, hosts).withShard(shard);
      } finally {
        interrupts.uninstall();
      }
      RunReportFiles.of(opts).write(run);
      LockCommand.recordAdded(people, lookup, lockFile, lockShown, check);
      if (events != null) {
        events.close(); // a stream that broke off is an error, once the other outputs are written
      }
      if (interrupts.exitCode() != 0) {
        return interrupts.exitCode();
      }
      return RunOutcome.exitCode(run);
    }
  }

  /**
   * The reports of a shard that selected no host, as a run over no host would write them: a CI job's artifacts
   * exist for every shard, and {@code report merge} finds the shard in its JSON report.
   */
  private static void writeEmptyShard(PrintStream out, RunOptions opts, RunResult none) {
    RunReportFiles.of(opts).write(none);
    if (opts.events != null) {
      try (EventsListener events = openEvents(opts, out)) {
        events.runStarted(none.playbook(), none.checkMode(), 0);
        events.runFinished(none);
      }
    }
  }

  /** The {@code --events} stream (standard output for {@code -}), or null without the option. */
  private static EventsListener openEvents(RunOptions opts, PrintStream out) {
    return opts.events == null ? null
        : "-".equals(opts.events) ? EventsListener.toStream(out) : EventsListener.toFile(Path.of(opts.events));
  }

  /**
   * A report file can be created or replaced: it is not a directory or a special file, and a file
   * can be created in its directory (tried: a probe file is created and removed).
   *
   * @throws InputException naming the option
   */
  static void checkReportFile(String option, Path file) {
    Path abs = file.toAbsolutePath();
    java.nio.file.LinkOption nofollow = java.nio.file.LinkOption.NOFOLLOW_LINKS;
    if (Files.isDirectory(abs, nofollow)) {
      throw new InputException(option + " " + file + ": is a directory; give a file name");
    }
    // a symlink is fine: the report replaces it (never writes through it), see report.OwnerOnlyFiles
    if (Files.exists(abs, nofollow) && !Files.isSymbolicLink(abs) && !Files.isRegularFile(abs, nofollow)) {
      throw new InputException(option + " " + file + ": exists and is not a regular file; refusing to replace it");
    }
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new InputException(option + " " + file + ": directory " + dir + " does not exist");
    }
    probe(option + " " + file, dir);
  }

  /**
   * A report directory exists (created if needed) and files can be created in it.
   *
   * @throws InputException naming the option
   */
  static void checkReportDir(String option, Path dir) {
    Path abs = dir.toAbsolutePath();
    try {
      // owner-only like the logs in it (hosts' outputs); an existing directory keeps its mode
      Files.createDirectories(abs, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    } catch (IOException | UnsupportedOperationException e) {
      throw new InputException(option + " " + dir + ": cannot create the directory: "
          + (e instanceof IOException io ? reason(io) : e.getMessage()));
    }
    probe(option + " " + dir, abs);
  }

  private static void probe(String what, Path dir) {
    try {
      Path p = Files.createTempFile(dir, ".jprov-probe-", ".tmp");
      Files.delete(p);
    } catch (IOException | UnsupportedOperationException e) {
      throw new InputException(what + ": cannot create files in " + dir + ": "
          + (e instanceof IOException io ? reason(io) : e.getMessage()));
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * The families whose defaults differ: every family a per-family {@code vars_files} entry names,
   * or just null (the play's own defaults) when it has none.
   */
  static List<String> families(Playbook playbook) {
    Set<String> out = new LinkedHashSet<>();
    for (Playbook.VarsFile vf : playbook.varsFiles()) {
      if (vf.perFamily()) {
        out.addAll(vf.files().keySet());
      }
    }
    if (out.isEmpty()) {
      out.add(null);
    }
    return new ArrayList<>(out);
  }

  static List<Path> templateDirs(Path home, Path playbookFile) {
    List<Path> dirs = new ArrayList<>();
    dirs.add(home.resolve("templates"));
    Path pbDir = playbookFile.toAbsolutePath().getParent();
    if (pbDir != null) {
      dirs.add(pbDir);
      if (Files.isDirectory(pbDir.resolve("templates"))) {
        dirs.add(pbDir.resolve("templates"));
      }
    }
    return dirs;
  }

  /** Hosts matching the playbook's pattern and, if given, {@code --limit}, in inventory order. */
  static List<Host> select(Inventory inventory, Playbook playbook, String limit) {
    String what = (playbook.location() == null ? playbook.name() : playbook.location()) + ": hosts";
    List<Host> hosts = inventory.select(playbook.hosts() == null ? "all" : playbook.hosts(), what);
    if (limit == null) {
      return hosts;
    }
    Set<String> limited = new LinkedHashSet<>();
    inventory.select(limit).forEach(h -> limited.add(h.name()));
    return hosts.stream().filter(h -> limited.contains(h.name())).toList();
  }
}
