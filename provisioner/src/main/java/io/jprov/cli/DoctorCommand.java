package io.jprov.cli;

import io.jprov.ExitCodes;
import io.jprov.InputException;
import io.jprov.doctor.Doctor;
import io.jprov.doctor.DoctorChecks;
import io.jprov.doctor.DoctorContext;
import io.jprov.doctor.DoctorResult;
import io.jprov.doctor.HostDoctor;
import io.jprov.engine.Engine;
import io.jprov.engine.EngineOptions;
import io.jprov.engine.GatheredFacts;
import io.jprov.inventory.Host;
import io.jprov.inventory.Inventory;
import io.jprov.inventory.Shard;
import io.jprov.modules.ModuleRegistry;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.PlaybookLoader;
import io.jprov.report.DoctorConsole;
import io.jprov.report.DoctorReport;
import io.jprov.template.Templates;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.local.Posix;
import io.jprov.util.Text;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jprov doctor} (docs/doctor.md): examines each host's Docker installation and says, per check, ok, warn
 * or fail with the evidence and the fix. Read-only: one round trip per host reads the platform and every check
 * group's facts ({@link Doctor}); the checks judge them with the variables {@code apply} would use before the
 * platform is known (the shipped Docker CE playbook's defaults under the inventory and {@code -e}).
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {
      "Examine each host's Docker installation (read-only, one round trip per host): every check says ok, warn"
          + " or fail, with the evidence it saw and the fix.",
      "Exit codes: 0 every host ok or warn, 2 invalid input, 3 a check failed, 4 a host unreachable (none failed),"
          + " 130/143 interrupted."
    })
public final class DoctorCommand implements Callable<Integer> {
  @ParentCommand JprovCommand parent;
  @Mixin CommonOptions common;

  @Option(names = "--local", description = "This machine instead of an inventory.")
  boolean local;

  @Option(names = "--json", paramLabel = "FILE", description = "Write every host's findings as JSON (docs/doctor.md).")
  String json;

  @Option(names = "--forks", paramLabel = "N", defaultValue = "50", description = "Hosts at once (default ${DEFAULT-VALUE}).")
  int forks;

  @Option(names = "--shard", paramLabel = "K/N", description = "Only shard K of N of the selected hosts (as apply"
      + " --shard; a shard with no host examines nothing, writes --json and exits 0).")
  String shard;

  /** The checks, listed under the options of {@code --help} (and {@code jprov help doctor}). */
  @Spec
  void describeChecks(CommandSpec spec) {
    spec.usageMessage().footer(checksHelp());
  }

  /** {@code Checks:} and one line per check of {@link DoctorChecks#names()}. */
  static String[] checksHelp() {
    return checksHelp(DoctorChecks.names());
  }

  /** The width the help's check lines are wrapped to (picocli's usage width, 80, would break them anywhere). */
  static final int HELP_WIDTH = 79;

  static String[] checksHelp(Map<String, String> names) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("Checks (docs/doctor.md):");
    int width = names.keySet().stream().mapToInt(String::length).max().orElse(0);
    String indent = " ".repeat(width + 4);
    names.forEach((name, what) -> {
      String head = "  " + name + " ".repeat(width - name.length() + 2);
      List<String> wrapped = Text.wrap(what, HELP_WIDTH - head.length(), HELP_WIDTH - indent.length());
      lines.add(head + wrapped.get(0));
      wrapped.subList(1, wrapped.size()).forEach(l -> lines.add(indent + l));
    });
    // picocli reads %n as a line break and would choke on a lone %: the descriptions are escaped
    return lines.stream().map(l -> l.replace("%", "%%")).toArray(String[]::new);
  }

  @Override
  public Integer call() {
    if (forks < 1) {
      throw new InputException("--forks: expected a number of hosts ≥ 1, found " + forks);
    }
    Shard selectedShard = shard == null ? null : Shard.parse("--shard", shard);
    Inventory inventory = Inventories.load(common, local);
    if (json != null) {
      PlaybookRun.checkReportFile("--json", Path.of(json));
    }
    Instant started = Instant.now();
    List<Host> hosts;
    DoctorLimit again = RetryLimit.isRetry(common.limit) ? DoctorLimit.read(common.limit, inventory) : null;
    if (again != null) {
      if (again.hosts().isEmpty()) {
        parent.out.println("nothing to examine: " + again.file() + " has no " + String.join(" or ", again.statuses())
            + " host");
        writeJson(new DoctorResult(started, Instant.now(), selectedShard, List.of()));
        return ExitCodes.OK;
      }
      hosts = inventory.hosts().stream().filter(h -> again.hosts().contains(h.name())).toList();
    } else if (RetryLimit.isRetry(common.limit)) {
      RetryLimit retry = RetryLimit.read(common.limit, inventory);
      if (retry.hosts().isEmpty()) {
        parent.out.println("nothing to examine: " + retry.file() + " has no " + retry.what() + " host");
        writeJson(new DoctorResult(started, Instant.now(), selectedShard, List.of()));
        return ExitCodes.OK;
      }
      hosts = retry.select(inventory.hosts());
    } else {
      hosts = common.limit == null ? inventory.hosts() : inventory.select(common.limit);
    }
    if (hosts.isEmpty()) {
      throw new InputException("no hosts matched --limit '" + common.limit + "'");
    }
    if (selectedShard != null) {
      List<Host> inShard = selectedShard.select(hosts);
      if (inShard.isEmpty()) {
        // not an error: with more shards than hosts some CI jobs get none; the report still says which shard
        parent.out.println(selectedShard.noneOf(hosts.size(), "nothing to examine"));
        writeJson(new DoctorResult(started, Instant.now(), selectedShard, List.of()));
        return ExitCodes.OK;
      }
      hosts = inShard;
    }

    Map<String, Map<String, Object>> vars = variables(shippedPlaybook(), hosts);
    boolean tty = parent.out == System.out && Posix.stdoutIsTty();
    boolean color = !common.noColor && System.getenv("NO_COLOR") == null && tty;
    DoctorConsole console = new DoctorConsole(parent.out, color, common.verbosity(), tty);
    // no play: an engine without modules or templates, which only reads facts
    EngineOptions options = new EngineOptions(false, false, Set.of(), Set.of(), forks, null, null);
    List<HostDoctor> examined;
    Interrupts interrupts;
    try (ConnectionFactory connections = Connections.factory(inventory, hosts, common.extraVarsMap())) {
      Engine engine = new Engine(new ModuleRegistry(List.of()), new Templates(List.of()), connections,
          console.progress(hosts.size()), options);
      interrupts = Interrupts.install(engine, System.err, console::clearProgress);
      try {
        examined = examine(Doctor.standard(), engine, hosts, vars, started);
      } finally {
        interrupts.uninstall();
      }
    }
    DoctorResult result = new DoctorResult(started, Instant.now(), selectedShard, examined);
    console.print(result);
    writeJson(result);
    if (interrupts.exitCode() != 0) {
      return interrupts.exitCode();
    }
    return result.exitCode();
  }

  /**
   * Each host's variables as {@code apply} has them before the platform is known: the playbook's defaults under
   * the inventory's and {@code -e} values (already in {@link Host#vars()}).
   */
  static Map<String, Map<String, Object>> variables(Playbook playbook, List<Host> hosts) {
    Map<String, Map<String, Object>> vars = new LinkedHashMap<>();
    for (Host h : hosts) {
      vars.put(h.name(), Engine.baseModel(playbook, h));
    }
    return vars;
  }

  /**
   * Reads every host's facts in one round trip ({@link Doctor#facts}) and examines them, in the order of {@code
   * hosts}; a host that could not be read is unreachable or interrupted.
   *
   * @param vars each host's variables ({@link #variables})
   * @param started the run's start, the clock of the contexts the facts are chosen with (they depend on the
   *     variables only); each host is examined with the controller's clock when its read was sent
   */
  static List<HostDoctor> examine(Doctor doctor, Engine engine, List<Host> hosts, Map<String, Map<String, Object>> vars,
      Instant started) {
    List<GatheredFacts> gathered = engine.gatherFacts(hosts, h -> doctor.facts(context(h.name(), vars, started)));
    List<HostDoctor> examined = new ArrayList<>();
    for (GatheredFacts g : gathered) {
      examined.add(switch (g.status()) {
        case OK -> doctor.examine(g.facts(), context(g.host(), vars, g.sent()));
        case UNREACHABLE -> HostDoctor.notRead(g.host(), HostDoctor.Status.UNREACHABLE, g.message());
        case INTERRUPTED -> HostDoctor.notRead(g.host(), HostDoctor.Status.INTERRUPTED, g.message());
      });
    }
    return examined;
  }

  /**
   * {@code --limit @DOCTOR.json[:fail|:warn|:unreachable]}: the hosts of an earlier doctor report to examine again,
   * by default those that failed or were unreachable (an {@code apply} report is {@link RetryLimit}'s).
   *
   * @param file the report, as given
   * @param statuses the host statuses selected
   * @param hosts the selected hosts' names, every one a host of the inventory
   */
  record DoctorLimit(String file, List<String> statuses, Set<String> hosts) {
    private static final List<String> WORDS = List.of("fail", "warn", "unreachable");

    /**
     * The selection, or null when {@code limit} does not name a doctor report (an apply report, or no file).
     *
     * @throws InputException an unknown status word, a selected host not in the inventory
     */
    static DoctorLimit read(String limit, Inventory inventory) {
      String body = limit.substring(1);
      String file = body;
      List<String> statuses = List.of("fail", "unreachable");
      int colon = body.lastIndexOf(':');
      if (colon >= 0 && body.indexOf('/', colon) < 0 && !isFile(body)) {
        file = body.substring(0, colon);
        statuses = List.of(body.substring(colon + 1));
      }
      if (!isFile(file)) {
        return null;
      }
      Map<String, String> report = DoctorReport.readStatuses(Path.of(file));
      if (report == null) {
        return null;
      }
      if (!WORDS.contains(statuses.get(0))) {
        throw new InputException("--limit " + io.jprov.util.Text.shown(limit) + ": unknown status '"
            + io.jprov.util.Text.shown(statuses.get(0)) + "' after the doctor report " + file
            + " (expected fail, warn or unreachable; none for fail and unreachable)");
      }
      Set<String> hosts = new java.util.LinkedHashSet<>();
      for (Map.Entry<String, String> e : report.entrySet()) {
        if (statuses.contains(e.getValue())) {
          if (inventory.host(e.getKey()) == null) {
            throw new InputException("--limit @" + file + ": host " + io.jprov.util.Text.shown(e.getKey()) + " of "
                + file + " is not in the inventory " + inventory.source());
          }
          hosts.add(e.getKey());
        }
      }
      return new DoctorLimit(file, statuses, hosts);
    }

    private static boolean isFile(String path) {
      try {
        return java.nio.file.Files.isRegularFile(Path.of(path));
      } catch (java.nio.file.InvalidPathException e) {
        return false;
      }
    }
  }

  private static DoctorContext context(String host, Map<String, Map<String, Object>> vars, Instant clock) {
    return new DoctorContext(host, vars.get(host), clock.getEpochSecond());
  }

  private void writeJson(DoctorResult result) {
    if (json != null) {
      DoctorReport.write(Path.of(json), result);
    }
  }

  /**
   * The Docker CE playbook of this install, for its defaults ({@code docker.*}, {@code docker_packages}, …):
   * doctor judges a host by the variables {@code apply} would give it.
   */
  private static Playbook shippedPlaybook() {
    Path home = Home.find();
    Path file = home.resolve("playbooks/docker-ce.yml");
    Templates templates = new Templates(PlaybookRun.templateDirs(home, file));
    return new PlaybookLoader(ModuleRegistry.builtin(templates)).load(file, file.toString());
  }
}
