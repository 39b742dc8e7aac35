package io.jprov.facts;

import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** What the enabled yum (EL7) and dnf (EL8/EL9) repositories offer (installed packages are read from rpm: {@link RpmFacts}). */
public final class YumFacts {
  private static final Pattern ARCH = Pattern.compile("x86_64|noarch|i686|i386|aarch64|ppc64le|s390x");
  private static final Pattern EVR = Pattern.compile("(\\d+:)?[A-Za-z0-9._+~^]+-[A-Za-z0-9._+~^]+");

  private YumFacts() {}

  /**
   * The versions of {@code names} in the enabled repositories, name → [E:]V-R list (empty map when
   * yum knows none of them, e.g. the repository is not configured yet). Read with {@code yum -q
   * --showduplicates list available}, whose lines are {@code name.arch [E:]V-R repo} (a long name
   * wraps the rest onto the next line, so the output is read as a stream of words). The names are
   * deduplicated and sorted so equal sets share one fact.
   */
  public static Fact<Map<String, List<String>>> available(List<String> names) {
    Set<String> sorted = new TreeSet<>(names);
    return new Fact<>("yum-available:" + String.join(",", sorted),
        "yum -q --showduplicates list available " + Sh.join(sorted) + " 2>&1",
        o -> parseAvailable(o.output(), sorted));
  }

  /**
   * {@link #available} with the versionlock plugin off for the listing ({@code
   * --disableplugin=versionlock}): yum-plugin-versionlock hides every version but the locked one
   * from {@code list}, so a held package's other versions are looked up this way. Ignored by yum
   * when the plugin is not installed.
   */
  public static Fact<Map<String, List<String>>> availableUnlocked(List<String> names) {
    Set<String> sorted = new TreeSet<>(names);
    return new Fact<>("yum-available-unlocked:" + String.join(",", sorted),
        "yum -q --disableplugin=versionlock --showduplicates list available " + Sh.join(sorted) + " 2>&1",
        o -> parseAvailable(o.output(), sorted));
  }

  /**
   * What the enabled dnf repositories offer (EL8/EL9), as {@link #available}: {@code dnf -q
   * --showduplicates list available}, whose lines have yum's layout ({@code name.arch [E:]V-R
   * repo}, epoch 0 not written). dnf's versionlock plugin applies no excludes to {@code list}, so
   * held packages show every version. Nothing known prints {@code Error: No matching Packages to
   * list} (exit 1): an empty map.
   */
  public static Fact<Map<String, List<String>>> dnfAvailable(List<String> names) {
    Set<String> sorted = new TreeSet<>(names);
    return new Fact<>("dnf-available:" + String.join(",", sorted),
        "dnf -q --showduplicates list available " + Sh.join(sorted) + " 2>&1",
        o -> parseAvailable(o.output(), sorted));
  }

  /**
   * Parses the listing: a {@code name.arch} word of a queried name with a known arch, followed by
   * an {@code [E:]V-R} word, is one version; each version once, in yum's order; other words
   * (headers, repository names, errors, names not asked for) are ignored.
   */
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
}
