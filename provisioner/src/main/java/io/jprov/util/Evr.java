package io.jprov.util;

/**
 * An rpm {@code [epoch:]version[-release]} and the one way jprov compares them (bundle resolution
 * and the package module alike): every part with {@link RpmVercmp}, and
 *
 * <ul>
 *   <li>ordering two packages, and a package against a dependency's version ({@link #compareTo}),
 *       as rpm does: epoch (missing = 0), version, then release; a release missing on either side
 *       is not compared (so {@code 2.3} sorts equal to {@code 2.3-4.el7});
 *   <li>"is this package the pinned one" ({@link #isPinnedBy}, {@link #compareToSpec}) for every
 *       pin ({@code docker.version}, a version set, a bundle request), as yum reads a package spec:
 *       only what the pin writes is compared. A pin without an epoch matches any epoch ({@code
 *       26.1.4} is docker-ce {@code 3:26.1.4-1.el7}), one without a release any release; a package
 *       without an epoch has epoch 0 against a pin that writes one.
 * </ul>
 *
 * @param epoch digits as written, null when absent
 * @param version never null
 * @param release null when absent
 */
public record Evr(String epoch, String version, String release) implements Comparable<Evr> {

  /** Parses {@code [epoch:]version[-release]}; an empty epoch counts as absent. */
  public static Evr parse(String s) {
    int colon = s.indexOf(':');
    String epoch = colon < 0 ? null : s.substring(0, colon);
    String rest = s.substring(colon + 1);
    int dash = rest.lastIndexOf('-');
    return dash < 0 ? of(epoch, rest, null) : of(epoch, rest.substring(0, dash), rest.substring(dash + 1));
  }

  /** From separate parts (repodata attributes, rpm's query fields); null or empty means absent. */
  public static Evr of(String epoch, String ver, String rel) {
    return new Evr(epoch == null || epoch.isEmpty() ? null : epoch, ver == null ? "" : ver,
        rel == null || rel.isEmpty() ? null : rel);
  }

  /** Orders two packages: epoch (missing = 0), version, release (not compared when either has none). */
  @Override
  public int compareTo(Evr o) {
    int c = RpmVercmp.compare(epoch == null ? "0" : epoch, o.epoch == null ? "0" : o.epoch);
    return c != 0 ? c : compareVersionRelease(o);
  }

  /**
   * This package against {@code spec} comparing only what the spec writes (see the class comment):
   * negative when this package is older than the spec asks, zero when it is the one the spec names.
   */
  public int compareToSpec(Evr spec) {
    if (spec.epoch != null) {
      int c = RpmVercmp.compare(epoch == null ? "0" : epoch, spec.epoch);
      if (c != 0) {
        return c;
      }
    }
    return compareVersionRelease(spec);
  }

  /** Whether this package is the one {@code pin} ({@code [E:]V[-R]}) names. */
  public boolean isPinnedBy(String pin) {
    return compareToSpec(parse(pin)) == 0;
  }

  private int compareVersionRelease(Evr o) {
    int c = RpmVercmp.compare(version, o.version);
    if (c != 0 || release == null || o.release == null) {
      return c;
    }
    return RpmVercmp.compare(release, o.release);
  }

  /** {@code E:} for a non-zero epoch, else "" (an epoch of 0 is what rpm assumes when none is written). */
  public String epochPrefix() {
    return epoch == null || RpmVercmp.compare(epoch, "0") == 0 ? "" : epoch + ":";
  }

  /** {@code [epoch:]version-release}, the epoch only when non-zero (as the bundle manifest writes it). */
  @Override
  public String toString() {
    return epochPrefix() + version + (release == null ? "" : "-" + release);
  }
}
