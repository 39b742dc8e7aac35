package io.jprov.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data the HTML report's page embeds (docs/report.md, "HTML report"), in a compact form of the JSON report's
 * maps ({@link JsonReport#toMap}, already masked): at 10,000 hosts the same task names, messages, commands and diffs
 * repeat on nearly every host, so each text is written once in a string table and each distinct task (all its fields
 * but the duration) once in a task table; a host is one array and a task on a host two numbers. Also computes the
 * failure groups (hosts whose messages are the same once host names and IPv4 addresses are taken out). Stateless.
 *
 * <pre>{@code
 * {"f": 1, "run": {every top-level field of the JSON report but hosts},
 *  "s": [text, ...],                                        string table; -1 below is null
 *  "t": [[name, module, status, changed 0|1, message, diff, command...], ...]   string indexes
 *  "h": [[name, status, duration_ms, round_trips, message, changed, deferred, [task, duration_ms, ...]], ...]
 *  "g": [[cause, status, [host index, ...]], ...]}          failure groups, most hosts first
 * }</pre>
 */
final class HtmlReportData {
  /** Format of the embedded data; the page's script reads this one. */
  static final int FORMAT = 1;

  /** Host statuses whose hosts are grouped by cause. */
  static final List<String> FAILURE_STATUSES = List.of("failed", "unreachable", "interrupted");

  private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d.]*\\d)");

  private final Map<String, Integer> strings = new HashMap<>();
  private final List<String> stringList = new ArrayList<>();
  private final Map<List<Integer>, Integer> tasks = new HashMap<>();
  private final List<List<Integer>> taskList = new ArrayList<>();

  private HtmlReportData() {}

  /** The compact data of {@code report}, a map of {@link JsonReport#toMap}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> encode(Map<String, Object> report) {
    HtmlReportData d = new HtmlReportData();
    Map<String, Object> run = new LinkedHashMap<>(report);
    run.remove("hosts");
    List<Map<String, Object>> hosts = (List<Map<String, Object>>) report.get("hosts");
    List<Object> rows = new ArrayList<>(hosts.size());
    for (Map<String, Object> h : hosts) {
      List<Object> row = new ArrayList<>(8);
      row.add(h.get("name"));
      row.add(d.string((String) h.get("status")));
      row.add(h.get("duration_ms"));
      row.add(h.get("round_trips"));
      row.add(d.string((String) h.get("message")));
      row.add(h.get("changed"));
      row.add(h.get("deferred"));
      List<Object> ts = new ArrayList<>();
      for (Map<String, Object> t : (List<Map<String, Object>>) h.get("tasks")) {
        ts.add(d.task(t));
        ts.add(t.get("duration_ms"));
      }
      row.add(ts);
      rows.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("f", FORMAT);
    out.put("run", run);
    out.put("s", d.stringList);
    out.put("t", d.taskList);
    out.put("h", rows);
    out.put("g", groups(hosts));
    return out;
  }

  private int string(String s) {
    if (s == null) {
      return -1;
    }
    return strings.computeIfAbsent(s, k -> {
      stringList.add(k);
      return stringList.size() - 1;
    });
  }

  @SuppressWarnings("unchecked")
  private int task(Map<String, Object> t) {
    List<Integer> key = new ArrayList<>();
    key.add(string((String) t.get("name")));
    key.add(string((String) t.get("module")));
    key.add(string((String) t.get("status")));
    key.add(Boolean.TRUE.equals(t.get("changed")) ? 1 : 0);
    key.add(string((String) t.get("message")));
    key.add(string((String) t.get("diff")));
    List<String> commands = (List<String>) t.get("commands");
    if (commands != null) {
      for (String c : commands) {
        key.add(string(c));
      }
    }
    return tasks.computeIfAbsent(key, k -> {
      taskList.add(k);
      return taskList.size() - 1;
    });
  }

  /**
   * Failed, unreachable and interrupted hosts grouped by {@link #cause}: {@code [cause, status, [host index...]]},
   * the groups with most hosts first (ties: the group whose first host comes first).
   */
  @SuppressWarnings("unchecked")
  static List<Object> groups(List<Map<String, Object>> hosts) {
    Map<String, List<Object>> byKey = new LinkedHashMap<>();
    for (int i = 0; i < hosts.size(); i++) {
      Map<String, Object> h = hosts.get(i);
      String status = (String) h.get("status");
      if (!FAILURE_STATUSES.contains(status)) {
        continue;
      }
      String cause = cause((String) h.get("name"), hostMessage(h));
      List<Object> g = byKey.computeIfAbsent(status + "\u0000" + cause,
          k -> new ArrayList<>(List.of(cause, status, new ArrayList<Integer>())));
      ((List<Integer>) g.get(2)).add(i);
    }
    List<Object> sorted = new ArrayList<>(byKey.values());
    // stable: among groups of one size, the one whose first host comes first
    sorted.sort((a, b) -> Integer.compare(((List<Integer>) ((List<Object>) b).get(2)).size(),
        ((List<Integer>) ((List<Object>) a).get(2)).size()));
    return sorted;
  }

  /** The host's message, or for a failed host without one its first failed task's, or a placeholder. */
  @SuppressWarnings("unchecked")
  private static String hostMessage(Map<String, Object> h) {
    if (h.get("message") != null) {
      return (String) h.get("message");
    }
    for (Map<String, Object> t : (List<Map<String, Object>>) h.get("tasks")) {
      if ("failed".equals(t.get("status")) && t.get("message") != null) {
        return (String) t.get("message");
      }
    }
    return "(no message)";
  }

  /**
   * The message with what differs from host to host taken out, so that one cause is one group: the host's own
   * name becomes {@code <host>}, every IPv4 address {@code <ip>} ({@code web7 (10.0.0.5:22): connection refused}
   * and {@code web9 (10.0.0.9:22): connection refused} are both {@code <host> (<ip>:22): connection refused}).
   */
  static String cause(String host, String message) {
    String m = message;
    if (host != null && !host.isEmpty()) {
      // the name as a whole word: host "a" leaves "unreachable" alone
      m = Pattern.compile("(?<![\\w.-])" + Pattern.quote(host) + "(?![\\w-])").matcher(m)
          .replaceAll(Matcher.quoteReplacement("<host>"));
    }
    return IPV4.matcher(m).replaceAll(Matcher.quoteReplacement("<ip>"));
  }
}
