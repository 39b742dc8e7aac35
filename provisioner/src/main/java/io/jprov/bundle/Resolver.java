package io.jprov.bundle;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.util.Evr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves the pinned package set and its dependency closure from repository metadata, for the
 * target arch (x86_64 + noarch). Pure.
 *
 * <p>A requirement is satisfied without adding a package when it is {@code rpmlib(...)}, when its
 * name is an assumed-present package name, when a package of the closure already provides it, when
 * an assumed-present package (by name) in the repositories provides it, or when it is a file under
 * one of {@link #SYSTEM_DIRS} that no repository package lists (primary.xml lists only some files;
 * the assumed-present packages' metadata may be absent). Otherwise the newest provider is added,
 * preferring a package whose name is the requirement's name. No provider at all is an error naming
 * the requirer. Rich (boolean) dependencies of EL8/EL9 packages are followed: see {@link #require(RpmPackage,
 * RichDep, Map, Deque)}.
 */
public final class Resolver {
  /** File requirements under these directories count as satisfied by a minimal CentOS 7. */
  public static final List<String> SYSTEM_DIRS =
      List.of("/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/", "/etc/", "/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/");

  private static final Set<String> ARCHES = Set.of("x86_64", "noarch");

  private final Map<String, List<RpmPackage>> byName = new HashMap<>();
  private final Map<String, List<Provider>> byProvide = new HashMap<>();
  private final Set<String> assumed;

  private record Provider(RpmPackage pkg, RpmPackage.Dep provide) {}

  public Resolver(List<RpmPackage> packages, Set<String> assumedPresent) {
    this.assumed = Set.copyOf(assumedPresent);
    for (RpmPackage p : packages) {
      if (!ARCHES.contains(p.arch())) {
        continue;
      }
      byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
      for (RpmPackage.Dep d : p.provides()) {
        byProvide.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(new Provider(p, d));
      }
      for (String f : p.files()) {
        byProvide.computeIfAbsent(f, k -> new ArrayList<>()).add(new Provider(p, new RpmPackage.Dep(f, null, null)));
      }
    }
  }

  /**
   * The closure, pinned packages first, then dependencies in discovery order.
   *
   * @param pins name → exact [epoch:]version-release, or null for the newest
   * @throws JprovException (exit 2) when a pin is not in the repositories or a requirement has no provider
   */
  public List<RpmPackage> resolve(Map<String, String> pins) {
    Map<String, RpmPackage> selected = new LinkedHashMap<>();
    Deque<RpmPackage> queue = new ArrayDeque<>();
    for (Map.Entry<String, String> pin : pins.entrySet()) {
      RpmPackage p = pinned(pin.getKey(), pin.getValue());
      selected.put(p.name(), p);
      queue.add(p);
    }
    while (!queue.isEmpty()) {
      RpmPackage p = queue.poll();
      for (RpmPackage.Dep req : p.requires()) {
        if (req.name().startsWith("(")) {
          require(p, RichDep.parse(req.name()), selected, queue);
        } else {
          require(p, req, selected, queue);
        }
      }
    }
    return List.copyOf(selected.values());
  }

  /** Whether {@code req} needs no package added: see the class comment. */
  private boolean met(RpmPackage.Dep req, Map<String, RpmPackage> selected) {
    if (satisfiedWithoutAdding(req, selected)) {
      return true;
    }
    List<Provider> candidates = providers(req);
    if (candidates.stream().anyMatch(c -> assumed.contains(c.pkg().name()))) {
      return true;
    }
    return candidates.isEmpty() && req.name().startsWith("/")
        && SYSTEM_DIRS.stream().anyMatch(d -> req.name().startsWith(d));
  }

  /** Adds the newest provider of {@code req} unless it is met. */
  private void require(RpmPackage p, RpmPackage.Dep req, Map<String, RpmPackage> selected, Deque<RpmPackage> queue) {
    if (met(req, selected)) {
      return;
    }
    List<Provider> candidates = providers(req);
    if (candidates.isEmpty()) {
      throw new JprovException(ExitCodes.INPUT, p.nevra() + " (" + p.repoId() + ") requires " + req
          + ", which no package in the repositories provides and which is not in assumed_present");
    }
    RpmPackage chosen = candidates.stream()
        .map(Provider::pkg)
        .max(Comparator.<RpmPackage, Boolean>comparing(c -> c.name().equals(req.name()))
            .thenComparing(RpmPackage::evr))
        .orElseThrow();
    RpmPackage already = selected.get(chosen.name());
    if (already != null) {
      throw new JprovException(ExitCodes.INPUT, p.nevra() + " requires " + req + ", but the bundle already has "
          + already.nevra() + " which does not satisfy it");
    }
    selected.put(chosen.name(), chosen);
    queue.add(chosen);
  }

  /** Whether a rich dependency holds with what the bundle and the minimal install already have. */
  private boolean met(RichDep d, Map<String, RpmPackage> selected) {
    return switch (d.op()) {
      case ATOM -> met(d.atom(), selected);
      case OR -> d.args().stream().anyMatch(a -> met(a, selected));
      case AND, WITH -> d.args().stream().allMatch(a -> met(a, selected));
      case WITHOUT -> met(d.args().get(0), selected);
      case IF -> met(d.args().get(1), selected) ? met(d.args().get(0), selected)
          : d.args().size() < 3 || met(d.args().get(2), selected);
      case UNLESS -> met(d.args().get(1), selected) ? d.args().size() < 3 || met(d.args().get(2), selected)
          : met(d.args().get(0), selected);
    };
  }

  /** Whether the repositories (or the minimal install) could meet {@code d}. */
  private boolean available(RichDep d, Map<String, RpmPackage> selected) {
    return switch (d.op()) {
      case ATOM -> met(d.atom(), selected) || !providers(d.atom()).isEmpty();
      case OR -> d.args().stream().anyMatch(a -> available(a, selected));
      default -> d.args().stream().allMatch(a -> available(a, selected));
    };
  }

  /**
   * A rich (boolean) dependency of EL8/EL9 packages ({@code (iptables or nftables)}): nothing when it already
   * holds; {@code or} adds the first alternative the repositories have; {@code and}/{@code with} each operand;
   * {@code (A if B)} A when B is in the bundle or the minimal install ({@code else C} otherwise);
   * {@code (A unless B)} A when B is not.
   */
  private void require(RpmPackage p, RichDep d, Map<String, RpmPackage> selected, Deque<RpmPackage> queue) {
    if (met(d, selected)) {
      return;
    }
    switch (d.op()) {
      case ATOM -> require(p, d.atom(), selected, queue);
      case OR -> {
        RichDep first = d.args().stream().filter(a -> available(a, selected)).findFirst().orElseThrow(() ->
            new JprovException(ExitCodes.INPUT, p.nevra() + " (" + p.repoId() + ") requires " + d
                + ", which no package in the repositories provides and which is not in assumed_present"));
        require(p, first, selected, queue);
      }
      case AND, WITH -> d.args().forEach(a -> require(p, a, selected, queue));
      case WITHOUT -> require(p, d.args().get(0), selected, queue);
      case IF -> {
        if (met(d.args().get(1), selected)) {
          require(p, d.args().get(0), selected, queue);
        } else if (d.args().size() > 2) {
          require(p, d.args().get(2), selected, queue);
        }
      }
      case UNLESS -> {
        if (!met(d.args().get(1), selected)) {
          require(p, d.args().get(0), selected, queue);
        } else if (d.args().size() > 2) {
          require(p, d.args().get(2), selected, queue);
        }
      }
    }
  }

  private RpmPackage pinned(String name, String version) {
    List<RpmPackage> all = byName.getOrDefault(name, List.of());
    if (version == null) {
      return all.stream().max(Comparator.comparing(RpmPackage::evr)).orElseThrow(() ->
          new JprovException(ExitCodes.INPUT, "package " + name + " is not in the repositories"));
    }
    Evr want = Evr.parse(version);
    return all.stream()
        .filter(p -> p.evr().compareToSpec(want) == 0)
        .max(Comparator.comparing(RpmPackage::evr))
        .orElseThrow(() -> new JprovException(ExitCodes.INPUT, "package " + name + " " + version
            + " is not in the repositories (available: "
            + (all.isEmpty() ? "none" : all.stream().map(p -> p.evr().toString()).distinct()
                .collect(Collectors.joining(", "))) + ")"));
  }

  private boolean satisfiedWithoutAdding(RpmPackage.Dep req, Map<String, RpmPackage> selected) {
    String n = req.name();
    if (n.startsWith("rpmlib(") || assumed.contains(n)) {
      return true;
    }
    for (Provider c : byProvide.getOrDefault(n, List.of())) {
      if (selected.get(c.pkg().name()) == c.pkg() && matches(c.provide(), req)) {
        return true;
      }
    }
    return false;
  }

  private List<Provider> providers(RpmPackage.Dep req) {
    return byProvide.getOrDefault(req.name(), List.of()).stream().filter(c -> matches(c.provide(), req)).toList();
  }

  /** Whether a provide satisfies a requirement: unversioned on either side matches, else the ranges overlap. */
  static boolean matches(RpmPackage.Dep provide, RpmPackage.Dep req) {
    if (req.flags() == null || provide.flags() == null) {
      return true;
    }
    if (!provide.flags().equals("EQ")) {
      // A ranged provide (rare): treat as overlapping unless both point the same way and cannot meet.
      return true;
    }
    int c = provide.evr().compareTo(req.evr());
    return switch (req.flags()) {
      case "EQ" -> c == 0;
      case "LT" -> c < 0;
      case "LE" -> c <= 0;
      case "GT" -> c > 0;
      case "GE" -> c >= 0;
      default -> false;
    };
  }
}
