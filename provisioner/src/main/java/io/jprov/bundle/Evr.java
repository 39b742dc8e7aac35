package io.jprov.bundle;

import io.jprov.util.RpmVercmp;

/**
 * An rpm [epoch:]version[-release], compared like rpm: epoch (missing = 0), then version, then
 * release with {@code rpmvercmp}; a missing release on either side is not compared (so {@code >= 2.3}
 * matches any release of 2.3).
 *
 * @param epoch 0 when absent
 * @param version never null
 * @param release null when absent
 */
public record Evr(int epoch, String version, String release) implements Comparable<Evr> {

  /** Parses {@code [epoch:]version[-release]}. */
  public static Evr parse(String s) {
    int colon = s.indexOf(':');
    int epoch = 0;
    String rest = s;
    if (colon > 0) {
      epoch = Integer.parseInt(s.substring(0, colon));
      rest = s.substring(colon + 1);
    }
    int dash = rest.lastIndexOf('-');
    return dash < 0 ? new Evr(epoch, rest, null) : new Evr(epoch, rest.substring(0, dash), rest.substring(dash + 1));
  }

  /** From repodata attributes (any may be null or empty). */
  public static Evr of(String epoch, String ver, String rel) {
    int e = epoch == null || epoch.isEmpty() ? 0 : Integer.parseInt(epoch);
    return new Evr(e, ver == null ? "" : ver, rel == null || rel.isEmpty() ? null : rel);
  }

  @Override
  public int compareTo(Evr o) {
    if (epoch != o.epoch) {
      return Integer.compare(epoch, o.epoch);
    }
    int c = RpmVercmp.compare(version, o.version);
    if (c != 0 || release == null || o.release == null) {
      return c;
    }
    return RpmVercmp.compare(release, o.release);
  }

  /** {@code [epoch:]version-release}, the epoch only when non-zero (as the bundle manifest writes it). */
  @Override
  public String toString() {
    return (epoch != 0 ? epoch + ":" : "") + version + (release == null ? "" : "-" + release);
  }
}
