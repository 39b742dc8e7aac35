package io.jprov.platform;

import io.jprov.platform.RepoLookup.LookupException;
import io.jprov.util.DebVersion;
import io.jprov.util.Evr;
import io.jprov.util.RpmVercmp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Picks the exact set of a Docker version from what a repository offers (docs/lock.md): the anchor
 * (the first name, {@code docker-ce}) at the highest version whose upstream version is {@code version}
 * or starts with {@code version + "."} ({@code 27.3} matches {@code 27.3.1}, not {@code 27.30.0}); every
 * other name at that same upstream version when the repository has it ({@code docker-ce-cli},
 * {@code docker-ce-rootless-extras}), else at its highest version ({@code containerd.io}, the plugins,
 * which Docker versions on their own). Pure.
 */
public final class VersionMatch {
  /** What {@code docker.version} may be besides a key of {@code docker_sets}: a full version or a prefix. */
  public static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+){0,2}");

  /** The upstream part of Docker's apt versions before 23.0 ({@code 20.10.24~3-0~debian}). */
  private static final Pattern OLD_DEB = Pattern.compile("(\\d+(?:\\.\\d+)*)~\\d+-\\d+~[a-z]+");

  private VersionMatch() {}

  /** How a package manager writes and orders versions. */
  public enum Scheme {
    /** {@code [E:]V-R}, ordered as rpm does ({@link Evr}). */
    RPM,
    /** {@code [E:]U[-R]}, ordered as dpkg does ({@link DebVersion}). */
    DEB;

    /** Orders two full versions. */
    public int compare(String a, String b) {
      return this == RPM ? Evr.parse(a).compareTo(Evr.parse(b)) : DebVersion.compare(a, b);
    }

    /** The upstream part: {@code 27.3.1} of {@code 3:27.3.1-1.el9} or {@code 5:27.3.1-1~debian.12~bookworm}. */
    public String upstream(String full) {
      if (this == RPM) {
        return Evr.parse(full).version();
      }
      // before Docker 23 the apt versions read 5:20.10.24~3-0~debian-bullseye: dpkg's upstream part is
      // then 20.10.24~3-0~debian, Docker's version the part before the first ~
      String u = DebVersion.upstream(full);
      java.util.regex.Matcher old = OLD_DEB.matcher(u);
      return old.matches() ? old.group(1) : u;
    }

    /** Orders two upstream versions (or a requested version against one). */
    public int compareUpstream(String a, String b) {
      // a revision is added so that dpkg splits nothing off the upstream part
      return this == RPM ? RpmVercmp.compare(a, b) : DebVersion.compare("0:" + a + "-0", "0:" + b + "-0");
    }
  }

  /** Whether {@code upstream} is what {@code version} asks for: equal, or {@code version} is a prefix of whole parts. */
  public static boolean matches(String upstream, String version) {
    return upstream.equals(version) || upstream.startsWith(version + ".");
  }

  /**
   * The set for {@code version}.
   *
   * @param available name → every version of it in the repository (any order)
   * @param repo the repository URL, for messages
   * @return name → exact version, in the order of {@code names}
   * @throws LookupException (exit 3) when the anchor has no matching version (naming the nearest ones)
   *     or a name is not in the repository at all
   */
  public static Map<String, String> select(Scheme scheme, String version, List<String> names,
      Map<String, List<String>> available, String repo) {
    String anchor = names.get(0);
    List<String> anchorVersions = available.getOrDefault(anchor, List.of());
    if (anchorVersions.isEmpty()) {
      throw new LookupException(anchor + " is not in " + repo + " (no version at all; is this a Docker CE"
          + " repository?)");
    }
    String best = highest(scheme, anchorVersions.stream().filter(v -> matches(scheme.upstream(v), version)).toList());
    if (best == null) {
      List<String> near = nearest(scheme, version, anchorVersions);
      throw new LookupException("docker.version " + version + " is not in " + repo
          + (near.isEmpty() ? "" : "; nearest: " + String.join(", ", near)));
    }
    String upstream = scheme.upstream(best);
    Map<String, String> out = new LinkedHashMap<>();
    out.put(anchor, best);
    List<String> missing = new ArrayList<>();
    for (String name : names.subList(1, names.size())) {
      List<String> versions = available.getOrDefault(name, List.of());
      if (versions.isEmpty()) {
        missing.add(name);
        continue;
      }
      String same = highest(scheme, versions.stream().filter(v -> scheme.upstream(v).equals(upstream)).toList());
      out.put(name, same != null ? same : highest(scheme, versions));
    }
    if (!missing.isEmpty()) {
      throw new LookupException(String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " not in "
          + repo + " (needed with " + anchor + " " + best + ")");
    }
    return out;
  }

  /** The highest of {@code versions}, or null when empty. */
  static String highest(Scheme scheme, List<String> versions) {
    return versions.stream().max(scheme::compare).orElse(null);
  }

  /** The closest upstream versions below and above {@code version} among {@code versions}. */
  static List<String> nearest(Scheme scheme, String version, List<String> versions) {
    Set<String> upstreams = new LinkedHashSet<>();
    versions.forEach(v -> upstreams.add(scheme.upstream(v)));
    Comparator<String> order = scheme::compareUpstream;
    String below = upstreams.stream().filter(u -> scheme.compareUpstream(u, version) < 0).max(order).orElse(null);
    String above = upstreams.stream().filter(u -> scheme.compareUpstream(u, version) > 0).min(order).orElse(null);
    List<String> out = new ArrayList<>();
    if (below != null) {
      out.add(below);
    }
    if (above != null) {
      out.add(above);
    }
    return out;
  }
}
