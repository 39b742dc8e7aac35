package io.jprov.facts;

import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installed RPM packages with epochs, read with {@code rpm -q --qf}, never from yum's output. rpm
 * prints {@code (none)} for an unset epoch and {@code package X is not installed} for a missing
 * name (its exit code is the number of missing names). Also the GPG keys rpm's database holds.
 */
public final class RpmFacts {
  /** The query format; one line per installed package (several for multilib). */
  public static final String QUERY_FORMAT = "%{NAME}|%{EPOCH}|%{VERSION}|%{RELEASE}|%{ARCH}\\n";

  private static final Pattern MISSING = Pattern.compile("^package (\\S+) is not installed$");

  /**
   * The ids of the GPG keys imported into rpm's database, lower case: rpm names an imported key
   * {@code gpg-pubkey-VERSION-RELEASE}, VERSION being the key id's last 8 hex digits (RELEASE its
   * creation time). No key at all reads as an empty set ({@code package gpg-pubkey is not
   * installed}, exit 1).
   */
  public static final Fact<Set<String>> GPG_PUBKEYS = new Fact<>("rpm-gpg-pubkeys",
      "rpm -q gpg-pubkey --qf '%{VERSION}\\n'", o -> parseKeyIds(o.output()));

  private RpmFacts() {}

  static Set<String> parseKeyIds(String output) {
    Set<String> ids = new LinkedHashSet<>();
    for (String l : output.split("\n")) {
      if (l.strip().matches("[0-9a-fA-F]{8}")) {
        ids.add(l.strip().toLowerCase());
      }
    }
    return ids;
  }

  /**
   * One installed package.
   *
   * @param epoch the epoch, or null when unset
   */
  public record Rpm(String name, String epoch, String version, String release, String arch) {
    /** {@code [E:]V-R}, as yum shows it. */
    public String evr() {
      return (epoch == null ? "" : epoch + ":") + version + "-" + release;
    }
  }

  /**
   * What rpm said about the queried names.
   *
   * @param installed name → installed packages (one per arch), in query order
   * @param missing names that are not installed
   */
  public record RpmState(Map<String, List<Rpm>> installed, Set<String> missing) {
    public boolean isInstalled(String name) {
      return installed.containsKey(name);
    }
  }

  /** The shell command that queries {@code names}; also used after yum to confirm the result. */
  public static String command(Set<String> names) {
    return "rpm -q --qf " + Sh.quote(QUERY_FORMAT) + " " + Sh.join(names);
  }

  /**
   * The state of {@code names} (deduplicated and sorted so equal sets share one fact). The package
   * facts of one gather are read by one {@code rpm -q} of all their names, each fact getting the
   * lines about its own names (rpm prints them in the order of its arguments, the sorted names) and
   * the exit code rpm gives for its own missing names.
   */
  public static Fact<RpmState> query(List<String> names) {
    Set<String> sorted = new TreeSet<>(names);
    return new Fact<>("rpmq:" + String.join(",", sorted), command(sorted), o -> parse(o.output()),
        new PackageBatch("rpmq", sorted, RpmFacts::command, RpmFacts::nameOf, RpmFacts::missingOf, n -> n));
  }

  /** The name a query-format line is about, or null. */
  private static String nameOf(String line) {
    String[] f = line.strip().split("\\|", -1);
    return f.length == 5 && !f[0].isEmpty() ? f[0] : null;
  }

  /** The name of a {@code package X is not installed} line, or null. */
  private static String missingOf(String line) {
    Matcher m = MISSING.matcher(line.strip());
    return m.matches() ? m.group(1) : null;
  }

  /** Parses {@code rpm -q --qf QUERY_FORMAT} output; lines it does not know are ignored. */
  public static RpmState parse(String output) {
    Map<String, List<Rpm>> installed = new LinkedHashMap<>();
    Set<String> missing = new LinkedHashSet<>();
    for (String raw : output.split("\n")) {
      String line = raw.strip();
      Matcher m = MISSING.matcher(line);
      if (m.matches()) {
        missing.add(m.group(1));
        continue;
      }
      String[] f = line.split("\\|", -1);
      if (f.length != 5 || f[0].isEmpty()) {
        continue;
      }
      String epoch = f[1].equals("(none)") || f[1].isEmpty() ? null : f[1];
      installed.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Rpm(f[0], epoch, f[2], f[3], f[4]));
    }
    return new RpmState(installed, missing);
  }
}
