package io.jprov.cli;

import io.jprov.ExitCodes;
import io.jprov.InputException;
import io.jprov.JprovException;
import io.jprov.bundle.Http;
import io.jprov.inventory.Host;
import io.jprov.inventory.Inventory;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.docker.DockerVars;
import io.jprov.platform.Distro;
import io.jprov.platform.RepoLookup;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.PlaybookLoader;
import io.jprov.resolve.LockFile;
import io.jprov.resolve.LockPlatforms;
import io.jprov.resolve.MirrorLookup;
import io.jprov.template.Templates;
import io.jprov.util.Maps;
import io.jprov.util.Text;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jprov lock}: resolves {@code docker.version} (as the hosts' variables set it: the playbook's
 * defaults under the inventory and {@code -e}) for the platforms named with {@code --platform} and, with
 * {@code --update}, again for every platform already in {@code docker-lock.yml}, and writes the lock file
 * beside the inventory (docs/lock.md). Also home of the run's lock handling ({@link #lockFile}, {@link
 * #recordAdded}).
 */
@Command(
    name = "lock",
    mixinStandardHelpOptions = true,
    description = {
      "Resolve docker.version into exact package sets from the mirror's metadata and record them in"
          + " docker-lock.yml beside the inventory (docs/lock.md).",
      "Exit codes: 0 ok, 1 internal error, 2 invalid input, 3 a version is not in the repository,"
          + " 5 the mirror cannot be reached."
    })
public final class LockCommand implements Callable<Integer> {
  /** The set resolved when the playbook names none ({@code docker_packages}). */
  static final List<String> DEFAULT_PACKAGES = List.of("docker-ce", "docker-ce-cli", "containerd.io",
      "docker-buildx-plugin", "docker-compose-plugin", "docker-ce-rootless-extras");

  @ParentCommand JprovCommand parent;
  @Mixin CommonOptions common;

  @Option(names = "--platform", paramLabel = "KEY", split = ",", description = "Resolve for this platform: el7,"
      + " el8, el9 (Docker's centos tree), rhel-7, rhel-8, rhel-9, debian-11, debian-12, ubuntu-22.04, ubuntu-24.04, or a"
      + " key of docker-lock.yml (centos-9-x86_64). Repeatable.")
  List<String> platforms = new ArrayList<>();

  @Option(names = "--update", description = "Resolve again from the mirror, ignoring the file's entries, for the"
      + " platforms named and every platform already in docker-lock.yml (picks up new releases of a prefix such as"
      + " 27.3).")
  boolean update;

  @Option(names = "--playbook", paramLabel = "PLAYBOOK", description = "Whose defaults the hosts' variables"
      + " merge over; default: playbooks/docker-ce.yml of the jprov install.")
  String playbook;

  /** What a host asks to resolve: docker.version from where. */
  private record Request(String version, String mirror, String channel, List<String> names) {}

  @Override
  public Integer call() {
    Path lockFile = lockFile(common, common.inventory == null);
    String shown = shown(lockFile);
    LockFile lock = LockFile.read(lockFile, shown);
    List<Distro> distros = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>();
    for (String p : platforms) {
      Distro d = LockPlatforms.parse(p);
      if (keys.add(d.lockKey())) {
        distros.add(d);
      }
    }
    if (update) {
      for (String k : lock.lockKeys()) {
        if (keys.add(k)) {
          distros.add(LockPlatforms.parse(k));
        }
      }
    }
    if (distros.isEmpty()) {
      throw new InputException("lock: name the platforms to resolve for: --platform el9 --platform debian-12 …"
          + " (known: " + String.join(", ", LockPlatforms.keys()) + ")"
          + (lock.entries().isEmpty() ? "" : ", or --update to resolve again those in " + shown));
    }
    List<Request> requests = requests(lock);
    MirrorLookup lookup = new MirrorLookup(new Http(), lock, false, update, Clock.systemUTC());
    List<String[]> rows = new ArrayList<>();
    List<JprovException> failures = new ArrayList<>();
    for (Request r : requests) {
      for (Distro d : distros) {
        try {
          RepoLookup.Resolved res = lookup.resolve(d, r.mirror(), r.channel(), r.version(), r.names());
          rows.add(new String[] {r.version(), d.lockKey(), res.version(), res.pins().get(r.names().get(0)),
              res.source().equals(LockFile.NAME) ? "kept" : lockChange(lock, r.version(), d.lockKey(), res)});
        } catch (RepoLookup.LookupException e) {
          failures.add(e);
          parent.err.println("jprov: " + Cli.oneLine(e.getMessage()));
        }
      }
    }
    if (!failures.isEmpty()) {
      // nothing is written: the lock moves all together or not at all
      boolean network = failures.stream().anyMatch(e -> e.exitCode() == ExitCodes.NETWORK);
      parent.err.println("jprov: " + shown + " not written (" + failures.size() + " of "
          + (requests.size() * distros.size()) + " sets not resolved)");
      return network ? ExitCodes.NETWORK : ExitCodes.FAILED;
    }
    Map<String, Map<String, LockFile.Entry>> added = new LinkedHashMap<>();
    lookup.added().forEach((v, m) -> m.forEach((k, e) -> {
      LockFile.Entry old = lock.get(v, k);
      // the same set resolved again keeps its entry (and its date): the file changes only when a set does
      if (old == null || !old.version().equals(e.version()) || !old.pins().equals(e.pins())
          || !old.repo().equals(e.repo())) {
        added.computeIfAbsent(v, x -> new LinkedHashMap<>()).put(k, e);
      }
    }));
    if (!added.isEmpty()) {
      LockFile.read(lockFile, shown).with(added).write(lockFile, shown);
    }
    table(parent.out, rows);
    parent.out.println(added.isEmpty() ? shown + ": unchanged" : shown + ": written (" + count(added) + " "
        + (count(added) == 1 ? "entry" : "entries") + " resolved from the mirror)");
    return ExitCodes.OK;
  }

  /** added, updated (the pins moved) or unchanged (resolved again to the same set). */
  private static String lockChange(LockFile lock, String version, String key, RepoLookup.Resolved res) {
    LockFile.Entry old = lock.get(version, key);
    if (old == null) {
      return "added";
    }
    return old.pins().equals(res.pins()) ? "unchanged" : "updated (was " + old.version() + ")";
  }

  /** The distinct docker.version requests of the selected hosts, in inventory order. */
  private List<Request> requests(LockFile lock) {
    boolean local = common.inventory == null;
    Inventory inv = Inventories.load(common, local, Map.of(), DockerVars.schema(lock.entries().keySet()));
    Path home = Home.find();
    Path file = playbook != null ? Path.of(playbook) : home.resolve("playbooks/docker-ce.yml");
    String name = playbook != null ? playbook : file.toString();
    Playbook pb = new PlaybookLoader(ModuleRegistry.builtin(new Templates(PlaybookRun.templateDirs(home, file))))
        .load(file, name);
    inv.checkEffective(pb.vars(), name);
    List<Host> hosts = common.limit == null ? inv.hosts() : inv.select(common.limit);
    Set<Request> out = new LinkedHashSet<>();
    for (Host h : hosts) {
      Map<String, Object> vars = Maps.deepMerge(pb.vars(), h.vars());
      Map<?, ?> docker = vars.get("docker") instanceof Map<?, ?> m ? m : Map.of();
      Object version = docker.get("version");
      if (version == null) {
        throw new InputException("host " + h.name() + ": docker.version is not set (set it in the inventory or with"
            + " -e docker.version=27.3)");
      }
      String lookupMirror = text(docker.get("lookup_mirror"), h, "docker.lookup_mirror");
      String mirror = lookupMirror == null || lookupMirror.isBlank() ? text(docker.get("mirror"), h, "docker.mirror")
          : lookupMirror;
      if (mirror == null || mirror.isBlank()) {
        throw new InputException("host " + h.name() + ": docker.mirror is not set");
      }
      String channel = text(docker.get("channel"), h, "docker.channel");
      List<String> names = DEFAULT_PACKAGES;
      if (vars.get("docker_packages") instanceof List<?> l && !l.isEmpty()) {
        names = l.stream().map(String::valueOf).toList();
      }
      String v = String.valueOf(version);
      if (!io.jprov.platform.VersionMatch.VERSION.matcher(v).matches()) {
        // a docker_sets key (EL7's hand-written sets): nothing to resolve
        continue;
      }
      out.add(new Request(v, mirror.strip().replaceAll("/+$", ""), channel == null || channel.isBlank() ? "stable"
          : channel, List.copyOf(names)));
    }
    if (out.isEmpty()) {
      throw new InputException("lock: no selected host has a docker.version to resolve (27.3.1, 27.3, 27)");
    }
    return List.copyOf(out);
  }

  private static String text(Object v, Host h, String name) {
    if (v == null) {
      return null;
    }
    String s = String.valueOf(v);
    if (s.contains("${")) {
      throw new InputException("host " + h.name() + ": " + name + " is '" + Text.shown(s) + "'; jprov lock reads"
          + " values as written and cannot interpolate ${…}: pass it with -e " + name + "=…");
    }
    return s;
  }

  private static int count(Map<String, Map<String, LockFile.Entry>> m) {
    return m.values().stream().mapToInt(Map::size).sum();
  }

  private static void table(PrintStream out, List<String[]> rows) {
    List<String[]> all = new ArrayList<>();
    all.add(new String[] {"docker.version", "repository", "resolved", "docker-ce", "lock"});
    all.addAll(rows);
    int[] w = new int[5];
    for (String[] r : all) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (String[] r : all) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        sb.append(i == r.length - 1 ? r[i] : String.format("%-" + w[i] + "s  ", r[i]));
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  /** {@code docker-lock.yml} beside the inventory; with {@code --local} (no inventory) in the current directory. */
  static Path lockFile(CommonOptions common, boolean local) {
    if (local || common.inventory == null) {
      return Path.of(LockFile.NAME);
    }
    return Path.of(common.inventory).resolveSibling(LockFile.NAME);
  }

  /** The lock file as messages name it. */
  static String shown(Path lockFile) {
    return lockFile.toString();
  }

  /**
   * At the end of a run: writes the entries the run resolved from the mirror into the lock file (read
   * again, so that entries written meanwhile are kept), or in check mode says it would. A lock file that
   * cannot be written is a warning: the run's own outcome stands.
   */
  static void recordAdded(PrintStream out, MirrorLookup lookup, Path lockFile, String shown, boolean check) {
    Map<String, Map<String, LockFile.Entry>> added = lookup.added();
    if (added.isEmpty()) {
      return;
    }
    List<String> what = new ArrayList<>();
    added.forEach((v, m) -> m.forEach((k, e) -> what.add(v + " for " + k + " (docker-ce " + e.pins().values().iterator()
        .next() + ")")));
    if (check) {
      out.println(shown + ": would add " + String.join(", ", what) + " (check mode: not written)");
      return;
    }
    try {
      LockFile.read(lockFile, shown).with(added).write(lockFile, shown);
      out.println(shown + ": added " + String.join(", ", what) + "; commit it so every host gets these versions");
    } catch (JprovException e) {
      out.println("warning: " + Cli.oneLine(e.getMessage()) + "; the versions resolved are not recorded");
    }
  }
}
