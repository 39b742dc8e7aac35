package io.jprov.bundle;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.util.DebVersion;
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
 * Resolves a pinned package set and its {@code Depends}/{@code Pre-Depends} closure from apt
 * {@code Packages} indexes, for one architecture (plus {@code all}). Pure.
 *
 * <p>A dependency (a list of alternatives) needs nothing new when one of its alternatives is already
 * satisfied: by a package of the closure (by name and version, or by a {@code Provides} of it), or by a
 * name in {@code assumed_present} (a package a minimal install of the platform always has, or a virtual
 * package one of them provides; versions are not checked there). Otherwise the first alternative the
 * repositories can satisfy is added: the highest version of a package of that name within the
 * constraint, else (a virtual package) a package providing it, preferring the lowest name for a stable
 * choice. Recommends and Suggests are not followed. A dependency no alternative satisfies is an error
 * naming the requirer.
 */
public final class AptResolver {
  private final Map<String, List<DebPackage>> byName = new HashMap<>();
  private final Map<String, List<Provide>> byProvide = new HashMap<>();
  private final Set<String> assumed;

  private record Provide(DebPackage pkg, DebIndex.Relation provide) {}

  /**
   * @param packages every package of the repositories read
   * @param debArch the target's architecture ({@code amd64}); {@code all} is always taken
   */
  public AptResolver(List<DebPackage> packages, String debArch, Set<String> assumedPresent) {
    this.assumed = Set.copyOf(assumedPresent);
    for (DebPackage p : packages) {
      String arch = p.entry().arch();
      if (!arch.equals(debArch) && !arch.equals("all")) {
        continue;
      }
      byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
      for (List<DebIndex.Relation> group : p.entry().relations("Provides")) {
        for (DebIndex.Relation r : group) {
          byProvide.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(new Provide(p, r));
        }
      }
    }
  }

  /** The versions of a package in the repositories, highest first. */
  public List<String> versions(String name) {
    return byName.getOrDefault(name, List.of()).stream().map(DebPackage::version).distinct()
        .sorted((a, b) -> DebVersion.compare(b, a)).toList();
  }

  /**
   * The closure, pinned packages first, then dependencies in discovery order.
   *
   * @param pins name → exact version, or null for the highest
   * @throws JprovException (exit 2) when a pin is not in the repositories or a dependency cannot be met
   */
  public List<DebPackage> resolve(Map<String, String> pins) {
    Map<String, DebPackage> selected = new LinkedHashMap<>();
    Deque<DebPackage> queue = new ArrayDeque<>();
    for (Map.Entry<String, String> pin : pins.entrySet()) {
      DebPackage p = pinned(pin.getKey(), pin.getValue());
      selected.put(p.name(), p);
      queue.add(p);
    }
    while (!queue.isEmpty()) {
      DebPackage p = queue.poll();
      List<List<DebIndex.Relation>> deps = new ArrayList<>(p.entry().relations("Pre-Depends"));
      deps.addAll(p.entry().relations("Depends"));
      for (List<DebIndex.Relation> alts : deps) {
        if (alts.stream().anyMatch(r -> assumedProvides(r) || satisfiedBy(r, selected))) {
          continue;
        }
        DebPackage chosen = null;
        for (DebIndex.Relation r : alts) {
          chosen = candidate(r);
          if (chosen != null) {
            break;
          }
        }
        if (chosen == null) {
          throw new JprovException(ExitCodes.INPUT, p.display() + " (" + p.sourceId() + ") depends on "
              + alts.stream().map(AptResolver::show).collect(Collectors.joining(" | "))
              + ", which no package in the repositories satisfies and which is not in assumed_present"
              + conflictHint(alts, selected));
        }
        DebPackage already = selected.get(chosen.name());
        if (already != null) {
          throw new JprovException(ExitCodes.INPUT, p.display() + " depends on "
              + alts.stream().map(AptResolver::show).collect(Collectors.joining(" | "))
              + ", but the bundle already has " + already.display() + " which does not satisfy it");
        }
        selected.put(chosen.name(), chosen);
        queue.add(chosen);
      }
    }
    return List.copyOf(selected.values());
  }

  private String conflictHint(List<DebIndex.Relation> alts, Map<String, DebPackage> selected) {
    for (DebIndex.Relation r : alts) {
      DebPackage s = selected.get(r.name());
      if (s != null) {
        return " (the bundle has " + s.display() + ")";
      }
    }
    return "";
  }

  private DebPackage pinned(String name, String version) {
    List<DebPackage> all = byName.getOrDefault(name, List.of());
    Comparator<DebPackage> byVersion = (a, b) -> DebVersion.compare(a.version(), b.version());
    if (version == null) {
      return all.stream().max(byVersion).orElseThrow(() ->
          new JprovException(ExitCodes.INPUT, "package " + name + " is not in the repositories"));
    }
    return all.stream().filter(p -> DebVersion.compare(p.version(), version) == 0).findFirst()
        .orElseThrow(() -> new JprovException(ExitCodes.INPUT, "package " + name + " " + version
            + " is not in the repositories (available: "
            + (all.isEmpty() ? "none" : String.join(", ", versions(name))) + ")"));
  }

  /** Whether an assumed-present package is named by {@code r} or provides it (versions not checked). */
  private boolean assumedProvides(DebIndex.Relation r) {
    return assumed.contains(r.name())
        || byProvide.getOrDefault(r.name(), List.of()).stream().anyMatch(pr -> assumed.contains(pr.pkg().name()));
  }

  /** Whether a package of the closure satisfies {@code r}: by name and version, or by a Provides. */
  private boolean satisfiedBy(DebIndex.Relation r, Map<String, DebPackage> selected) {
    DebPackage s = selected.get(r.name());
    if (s != null && r.satisfiedBy(s.version())) {
      return true;
    }
    for (Provide pr : byProvide.getOrDefault(r.name(), List.of())) {
      if (selected.get(pr.pkg().name()) == pr.pkg() && provides(pr.provide(), r)) {
        return true;
      }
    }
    return false;
  }

  /** The package the repositories offer for {@code r}, or null. */
  private DebPackage candidate(DebIndex.Relation r) {
    DebPackage real = byName.getOrDefault(r.name(), List.of()).stream()
        .filter(p -> r.satisfiedBy(p.version()))
        .max((a, b) -> DebVersion.compare(a.version(), b.version()))
        .orElse(null);
    if (real != null) {
      return real;
    }
    return byProvide.getOrDefault(r.name(), List.of()).stream()
        .filter(pr -> provides(pr.provide(), r))
        .map(Provide::pkg)
        .min(Comparator.comparing(DebPackage::name)
            .thenComparing((a, b) -> DebVersion.compare(b.version(), a.version())))
        .orElse(null);
  }

  /**
   * Whether a {@code Provides} entry meets a relation: an unversioned relation takes any provide; a
   * versioned one only a provide with {@code (= version)} that satisfies it (deb-control(5)).
   */
  static boolean provides(DebIndex.Relation provide, DebIndex.Relation r) {
    if (r.op().isEmpty()) {
      return true;
    }
    return provide.op().equals("=") && r.satisfiedBy(provide.version());
  }

  private static String show(DebIndex.Relation r) {
    return r.op().isEmpty() ? r.name() : r.name() + " (" + r.op() + " " + r.version() + ")";
  }
}
