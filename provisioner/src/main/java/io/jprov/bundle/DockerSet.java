package io.jprov.bundle;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Docker CE set for a version or prefix ({@code 26.1.4}, {@code 26.1}, {@code 26}) from what a
 * repository offers, by the rules of the version resolution (docs/bundle.md): the anchor (the first name,
 * docker-ce) at the highest version whose upstream version equals {@code version} or starts with
 * {@code version + "."}; every other name at the highest version with the anchor's upstream version when
 * the repository has one (docker-ce-cli, docker-ce-rootless-extras), else at its highest version
 * (containerd.io, buildx, compose). Pure. The same rules as the online resolution; kept small here so the
 * two can be merged into one function.
 */
public final class DockerSet {
  private DockerSet() {}

  /**
   * @param names the set's package names, anchor first
   * @param available name → every version the repositories have (any order)
   * @param order the package manager's version order
   * @param upstream the upstream part of a version ({@code 26.1.4} of {@code 3:26.1.4-1.el9})
   * @return name → exact version, in the order of {@code names}
   * @throws JprovException (exit 2) when no anchor version matches (naming the nearest available) or a
   *     name is not in the repositories
   */
  public static Map<String, String> pick(List<String> names, Map<String, List<String>> available, String version,
      Comparator<String> order, Function<String, String> upstream) {
    String anchor = names.get(0);
    List<String> anchors = available.getOrDefault(anchor, List.of());
    String chosen = anchors.stream()
        .filter(v -> upstream.apply(v).equals(version) || upstream.apply(v).startsWith(version + "."))
        .max(order).orElse(null);
    if (chosen == null) {
      throw new JprovException(ExitCodes.INPUT, "Docker " + version + " is not in the repositories: no " + anchor
          + " version " + version + (anchors.isEmpty() ? " (the repositories have no " + anchor + ")"
              : " (nearest available: " + nearest(anchors, version, upstream) + ")"));
    }
    String up = upstream.apply(chosen);
    Map<String, String> out = new LinkedHashMap<>();
    out.put(anchor, chosen);
    for (String n : names.subList(1, names.size())) {
      List<String> vs = available.getOrDefault(n, List.of());
      String same = vs.stream().filter(v -> upstream.apply(v).equals(up)).max(order).orElse(null);
      String v = same != null ? same : vs.stream().max(order).orElseThrow(() ->
          new JprovException(ExitCodes.INPUT, "package " + n + " is not in the repositories"));
      out.put(n, v);
    }
    return out;
  }

  /** Up to three upstream versions around {@code version}: the highest below it and the lowest above it. */
  static String nearest(List<String> versions, String version, Function<String, String> upstream) {
    Comparator<String> numeric = DockerSet::compareDotted;
    List<String> ups = versions.stream().map(upstream).distinct().sorted(numeric).toList();
    List<String> below = ups.stream().filter(u -> compareDotted(u, version) < 0).toList();
    List<String> above = ups.stream().filter(u -> compareDotted(u, version) > 0).toList();
    List<String> near = new java.util.ArrayList<>();
    if (!below.isEmpty()) {
      near.add(below.get(below.size() - 1));
    }
    above.stream().limit(near.isEmpty() ? 2 : 1).forEach(near::add);
    if (near.isEmpty()) {
      near.addAll(ups.subList(Math.max(0, ups.size() - 2), ups.size()));
    }
    return near.stream().collect(Collectors.joining(", "));
  }

  /** Dotted numeric order ({@code 24.0.9 < 26.1 < 26.1.4}); non-numeric parts compare as text. */
  static int compareDotted(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = x[i].matches("\\d{1,9}") && y[i].matches("\\d{1,9}")
          ? Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i])) : x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
