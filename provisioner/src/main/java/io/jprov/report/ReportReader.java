package io.jprov.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.InputException;
import io.jprov.inventory.Shard;
import io.jprov.util.Text;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a JSON report of docs/report.md ({@code --json FILE}, version 1) back into the {@link RunResult}
 * it was written from, shard included, for {@code jprov report merge} and {@code --limit @REPORT.json}.
 * Fields it does not know are ignored (the format only adds fields); the {@code summary} is not read, since
 * it follows from the hosts. Texts come back as written, that is masked. Stateless.
 */
public final class ReportReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The report format version this class reads ({@code version} of docs/report.md). */
  static final int VERSION = 1;

  private ReportReader() {}

  /**
   * Reads the report in {@code file}.
   *
   * @throws InputException one line starting with the file ({@code r.json:3:5: not valid JSON: …},
   *     {@code r.json: hosts[2].status: unknown host status 'x'}) when it cannot be read or is not a jprov
   *     report of a version this jprov reads
   */
  public static RunResult read(Path file) {
    JsonNode root;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      root = MAPPER.readTree(in);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new InputException(file + ": permission denied");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InputException(file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
          + ": not valid JSON: " + Text.shown(io.jprov.json.Json.message(e)));
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + (Files.isDirectory(file) ? "is a directory" : e.getMessage()));
    }
    return new Reader(file).run(root);
  }

  /** One file's reading; errors name the file and the field's path in it. */
  private record Reader(Path file) {
    RunResult run(JsonNode root) {
      // a doctor report (docs/doctor.md) is JSON of jprov's too, with hosts but checks instead of tasks: say so
      if (root != null && root.isObject() && root.path("command").isTextual() && !root.has("version")) {
        String command = root.get("command").asText();
        throw error("", "a jprov " + Text.shown(command) + " report (" + Text.shown(command) + " --json), not a"
            + " run report of apply or plan --json");
      }
      if (root == null || !root.isObject() || !root.has("version") || !root.has("hosts")) {
        throw error("", "not a jprov JSON report (expected an object with 'version' and 'hosts')");
      }
      JsonNode version = root.get("version");
      if (!version.isInt() || version.asInt() != VERSION) {
        throw error("version", "report format " + Text.shown(version.toString()) + "; this jprov reads version "
            + VERSION);
      }
      JsonNode hostsNode = array(root, "hosts", "hosts");
      List<HostResult> hosts = new ArrayList<>(hostsNode.size());
      Set<String> names = new HashSet<>();
      for (int i = 0; i < hostsNode.size(); i++) {
        HostResult h = host(hostsNode.get(i), "hosts[" + i + "]");
        if (!names.add(h.name())) {
          throw error("hosts[" + i + "].name", "host " + Text.shown(h.name()) + " appears twice");
        }
        hosts.add(h);
      }
      return new RunResult(text(root, "playbook", "playbook", true), bool(root, "check_mode", "check_mode"),
          instant(root, "started"), instant(root, "finished"), List.copyOf(hosts),
          text(root, "stop_reason", "stop_reason", false), shard(root.get("shard")));
    }

    private Shard shard(JsonNode node) {
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isObject() || !node.path("index").isInt() || !node.path("count").isInt()) {
        throw error("shard", "expected {\"index\": K, \"count\": N} or null");
      }
      int k = node.get("index").asInt();
      int n = node.get("count").asInt();
      if (n < 1 || k < 1 || k > n) {
        throw error("shard", "expected 1 ≤ index ≤ count, found " + k + "/" + n);
      }
      return new Shard(k, n);
    }

    private HostResult host(JsonNode node, String at) {
      if (node == null || !node.isObject()) {
        throw error(at, "expected an object");
      }
      JsonNode tasksNode = array(node, "tasks", at + ".tasks");
      List<TaskResult> tasks = new ArrayList<>(tasksNode.size());
      for (int i = 0; i < tasksNode.size(); i++) {
        tasks.add(task(tasksNode.get(i), at + ".tasks[" + i + "]"));
      }
      return new HostResult(text(node, "name", at + ".name", true),
          status(HostResult.Status.class, node, at), number(node, "duration_ms", at), List.copyOf(tasks),
          (int) Math.min(Integer.MAX_VALUE, number(node, "round_trips", at)),
          text(node, "message", at + ".message", false));
    }

    private TaskResult task(JsonNode node, String at) {
      if (node == null || !node.isObject()) {
        throw error(at, "expected an object");
      }
      TaskResult.Status status = status(TaskResult.Status.class, node, at);
      List<String> commands = null;
      JsonNode c = node.get("commands");
      if (c != null && !c.isNull()) {
        if (!c.isArray()) {
          throw error(at + ".commands", "expected an array of strings");
        }
        commands = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
          commands.add(text(c, i, at + ".commands[" + i + "]"));
        }
        commands = List.copyOf(commands);
      }
      // written since the format's start; a report without it: the status says
      boolean changed = node.has("changed") ? bool(node, "changed", at + ".changed")
          : status == TaskResult.Status.CHANGED;
      return new TaskResult(text(node, "name", at + ".name", true), text(node, "module", at + ".module", false),
          status, number(node, "duration_ms", at), text(node, "message", at + ".message", false),
          text(node, "diff", at + ".diff", false), commands, changed);
    }

    private <E extends Enum<E>> E status(Class<E> type, JsonNode node, String at) {
      String word = text(node, "status", at + ".status", true);
      for (E e : type.getEnumConstants()) {
        if (e.toString().equals(word)) {
          return e;
        }
      }
      List<String> known = java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
      throw error(at + ".status", "unknown " + (type == HostResult.Status.class ? "host" : "task") + " status '"
          + Text.shown(word) + "' (expected " + String.join(", ", known) + ")");
    }

    private JsonNode array(JsonNode node, String field, String at) {
      JsonNode a = node.get(field);
      if (a == null || !a.isArray()) {
        throw error(at, "expected an array");
      }
      return a;
    }

    private String text(JsonNode node, String field, String at, boolean required) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        if (required) {
          throw error(at, "missing");
        }
        return null;
      }
      if (!v.isTextual()) {
        throw error(at, "expected a string");
      }
      return v.asText();
    }

    private String text(JsonNode array, int index, String at) {
      JsonNode v = array.get(index);
      if (v == null || !v.isTextual()) {
        throw error(at, "expected a string");
      }
      return v.asText();
    }

    private boolean bool(JsonNode node, String field, String at) {
      JsonNode v = node.get(field);
      if (v == null || !v.isBoolean()) {
        throw error(at, "expected true or false");
      }
      return v.asBoolean();
    }

    private long number(JsonNode node, String field, String at) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return 0; // a count the report may lack (older or hand-written): nothing to add up
      }
      if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
        throw error(at + "." + field, "expected a number ≥ 0");
      }
      return v.asLong();
    }

    private Instant instant(JsonNode node, String field) {
      String s = text(node, field, field, true);
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw error(field, "expected an ISO-8601 instant such as 2026-11-30T21:00:00Z, found '" + Text.shown(s) + "'");
      }
    }

    private InputException error(String at, String message) {
      return new InputException(file + ": " + (at.isEmpty() ? "" : at + ": ") + message);
    }
  }
}
