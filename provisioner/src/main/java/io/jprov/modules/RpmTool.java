package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.VersionLockFacts;
import io.jprov.facts.YumFacts;
import io.jprov.platform.PackageManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between yum (EL7, yum 3) and dnf (EL8/EL9, dnf 4) for the {@code package} module:
 * the command, its option that makes a name it does not find stop the transaction, how available
 * versions are listed, the versionlock plugin (package, list file) and the messages read back.
 * Everything else (rpm state, one transaction through {@code shell}, downgrade, judging from rpm
 * before and after) is one code path in {@link PackageModule}.
 *
 * <p>Both wait for another instance holding their lock by default (yum: "Another app is currently
 * holding the yum lock; waiting for it to exit...", dnf: "Waiting for process with pid N to
 * finish."), so a concurrent run delays the task rather than failing it.
 */
final class RpmTool {
  static final RpmTool YUM = new RpmTool(PackageManager.YUM);
  static final RpmTool DNF = new RpmTool(PackageManager.DNF);

  private static final Pattern YUM_NOT_AVAILABLE = Pattern.compile("No package (\\S+) available\\.");
  /** dnf 4: "No match for argument: X" then "Error: Unable to find a match: X [Y...]". */
  private static final Pattern DNF_NOT_AVAILABLE = Pattern.compile("(?m)^No match for argument: (\\S+)\\s*$");
  /** dnf 4: a spec whose every match a versionlock or an {@code exclude=} hides. */
  private static final Pattern DNF_EXCLUDED = Pattern.compile(
      "(?m)^All matches were filtered out by exclude filtering for argument: (\\S+)\\s*$");
  private static final Pattern DNF_REPO = Pattern.compile(
      "(?m)^Error: Failed to download metadata for repo '([^']+)': (.+?)\\s*$");

  private static final Pattern DNF_PROBLEM = Pattern.compile("^[>\\s]*(Problem( \\d+)?: .*)$");

  private final PackageManager pm;

  private RpmTool(PackageManager pm) {
    this.pm = pm;
  }

  /** The tool of the host's package manager: dnf on EL8/EL9, yum otherwise (EL7, or not known yet). */
  static RpmTool of(TaskContext ctx) {
    return ctx != null && ctx.packageManager() == PackageManager.DNF ? DNF : YUM;
  }

  boolean dnf() {
    return pm == PackageManager.DNF;
  }

  /** {@code yum} or {@code dnf}. */
  String command() {
    return dnf() ? "dnf" : "yum";
  }

  /**
   * The option that makes a name the tool does not find stop the whole transaction: EL7 yum skips
   * such a name by default ({@code skip_missing_names_on_install}); dnf 4 stops by default
   * ({@code strict=True}), written out so that a host's dnf.conf cannot turn it off.
   */
  String strict() {
    return dnf() ? "--setopt=strict=1" : PackageModule.STRICT;
  }

  /**
   * The versions of {@code names} in the enabled repositories. yum's versionlock plugin hides
   * every version of a held package but the locked one from {@code list}, so with holds in play
   * ({@code hold} set) the listing runs with the plugin off; dnf's applies no excludes to {@code list}.
   */
  Fact<Map<String, List<String>>> available(List<String> names, boolean hold) {
    return dnf() ? YumFacts.dnfAvailable(names) : hold ? YumFacts.availableUnlocked(names) : YumFacts.available(names);
  }

  /** The versionlock plugin's list file. */
  String lockList() {
    return dnf() ? VersionLockFacts.DNF_LIST : VersionLockFacts.YUM_LIST;
  }

  /** The versionlock plugin's configuration file (installed with the plugin). */
  String lockConf() {
    return lockList().substring(0, lockList().lastIndexOf('/') + 1) + "versionlock.conf";
  }

  /** The package that provides the {@code versionlock} command. */
  String lockPackage() {
    return dnf() ? "python3-dnf-plugin-versionlock" : "yum-plugin-versionlock";
  }

  /**
   * {@code versionlock delete|add names}: on the rpm database only (every repository off), so a
   * hold can be taken or released without the network. add locks the installed version of each
   * name (yum: {@code E:N-V-R.*}, dnf: {@code N-E:V-R.*}); delete removes every entry of a name.
   */
  String lock(String subcommand, String names) {
    return command() + " --disablerepo='*' versionlock " + subcommand + " " + names;
  }

  /** The package and version spec the tool did not find, from its output; null when none. */
  String notAvailable(String output) {
    Matcher m = (dnf() ? DNF_NOT_AVAILABLE : YUM_NOT_AVAILABLE).matcher(output);
    return m.find() ? m.group(1) : null;
  }

  /** The spec dnf found only among excluded packages (a versionlock, an {@code exclude=}); null otherwise. */
  String excluded(String output) {
    Matcher m = DNF_EXCLUDED.matcher(output);
    return dnf() && m.find() ? m.group(1) : null;
  }

  /** How the tool words a spec it did not find. */
  String notAvailableText(String spec) {
    return dnf() ? "No match for argument: " + spec : "No package " + spec + " available.";
  }

  /** A repository the tool could not read, in one line; null when the output shows none. */
  String repoFailure(String output) {
    if (!dnf()) {
      String repo = Outcomes.yumFailure(output);
      return repo != null && repo.startsWith("yum cannot read repository") ? repo : null;
    }
    Matcher m = DNF_REPO.matcher(output);
    return m.find() ? "dnf cannot read repository " + m.group(1) + ": " + m.group(2) : null;
  }

  /**
   * The dependency problems in the output, or null: yum's {@code Error: Package: … Requires: …}
   * block, dnf's {@code Problem: …} lines with their {@code - …} details.
   */
  String dependencyProblems(String output) {
    List<String> lines = new ArrayList<>();
    boolean requires = false;
    for (String line : output.split("\n")) {
      String l = line.strip();
      if (dnf()) {
        // dnf's shell writes its prompts ("> ") before what a command prints
        Matcher m = DNF_PROBLEM.matcher(l);
        if (m.matches()) {
          lines.add(m.group(1));
        } else if (l.startsWith("- ") && !lines.isEmpty()) {
          lines.add(l);
        }
      } else if (l.startsWith("Error: Package:") || l.startsWith("Requires:") || l.startsWith("Removing:")
          || l.startsWith("Available:") || l.startsWith("Installed:")) {
        lines.add(l);
        requires |= l.startsWith("Requires:");
      }
    }
    if (lines.isEmpty() || (!dnf() && !requires)) {
      return null;
    }
    return command() + " cannot resolve dependencies: " + String.join(" | ", lines.subList(0, Math.min(12, lines.size())));
  }

  /** Whether the output says the versionlock command does not exist (the plugin is missing or disabled). */
  boolean noLockCommand(String output) {
    return output.contains("No such command: versionlock");
  }
}
