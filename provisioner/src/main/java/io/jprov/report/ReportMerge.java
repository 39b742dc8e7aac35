package io.jprov.report;

import io.jprov.InputException;
import io.jprov.inventory.Shard;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code jprov report merge}: the JSON reports of the parts of one run (the N shards of {@code --shard K/N}, or
 * runs over disjoint hosts) as one run of the whole fleet (docs/report.md). Reports that cannot be parts of one
 * run are refused, one line naming the files: different playbooks or check modes, a host in two reports, sharded
 * and unsharded reports together, different shard counts, a shard given twice or missing. Stateless.
 */
public final class ReportMerge {
  private ReportMerge() {}

  /** A report and the file it came from. */
  private record Part(Path file, RunResult run) {}

  /**
   * Reads and merges {@code files}: hosts in shard order (in the order given when unsharded), started the
   * earliest start, finished the latest end, the stop reasons joined; the merged run has no shard.
   *
   * @throws InputException one line naming the files, when a file is not a report ({@link ReportReader}) or the
   *     reports are not the parts of one run
   */
  public static RunResult merge(List<Path> files) {
    if (files.isEmpty()) {
      throw new InputException("report merge: no reports given");
    }
    Map<Path, Path> seen = new HashMap<>();
    for (Path f : files) {
      Path prev = seen.putIfAbsent(f.toAbsolutePath().normalize(), f);
      if (prev != null) {
        throw new InputException("report merge: " + f + " is given twice" + (prev.toString().equals(f.toString())
            ? "" : " (also as " + prev + ")"));
      }
    }
    // read side by side (a shard's report of 1,000 hosts is megabytes); an error is the first file's in the order given
    List<Object> read = files.parallelStream().map(f -> {
      try {
        return (Object) new Part(f, ReportReader.read(f));
      } catch (InputException e) {
        return e;
      }
    }).toList();
    List<Part> parts = new ArrayList<>(files.size());
    for (Object r : read) {
      if (r instanceof InputException e) {
        throw e;
      }
      parts.add((Part) r);
    }
    Part first = parts.get(0);
    for (Part p : parts) {
      if (!p.run().playbook().equals(first.run().playbook())) {
        throw refused("different playbooks: " + first.file() + " is '" + first.run().playbook() + "', " + p.file()
            + " is '" + p.run().playbook() + "'");
      }
      if (p.run().checkMode() != first.run().checkMode()) {
        throw refused("different check modes: " + first.file() + " is " + mode(first.run()) + ", " + p.file()
            + " is " + mode(p.run()));
      }
    }
    parts = shardOrder(parts);
    Map<String, Path> owner = new HashMap<>();
    List<HostResult> hosts = new ArrayList<>();
    for (Part p : parts) {
      for (HostResult h : p.run().hosts()) {
        Path other = owner.putIfAbsent(h.name(), p.file());
        if (other != null) {
          throw refused("host " + h.name() + " is in both " + other + " and " + p.file());
        }
        hosts.add(h);
      }
    }
    Instant started = parts.stream().map(p -> p.run().started()).min(Comparator.naturalOrder()).orElseThrow();
    Instant finished = parts.stream().map(p -> p.run().finished()).max(Comparator.naturalOrder()).orElseThrow();
    Set<String> reasons = new LinkedHashSet<>();
    for (Part p : parts) {
      if (p.run().stopReason() != null) {
        reasons.add(p.run().shard() == null || parts.size() == 1 ? p.run().stopReason()
            : "shard " + p.run().shard() + ": " + p.run().stopReason());
      }
    }
    return new RunResult(first.run().playbook(), first.run().checkMode(), started, finished, List.copyOf(hosts),
        reasons.isEmpty() ? null : String.join("; ", reasons));
  }

  /**
   * The parts by shard index when they are the shards of one run (all of them, each once, of the same count), as
   * given when none is sharded.
   */
  private static List<Part> shardOrder(List<Part> parts) {
    List<Part> sharded = parts.stream().filter(p -> p.run().shard() != null).toList();
    if (sharded.isEmpty()) {
      return parts;
    }
    if (sharded.size() != parts.size()) {
      Part s = sharded.get(0);
      Part u = parts.stream().filter(p -> p.run().shard() == null).findFirst().orElseThrow();
      throw refused(s.file() + " is shard " + s.run().shard() + " but " + u.file() + " has no shard: merge the"
          + " shards of one run, or unsharded runs over different hosts");
    }
    int count = sharded.get(0).run().shard().count();
    Part[] byIndex = new Part[count + 1];
    for (Part p : sharded) {
      Shard s = p.run().shard();
      if (s.count() != count) {
        throw refused("different shard counts: " + sharded.get(0).file() + " is shard "
            + sharded.get(0).run().shard() + ", " + p.file() + " is shard " + s);
      }
      if (byIndex[s.index()] != null) {
        throw refused(byIndex[s.index()].file() + " and " + p.file() + " are both shard " + s);
      }
      byIndex[s.index()] = p;
    }
    List<String> missing = new ArrayList<>();
    for (int k = 1; k <= count; k++) {
      if (byIndex[k] == null) {
        missing.add(k + "/" + count);
      }
    }
    if (!missing.isEmpty()) {
      throw refused("missing shard" + (missing.size() == 1 ? " " : "s ") + firstFew(missing) + " (given: "
          + firstFew(sharded.stream().map(p -> p.file() + " " + p.run().shard()).toList()) + ")");
    }
    List<Part> ordered = new ArrayList<>(count);
    for (int k = 1; k <= count; k++) {
      ordered.add(byIndex[k]);
    }
    return ordered;
  }

  /** At most ten items, then how many more: a thousand shards stay one readable line. */
  private static String firstFew(List<String> items) {
    return items.size() <= 10 ? String.join(", ", items)
        : String.join(", ", items.subList(0, 10)) + " and " + (items.size() - 10) + " more";
  }

  private static String mode(RunResult run) {
    return run.checkMode() ? "a check run (plan)" : "an apply";
  }

  private static InputException refused(String why) {
    return new InputException("report merge: " + why);
  }
}
