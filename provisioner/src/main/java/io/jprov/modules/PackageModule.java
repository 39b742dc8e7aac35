package io.jprov.modules;

import io.jprov.util.Evr;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.RpmFacts;
import io.jprov.facts.RpmFacts.Rpm;
import io.jprov.facts.RpmFacts.RpmState;
import io.jprov.facts.YumFacts;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code package}: yum packages present (optionally pinned) or absent, a whole list in one step.
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
  private static final Pattern NOT_AVAILABLE = Pattern.compile("No package (\\S+) available\\.");
  static final String AFTER = "::jprov:rpm-after::";
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
          "yum packages are installed (optionally at pinned versions, a whole set together or not at all) or"
              + " absent.")
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
   */
  public record Arguments(Map<String, String> wanted, State state, boolean allowDowngrade, boolean disableRepos,
      List<String> replace, String from, Map<String, String> files, Map<String, String> sha256, Boolean hold,
      String versionSet, Resolve resolve) {}

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
          a.bool("disable_repos"), replace, null, null, null, a.boolOrNull("hold"), set, resolve);
    }
    if (names == null && sets == null && (version == null || version.byName() == null)) {
      throw a.error("argument 'name' is required (or 'version_set' with 'version_sets', or a 'version' mapping)");
    }
    if (state == State.ABSENT && (version != null || set != null)) {
      throw a.error("a version makes no sense with state: absent");
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
        replace, from, files, sha256, a.boolOrNull("hold"), null, null);
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

  /** name → path on the host of its local RPM file, for {@code from}/{@code files}. */
  private static Map<String, String> files(Arguments a) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : a.wanted().keySet()) {
      out.put(n, (a.from().endsWith("/") ? a.from() : a.from() + "/") + a.files().get(n));
    }
    return out;
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    try {
      // every back end sees the resolved pins in facts, moreFacts and plan; interpret has no context and
      // gets the names without pins (the planned commands name the exact versions)
      a = resolved(a, ctx);
    } catch (RepoLookup.LookupException e) {
      // plan says why; the names alone decide these facts
    }
    if (ctx != null && ctx.packageManager() == PackageManager.APT) {
      return AptPackages.facts(a, ctx);
    }
    return List.of(RpmFacts.query(queried(a)));
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

  /** With the rpm state known: the repository versions of the pinned packages that have to move. */
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
    List<String> moving = moving(a, facts);
    return moving.isEmpty() ? List.of() : List.of(YumFacts.available(moving));
  }

  /**
   * {@code a} with the set of {@code versionSet} resolved through the controller's lookup into pins
   * (docs/lock.md), or {@code a} itself when it has nothing to resolve.
   *
   * @throws RepoLookup.LookupException when the version cannot be resolved
   */
  static Arguments resolved(Arguments a, TaskContext ctx) {
    if (a.versionSet() == null || a.resolve() == null || ctx == null) {
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
        a.replace(), a.from(), a.files(), a.sha256(), a.hold(), a.versionSet(), a.resolve());
  }

  /** Pinned names not at their pin, when they come from repositories (not from local files). */
  private List<String> moving(Arguments a, FactSet facts) {
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
    String below = null;
    String above = null;
    for (String v : available) {
      int c = compare(splitEvr(name, v), pin);
      if (c < 0 && (below == null || compare(splitEvr(name, v), below) > 0)) {
        below = v;
      } else if (c > 0 && (above == null || compare(splitEvr(name, v), above) < 0)) {
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
    if (ctx != null && ctx.packageManager() == PackageManager.APT) {
      return AptPackages.plan(a, facts, ctx);
    }
    Map<String, String> wanted = a.wanted();
    RpmState state = facts.get(RpmFacts.query(queried(a)));
    if (a.state() == State.ABSENT) {
      List<String> remove = wanted.keySet().stream().filter(state::isInstalled).toList();
      if (remove.isEmpty()) {
        return Plan.ok("not installed: " + String.join(", ", wanted.keySet()));
      }
      String yum = a.disableRepos() ? "yum --disablerepo='*' remove -y " : "yum remove -y ";
      return Plan.change("remove " + String.join(", ", remove),
          List.of(new Command.Shell(yum + Sh.join(remove), yum + String.join(" ", remove))));
    }
    boolean allowDowngrade = a.allowDowngrade();
    Map<String, String> local = a.from() != null ? files(a) : null;
    List<String> install = new ArrayList<>();
    List<String> downgrade = new ArrayList<>();
    List<String> what = new ArrayList<>();
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      String n = e.getKey();
      String pin = e.getValue();
      List<Rpm> have = state.installed().get(n);
      if (have == null) {
        install.add(local != null ? local.get(n) : spec(n, pin));
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
    }
    List<String> remove = a.replace().stream().filter(n -> !wanted.containsKey(n) && state.isInstalled(n)).toList();
    if (install.isEmpty() && downgrade.isEmpty()) {
      return Plan.ok("installed" + (wanted.values().stream().anyMatch(v -> v != null) ? " at the pinned versions" : "")
          + ": " + String.join(", ", wanted.keySet())
          + (remove.isEmpty() ? "" : " (" + String.join(", ", remove) + " still installed: nothing to replace them with)"));
    }
    String unconfirmed = "";
    List<String> moving = moving(a, facts);
    if (!moving.isEmpty()) {
      Map<String, List<String>> avail = facts.get(YumFacts.available(moving));
      if (avail.isEmpty()) {
        unconfirmed = " (the pinned versions cannot be confirmed yet: the enabled repositories know none of "
            + String.join(", ", moving) + "; an earlier task may still add the repository)";
      } else {
        List<String> missing = new ArrayList<>();
        for (String n : moving) {
          String pin = wanted.get(n);
          List<String> versions = avail.getOrDefault(n, List.of());
          if (versions.stream().noneMatch(v -> compare(splitEvr(n, v), pin) == 0)) {
            List<String> near = nearest(n, pin, versions);
            missing.add(n + " " + pin + (versions.isEmpty() ? " (not in the enabled repositories at all)"
                : " (nearest available: " + String.join(", ", near) + ")"));
          }
        }
        if (!missing.isEmpty()) {
          return Plan.fail("pinned version" + (missing.size() == 1 ? " is" : "s are") + " not in the enabled repositories: "
              + String.join("; ", missing) + "; nothing was changed (the set moves all together or not at all)");
        }
      }
    }
    for (String r : remove) {
      what.add("remove " + r);
    }
    String yum = local != null ? "yum " + OFFLINE + " "
        : a.disableRepos() ? "yum --disablerepo='*' " : "yum ";
    yum += STRICT + " ";
    List<String> names = queried(a);
    String rpmq = RpmFacts.command(new LinkedHashSet<>(names));
    StringBuilder script = new StringBuilder();
    if (local != null) {
      // as root, right before yum: the directory is still trusted and every file is the manifest's
      script.append(localChecks(a, local, install, downgrade));
    }
    script.append("echo ").append(Sh.quote(BEFORE)).append('\n').append(rpmq).append('\n');
    script.append("rc=0\n");
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
    script.append("echo ").append(Sh.quote(AFTER)).append('\n');
    script.append(rpmq).append('\n');
    script.append("exit $rc");
    return Plan.change(String.join("; ", what) + unconfirmed, List.of(new Command.Shell(script.toString(), shown)));
  }

  /**
   * The as-root checks before an offline yum: {@code from} still trusted, every file it is given
   * has the manifest's sha256 ({@link #parse} made sure every file has one).
   */
  private static String localChecks(Arguments a, Map<String, String> local, List<String> install,
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
    CommandResult r = results.get(results.size() - 1);
    String all = r.stdout() + "\n" + r.stderr();
    Map<String, String> wanted = a.wanted();
    int before = r.stdout().indexOf(BEFORE);
    int at = r.stdout().lastIndexOf(AFTER);
    RpmState after = at >= 0 ? RpmFacts.parse(r.stdout().substring(at + AFTER.length())) : null;
    String moved = "";
    if (before >= 0 && at > before && after != null) {
      moved = moved(RpmFacts.parse(r.stdout().substring(before + BEFORE.length(), at)), after, queried(a));
    }
    String failure = failure(r, all, wanted, plan);
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
        failure = "yum finished but " + String.join("; ", wrong);
      }
    }
    if (failure == null) {
      return Outcome.changed(plan.message());
    }
    return moved.isEmpty() ? Outcome.failed(failure + "; nothing was changed")
        : Outcome.failedWithChanges(failure + "; changed before the failure: " + moved);
  }

  /** Why yum failed, from its exit code and output; null when it did not. */
  private static String failure(CommandResult r, String all, Map<String, String> wanted, Plan plan) {
    Matcher m = NOT_AVAILABLE.matcher(all);
    if (m.find()) {
      String spec = m.group(1);
      String pkg = spec;
      String ver = null;
      for (Map.Entry<String, String> e : wanted.entrySet()) {
        if (spec.equals(spec(e.getKey(), e.getValue()))) {
          pkg = e.getKey();
          ver = e.getValue();
        }
      }
      return "package " + pkg + (ver == null ? "" : " (version " + ver + ")")
          + " is not in the enabled repositories (yum: No package " + spec + " available.)";
    }
    if (r.ok()) {
      return null;
    }
    String repo = Outcomes.yumFailure(all);
    if (repo != null && repo.startsWith("yum cannot read repository")) {
      return repo;
    }
    List<String> requires = new ArrayList<>();
    for (String line : all.split("\n")) {
      String l = line.strip();
      if (l.startsWith("Error: Package:") || l.startsWith("Requires:") || l.startsWith("Removing:")
          || l.startsWith("Available:") || l.startsWith("Installed:")) {
        requires.add(l);
      }
    }
    if (requires.stream().anyMatch(l -> l.startsWith("Requires:"))) {
      return "yum cannot resolve dependencies: " + String.join(" | ", requires.subList(0, Math.min(12, requires.size())));
    }
    // the rpm lists around yum are ours, not yum's error
    String err = r.stderr().isBlank() ? "" : Outcomes.errorText(new CommandResult(r.exitCode(), "", r.stderr(), 0));
    return plan.commands().get(0).describe() + ": exit " + r.exitCode() + (err.isEmpty() ? "" : ": " + err);
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
