package io.jprov.modules;

import io.jprov.util.RpmVercmp;
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
 * -y} first (yum install never downgrades). Both run in one shell command, downgrades first, so a
 * set moving down and one moving up share one round trip; each yum call is one transaction. The
 * same command re-reads rpm afterwards, so the outcome is judged from rpm, not from yum's chatter.
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
          "sha256", "disable_repos");
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
    if (!from.startsWith("/") || from.contains("\n") || from.matches(".*/\\.{1,2}(/.*)?")) {
      throw a.error("'from' must be an absolute directory on the host without . or .., found '" + from + "'");
    }
    Map<String, String> files = a.stringMap("files");
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : wanted.keySet()) {
      String f = files.get(n);
      if (f == null || f.isBlank()) {
        throw a.error("'files' has no file for package " + n);
      }
      if (f.startsWith("/") || f.contains("..")) {
        throw a.error("file '" + f + "' of " + n + " must be relative to 'from'");
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
        throw a.error("version set '" + set + "' is not known; known: " + String.join(", ", sets.keySet()));
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
        if (v.isEmpty() || !v.matches("(\\d+:)?[A-Za-z0-9._+~^]+(-[A-Za-z0-9._+~^]+)?")) {
          throw a.error("invalid version '" + v + "' for " + n + " (expected V, V-R or E:V-R)");
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
    return List.of(RpmFacts.query(new ArrayList<>(wanted(new DockerArgs(name(), args)).keySet())));
  }

  @Override
  public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    DockerArgs a = new DockerArgs(name(), args);
    validate(args);
    Map<String, String> wanted = wanted(a);
    RpmState state = facts.get(RpmFacts.query(new ArrayList<>(wanted.keySet())));
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
    if (install.isEmpty() && downgrade.isEmpty()) {
      return Plan.ok("installed" + (wanted.values().stream().anyMatch(v -> v != null) ? " at the pinned versions" : "")
          + ": " + String.join(", ", wanted.keySet()));
    }
    StringBuilder script = new StringBuilder();
    List<String> shown = new ArrayList<>();
    if (local != null) {
      script.append(localChecks(a, local, install, downgrade));
    }
    String yum = local != null ? "yum " + OFFLINE + " "
        : a.bool("disable_repos", false) ? "yum --disablerepo='*' " : "yum ";
    if (!downgrade.isEmpty()) {
      script.append(yum).append("downgrade -y ").append(Sh.join(downgrade)).append(" || exit $?\n");
      shown.add(yum + "downgrade -y " + String.join(" ", downgrade));
    }
    if (!install.isEmpty()) {
      script.append(yum).append("install -y ").append(Sh.join(install)).append(" || exit $?\n");
      shown.add(yum + "install -y " + String.join(" ", install));
    }
    script.append("echo ").append(Sh.quote(AFTER)).append('\n');
    script.append(RpmFacts.command(new LinkedHashSet<>(wanted.keySet()))).append('\n');
    script.append("exit 0");
    return Plan.change(String.join("; ", what),
        List.of(new Command.Shell(script.toString(), String.join(" && ", shown))));
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

  /** Installed vs pin, comparing only what the pin states (epoch, version, release). */
  static int compare(Rpm have, String pin) {
    String epoch = null;
    String rest = pin;
    int colon = pin.indexOf(':');
    if (colon >= 0) {
      epoch = pin.substring(0, colon);
      rest = pin.substring(colon + 1);
    }
    String version = rest;
    String release = null;
    int dash = rest.lastIndexOf('-');
    if (dash >= 0) {
      version = rest.substring(0, dash);
      release = rest.substring(dash + 1);
    }
    if (epoch != null) {
      int c = RpmVercmp.compare(have.epoch() == null ? "0" : have.epoch(), epoch);
      if (c != 0) {
        return c;
      }
    }
    int c = RpmVercmp.compare(have.version(), version);
    if (c != 0 || release == null) {
      return c;
    }
    return RpmVercmp.compare(have.release(), release);
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
    try {
      wanted = wanted(new DockerArgs(name(), args));
    } catch (ModuleArgsException e) {
      return Outcomes.standard(plan, results);
    }
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
      return Outcome.failed("package " + pkg + (ver == null ? "" : " (version " + ver + ")")
          + " is not in the enabled repositories (yum: No package " + spec + " available.)");
    }
    if (!r.ok()) {
      List<String> requires = new ArrayList<>();
      for (String line : all.split("\n")) {
        String l = line.strip();
        if (l.startsWith("Error: Package:") || l.startsWith("Requires:") || l.startsWith("Removing:")
            || l.startsWith("Available:") || l.startsWith("Installed:")) {
          requires.add(l);
        }
      }
      if (requires.stream().anyMatch(l -> l.startsWith("Requires:"))) {
        return Outcome.failed("yum cannot resolve dependencies: " + String.join(" | ", requires.subList(0, Math.min(12, requires.size()))));
      }
      return Outcome.failed(plan.commands().get(0).describe() + ": exit " + r.exitCode() + ": " + Outcomes.errorText(r));
    }
    int at = r.stdout().lastIndexOf(AFTER);
    if (at >= 0 && plan.kind() == Plan.Kind.CHANGE) {
      RpmState after = RpmFacts.parse(r.stdout().substring(at + AFTER.length()));
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
        return Outcome.failed("yum finished but " + String.join("; ", wrong));
      }
    }
    return Outcome.changed(plan.message());
  }
}
