package io.jprov.modules;

import io.jprov.util.Evr;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.RpmFacts;
import io.jprov.facts.RpmFacts.Rpm;
import io.jprov.facts.RpmFacts.RpmState;
import io.jprov.transport.CommandResult;
import io.jprov.transport.SafeDir;
import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code package}: yum packages present (optionally pinned) or absent, a whole list in one step.
 *
 * <p>Arguments: {@code name} (string or list; optional when a version set is given: the set's
 * names), {@code state} ({@code present} | {@code absent}), {@code version} (a string pinning every
 * name, or a mapping {@code name: version}), {@code version_set} + {@code version_sets} (pick the
 * mapping {@code version_sets[version_set]}; an unknown set is an error listing the known ones),
 * {@code allow_downgrade} (default true). A version is {@code V}, {@code V-R} or {@code E:V-R}; only
 * the parts given are compared with what rpm reports.
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
 * <p>Offline (SPEC §9): {@code from} (a directory on the host) with {@code files} (a mapping
 * {@code name: file relative to from}) installs those local RPM files instead of repository
 * packages, still one yum transaction and still judged by {@code rpm -q --qf}, with every
 * repository disabled and signature checking of local packages on ({@code --disablerepo='*'
 * --setopt=localpkg_gpgcheck=1}). {@code sha256} (file relative to from → sha256, the bundle
 * manifest's) is required with {@code from}: the same script, as root, first checks that {@code
 * from} is a directory only root controls ({@link SafeDir}) and that every file yum is given has
 * its sha256, so what yum installs is what was verified. {@code disable_repos: true} adds {@code --disablerepo='*'} to any
 * yum call (e.g. a removal on a host without network).
 */
public final class PackageModule implements Module {
  private static final List<String> ARGS =
      List.of("name", "state", "version", "version_set", "version_sets", "allow_downgrade", "from", "files",
          "sha256", "disable_repos", "replace");
  /** yum stops instead of skipping a name it does not find (EL7 yum skips by default). */
  static final String STRICT = "--setopt=skip_missing_names_on_install=0";
  static final String BEFORE = "::jprov:rpm-before::";
  private static final Pattern ARCH = Pattern.compile("x86_64|noarch|i686|i386|aarch64|ppc64le|s390x");
  private static final Pattern EVR = Pattern.compile("(\\d+:)?[A-Za-z0-9._+~^]+-[A-Za-z0-9._+~^]+");
  /** yum options of an offline install: no repository at all, signatures of local files checked. */
  static final String OFFLINE = "--disablerepo='*' --setopt=localpkg_gpgcheck=1";
  private static final Pattern NOT_AVAILABLE = Pattern.compile("No package (\\S+) available\\.");
  static final String AFTER = "::jprov:rpm-after::";

  @Override
  public String name() {
    return "package";
  }

  @Override
  public void validate(Map<String, Object> args) {
    DockerArgs a = new DockerArgs(name(), args);
    a.known(ARGS);
    if (!a.has("name") && !a.has("version_sets") && !a.has("version")) {
      throw a.error("argument 'name' is required (or 'version_set' with 'version_sets', or a 'version' mapping)");
    }
    String state = a.oneOf("state", "present", List.of("present", "absent"));
    if (a.has("version_set") != a.has("version_sets")) {
      throw a.error("'version_set' and 'version_sets' go together");
    }
    if (state.equals("absent") && (a.has("version") || a.has("version_set"))) {
      throw a.error("a version makes no sense with state: absent");
    }
    a.bool("allow_downgrade", true);
    a.bool("disable_repos", false);
    if (a.has("from") && !a.has("files")) {
      throw a.error("'from' needs 'files' (package name: file under from)");
    }
    if (a.has("from") && !a.has("sha256")) {
      throw a.error("'from' needs 'sha256' (file under from: sha256), checked as root right before yum");
    }
    if (a.has("from") && state.equals("absent")) {
      throw a.error("'from' makes no sense with state: absent");
    }
    if (a.has("name") && !DockerArgs.templated(a.raw("name"))) {
      for (String n : a.stringList("name")) {
        DockerArgs.checkName(a, "package name", n, DockerArgs.NAME);
      }
    }
    if (a.has("replace")) {
      if (state.equals("absent")) {
        throw a.error("'replace' makes no sense with state: absent");
      }
      if (!DockerArgs.templated(a.raw("replace"))) {
        for (String n : a.stringList("replace")) {
          DockerArgs.checkName(a, "package name", n, DockerArgs.NAME);
        }
      }
    }
  }

  private static List<String> replace(DockerArgs a) {
    return a.has("replace") ? a.stringList("replace") : List.of();
  }

  @Override
  public void preflight(Map<String, Object> args) {
    validate(args);
    DockerArgs a = new DockerArgs(name(), args);
    Map<String, String> wanted = wanted(a);
    if (a.has("from")) {
      files(a, wanted);
    }
  }

  /** name → path on the host of its local RPM file, for {@code from}/{@code files}. */
  private static Map<String, String> files(DockerArgs a, Map<String, String> wanted) {
    String from = a.string("from", "");
    try {
      Args.checkHostDirectory("from", from);
    } catch (ModuleArgsException e) {
      throw a.error("'from' must be an absolute directory on the host: " + e.getMessage());
    }
    Map<String, String> files = a.stringMap("files");
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : wanted.keySet()) {
      String f = files.get(n);
      if (f == null || f.isBlank()) {
        throw a.error("'files' has no file for package " + n);
      }
      if (f.startsWith("/") || f.startsWith("-") || f.contains("..") || io.jprov.util.Text.hasControl(f)) {
        throw a.error("file '" + io.jprov.util.Text.shown(f) + "' of " + n + " must be relative to 'from'"
            + " (no '..', no control characters)");
      }
      out.put(n, (from.endsWith("/") ? from : from + "/") + f);
    }
    return out;
  }

  /** Desired packages: name → pinned version, or null for "any version". */
  Map<String, String> wanted(DockerArgs a) {
    Map<String, String> pins = null;
    if (a.has("version_sets")) {
      String set = a.string("version_set", "");
      Map<String, Object> sets = sets(a);
      Object chosen = sets.get(set);
      if (!(chosen instanceof Map<?, ?>)) {
        throw a.error("version set '" + io.jprov.util.Text.shown(set) + "' is not known; known: "
            + String.join(", ", sets.keySet()));
      }
      pins = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) chosen).entrySet()) {
        pins.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
      }
    } else if (a.raw("version") instanceof Map) {
      pins = a.stringMap("version");
    }
    List<String> names = a.has("name") ? a.stringList("name") : new ArrayList<>(pins.keySet());
    if (names.isEmpty()) {
      throw a.error("argument 'name' lists no package");
    }
    String single = a.has("version") && !(a.raw("version") instanceof Map) ? a.string("version", null) : null;
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : names) {
      DockerArgs.checkName(a, "package name", n, DockerArgs.NAME);
      String v = single != null ? single : pins == null ? null : pins.get(n);
      if (v != null) {
        v = v.strip();
        if (v.isEmpty() || v.length() > DockerArgs.MAX_NAME || !v.matches("(\\d+:)?[A-Za-z0-9._+~^]+(-[A-Za-z0-9._+~^]+)?")) {
          throw a.error("invalid version '" + io.jprov.util.Text.shown(v) + "' for " + n + " (expected V, V-R or E:V-R)");
        }
      }
      out.put(n, v);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sets(DockerArgs a) {
    Object v = a.raw("version_sets");
    if (!(v instanceof Map)) {
      throw a.error("argument 'version_sets' must be a mapping of set name to {package: version}");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    ((Map<Object, Object>) v).forEach((k, val) -> out.put(String.valueOf(k), val));
    return out;
  }

  @Override
  public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
    DockerArgs a = new DockerArgs(name(), args);
    return List.of(RpmFacts.query(queried(a, wanted(a))));
  }

  /** The names rpm is asked about: the wanted ones, then those to replace. */
  private static List<String> queried(DockerArgs a, Map<String, String> wanted) {
    List<String> names = new ArrayList<>(wanted.keySet());
    for (String r : replace(a)) {
      if (!names.contains(r)) {
        names.add(r);
      }
    }
    return names;
  }

  /** With the rpm state known: the repository versions of the pinned packages that have to move. */
  @Override
  public List<Fact<?>> moreFacts(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    DockerArgs a = new DockerArgs(name(), args);
    List<String> moving = moving(a, facts);
    return moving.isEmpty() ? List.of() : List.of(available(moving));
  }

  /** Pinned names not at their pin, when they come from repositories (not from local files). */
  private List<String> moving(DockerArgs a, FactSet facts) {
    if (a.string("state", "present").equals("absent") || a.has("from") || a.bool("disable_repos", false)) {
      return List.of();
    }
    Map<String, String> wanted = wanted(a);
    RpmState state = facts.get(RpmFacts.query(queried(a, wanted)));
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      List<Rpm> have = state.installed().get(e.getKey());
      if (e.getValue() != null && (have == null || have.stream().noneMatch(r -> compare(r, e.getValue()) == 0))) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /**
   * The versions of {@code names} in the enabled repositories, name → [E:]V-R list (empty map when
   * yum knows none of them, e.g. the repository is not configured yet). Read with {@code yum -q
   * --showduplicates list available}, whose lines are {@code name.arch [E:]V-R repo} (a long name
   * wraps the rest onto the next line, so the output is read as a stream of words).
   */
  static Fact<Map<String, List<String>>> available(List<String> names) {
    Set<String> sorted = new java.util.TreeSet<>(names);
    return new Fact<>("yum-available:" + String.join(",", sorted),
        "yum -q --showduplicates list available " + Sh.join(sorted) + " 2>&1",
        o -> parseAvailable(o.output(), sorted));
  }

  static Map<String, List<String>> parseAvailable(String output, Set<String> names) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String[] words = output.strip().split("\\s+");
    for (int i = 0; i + 1 < words.length; i++) {
      String w = words[i];
      int dot = w.lastIndexOf('.');
      if (dot <= 0 || !names.contains(w.substring(0, dot)) || !ARCH.matcher(w.substring(dot + 1)).matches()
          || !EVR.matcher(words[i + 1]).matches()) {
        continue;
      }
      List<String> versions = out.computeIfAbsent(w.substring(0, dot), k -> new ArrayList<>());
      if (!versions.contains(words[i + 1])) {
        versions.add(words[i + 1]);
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
  public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    DockerArgs a = new DockerArgs(name(), args);
    validate(args);
    Map<String, String> wanted = wanted(a);
    RpmState state = facts.get(RpmFacts.query(queried(a, wanted)));
    if (a.string("state", "present").equals("absent")) {
      List<String> remove = wanted.keySet().stream().filter(state::isInstalled).toList();
      if (remove.isEmpty()) {
        return Plan.ok("not installed: " + String.join(", ", wanted.keySet()));
      }
      String yum = a.bool("disable_repos", false) ? "yum --disablerepo='*' remove -y " : "yum remove -y ";
      return Plan.change("remove " + String.join(", ", remove),
          List.of(new Command.Shell(yum + Sh.join(remove), yum + String.join(" ", remove))));
    }
    boolean allowDowngrade = a.bool("allow_downgrade", true);
    Map<String, String> local = a.has("from") ? files(a, wanted) : null;
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
    List<String> remove = replace(a).stream().filter(n -> !wanted.containsKey(n) && state.isInstalled(n)).toList();
    if (install.isEmpty() && downgrade.isEmpty()) {
      return Plan.ok("installed" + (wanted.values().stream().anyMatch(v -> v != null) ? " at the pinned versions" : "")
          + ": " + String.join(", ", wanted.keySet())
          + (remove.isEmpty() ? "" : " (" + String.join(", ", remove) + " still installed: nothing to replace them with)"));
    }
    String unconfirmed = "";
    List<String> moving = moving(a, facts);
    if (!moving.isEmpty()) {
      Map<String, List<String>> avail = facts.get(available(moving));
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
        : a.bool("disable_repos", false) ? "yum --disablerepo='*' " : "yum ";
    yum += STRICT + " ";
    List<String> names = queried(a, wanted);
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
   * has the manifest's sha256 (an unknown file is an argument error, not a skipped check).
   */
  private static String localChecks(DockerArgs a, Map<String, String> local, List<String> install,
      List<String> downgrade) {
    String from = a.string("from", "");
    Map<String, String> files = a.stringMap("files");
    Map<String, String> sha = a.stringMap("sha256");
    StringBuilder out = new StringBuilder(SafeDir.require(from.length() > 1 && from.endsWith("/")
        ? from.substring(0, from.length() - 1) : from));
    for (Map.Entry<String, String> e : local.entrySet()) {
      String path = e.getValue();
      if (!install.contains(path) && !downgrade.contains(path)) {
        continue;
      }
      String rel = files.get(e.getKey());
      String want = sha.get(rel);
      if (want == null || !want.matches("[0-9a-fA-F]{64}")) {
        throw a.error("'sha256' has no sha256 for " + rel + " (package " + e.getKey() + ")");
      }
      out.append(BundleUploadModule.checkSha256(path, want.toLowerCase()));
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
  public Outcome interpret(Map<String, Object> args, Plan plan, List<CommandResult> results) {
    if (results.isEmpty()) {
      return Outcomes.standard(plan, results);
    }
    String refused = BundleUploadModule.refusal(results);
    if (refused != null) {
      return Outcome.failed(refused);
    }
    CommandResult r = results.get(results.size() - 1);
    String all = r.stdout() + "\n" + r.stderr();
    Map<String, String> wanted;
    DockerArgs a = new DockerArgs(name(), args);
    try {
      wanted = wanted(a);
    } catch (ModuleArgsException e) {
      return Outcomes.standard(plan, results);
    }
    int before = r.stdout().indexOf(BEFORE);
    int at = r.stdout().lastIndexOf(AFTER);
    RpmState after = at >= 0 ? RpmFacts.parse(r.stdout().substring(at + AFTER.length())) : null;
    String moved = "";
    if (before >= 0 && at > before && after != null) {
      moved = moved(RpmFacts.parse(r.stdout().substring(before + BEFORE.length(), at)), after, queried(a, wanted));
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
