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
 * the requirer.
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
        if (satisfiedWithoutAdding(req, selected)) {
          continue;
        }
        List<Provider> candidates = providers(req);
        if (candidates.stream().anyMatch(c -> assumed.contains(c.pkg().name()))) {
          continue;
        }
        if (candidates.isEmpty()) {
          if (req.name().startsWith("/") && SYSTEM_DIRS.stream().anyMatch(d -> req.name().startsWith(d))) {
            continue;
          }
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
    }
    return List.copyOf(selected.values());
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
