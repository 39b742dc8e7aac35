package io.jprov.modules;

import io.jprov.facts.DpkgFacts;
import io.jprov.facts.DpkgFacts.DpkgState;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.transport.CommandResult;
import io.jprov.util.DebVersion;
import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The apt back end of {@code package} (Debian/Ubuntu): dpkg state, {@code apt-get install} of pinned
 * versions, replacement of conflicting packages in the same apt transaction, holds by {@code apt-mark}.
 * {@link PackageModule} dispatches here when the host's package manager is apt.
 *
 * <p>State comes from {@code dpkg-query -W} ({@link DpkgFacts}): installed version, and held or not
 * (dpkg's desired action {@code h}, which is what {@code apt-mark hold} sets). A pin is {@code V},
 * {@code V-R} or {@code E:V-R} in Debian's form ({@code 5:26.1.4-1~debian.12~bookworm}); as for rpm,
 * only the parts written are compared with what dpkg reports, and apt is given the exact version the
 * sources list for it ({@code apt-cache madison}), since {@code apt-get install name=version} matches
 * only a whole version string.
 *
 * <p>Installing is one script, judged from dpkg before and after it, not from apt's output:
 * <ol>
 *   <li>{@code apt-mark unhold} of the held packages that move (and of all held ones with {@code
 *       hold: false});
 *   <li>one {@code apt-get install} of {@code name=version} for every package that moves, and {@code
 *       name-} for every installed {@code replace} package: apt removes those in the same transaction,
 *       so a version that is not found, a failed download or an unresolvable conflict stops apt
 *       before dpkg runs and leaves the old packages in place. {@code --allow-downgrades} lets a pin
 *       move down, {@code --allow-change-held-packages} lets it remove a held conflicting package, the
 *       dpkg options keep changed configuration files without asking, and {@code
 *       DPkg::Lock::Timeout=60} waits for another apt or dpkg (unattended-upgrades) instead of
 *       failing at once, like the yum lock wait of the rpm path ({@code apt-mark} does not wait:
 *       its {@code dpkg --set-selections} fails at once, so it runs in a shell function that
 *       retries for as long);
 *   <li>{@code apt-mark hold} of the wanted packages ({@code hold: true}) or of the ones released in
 *       step 1 (hold not set); when apt failed, the released holds are taken again.
 * </ol>
 * Before anything is touched (check mode too), every pinned version that moves is looked up in the
 * apt sources; a missing one fails the task naming the nearest available versions. When the sources
 * know none of the names (check mode before the repository task ran), the plan says the versions
 * cannot be confirmed yet.
 *
 * <p>{@code state: absent} runs {@code apt-get remove}, not {@code purge}: like {@code yum remove},
 * it leaves the configuration files an operator changed (dpkg keeps them as {@code rc}), so a later
 * install finds them again.
 *
 * <p>Offline ({@code from}, {@code files}, {@code sha256}; docs/bundle.md): the same script installs the
 * local .deb files by path (apt takes an argument with a '/' as a file) in one {@code apt-get install}
 * with {@link #OFFLINE} (every source disabled, no recommends), conflicts removed in the same transaction
 * ({@code name-}); before it, as root, {@code from} must still be a directory only root controls and
 * every .deb given to apt must have the manifest's sha256 (a mismatch stops the script before apt runs).
 */
final class AptPackages {
  static final String BEFORE = "::jprov:dpkg-before::";
  static final String AFTER = "::jprov:dpkg-after::";
  /** Seconds apt-get waits for dpkg's lock (another apt, unattended-upgrades) before failing. */
  static final int LOCK_WAIT_SECONDS = 60;
  /**
   * apt-get without questions: debconf's noninteractive frontend, and needrestart's apt hook (Ubuntu
   * 22.04+ installs it) suspended, since it can still ask which services to restart and would hang a
   * command without a terminal; restarting docker is the playbook's job, as on EL.
   */
  static final String APT_GET = "DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get";
  /** The options of every apt-get call: unattended, quiet, bounded wait for dpkg's lock. */
  static final String OPTIONS = "-y -q -o DPkg::Lock::Timeout=" + LOCK_WAIT_SECONDS;
  /** What an install allows: pins moving down, held conflicting packages removed, old config files kept. */
  /**
   * What an offline install ({@code from}) adds: no source list at all (apt reads its sources from these two
   * places only; the local .deb paths are the only candidates, so nothing is downloaded and no network
   * repository is read), and no recommended packages the bundle does not hold.
   */
  static final String OFFLINE = "-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=/dev/null"
      + " --no-install-recommends";
  static final String INSTALL_OPTIONS = "--allow-downgrades --allow-change-held-packages"
      + " -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold";

  private static final Pattern VERSION_NOT_FOUND = Pattern.compile("(?m)^E: Version '([^']*)' for '([^']*)' was not found");
  private static final Pattern NOT_LOCATED = Pattern.compile("(?m)^E: Unable to locate package (\\S+)");
  private static final Pattern NO_CANDIDATE = Pattern.compile("(?m)^E: Package '([^']*)' has no installation candidate");
  /** apt's holder line, also in its "Waiting for cache lock: ..." lines while it waits. */
  private static final Pattern LOCK_HOLDER = Pattern.compile(
      "Could not get lock (\\S+?)\\.? It is held by process (\\d+)(?: \\(([^)]*)\\))?");
  /** What apt says when it gives up waiting (apt 2.x with a lock timeout), or at once without one. */
  private static final Pattern LOCK_GAVE_UP = Pattern.compile(
      "(?m)^E: (Unable to acquire the dpkg frontend lock \\((\\S+)\\)|Could not get lock (\\S+?)\\.?( |$))");
  /** dpkg's own message, e.g. under apt-mark (dpkg --set-selections). */
  private static final Pattern DPKG_LOCKED = Pattern.compile("dpkg frontend lock was locked by another process with pid (\\d+)");
  /** The shell function that runs apt-mark, waiting for dpkg's lock as apt-get does (apt-mark does not wait). */
  static final String MARK = "jprov_apt_mark";
  private static final String MARK_FN = MARK + "() {\n"
      + "  jt=0\n"
      + "  while ! jo=$(apt-mark \"$@\" 2>&1); do\n"
      + "    case $jo in *locked*|*'Could not get lock'*) ;; *) printf '%s\\n' \"$jo\" >&2; return 1;; esac\n"
      + "    if [ \"$jt\" -ge " + LOCK_WAIT_SECONDS + " ]; then printf '%s\\n' \"$jo\" >&2; return 1; fi\n"
      + "    sleep 1; jt=$((jt + 1))\n"
      + "  done\n"
      + "  printf '%s\\n' \"$jo\"\n"
      + "}\n";
  private static final Pattern UNMET = Pattern.compile("^\\s*(\\S+ : )?(Depends|PreDepends|Pre-Depends|Conflicts|Breaks):");

  private AptPackages() {}

  /** The names dpkg is asked about: the wanted ones, then those to replace. */
  private static List<String> queried(PackageModule.Arguments a) {
    LinkedHashSet<String> names = new LinkedHashSet<>(a.wanted().keySet());
    names.addAll(a.replace());
    return new ArrayList<>(names);
  }

  private static Fact<DpkgState> dpkg(PackageModule.Arguments a) {
    return DpkgFacts.query(queried(a));
  }

  static List<Fact<?>> facts(PackageModule.Arguments a, TaskContext ctx) {
    return List.of(dpkg(a));
  }

  /** With dpkg's state known: what the apt sources offer of the pinned packages that have to move. */
  static List<Fact<?>> moreFacts(PackageModule.Arguments a, FactSet facts, TaskContext ctx) {
    List<String> moving = moving(a, facts.get(dpkg(a)));
    return moving.isEmpty() ? List.of() : List.of(DpkgFacts.available(moving));
  }

  /** Pinned names not installed at their pin (repository installs only). */
  private static List<String> moving(PackageModule.Arguments a, DpkgState state) {
    if (a.state() == PackageModule.State.ABSENT || a.from() != null || a.disableRepos()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    a.wanted().forEach((n, pin) -> {
      String have = state.version(n);
      if (pin != null && (have == null || compareToPin(have, pin) != 0)) {
        out.add(n);
      }
    });
    return out;
  }

  /** The installed packages a plan would move (up- or downgrade, remove, replace); see PackageModule's. */
  static List<String> touchedInstalled(PackageModule.Arguments a, FactSet facts) {
    DpkgState state = facts.get(dpkg(a));
    List<String> out = new ArrayList<>();
    a.wanted().forEach((n, pin) -> {
      String have = state.version(n);
      if (have != null && (a.state() == PackageModule.State.ABSENT || pin != null && compareToPin(have, pin) != 0)) {
        out.add(n);
      }
    });
    if (a.state() == PackageModule.State.PRESENT) {
      a.replace().stream().filter(n -> !a.wanted().containsKey(n) && state.isPresent(n)).forEach(out::add);
    }
    return out;
  }

  static Plan plan(PackageModule.Arguments a, FactSet facts, TaskContext ctx) {
    if (a.wanted().values().stream().anyMatch(Objects::isNull) && a.versionSet() != null) {
      return Plan.fail("version " + a.versionSet() + " is not resolved for this host (no version lookup in this run)");
    }
    DpkgState state = facts.get(dpkg(a));
    List<String> names = queried(a);
    if (a.state() == PackageModule.State.ABSENT) {
      List<String> remove = a.wanted().keySet().stream().filter(state::isPresent).toList();
      if (remove.isEmpty()) {
        return Plan.ok("not installed: " + String.join(", ", a.wanted().keySet()));
      }
      // a held package is removed too: state absent says so explicitly
      String apt = APT_GET + " remove " + OPTIONS + " --allow-change-held-packages ";
      return Plan.change("remove " + String.join(", ", remove),
          List.of(new Command.Shell(script(names, List.of(), apt + Sh.join(remove), List.of(), List.of()),
              apt + String.join(" ", remove))));
    }
    if (a.disableRepos()) {
      return Plan.fail("disable_repos is not supported on apt hosts yet (it applies to yum/dnf installs)");
    }
    Map<String, String> wanted = a.wanted();
    // offline: the local .deb files under from (name → path), installed instead of repository versions
    Map<String, String> local = a.from() != null ? PackageModule.files(a) : null;
    List<String> moving = moving(a, state);
    Map<String, List<String>> avail = moving.isEmpty() ? Map.of() : facts.get(DpkgFacts.available(moving));
    String unconfirmed = "";
    List<String> missing = new ArrayList<>();
    if (!moving.isEmpty() && avail.isEmpty()) {
      unconfirmed = " (the pinned versions cannot be confirmed yet: the apt sources know none of "
          + String.join(", ", moving) + "; an earlier task may still add the repository)";
    } else {
      for (String n : moving) {
        List<String> versions = avail.getOrDefault(n, List.of());
        if (exact(wanted.get(n), versions) == null) {
          List<String> near = nearest(wanted.get(n), versions);
          missing.add(n + " " + wanted.get(n) + (versions.isEmpty() ? " (not in the apt sources at all)"
              : " (nearest available: " + String.join(", ", near) + ")"));
        }
      }
    }
    if (!missing.isEmpty()) {
      return Plan.fail("pinned version" + (missing.size() == 1 ? " is" : "s are") + " not in the apt sources: "
          + String.join("; ", missing) + "; nothing was changed (the set moves all together or not at all)");
    }
    List<String> specs = new ArrayList<>();
    List<String> what = new ArrayList<>();
    List<String> moved = new ArrayList<>();
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      String n = e.getKey();
      String pin = e.getValue();
      String have = state.version(n);
      String version = pin == null ? null : avail.containsKey(n) ? exact(pin, avail.get(n)) : pin;
      String spec = local != null ? local.get(n) : version == null ? n : n + "=" + version;
      if (have == null) {
        DpkgFacts.Deb d = state.packages().get(n);
        boolean broken = d != null && d.broken();
        specs.add(spec);
        moved.add(n);
        what.add((broken ? "reinstall " + n + " (dpkg status '" + d.status().strip() + "')" : "install " + n)
            + (pin == null ? "" : " " + version));
        continue;
      }
      if (pin == null || compareToPin(have, pin) == 0) {
        continue;
      }
      if (compareToPin(have, pin) < 0) {
        what.add("upgrade " + n + " " + have + " → " + version);
      } else if (a.allowDowngrade()) {
        what.add("downgrade " + n + " " + have + " → " + version);
      } else {
        return Plan.fail(n + " " + have + " is newer than the pinned " + pin + " and allow_downgrade is false");
      }
      specs.add(spec);
      moved.add(n);
    }
    List<String> remove = a.replace().stream().filter(n -> !wanted.containsKey(n) && state.isPresent(n)).toList();
    // holds: released before apt for what moves (all of them with hold: false), taken after it
    List<String> release = new ArrayList<>();
    List<String> holdAfter = new ArrayList<>();
    List<String> newlyHeld = new ArrayList<>();
    for (String n : wanted.keySet()) {
      boolean held = state.isHeld(n);
      if (held && (moved.contains(n) || Boolean.FALSE.equals(a.hold()))) {
        release.add(n);
      }
      if (Boolean.TRUE.equals(a.hold())) {
        if (!held || moved.contains(n)) {
          holdAfter.add(n);
        }
        if (!held) {
          newlyHeld.add(n);
        }
      } else if (a.hold() == null && held && moved.contains(n)) {
        holdAfter.add(n);
      }
    }
    if (specs.isEmpty()) {
      String installed = "installed" + (wanted.values().stream().anyMatch(Objects::nonNull) ? " at the pinned versions" : "")
          + ": " + String.join(", ", wanted.keySet())
          + (remove.isEmpty() ? "" : " (" + String.join(", ", remove) + " still installed: nothing to replace them with)");
      if (Boolean.TRUE.equals(a.hold()) && !holdAfter.isEmpty()) {
        return Plan.change("hold " + String.join(", ", holdAfter) + " (" + installed + ")",
            List.of(new Command.Shell(MARK_FN + MARK + " hold " + Sh.join(holdAfter),
                "apt-mark hold " + String.join(" ", holdAfter))));
      }
      if (Boolean.FALSE.equals(a.hold()) && !release.isEmpty()) {
        return Plan.change("release the hold on " + String.join(", ", release) + " (" + installed + ")",
            List.of(new Command.Shell(MARK_FN + MARK + " unhold " + Sh.join(release),
                "apt-mark unhold " + String.join(" ", release))));
      }
      return Plan.ok(installed + (Boolean.TRUE.equals(a.hold()) ? " (held)" : ""));
    }
    for (String r : remove) {
      what.add("remove " + r);
    }
    if (!newlyHeld.isEmpty()) {
      what.add("hold " + String.join(", ", newlyHeld));
    }
    if (Boolean.FALSE.equals(a.hold()) && !release.isEmpty()) {
      what.add("release the hold on " + String.join(", ", release));
    }
    List<String> args = new ArrayList<>(specs);
    remove.forEach(r -> args.add(r + "-"));
    String install = APT_GET + " install " + OPTIONS + " " + INSTALL_OPTIONS + " "
        + (local != null ? OFFLINE + " " : "");
    String apt = install + Sh.join(args);
    // held again when apt failed: the ones released for the move (not with hold: false)
    List<String> restore = Boolean.FALSE.equals(a.hold()) ? List.of() : release;
    List<String> shown = new ArrayList<>();
    if (!release.isEmpty()) {
      shown.add("apt-mark unhold " + String.join(" ", release));
    }
    shown.add(install + String.join(" ", args));
    if (!holdAfter.isEmpty()) {
      shown.add("apt-mark hold " + String.join(" ", holdAfter));
    }
    // offline, as root right before apt: from is still a directory only root controls, every .deb has the
    // manifest's sha256 (apt does not check a local file against anything)
    String checks = local == null ? "" : PackageModule.localChecks(a, local, specs, List.of());
    return Plan.change(String.join("; ", what) + unconfirmed,
        List.of(new Command.Shell(checks + script(names, release, apt, holdAfter, restore), String.join("; ", shown))));
  }

  /**
   * The install or removal script: dpkg before, holds released, {@code apt} (only when the release
   * worked), holds taken (after success: {@code hold}; after a failure: {@code restore}), dpkg after;
   * its exit code is the first failure's.
   */
  private static String script(List<String> names, List<String> release, String apt, List<String> hold,
      List<String> restore) {
    String dpkg = DpkgFacts.command(new LinkedHashSet<>(names)) + " 2>&1";
    StringBuilder s = new StringBuilder(release.isEmpty() && hold.isEmpty() && restore.isEmpty() ? "" : MARK_FN);
    s.append("echo ").append(Sh.quote(BEFORE)).append('\n').append(dpkg).append('\n');
    s.append("rc=0\n");
    if (!release.isEmpty()) {
      s.append(MARK + " unhold ").append(Sh.join(release)).append(" || rc=$?\n");
      s.append("[ \"$rc\" != 0 ] || ").append(apt).append(" || rc=$?\n");
    } else {
      s.append(apt).append(" || rc=$?\n");
    }
    if (!hold.isEmpty() && !restore.isEmpty()) {
      s.append("if [ \"$rc\" = 0 ]; then " + MARK + " hold ").append(Sh.join(hold)).append(" || rc=$?; else " + MARK + " hold ")
          .append(Sh.join(restore)).append(" || :; fi\n");
    } else if (!hold.isEmpty()) {
      s.append("[ \"$rc\" != 0 ] || " + MARK + " hold ").append(Sh.join(hold)).append(" || rc=$?\n");
    } else if (!restore.isEmpty()) {
      s.append("[ \"$rc\" = 0 ] || " + MARK + " hold ").append(Sh.join(restore)).append(" || :\n");
    }
    s.append("echo ").append(Sh.quote(AFTER)).append('\n').append(dpkg).append('\n');
    s.append("exit $rc");
    return s.toString();
  }

  /** Whether {@code plan} was made here (its commands are apt's). */
  static boolean planned(Plan plan) {
    return plan.commands().stream().anyMatch(c -> c instanceof Command.Shell sh
        && (sh.script().contains(BEFORE) || sh.script().startsWith(MARK + "()")));
  }

  static Outcome interpret(PackageModule.Arguments a, Plan plan, List<CommandResult> results) {
    if (results.isEmpty()) {
      return Outcomes.standard(plan, results);
    }
    CommandResult r = results.get(results.size() - 1);
    String out = r.stdout();
    int before = out.indexOf(BEFORE);
    int at = out.lastIndexOf(AFTER);
    if (before < 0) {
      // a hold change alone
      return r.ok() ? Outcome.changed(plan.message()) : Outcome.failed(failure(r, plan) + "; nothing was changed");
    }
    DpkgState after = at > before ? DpkgFacts.parse(out.substring(at + AFTER.length())) : null;
    String moved = after == null ? "" : moved(DpkgFacts.parse(out.substring(before + BEFORE.length(), at)), after, queried(a));
    String failure = r.ok() ? null : failure(r, plan);
    if (failure == null && after != null && plan.kind() == Plan.Kind.CHANGE) {
      List<String> wrong = new ArrayList<>();
      if (a.state() == PackageModule.State.ABSENT) {
        a.wanted().keySet().stream().filter(after::isPresent).forEach(n -> wrong.add(n + " is still installed"));
      } else {
        for (Map.Entry<String, String> e : a.wanted().entrySet()) {
          String have = after.version(e.getKey());
          if (have == null) {
            wrong.add(e.getKey() + " is still not installed");
          } else if (e.getValue() != null && compareToPin(have, e.getValue()) != 0) {
            wrong.add(e.getKey() + " is " + have + ", not " + e.getValue());
          } else if (Boolean.TRUE.equals(a.hold()) && !after.isHeld(e.getKey())) {
            wrong.add(e.getKey() + " is not held");
          }
        }
        a.replace().stream().filter(n -> !a.wanted().containsKey(n) && after.isPresent(n))
            .forEach(n -> wrong.add(n + " is still installed"));
      }
      if (!wrong.isEmpty()) {
        failure = "apt-get finished but " + String.join("; ", wrong);
      }
    }
    if (failure == null) {
      return Outcome.changed(plan.message());
    }
    return moved.isEmpty() ? Outcome.failed(failure + "; nothing was changed")
        : Outcome.failedWithChanges(failure + "; changed before the failure: " + moved);
  }

  /** Why the script failed, from apt's own error lines; the command and its exit code otherwise. */
  private static String failure(CommandResult r, Plan plan) {
    String all = r.stdout() + "\n" + r.stderr();
    Matcher dpkg = DPKG_LOCKED.matcher(all);
    if (LOCK_GAVE_UP.matcher(all).find() || dpkg.find()) {
      Matcher holder = LOCK_HOLDER.matcher(all);
      String who = holder.find()
          ? "process " + holder.group(2) + (holder.group(3) == null ? "" : " (" + holder.group(3) + ")") + " (" + holder.group(1) + ")"
          : dpkg.find(0) ? "process " + dpkg.group(1) + " (dpkg's frontend lock)" : "another process";
      return "dpkg is locked by " + who + "; gave up waiting after " + LOCK_WAIT_SECONDS + " s";
    }
    List<String> absent = new ArrayList<>();
    Matcher m = VERSION_NOT_FOUND.matcher(all);
    while (m.find()) {
      absent.add("package " + m.group(2) + " version " + m.group(1) + " (apt: " + m.group().strip() + ")");
    }
    m = NOT_LOCATED.matcher(all);
    while (m.find()) {
      absent.add("package " + m.group(1) + " (apt: " + m.group().strip() + ")");
    }
    m = NO_CANDIDATE.matcher(all);
    while (m.find()) {
      absent.add("package " + m.group(1) + " (apt: " + m.group().strip() + ")");
    }
    if (!absent.isEmpty()) {
      return "not in the enabled apt sources: " + String.join("; ", absent);
    }
    List<String> lines = new ArrayList<>();
    for (String line : all.split("\n")) {
      if (UNMET.matcher(line).find() || line.startsWith("E: ")) {
        lines.add(line.strip());
      }
    }
    if (!lines.isEmpty()) {
      return "apt-get: " + String.join(" | ", lines.subList(0, Math.min(12, lines.size())));
    }
    // the dpkg lists around apt are ours, not apt's error
    String err = r.stderr().isBlank() ? "" : Outcomes.errorText(new CommandResult(r.exitCode(), "", r.stderr(), 0));
    return plan.commands().get(0).describe() + ": exit " + r.exitCode() + (err.isEmpty() ? "" : ": " + err);
  }

  /** What moved between two dpkg states of {@code names}: "name old → new", "name removed", ... */
  private static String moved(DpkgState before, DpkgState after, List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      String was = before.version(n);
      String now = after.version(n);
      if (Objects.equals(was, now)) {
        continue;
      }
      out.add(was == null ? n + " installed " + now : now == null ? n + " " + was + " removed" : n + " " + was + " → " + now);
    }
    return String.join(", ", out);
  }

  /**
   * Installed version vs pin, comparing only the parts the pin writes: the epoch when it has one,
   * the upstream version always, the Debian revision when it has one (dpkg's order, {@link DebVersion}).
   */
  static int compareToPin(String have, String pin) {
    String[] h = split(have);
    String[] p = split(pin);
    if (p[0] != null) {
      int c = Long.compare(Long.parseLong(h[0] == null ? "0" : h[0]), Long.parseLong(p[0]));
      if (c != 0) {
        return c;
      }
    }
    int c = DebVersion.compare("0:" + h[1] + "-0", "0:" + p[1] + "-0");
    if (c != 0 || p[2] == null) {
      return c;
    }
    return DebVersion.compare("0:0-" + (h[2] == null ? "" : h[2]), "0:0-" + p[2]);
  }

  /** {epoch, upstream, revision}; epoch and revision null when not written. */
  private static String[] split(String v) {
    String s = v.strip();
    String epoch = null;
    int colon = s.indexOf(':');
    if (colon > 0 && s.substring(0, colon).chars().allMatch(Character::isDigit)) {
      epoch = s.substring(0, colon);
      s = s.substring(colon + 1);
    }
    int dash = s.lastIndexOf('-');
    String rev = null;
    if (dash >= 0) {
      rev = s.substring(dash + 1);
      s = s.substring(0, dash);
    }
    return new String[] {epoch, s, rev};
  }

  /** The highest of {@code versions} the pin matches, or null. */
  static String exact(String pin, List<String> versions) {
    String best = null;
    for (String v : versions) {
      if (compareToPin(v, pin) == 0 && (best == null || DebVersion.compare(v, best) > 0)) {
        best = v;
      }
    }
    return best;
  }

  /** The closest available versions below and above {@code pin}. */
  static List<String> nearest(String pin, List<String> available) {
    return PackageModule.nearest(available, v -> compareToPin(v, pin), DebVersion::compare);
  }
}
