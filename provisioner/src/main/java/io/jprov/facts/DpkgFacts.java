package io.jprov.facts;

import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian packages as dpkg knows them (Debian/Ubuntu), read with {@code dpkg-query -W}, never from
 * apt's output; and what the apt sources offer ({@code apt-cache madison}).
 *
 * <p>{@code dpkg-query -W -f FORMAT names} prints one line per name dpkg's database knows, also a
 * name that is not installed (a removed package keeps a {@code rc } line, a name once referenced a
 * {@code un } line), and {@code dpkg-query: no packages found matching NAME} (exit 1) for a name it
 * has never seen. The status is dpkg's three letters ({@code ii }, {@code hi }, {@code rc }, {@code
 * iU }, {@code iHR}): desired action (u unknown, i install, h hold, r remove, p purge), package
 * status (n not installed, c config files only, H half-installed, U unpacked, F half-configured, W
 * triggers-awaiting, t triggers-pending, i installed) and error flag (blank, R reinstall required).
 * A hold is the desired action {@code h}: {@code apt-mark hold} is a wrapper around {@code dpkg
 * --set-selections} (apt-mark(8)), so dpkg's state says it without a second command.
 */
public final class DpkgFacts {
  /** One line per package: name, version, status letters, tab-separated. */
  public static final String FORMAT = "${Package}\\t${Version}\\t${db:Status-Abbrev}\\n";

  private static final Pattern NOT_FOUND = Pattern.compile("^dpkg-query: no packages found matching (\\S+)$");
  /** {@code name | version | source} of {@code apt-cache madison}. */
  private static final Pattern MADISON = Pattern.compile("^\\s*(\\S+)\\s*\\|\\s*(\\S+)\\s*\\|\\s*(.*)$");

  private DpkgFacts() {}

  /**
   * One package as dpkg's database has it.
   *
   * @param version the version ({@code 5:26.1.4-1~debian.12~bookworm}); empty when dpkg has none
   * @param status the three status letters as dpkg prints them
   */
  public record Deb(String name, String version, String status) {
    /** Installed and configured (triggers pending or awaited count as installed), no error flag. */
    public boolean installed() {
      return status.length() >= 2 && "iWt".indexOf(status.charAt(1)) >= 0 && !broken();
    }

    /** Half there: unpacked, half-installed, half-configured, or flagged for reinstallation. */
    public boolean broken() {
      return status.length() >= 2 && ("HUF".indexOf(status.charAt(1)) >= 0
          || (status.length() >= 3 && status.charAt(2) == 'R'));
    }

    /** Held ({@code apt-mark hold}): dpkg's desired action is hold. */
    public boolean held() {
      return !status.isEmpty() && status.charAt(0) == 'h';
    }
  }

  /**
   * What dpkg said about the queried names.
   *
   * @param packages name → its dpkg entry, for every name dpkg's database knows (installed or not)
   * @param unknown names dpkg has never seen
   */
  public record DpkgState(Map<String, Deb> packages, Set<String> unknown) {
    /** Whether {@code name} is installed (see {@link Deb#installed}). */
    public boolean isInstalled(String name) {
      Deb d = packages.get(name);
      return d != null && d.installed();
    }

    /** Whether {@code name} is present at all: installed or half there (a removal has something to remove). */
    public boolean isPresent(String name) {
      Deb d = packages.get(name);
      return d != null && (d.installed() || d.broken());
    }

    /** Whether {@code name} is held. */
    public boolean isHeld(String name) {
      Deb d = packages.get(name);
      return d != null && d.held();
    }

    /** The installed version of {@code name}, or null when it is not installed. */
    public String version(String name) {
      Deb d = packages.get(name);
      return d == null || !d.installed() ? null : d.version();
    }
  }

  /** The shell command that queries {@code names}; also used around apt-get to confirm the result. */
  public static String command(Set<String> names) {
    return "dpkg-query -W -f " + Sh.quote(FORMAT) + " " + Sh.join(names);
  }

  /**
   * The state of {@code names} (deduplicated and sorted so equal sets share one fact). The dpkg
   * facts of one gather are read by one {@code dpkg-query -W} of all their names, each fact getting
   * the lines about its own names and exit code 1 when one of its own names is unknown to dpkg.
   */
  public static Fact<DpkgState> query(List<String> names) {
    Set<String> sorted = new TreeSet<>(names);
    return new Fact<>("dpkgq:" + String.join(",", sorted), command(sorted), o -> parse(o.output()),
        new PackageBatch("dpkgq", sorted, DpkgFacts::command, DpkgFacts::nameOf, DpkgFacts::unknownOf,
            n -> n == 0 ? 0 : 1));
  }

  /** The package a format line is about, or null. */
  private static String nameOf(String line) {
    String[] f = line.split("\t", -1);
    return f.length == 3 && !f[0].isBlank() ? f[0] : null;
  }

  /** The name of a {@code dpkg-query: no packages found matching X} line, or null. */
  private static String unknownOf(String line) {
    Matcher m = NOT_FOUND.matcher(line.strip());
    return m.matches() ? m.group(1) : null;
  }

  /**
   * Parses {@code dpkg-query -W -f FORMAT} output (stderr merged); lines it does not know are
   * ignored. Of several lines for one name (a multi-arch package), an installed one wins.
   */
  public static DpkgState parse(String output) {
    Map<String, Deb> packages = new LinkedHashMap<>();
    Set<String> unknown = new TreeSet<>();
    for (String line : output.split("\n")) {
      Matcher m = NOT_FOUND.matcher(line.strip());
      if (m.matches()) {
        unknown.add(m.group(1));
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 3 || f[0].isBlank() || f[2].length() != 3) {
        continue;
      }
      Deb d = new Deb(f[0], f[1], f[2]);
      Deb had = packages.get(d.name());
      if (had == null || (!had.installed() && d.installed())) {
        packages.put(d.name(), d);
      }
    }
    return new DpkgState(packages, unknown);
  }

  /**
   * The versions of {@code names} the apt sources offer, name → versions in apt's order (highest
   * first), from the downloaded package lists ({@code apt-cache madison}: {@code name | version |
   * source} lines; a name no source has prints nothing). An empty map when the sources know none of
   * them (e.g. the repository is not configured, or {@code apt-get update} has not run since). The
   * names are deduplicated and sorted so equal sets share one fact.
   */
  public static Fact<Map<String, List<String>>> available(List<String> names) {
    Set<String> sorted = new TreeSet<>(names);
    return new Fact<>("apt-available:" + String.join(",", sorted), "apt-cache madison " + Sh.join(sorted),
        o -> parseAvailable(o.output(), sorted));
  }

  static Map<String, List<String>> parseAvailable(String output, Set<String> names) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      Matcher m = MADISON.matcher(line);
      // source lines ("Sources" indexes) have the same shape: only binary package lists count
      if (!m.matches() || !names.contains(m.group(1)) || m.group(3).strip().endsWith("Sources")) {
        continue;
      }
      List<String> versions = out.computeIfAbsent(m.group(1), k -> new ArrayList<>());
      if (!versions.contains(m.group(2))) {
        versions.add(m.group(2));
      }
    }
    return out;
  }
}
