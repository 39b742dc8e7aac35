package io.jprov.cli;

import io.jprov.InputException;
import io.jprov.inventory.Host;
import io.jprov.inventory.Inventory;
import io.jprov.report.HostResult;
import io.jprov.report.ReportReader;
import io.jprov.report.RunResult;
import io.jprov.util.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --limit @REPORT.json[:failed|:unreachable|:changed]} (apply, plan, facts): the hosts of an earlier JSON
 * report to run again — by default its failed and unreachable ones, like Ansible's {@code --limit @file.retry}
 * but from the report people already keep (docs/cli.md).
 *
 * @param file the report, as given
 * @param statuses the host statuses selected
 * @param hosts the names of the report's hosts with one of those statuses, in the report's order; every one is
 *     a host of the inventory
 */
record RetryLimit(String file, Set<HostResult.Status> statuses, Set<String> hosts) {
  /** The status words after {@code :}, and what each selects. */
  private static final Map<String, Set<HostResult.Status>> WORDS = Map.of(
      "failed", EnumSet.of(HostResult.Status.FAILED),
      "unreachable", EnumSet.of(HostResult.Status.UNREACHABLE),
      "changed", EnumSet.of(HostResult.Status.CHANGED));

  /** Whether {@code limit} names a report rather than a pattern. */
  static boolean isRetry(String limit) {
    return limit != null && limit.startsWith("@");
  }

  /**
   * Reads the report {@code limit} names and picks its hosts.
   *
   * @throws InputException one line naming the file: an unknown status word, a report that cannot be read, a
   *     selected host that is not in {@code inventory}
   */
  static RetryLimit read(String limit, Inventory inventory) {
    String body = limit.substring(1);
    String file = body;
    Set<HostResult.Status> statuses = EnumSet.of(HostResult.Status.FAILED, HostResult.Status.UNREACHABLE);
    int colon = body.lastIndexOf(':');
    // a ':' in a directory name or in a file that exists as named is part of the path
    if (colon >= 0 && body.indexOf('/', colon) < 0 && !isFile(body)) {
      String word = body.substring(colon + 1);
      file = body.substring(0, colon);
      statuses = WORDS.get(word);
      if (statuses == null) {
        throw new InputException("--limit " + Text.shown(limit) + ": unknown status '" + Text.shown(word) + "' after "
            + Text.shown(file) + " (expected failed, unreachable or changed; none for failed and unreachable)");
      }
    }
    if (file.isEmpty()) {
      throw new InputException("--limit " + Text.shown(limit) + ": expected @REPORT.json, optionally followed by"
          + " :failed, :unreachable or :changed");
    }
    RunResult report;
    try {
      if (!isFile(file) && file.indexOf('\0') >= 0) {
        throw new InputException(Text.shown(file) + ": not a file name");
      }
      report = ReportReader.read(Path.of(file));
    } catch (InputException e) {
      throw new InputException("--limit: " + e.getMessage(), e);
    }
    Set<String> hosts = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (HostResult h : report.hosts()) {
      if (statuses.contains(h.status())) {
        Host host = inventory.host(h.name());
        if (host == null) {
          unknown.add(h.name());
        }
        hosts.add(h.name());
      }
    }
    if (!unknown.isEmpty()) {
      throw new InputException("--limit @" + file + ": " + (unknown.size() == 1 ? "host " : "hosts ")
          + Text.shown(String.join(", ", unknown.size() > 5 ? unknown.subList(0, 5) : unknown))
          + (unknown.size() > 5 ? " and " + (unknown.size() - 5) + " more" : "") + " of " + file
          + (unknown.size() == 1 ? " is" : " are") + " not in the inventory " + inventory.source()
          + " (a report of another inventory, or hosts removed since?)");
    }
    return new RetryLimit(file, statuses, hosts);
  }

  private static boolean isFile(String path) {
    try {
      return Files.isRegularFile(Path.of(path));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /** {@code failed or unreachable}, {@code changed}: what was selected, for messages. */
  String what() {
    return String.join(" or ", statuses.stream().map(HostResult.Status::toString).toList());
  }

  /** The hosts of {@code candidates} (the playbook's pattern) this retry selects, in their order. */
  List<Host> select(List<Host> candidates) {
    return candidates.stream().filter(h -> hosts.contains(h.name())).toList();
  }
}
