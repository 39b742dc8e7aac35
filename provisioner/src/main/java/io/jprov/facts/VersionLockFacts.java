package io.jprov.facts;

import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versionlock plugin's lock list, read from its file (no yum or dnf start for a read), and
 * whether the plugin is installed (its {@code versionlock.conf} beside the list). Two entry formats:
 * yum-plugin-versionlock (EL7) writes {@code EPOCH:NAME-VERSION-RELEASE.*}, dnf's versionlock plugin
 * (EL8/EL9) {@code NAME-EPOCH:VERSION-RELEASE.*}; both write epoch {@code 0} when a package has none.
 * Lines starting with {@code #} are comments, {@code !} marks an exclude (not a lock).
 */
public final class VersionLockFacts {
  /** Where yum-plugin-versionlock keeps its list (EL7). */
  public static final String YUM_LIST = "/etc/yum/pluginconf.d/versionlock.list";
  /** Where python3-dnf-plugin-versionlock keeps its list (EL8/EL9). */
  public static final String DNF_LIST = "/etc/dnf/plugins/versionlock.list";

  static final String PLUGIN = "::plugin::";
  private static final Pattern ARCH = Pattern.compile("\\.(\\*|x86_64|noarch|i686|i386|aarch64|ppc64le|s390x)$");
  private static final Pattern EPOCH = Pattern.compile("^(\\d+):(.+)$");

  private VersionLockFacts() {}

  /**
   * One lock entry.
   *
   * @param epoch digits, null when the entry writes none
   * @param entry the line as written
   */
  public record Lock(String name, String epoch, String version, String release, String entry) {}

  /**
   * The list.
   *
   * @param plugin whether the plugin's configuration file exists (the plugin package is installed)
   * @param locks the lock entries in file order (excludes and unparsable lines left out)
   */
  public record VersionLocks(boolean plugin, List<Lock> locks) {
    /** The entries locking {@code name}. */
    public List<Lock> of(String name) {
      return locks.stream().filter(l -> l.name().equals(name)).toList();
    }
  }

  /** The lock list at {@code listPath} (absolute) and whether {@code versionlock.conf} sits beside it. */
  public static Fact<VersionLocks> list(String listPath) {
    String conf = listPath.substring(0, listPath.lastIndexOf('/') + 1) + "versionlock.conf";
    String command = "if [ -f " + Sh.quote(conf) + " ]; then echo " + Sh.quote(PLUGIN) + "; fi; cat "
        + Sh.quote(listPath) + " 2>/dev/null; true";
    return new Fact<>("versionlock:" + listPath, command, o -> parse(o.output()));
  }

  /** Parses the output of {@link #list} (or a plain list file: then {@code plugin} is false). */
  public static VersionLocks parse(String output) {
    boolean plugin = false;
    List<Lock> locks = new ArrayList<>();
    for (String raw : output.split("\n")) {
      String line = raw.strip();
      if (line.equals(PLUGIN)) {
        plugin = true;
        continue;
      }
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
        continue;
      }
      Lock l = entry(line);
      if (l != null) {
        locks.add(l);
      }
    }
    return new VersionLocks(plugin, List.copyOf(locks));
  }

  /** {@code [E:]N-V-R[.A]} (yum) or {@code N-[E:]V-R[.A]} (dnf); null when it is neither. */
  static Lock entry(String line) {
    String s = ARCH.matcher(line).replaceFirst("");
    int r = s.lastIndexOf('-');
    int v = r <= 0 ? -1 : s.lastIndexOf('-', r - 1);
    if (v <= 0 || r == s.length() - 1) {
      return null;
    }
    String name = s.substring(0, v);
    String version = s.substring(v + 1, r);
    String release = s.substring(r + 1);
    String epoch = null;
    Matcher m = EPOCH.matcher(name);
    if (m.matches()) {
      epoch = m.group(1);
      name = m.group(2);
    }
    m = EPOCH.matcher(version);
    if (m.matches()) {
      epoch = m.group(1);
      version = m.group(2);
    }
    if (name.isEmpty() || version.isEmpty() || name.contains(":") || version.contains(":")) {
      return null;
    }
    return new Lock(name, epoch, version, release, line);
  }
}
