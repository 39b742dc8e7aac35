package io.jprov.modules;

import io.jprov.util.Evr;
import io.jprov.facts.DockerFacts;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.RpmFacts;
import io.jprov.facts.RpmFacts.Rpm;
import io.jprov.facts.RpmFacts.RpmState;
import io.jprov.facts.VersionLockFacts;
import io.jprov.facts.VersionLockFacts.Lock;
import io.jprov.facts.VersionLockFacts.VersionLocks;
import io.jprov.platform.PackageManager;
import io.jprov.platform.RepoLookup;
import io.jprov.transport.CommandResult;
import io.jprov.transport.SafeDir;
import io.jprov.util.Sh;
import io.jprov.util.Text;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code package}: rpm packages (yum on EL7, dnf on EL8/EL9) present (optionally pinned) or absent,
 * a whole list in one step; apt hosts are planned by {@link AptPackages}.
 *
 * Arguments: {@code SPEC} below (docs/modules.md). A version is {@code V}, {@code V-R} or {@code
 * E:V-R}; only the parts given are compared with what rpm reports ({@link io.jprov.util.Evr#isPinnedBy}).
 *
 * <p>State comes from {@code rpm -q --qf} (with epochs). Installing runs {@code yum install -y}
 * for new and upgraded packages; a pinned package above its pin goes through {@code yum downgrade
 * -y} (yum install never downgrades). A pinned set changes all together or not at all:
 * <ul>
 *   <li>before anything is touched (check mode too), every pinned version that has to move is
 *       looked up in the enabled repositories ({@code yum --showduplicates list available}); a
 *       missing one fails the task naming it and the nearest available versions, nothing changed.
 *       When the repositories know none of the names (check mode before an earlier task adds the
 *       repository), the plan says the versions cannot be confirmed yet;
 *   <li>yum runs with {@code --setopt=skip_missing_names_on_install=0}, so a name yum does not
 *       find stops the whole transaction instead of being skipped (EL7's default skips it);
 *   <li>a set moving both down and up, or replacing installed packages ({@code replace}: names
 *       removed in the same transaction, e.g. the distro's docker that conflicts with docker-ce),
 *       runs as one {@code yum shell} transaction (remove, downgrade, install, run), so a failure
 *       leaves the old packages in place.
 * </ul>
 * The same command reads rpm before and after yum, so the outcome is judged from rpm, not from
 * yum's chatter or exit code, and a failure after something moved is reported with what moved.
 *
 * <p>On EL8/EL9 the same plan runs through dnf 4 ({@link RpmTool} holds every difference): {@code
 * dnf --setopt=strict=1} (dnf's own default, written out), {@code dnf downgrade}, {@code dnf -y
 * shell} for a transaction that removes and installs together (e.g. podman and runc, which
 * containerd.io conflicts with). dnf's shell carries on after a name it does not find and exits 0
 * whatever happened, so with {@code replace} every name to install is confirmed in the
 * repositories first ({@code dnf --showduplicates list available}) and the outcome comes from rpm
 * (with dnf's {@code Problem:} lines when it could not resolve).
 *
 * <p>Holds ({@code hold}) use the versionlock plugin (yum-plugin-versionlock on EL7,
 * python3-dnf-plugin-versionlock on EL8/EL9), its state read from the plugin's list file. true:
 * each package is locked at its installed version, or locks are added; a package that moves (up
 * or down) has its lock deleted, is installed and locked again in the same script (after a
 * failure: at what is installed then), judged from the list file after. false: the locks on the
 * packages are deleted. A missing plugin stops the script before anything changes, naming the
 * package to install. On EL7 the available versions are then listed with the plugin off (yum's
 * plugin hides every version but the locked one from {@code list}; dnf's does not).
 *
 * <p>Offline (docs/bundle.md): {@code from} (a directory on the host) with {@code files} (a mapping
 * {@code name: file relative to from}) installs those local RPM files instead of repository
 * packages, still one yum transaction and still judged by {@code rpm -q --qf}, with every
 * repository disabled and signature checking of local packages on ({@code --disablerepo='*'
 * --setopt=localpkg_gpgcheck=1}). {@code sha256} (file relative to from → sha256, the bundle
 * manifest's) is required with {@code from}: the same script, as root, first checks that {@code
 * from} is a directory only root controls ({@link SafeDir}) and that every file yum is given has
 * its sha256, so what yum installs is what was verified. {@code disable_repos: true} adds {@code --disablerepo='*'} to any
 * yum call (e.g. a removal on a host without network).
 */
public final class PackageModule implements TaskModule<PackageModule.Arguments> {
  /** yum stops instead of skipping a name it does not find (EL7 yum skips by default). */
  static final String STRICT = "--setopt=skip_missing_names_on_install=0";
  static final String BEFORE = "::jprov:rpm-before::";
  /** yum options of an offline install: no repository at all, signatures of local files checked. */
  static final String OFFLINE = "--disablerepo='*' --setopt=localpkg_gpgcheck=1";
  static final String AFTER = "::jprov:rpm-after::";
  /** Printed before the lock list that follows a change of holds. */
  static final String LOCKS_AFTER = "::jprov:locks-after::";
  /** Printed when the versionlock plugin is missing, before anything changed. */
  static final String NO_LOCK_PLUGIN = "::jprov:no-versionlock::";
  /** A pin: {@code V}, {@code V-R} or {@code E:V-R}. */
  private static final Pattern PIN = Pattern.compile("(\\d+:)?[A-Za-z0-9._+~^]+(-[A-Za-z0-9._+~^]+)?");

  /** {@code resolve}: the set's names, the mirror (folder holding linux/) and channel to resolve from. */
  private static final ArgType<Resolve> RESOLVE = ArgType.custom(
      "mapping with names (list), mirror (URL) and channel", v -> {
        if (!(v instanceof Map<?, ?> m)) {
          throw new ModuleArgsException("must be a mapping {names: [...], mirror: URL, channel: stable}, found "
              + io.jprov.util.Text.describe(v));
        }
        for (Object k : m.keySet()) {
          if (!List.of("names", "mirror", "channel").contains(String.valueOf(k))) {
            throw new ModuleArgsException("has an unknown key '" + Text.shown(String.valueOf(k))
                + "' (known: names, mirror, channel)");
          }
        }
        List<String> names;
        try {
          names = ArgType.listOf(ArgType.NAME).convert(m.get("names"));
        } catch (ModuleArgsException x) {
          throw new ModuleArgsException("key 'names' " + x.getMessage());
        }
        if (names.isEmpty()) {
          throw new ModuleArgsException("key 'names' lists no package");
        }
        Object mirror = m.get("mirror");
        String why = mirror == null ? "is missing" : io.jprov.util.HttpUrl.problem(String.valueOf(mirror).strip());
        if (why != null) {
          throw new ModuleArgsException("key 'mirror' " + (mirror == null ? why : "is not a valid URL: " + why));
        }
        Object channel = m.get("channel");
        return new Resolve(List.copyOf(names), String.valueOf(mirror).strip().replaceAll("/+$", ""),
            channel == null ? "stable" : String.valueOf(channel));
      });

  /** One version for every name, or a mapping of package name to version. */
  private static final ArgType<Version> VERSION = ArgType.custom(
      "version (V, V-R or E:V-R) for every name, or mapping of package name to version",
      v -> v instanceof Map<?, ?> ? new Version(null, pins(v)) : new Version(pin(v), null));

  /** Named sets of pins. */
  private static final ArgType<Map<String, Map<String, String>>> SETS = ArgType.custom(
      "mapping of set name to mapping of package name to version", v -> {
        if (!(v instanceof Map<?, ?> m)) {
          throw new ModuleArgsException("must be a mapping of set name to {package: version}, found " + io.jprov.util.Text.describe(v));
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String set = String.valueOf(e.getKey());
          try {
            out.put(set, pins(e.getValue()));
          } catch (ModuleArgsException x) {
            throw new ModuleArgsException("value of '" + Text.shown(set) + "' " + x.getMessage());
          }
        }
        return Collections.unmodifiableMap(out);
      });

  private static final ArgSpec SPEC = ArgSpec.of("package",
          "Packages are installed (optionally at pinned versions, a whole set together or not at all) or"
              + " absent: yum on EL7, dnf on EL8/EL9, apt on Debian/Ubuntu.")
      .optional("name", ArgType.listOf(ArgType.NAME),
          "The packages; optional when the pins name them ('version' as a mapping, or a version set).")
      .optional("state", ArgType.oneOf(List.of("present", "absent")), "present",
          "present installs what is missing or not at its pin; absent removes the installed ones.")
      .optional("version", VERSION,
          "Pins: one version for every name, or a mapping name: version; only the parts written (epoch,"
              + " release) are compared with what rpm reports.")
      .optional("version_set", ArgType.STRING,
          "Which of 'version_sets' to install (e.g. the docker.version); an unknown set is an error.")
      .optional("version_sets", SETS, "Named sets of pins (set name: {name: version}); goes with 'version_set'.")
      .optional("allow_downgrade", ArgType.BOOL, true,
          "Move a package above its pin down with yum downgrade; false fails the task instead.")
      .optional("replace", ArgType.listOf(ArgType.NAME),
          "Installed packages removed in the same yum transaction that installs the others (e.g. the"
              + " distribution's docker).")
      .optional("from", ArgType.HOST_DIR,
          "A directory on the host holding local RPM files to install instead of repository packages (no"
              + " repository used, signatures checked); needs 'files' and 'sha256'.")
      .optional("files", ArgType.mapOf(ArgType.RELATIVE_PATH), "With 'from': package name: its RPM file under 'from'.")
      .optional("sha256", ArgType.mapOf(ArgType.SHA256),
          "With 'from': file under 'from': sha256 (the bundle manifest's), checked as root right before yum.")
      .optional("disable_repos", ArgType.BOOL, false,
          "Run yum with every repository disabled (e.g. a removal on a host without network).")
      .optional("hold", ArgType.BOOL,
          "true: the packages are held at their installed versions (apt-mark hold, the versionlock plugin of"
              + " yum/dnf), and an up- or downgrade by this task releases and re-takes the hold in the same"
              + " run; false: holds on them are released; not set: holds are left alone.")
      .optional("resolve", RESOLVE,
          "When 'version_set' is not a key of 'version_sets' (or there are none): resolve that version (full"
              + " or a prefix such as 27.3) for the host's distribution on the controller from the Docker CE"
              + " repository's metadata under 'mirror', recorded in docker-lock.yml (docs/lock.md); 'names' is"
              + " the set, its first name the one whose version must match.")
      .optional("restart", DockerRestartModule.POLICY, "always",
          "What an upgrade, downgrade or removal of an installed package does while docker runs containers (the"
              + " packages' scripts restart docker on EL and Debian): always goes ahead; if-idle and never defer the"
              + " whole task (nothing changes, the next run finds the same drift) until no container runs"
              + " (docs/playbooks.md, \"No surprise restarts\").")
      .build();

  /** Whether the packages are wanted. */
  public enum State { PRESENT, ABSENT }

  /**
   * The parsed arguments.
   *
   * @param wanted package name → pinned version ({@code [E:]V[-R]}), or null for any version; in order
   * @param state present or absent
   * @param allowDowngrade whether a package above its pin is downgraded
   * @param disableRepos whether yum runs with every repository disabled
   * @param replace installed packages removed in the same transaction
   * @param from the host directory of local RPM files, or null (repository packages)
   * @param files with {@code from}: package name → its file relative to {@code from} (one for every wanted name)
   * @param sha256 with {@code from}: file relative to {@code from} → sha256 (one for every file)
   * @param hold true: hold the packages; false: release holds on them; null: leave holds alone
   * @param versionSet with {@code resolve}: the version to resolve on the controller (the pins in
   *     {@code wanted} are then null until resolved); else null
   * @param resolve where to resolve {@code versionSet} from, or null
   * @param restart if-idle, always or never: what a change of installed packages does while containers run
   */
  public record Arguments(Map<String, String> wanted, State state, boolean allowDowngrade, boolean disableRepos,
      List<String> replace, String from, Map<String, String> files, Map<String, String> sha256, Boolean hold,
      String versionSet, Resolve resolve, String restart) {}

  /**
   * {@code resolve}.
   *
   * @param names the set, the first the anchor ({@code docker-ce})
   * @param mirror the folder holding {@code linux/}, without trailing slashes
   * @param channel stable or test
   */
  public record Resolve(List<String> names, String mirror, String channel) {}

  /** {@code version}: one pin for every name, or a pin per name. */
  private record Version(String every, Map<String, String> byName) {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    State state = a.string("state").equals("absent") ? State.ABSENT : State.PRESENT;
    List<String> names = a.list("name");
    Version version = a.value("version");
    String set = a.string("version_set");
    Map<String, Map<String, String>> sets = a.map("version_sets");
    String from = a.string("from");
    List<String> replace = a.has("replace") ? a.list("replace") : List.of();
    Resolve resolve = a.value("resolve");
    if (set != null && sets == null && resolve == null) {
      throw a.error("'version_set' needs 'version_sets' or 'resolve'");
    }
    if (set == null && (sets != null || resolve != null)) {
      throw a.error("'version_sets' and 'resolve' go with 'version_set'");
    }
    if (resolve != null && set != null && (sets == null || !sets.containsKey(set))) {
      if (names != null || version != null) {
        throw a.error("'resolve' takes the names from its 'names'; drop 'name' and 'version'");
      }
      Map<String, String> pending = new LinkedHashMap<>();
      resolve.names().forEach(n -> pending.put(n, null));
      return new Arguments(Collections.unmodifiableMap(pending), state, a.bool("allow_downgrade"),
          a.bool("disable_repos"), replace, null, null, null, a.boolOrNull("hold"), set, resolve, a.string("restart"));
    }
    if (names == null && sets == null && (version == null || version.byName() == null)) {
      throw a.error("argument 'name' is required (or 'version_set' with 'version_sets', or a 'version' mapping)");
    }
    if (state == State.ABSENT && (version != null || set != null)) {
      throw a.error("a version makes no sense with state: absent");
    }
    if (state == State.ABSENT && Boolean.TRUE.equals(a.boolOrNull("hold"))) {
      throw a.error("'hold: true' makes no sense with state: absent (hold: false releases the holds)");
    }
    if (from != null && !a.has("files")) {
      throw a.error("'from' needs 'files' (package name: file under from)");
    }
    if (from != null && !a.has("sha256")) {
      throw a.error("'from' needs 'sha256' (file under from: sha256), checked as root right before yum");
    }
    if (from != null && state == State.ABSENT) {
      throw a.error("'from' makes no sense with state: absent");
    }
    if (!replace.isEmpty() && state == State.ABSENT) {
      throw a.error("'replace' makes no sense with state: absent");
    }
    Map<String, String> pins = null;
    if (sets != null) {
      pins = sets.get(set);
      if (pins == null) {
        throw a.error("version set '" + Text.shown(set) + "' is not known; known: " + String.join(", ", sets.keySet()));
      }
    } else if (version != null) {
      pins = version.byName();
    }
    List<String> list = names != null ? names : new ArrayList<>(pins.keySet());
    if (list.isEmpty()) {
      throw a.error("argument 'name' lists no package");
    }
    Map<String, String> wanted = new LinkedHashMap<>();
    for (String n : list) {
      wanted.put(n, version != null && version.every() != null ? version.every() : pins == null ? null : pins.get(n));
    }
    Map<String, String> files = from == null ? null : a.map("files");
    Map<String, String> sha256 = from == null ? null : a.map("sha256");
    if (from != null) {
      for (String n : wanted.keySet()) {
        String f = files.get(n);
        if (f == null) {
          throw a.error("'files' has no file for package " + n);
        }
        if (!sha256.containsKey(f)) {
          throw a.error("'sha256' has no sha256 for " + f + " (package " + n + ")");
        }
      }
      from = from.length() > 1 && from.endsWith("/") ? from.substring(0, from.length() - 1) : from;
    }
    return new Arguments(Collections.unmodifiableMap(wanted), state, a.bool("allow_downgrade"), a.bool("disable_repos"),
        replace, from, files, sha256, a.boolOrNull("hold"), null, null, a.string("restart"));
  }

  /** A pin as written: {@code V}, {@code V-R} or {@code E:V-R}, surrounding blanks dropped. */
  private static String pin(Object v) {
    if (v == null || v instanceof Map<?, ?> || v instanceof List<?>) {
      throw new ModuleArgsException("must be a version V, V-R or E:V-R, found " + io.jprov.util.Text.describe(v));
    }
    String s = ArgType.STRING.convert(v).strip();
    if (s.isEmpty() || s.length() > ArgType.MAX_NAME || !PIN.matcher(s).matches()) {
      throw new ModuleArgsException("is not a valid version (expected V, V-R or E:V-R): '" + Text.shown(s) + "'");
    }
    return s;
  }

  /** A mapping of package name to pin, each checked. */
  private static Map<String, String> pins(Object v) {
    if (!(v instanceof Map<?, ?> m)) {
      throw new ModuleArgsException("must be a mapping of package name to version, found " + io.jprov.util.Text.describe(v));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String name = String.valueOf(e.getKey());
      try {
        ArgType.NAME.convert(name);
      } catch (ModuleArgsException x) {
        throw new ModuleArgsException("key '" + Text.shown(name) + "' " + x.getMessage());
      }
      try {
        out.put(name, pin(e.getValue()));
      } catch (ModuleArgsException x) {
        throw new ModuleArgsException("value of '" + Text.shown(name) + "' " + x.getMessage());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** name → path on the host of its local package file (rpm or deb), for {@code from}/{@code files}. */
  static Map<String, String> files(Arguments a) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : a.wanted().keySet()) {
      out.put(n, (a.from().endsWith("/") ? a.from() : a.from() + "/") + a.files().get(n));
    }
    return out;
  }

  @Override
  public boolean factsNeedPlatform() {
    return true;
  }

  /** A {@code resolve}d version set gets its exact pins here, so interpret judges the versions installed. */
  @Override
  public Arguments prepare(Arguments a, TaskContext ctx) {
    try {
      return resolved(a, ctx);
    } catch (RepoLookup.LookupException e) {
      return a;
    }
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    try {
      // the engine prepares (resolves) once; a direct call (tests) resolves here
      a = resolved(a, ctx);
    } catch (RepoLookup.LookupException e) {
      // plan says why; the names alone decide these facts
    }
    List<Fact<?>> facts = new ArrayList<>();
    if (ctx != null && ctx.packageManager() == PackageManager.APT) {
      facts.addAll(AptPackages.facts(a, ctx));
    } else {
      facts.add(RpmFacts.query(queried(a)));
      if (a.hold() != null) {
        facts.add(VersionLockFacts.list(RpmTool.of(ctx).lockList()));
      }
    }
    if (!a.restart().equals("always")) {
      facts.add(DockerFacts.runningContainers());
    }
    return facts;
  }

  /** The names rpm is asked about: the wanted ones, then those to replace. */
  private static List<String> queried(Arguments a) {
    List<String> names = new ArrayList<>(a.wanted().keySet());
    for (String r : a.replace()) {
      if (!names.contains(r)) {
        names.add(r);
      }
    }
    return names;
  }

  /** With the rpm state known: the repository versions of the packages {@link #lookedUp} names. */
  @Override
  public List<Fact<?>> moreFacts(Arguments a, FactSet facts, TaskContext ctx) {
    try {
      a = resolved(a, ctx);
    } catch (RepoLookup.LookupException e) {
      // plan fails (or says the set is not resolved yet) with the lookup's message
    }
    if (ctx != null && ctx.packageManager() == PackageManager.APT) {
      return AptPackages.moreFacts(a, facts, ctx);
    }
    RpmTool tool = RpmTool.of(ctx);
    List<String> look = lookedUp(a, facts, tool);
    return look.isEmpty() ? List.of() : List.of(tool.available(look, a.hold() != null));
  }

  /**
   * The names looked up in the repositories before anything changes: pinned names not at their
   * pin; on dnf, when installed packages are replaced, also the unpinned names to install (dnf's
   * shell goes on after a name it does not find, so every name is confirmed first).
   */
  private static List<String> lookedUp(Arguments a, FactSet facts, RpmTool tool) {
    List<String> out = moving(a, facts);
    if (!tool.dnf() || out.isEmpty() && a.replace().isEmpty() || a.state() == State.ABSENT || a.from() != null
        || a.disableRepos()) {
      return out;
    }
    RpmState state = facts.get(RpmFacts.query(queried(a)));
    if (a.replace().stream().noneMatch(n -> !a.wanted().containsKey(n) && state.isInstalled(n))) {
      return out;
    }
    List<String> all = new ArrayList<>(out);
    for (Map.Entry<String, String> e : a.wanted().entrySet()) {
      if (e.getValue() == null && !state.isInstalled(e.getKey())) {
        all.add(e.getKey());
      }
    }
    return all;
  }

  /**
   * {@code a} with the set of {@code versionSet} resolved through the controller's lookup into pins
   * (docs/lock.md), or {@code a} itself when it has nothing to resolve.
   *
   * @throws RepoLookup.LookupException when the version cannot be resolved
   */
  static Arguments resolved(Arguments a, TaskContext ctx) {
    if (a.versionSet() == null || a.resolve() == null || ctx == null
        || a.wanted().values().stream().allMatch(java.util.Objects::nonNull)) {
      return a;
    }
    if (ctx.distro() == null) {
      throw new RepoLookup.LookupException("cannot resolve docker.version " + a.versionSet()
          + ": the host's platform is not one jprov supports (" + io.jprov.platform.Distros.describeSupported() + ")");
    }
    Resolve r = a.resolve();
    Map<String, String> pins = ctx.lookup().resolve(ctx.distro(), r.mirror(), r.channel(), a.versionSet(), r.names())
        .pins();
    Map<String, String> wanted = new LinkedHashMap<>();
    for (String n : a.wanted().keySet()) {
      wanted.put(n, pins.get(n));
    }
    return new Arguments(Collections.unmodifiableMap(wanted), a.state(), a.allowDowngrade(), a.disableRepos(),
        a.replace(), a.from(), a.files(), a.sha256(), a.hold(), a.versionSet(), a.resolve(), a.restart());
  }

  /** Pinned names not at their pin, when they come from repositories (not from local files). */
  private static List<String> moving(Arguments a, FactSet facts) {
    if (a.state() == State.ABSENT || a.from() != null || a.disableRepos()) {
      return List.of();
    }
    RpmState state = facts.get(RpmFacts.query(queried(a)));
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : a.wanted().entrySet()) {
      List<Rpm> have = state.installed().get(e.getKey());
      if (e.getValue() != null && (have == null || have.stream().noneMatch(r -> compare(r, e.getValue()) == 0))) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** A repository version or a pin, {@code [E:]V[-R]}, split into an {@link Rpm}; epoch and release null when not written. */
  private static Rpm splitEvr(String name, String evr) {
    Evr e = Evr.parse(evr);
    return new Rpm(name, e.epoch(), e.version(), e.release(), "");
  }

  /** The closest available versions below and above {@code pin}. */
  static List<String> nearest(String name, String pin, List<String> available) {
    return nearest(available, v -> compare(splitEvr(name, v), pin), (x, y) -> compare(splitEvr(name, x), y));
  }

  /**
   * The closest of {@code available} below and above a pin, for any package manager.
   *
   * @param vsPin a version compared with the pin (negative: below it)
   * @param order the package manager's order of two versions
   */
  static List<String> nearest(List<String> available, java.util.function.ToIntFunction<String> vsPin,
      java.util.Comparator<String> order) {
    String below = null;
    String above = null;
    for (String v : available) {
      int c = vsPin.applyAsInt(v);
      if (c < 0 && (below == null || order.compare(v, below) > 0)) {
        below = v;
      } else if (c > 0 && (above == null || order.compare(v, above) < 0)) {
        above = v;
      }
    }
    List<String> out = new ArrayList<>();
    if (below != null) {
      out.add(below);
    }
    if (above != null) {
      out.add(above);
    }
    return out;
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    try {
      a = resolved(a, ctx);
    } catch (RepoLookup.LookupException e) {
      if (e.pending()) {
        // check mode without the mirror: still show what would happen
        return Plan.change("install Docker " + a.versionSet() + " (" + String.join(", ", a.wanted().keySet())
            + "; the exact versions are not resolved yet: " + e.getMessage() + ")", List.of());
      }
      return Plan.fail(e.getMessage());
    }
    boolean apt = ctx != null && ctx.packageManager() == PackageManager.APT;
    Plan plan = apt ? AptPackages.plan(a, facts, ctx) : rpmPlan(a, facts, ctx);
    if (a.restart().equals("always") || plan.kind() != Plan.Kind.CHANGE) {
      return plan;
    }
    List<String> touched = apt ? AptPackages.touchedInstalled(a, facts) : touchedInstalled(a, facts);
    int running = facts.get(DockerFacts.runningContainers());
    if (touched.isEmpty() || running == 0) {
      return plan;
    }
    // the packages' scripts restart docker (EL: %systemd_postun_with_restart; Debian: the postinst), stopping
    // its containers: held back as a restart is, with nothing changed, so the next run sees the same drift
    return Plan.defer("upgrade deferred: " + (running < 0 ? "running containers unknown, docker ps did not answer"
        : running + " running container" + (running == 1 ? "" : "s")) + " (docker.restart: " + a.restart() + "); it would restart docker: "
        + plan.message(), List.of());
  }

  /**
   * The installed packages a plan would move (up- or downgrade, remove, replace): what makes the
   * package scripts restart a daemon. Pins and replaced names only; a new install touches nothing running.
   */
  private static List<String> touchedInstalled(Arguments a, FactSet facts) {
    RpmState state = facts.get(RpmFacts.query(queried(a)));
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : a.wanted().entrySet()) {
      List<Rpm> have = state.installed().get(e.getKey());
      if (have != null && (a.state() == State.ABSENT
          || e.getValue() != null && have.stream().noneMatch(r -> compare(r, e.getValue()) == 0))) {
        out.add(e.getKey());
      }
    }
    if (a.state() == State.PRESENT) {
      a.replace().stream().filter(n -> !a.wanted().containsKey(n) && state.isInstalled(n)).forEach(out::add);
    }
    return out;
  }

  private Plan rpmPlan(Arguments a, FactSet facts, TaskContext ctx) {
    RpmTool tool = RpmTool.of(ctx);
    Map<String, String> wanted = a.wanted();
    RpmState state = facts.get(RpmFacts.query(queried(a)));
    VersionLocks locks = a.hold() == null ? null : facts.get(VersionLockFacts.list(tool.lockList()));
    if (a.state() == State.ABSENT) {
      List<String> remove = wanted.keySet().stream().filter(state::isInstalled).toList();
      List<String> unlock = locks == null ? List.of() : wanted.keySet().stream().filter(n -> !locks.of(n).isEmpty()).toList();
      if (remove.isEmpty() && unlock.isEmpty()) {
        return Plan.ok("not installed: " + String.join(", ", wanted.keySet()));
      }
      String yum = tool.command() + (a.disableRepos() ? " --disablerepo='*' remove -y " : " remove -y ");
      String sh = remove.isEmpty() ? "" : yum + Sh.join(remove);
      String shown = remove.isEmpty() ? "" : yum + String.join(" ", remove);
      if (!unlock.isEmpty()) {
        // the holds go first: a lock left on a removed package would block its next install
        sh = tool.lock("delete", Sh.join(unlock)) + (sh.isEmpty() ? "" : " && " + sh);
        shown = tool.lock("delete", String.join(" ", unlock)) + (shown.isEmpty() ? "" : " && " + shown);
      }
      return Plan.change((remove.isEmpty() ? "" : "remove " + String.join(", ", remove))
          + (unlock.isEmpty() ? "" : (remove.isEmpty() ? "" : "; ") + "release the holds on " + String.join(", ", unlock)),
          List.of(new Command.Shell(sh, shown)));
    }
    boolean allowDowngrade = a.allowDowngrade();
    Map<String, String> local = a.from() != null ? files(a) : null;
    List<String> install = new ArrayList<>();
    List<String> downgrade = new ArrayList<>();
    List<String> changing = new ArrayList<>();
    List<String> what = new ArrayList<>();
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      String n = e.getKey();
      String pin = e.getValue();
      List<Rpm> have = state.installed().get(n);
      if (have == null) {
        install.add(local != null ? local.get(n) : spec(n, pin));
        changing.add(n);
        what.add("install " + n + (pin == null ? "" : " " + pin));
        continue;
      }
      if (pin == null || have.stream().anyMatch(r -> compare(r, pin) == 0)) {
        continue;
      }
      Rpm cur = have.get(0);
      if (compare(cur, pin) < 0) {
        install.add(local != null ? local.get(n) : spec(n, pin));
        what.add("upgrade " + n + " " + cur.evr() + " → " + pin);
      } else if (allowDowngrade) {
        downgrade.add(local != null ? local.get(n) : spec(n, pin));
        what.add("downgrade " + n + " " + cur.evr() + " → " + pin);
      } else {
        return Plan.fail(n + " " + cur.evr() + " is newer than the pinned " + pin + " and allow_downgrade is false");
      }
      changing.add(n);
    }
    List<String> remove = a.replace().stream().filter(n -> !wanted.containsKey(n) && state.isInstalled(n)).toList();
    // holds: a package that moves is released before and held again after the transaction
    List<String> unlock = new ArrayList<>();
    List<String> lock = new ArrayList<>();
    if (locks != null) {
      for (String n : wanted.keySet()) {
        boolean locked = !locks.of(n).isEmpty();
        if (a.hold() && (changing.contains(n) || !heldAt(locks, n, state.installed().get(n)))) {
          if (locked) {
            unlock.add(n);
          }
          lock.add(n);
        } else if (!a.hold() && locked) {
          unlock.add(n);
        }
      }
    }
    String holds = lock.isEmpty() ? unlock.isEmpty() ? "" : "release the holds on " + String.join(", ", unlock)
        : "hold " + String.join(", ", lock);
    if (install.isEmpty() && downgrade.isEmpty()) {
      String installed = "installed" + (wanted.values().stream().anyMatch(v -> v != null) ? " at the pinned versions" : "")
          + ": " + String.join(", ", wanted.keySet())
          + (remove.isEmpty() ? "" : " (" + String.join(", ", remove) + " still installed: nothing to replace them with)");
      if (holds.isEmpty()) {
        return Plan.ok(installed + (Boolean.TRUE.equals(a.hold()) ? "; held" : ""));
      }
      return holdOnly(tool, a, holds, unlock, lock);
    }
    String unconfirmed = "";
    List<String> looked = lookedUp(a, facts, tool);
    if (!looked.isEmpty()) {
      Map<String, List<String>> avail = facts.get(tool.available(looked, a.hold() != null));
      if (avail.isEmpty()) {
        unconfirmed = " (the pinned versions cannot be confirmed yet: the enabled repositories know none of "
            + String.join(", ", looked) + "; an earlier task may still add the repository)";
      } else {
        List<String> missing = new ArrayList<>();
        boolean unpinned = false;
        for (String n : looked) {
          String pin = wanted.get(n);
          List<String> versions = avail.getOrDefault(n, List.of());
          if (pin == null) {
            if (versions.isEmpty()) {
              missing.add(n + " (not in the enabled repositories at all)");
              unpinned = true;
            }
          } else if (versions.stream().noneMatch(v -> compare(splitEvr(n, v), pin) == 0)) {
            List<String> near = nearest(n, pin, versions);
            missing.add(n + " " + pin + (versions.isEmpty() ? " (not in the enabled repositories at all)"
                : " (nearest available: " + String.join(", ", near) + ")"));
          }
        }
        if (!missing.isEmpty()) {
          return Plan.fail((unpinned ? "packages are" : "pinned version" + (missing.size() == 1 ? " is" : "s are"))
              + " not in the enabled repositories: "
              + String.join("; ", missing) + "; nothing was changed (the set moves all together or not at all)");
        }
      }
    }
    for (String r : remove) {
      what.add("remove " + r);
    }
    if (!holds.isEmpty()) {
      what.add(holds);
    }
    String yum = local != null ? tool.command() + " " + OFFLINE + " "
        : a.disableRepos() ? tool.command() + " --disablerepo='*' " : tool.command() + " ";
    yum += tool.strict() + " ";
    List<String> names = queried(a);
    String rpmq = RpmFacts.command(new LinkedHashSet<>(names));
    StringBuilder script = new StringBuilder();
    if (local != null) {
      // as root, right before yum: the directory is still trusted and every file is the manifest's
      script.append(localChecks(a, local, install, downgrade));
    }
    if (!lock.isEmpty() || !unlock.isEmpty()) {
      script.append(pluginCheck(tool));
    }
    script.append("echo ").append(Sh.quote(BEFORE)).append('\n').append(rpmq).append('\n');
    script.append("rc=0\n");
    List<String> shownParts = new ArrayList<>();
    if (!unlock.isEmpty()) {
      script.append(tool.lock("delete", Sh.join(unlock))).append(" || rc=$?\n");
      shownParts.add(tool.lock("delete", String.join(" ", unlock)));
    }
    String shown;
    if (!remove.isEmpty() || (!downgrade.isEmpty() && !install.isEmpty())) {
      // one transaction: removal, downgrades and installs happen together or not at all
      List<String> lines = new ArrayList<>();
      if (!remove.isEmpty()) {
        lines.add("remove " + String.join(" ", remove));
      }
      if (!downgrade.isEmpty()) {
        lines.add("downgrade " + String.join(" ", downgrade));
      }
      if (!install.isEmpty()) {
        lines.add("install " + String.join(" ", install));
      }
      lines.add("run");
      script.append("printf '%s\\n'");
      for (String l : lines) {
        script.append(' ').append(Sh.quote(l));
      }
      script.append(" | ").append(yum).append("-y shell || rc=$?\n");
      shown = yum + "-y shell <<< '" + String.join("; ", lines) + "'";
    } else if (!downgrade.isEmpty()) {
      script.append(yum).append("downgrade -y ").append(Sh.join(downgrade)).append(" || rc=$?\n");
      shown = yum + "downgrade -y " + String.join(" ", downgrade);
    } else {
      script.append(yum).append("install -y ").append(Sh.join(install)).append(" || rc=$?\n");
      shown = yum + "install -y " + String.join(" ", install);
    }
    shownParts.add(shown);
    if (!lock.isEmpty()) {
      // whatever the transaction did: what is installed now is held (the old version after a failure)
      script.append(relock(tool, lock));
      shownParts.add(tool.lock("add", String.join(" ", lock)));
    }
    script.append("echo ").append(Sh.quote(AFTER)).append('\n');
    script.append(rpmq).append('\n');
    if (locks != null) {
      script.append(locksAfter(tool));
    }
    script.append("exit $rc");
    return Plan.change(String.join("; ", what) + unconfirmed,
        List.of(new Command.Shell(script.toString(), String.join("; ", shownParts))));
  }

  /** Whether {@code name}'s lock entries are exactly its installed versions (epoch 0 = none). */
  private static boolean heldAt(VersionLocks locks, String name, List<Rpm> installed) {
    List<Lock> entries = locks.of(name);
    if (installed == null || entries.isEmpty()) {
      return false;
    }
    for (Lock l : entries) {
      if (installed.stream().noneMatch(r -> lockEvr(l).compareTo(rpmEvr(r)) == 0)) {
        return false;
      }
    }
    return installed.stream().allMatch(r -> entries.stream().anyMatch(l -> lockEvr(l).compareTo(rpmEvr(r)) == 0));
  }

  private static Evr lockEvr(Lock l) {
    return Evr.of(l.epoch(), l.version(), l.release());
  }

  private static Evr rpmEvr(Rpm r) {
    return Evr.of(r.epoch(), r.version(), r.release());
  }

  /** Holds taken or released with nothing to install: one script, judged from the list file after. */
  private static Plan holdOnly(RpmTool tool, Arguments a, String message, List<String> unlock, List<String> lock) {
    StringBuilder script = new StringBuilder(pluginCheck(tool)).append("rc=0\n");
    List<String> shown = new ArrayList<>();
    if (!unlock.isEmpty()) {
      script.append(tool.lock("delete", Sh.join(unlock))).append(" || rc=$?\n");
      shown.add(tool.lock("delete", String.join(" ", unlock)));
    }
    if (!lock.isEmpty()) {
      script.append(tool.lock("add", Sh.join(lock))).append(" || rc=$?\n");
      shown.add(tool.lock("add", String.join(" ", lock)));
    }
    script.append("echo ").append(Sh.quote(AFTER)).append('\n');
    script.append(RpmFacts.command(new LinkedHashSet<>(queried(a)))).append('\n');
    script.append(locksAfter(tool)).append("exit $rc");
    return Plan.change(message, List.of(new Command.Shell(script.toString(), String.join("; ", shown))));
  }

  /** Stops the script before anything changes when the versionlock plugin is not installed. */
  private static String pluginCheck(RpmTool tool) {
    return "[ -f " + Sh.quote(tool.lockConf()) + " ] || { echo " + Sh.quote(NO_LOCK_PLUGIN) + "; exit 1; }\n";
  }

  /** Holds the names that are installed now (at whatever version the transaction left). */
  private static String relock(RpmTool tool, List<String> names) {
    return "held=''; for n in " + Sh.join(names) + "; do if rpm -q --quiet \"$n\"; then held=\"$held $n\"; fi; done\n"
        + "if [ -n \"$held\" ]; then " + tool.lock("add", "$held") + " || rc=$?; fi\n";
  }

  /** The lock list after the change, for {@link #interpret} to judge the holds from. */
  private static String locksAfter(RpmTool tool) {
    return "echo " + Sh.quote(LOCKS_AFTER) + "\ncat " + Sh.quote(tool.lockList()) + " 2>/dev/null\n";
  }

  /**
   * The as-root checks before an offline yum: {@code from} still trusted, every file it is given
   * has the manifest's sha256 ({@link #parse} made sure every file has one).
   */
  static String localChecks(Arguments a, Map<String, String> local, List<String> install,
      List<String> downgrade) {
    StringBuilder out = new StringBuilder(SafeDir.require(a.from()));
    for (Map.Entry<String, String> e : local.entrySet()) {
      String path = e.getValue();
      if (!install.contains(path) && !downgrade.contains(path)) {
        continue;
      }
      out.append(BundleUploadModule.checkSha256(path, a.sha256().get(a.files().get(e.getKey()))));
    }
    return out.toString();
  }

  /** yum's {@code name-version[-release]} form; the epoch is left out (yum's documented forms
   * without an arch have none) and checked through rpm afterwards. */
  static String spec(String name, String pin) {
    if (pin == null) {
      return name;
    }
    int colon = pin.indexOf(':');
    return name + "-" + (colon >= 0 ? pin.substring(colon + 1) : pin);
  }

  /** Installed vs pin, comparing only what the pin states ({@link Evr#compareToSpec}). */
  static int compare(Rpm have, String pin) {
    return Evr.of(have.epoch(), have.version(), have.release()).compareToSpec(Evr.parse(pin));
  }

  @Override
  public Outcome interpret(Arguments a, Plan plan, List<CommandResult> results) {
    if (AptPackages.planned(plan)) {
      return AptPackages.interpret(a, plan, results);
    }
    if (results.isEmpty()) {
      return Outcomes.standard(plan, results);
    }
    String refused = BundleUploadModule.refusal(results);
    if (refused != null) {
      return Outcome.failed(refused);
    }
    RpmTool tool = tool(plan);
    CommandResult r = results.get(results.size() - 1);
    String all = r.stdout() + "\n" + r.stderr();
    Map<String, String> wanted = a.wanted();
    String out = r.stdout();
    int lk = out.lastIndexOf(LOCKS_AFTER);
    VersionLocks locksAfter = lk >= 0 ? VersionLockFacts.parse(out.substring(lk + LOCKS_AFTER.length())) : null;
    if (lk >= 0) {
      out = out.substring(0, lk);
    }
    int before = out.indexOf(BEFORE);
    int at = out.lastIndexOf(AFTER);
    RpmState after = at >= 0 ? RpmFacts.parse(out.substring(at + AFTER.length())) : null;
    String moved = "";
    if (before >= 0 && at > before && after != null) {
      moved = moved(RpmFacts.parse(out.substring(before + BEFORE.length(), at)), after, queried(a));
    }
    String failure = all.contains(NO_LOCK_PLUGIN) || tool.noLockCommand(all)
        ? "hold needs the versionlock plugin, which is not installed (or disabled): install " + tool.lockPackage()
            + " first (the playbook installs it with the prerequisites)"
        : failure(tool, r, all, wanted, plan);
    if (failure == null && after != null && plan.kind() == Plan.Kind.CHANGE) {
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, String> e : wanted.entrySet()) {
        List<Rpm> have = after.installed().get(e.getKey());
        if (have == null) {
          wrong.add(e.getKey() + " is still not installed");
        } else if (e.getValue() != null && have.stream().noneMatch(x -> compare(x, e.getValue()) == 0)) {
          wrong.add(e.getKey() + " is " + have.get(0).evr() + ", not " + e.getValue());
        }
      }
      if (!wrong.isEmpty()) {
        // dnf's shell exits 0 whatever happened: its dependency problems say why
        String deps = tool.dnf() ? tool.dependencyProblems(all) : null;
        failure = deps != null ? deps : tool.command() + " finished but " + String.join("; ", wrong);
      }
    }
    if (failure == null && a.hold() != null && locksAfter != null && after != null) {
      List<String> wrong = new ArrayList<>();
      for (String n : wanted.keySet()) {
        if (a.hold() && !heldAt(locksAfter, n, after.installed().get(n))) {
          wrong.add(n + " is not held at its installed version");
        } else if (!a.hold() && !locksAfter.of(n).isEmpty()) {
          wrong.add(n + " is still held (" + locksAfter.of(n).get(0).entry() + ")");
        }
      }
      if (!wrong.isEmpty()) {
        failure = tool.command() + " versionlock: " + String.join("; ", wrong) + " (" + tool.lockList() + ")"
            + (r.ok() ? "" : ": exit " + r.exitCode()
                + (r.stderr().isBlank() ? "" : ": " + Outcomes.errorText(new CommandResult(r.exitCode(), "", r.stderr(), 0))));
      }
    }
    if (failure == null) {
      return Outcome.changed(plan.message());
    }
    return moved.isEmpty() ? Outcome.failed(failure + "; nothing was changed")
        : Outcome.failedWithChanges(failure + "; changed before the failure: " + moved);
  }

  /** The tool a plan was made for: its command line starts with dnf (EL8/EL9) or yum. */
  private static RpmTool tool(Plan plan) {
    return plan.commands().stream().anyMatch(c -> c instanceof Command.Shell sh && sh.description().startsWith("dnf "))
        ? RpmTool.DNF : RpmTool.YUM;
  }

  /** Why yum or dnf failed, from its exit code and output; null when it did not. */
  private static String failure(RpmTool tool, CommandResult r, String all, Map<String, String> wanted, Plan plan) {
    String spec = tool.notAvailable(all);
    if (spec != null) {
      return "package " + named(spec, wanted) + " is not in the enabled repositories (" + tool.command() + ": "
          + tool.notAvailableText(spec) + ")";
    }
    String excluded = tool.excluded(all);
    if (excluded != null) {
      return "package " + named(excluded, wanted) + " is excluded on the host, by a versionlock or an exclude="
          + " setting (dnf: All matches were filtered out by exclude filtering for argument: " + excluded
          + "); with hold: true jprov releases and re-takes its holds around a move";
    }
    if (r.ok()) {
      return null;
    }
    String repo = tool.repoFailure(all);
    if (repo != null) {
      return repo;
    }
    String deps = tool.dependencyProblems(all);
    if (deps != null) {
      return deps;
    }
    // the rpm lists around yum are ours, not yum's error
    String err = r.stderr().isBlank() ? "" : Outcomes.errorText(new CommandResult(r.exitCode(), "", r.stderr(), 0));
    return plan.commands().get(0).describe() + ": exit " + r.exitCode() + (err.isEmpty() ? "" : ": " + err);
  }
  /** {@code name (version pin)} of the wanted package a yum/dnf spec names; the spec itself when none. */
  private static String named(String spec, Map<String, String> wanted) {
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      if (spec.equals(spec(e.getKey(), e.getValue()))) {
        return e.getKey() + (e.getValue() == null ? "" : " (version " + e.getValue() + ")");
      }
    }
    return spec;
  }

  /** What moved between two rpm states of {@code names}: "name old → new", "name removed", ... */
  static String moved(RpmState before, RpmState after, List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      List<Rpm> b = before.installed().get(n);
      List<Rpm> x = after.installed().get(n);
      String was = b == null ? null : String.join(",", b.stream().map(Rpm::evr).toList());
      String now = x == null ? null : String.join(",", x.stream().map(Rpm::evr).toList());
      if (java.util.Objects.equals(was, now)) {
        continue;
      }
      out.add(was == null ? n + " installed " + now : now == null ? n + " " + was + " removed" : n + " " + was + " → " + now);
    }
    return String.join(", ", out);
  }
}
