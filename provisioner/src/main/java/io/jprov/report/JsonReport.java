package io.jprov.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jprov.ExitCodes;
import io.jprov.JprovException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable run report of docs/report.md ({@code --json FILE}). Field names are fixed there;
 * extra fields: {@code shard}, {@code hosts[].round_trips}, {@code hosts[].message}, {@code tasks[].commands},
 * {@code stop_reason}, {@code summary.skipped}/{@code interrupted}/{@code not_run}, {@code summary.deferred} and
 * {@code hosts[].deferred} (tasks held back by a policy). {@link ReportReader} reads
 * it back. Every text is
 * masked ({@link io.jprov.util.Secrets#mask}). Written when the run finishes, mode 0600, through a
 * temp file renamed over the target (never following a symlink at either path).
 */
public final class JsonReport implements RunListener {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final Path file;

  public JsonReport(Path file) {
    this.file = file;
  }

  @Override
  public void runFinished(RunResult run) {
    write(file, run);
  }

  /** Writes the report for {@code run} to {@code file}. */
  public static void write(Path file, RunResult run) {
    try {
      OwnerOnlyFiles.replaceAtomically(file, MAPPER.writeValueAsBytes(toMap(run)));
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot write JSON report " + file + ": " + e.getMessage(), e);
    }
  }

  /** The report as plain maps, in the field order of docs/report.md, secrets masked. */
  public static Map<String, Object> toMap(RunResult unmasked) {
    RunResult run = Masked.run(unmasked);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", 1);
    root.put("playbook", run.playbook());
    root.put("check_mode", run.checkMode());
    root.put("started", run.started().toString());
    root.put("finished", run.finished().toString());
    Map<String, Object> shard = null;
    if (run.shard() != null) {
      shard = new LinkedHashMap<>();
      shard.put("index", run.shard().index());
      shard.put("count", run.shard().count());
    }
    root.put("shard", shard);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("hosts", run.hosts().size());
    summary.put("ok", run.hostsWithStatus(HostResult.Status.OK));
    summary.put("changed", run.hostsWithStatus(HostResult.Status.CHANGED));
    summary.put("failed", run.hostsWithStatus(HostResult.Status.FAILED));
    summary.put("failed_with_changes", run.hosts().stream()
        .filter(h -> h.status() == HostResult.Status.FAILED && h.changed()).count());
    summary.put("tasks_changed", run.hosts().stream().mapToLong(HostResult::changedCount).sum());
    summary.put("unreachable", run.hostsWithStatus(HostResult.Status.UNREACHABLE));
    summary.put("interrupted", run.hostsWithStatus(HostResult.Status.INTERRUPTED));
    summary.put("not_run", run.hostsWithStatus(HostResult.Status.NOT_RUN));
    // a warning across statuses: hosts (ok or changed) with a task held back by a policy
    summary.put("deferred", run.hosts().stream().filter(h -> h.deferredCount() > 0).count());
    root.put("summary", summary);
    root.put("stop_reason", run.stopReason());
    List<Object> hosts = new ArrayList<>();
    for (HostResult h : run.hosts()) {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("name", h.name());
      hm.put("status", h.status().toString());
      hm.put("duration_ms", h.durationMs());
      hm.put("round_trips", h.roundTrips());
      hm.put("message", h.message());
      hm.put("changed", h.changedCount());
      hm.put("deferred", h.deferredCount());
      List<Object> tasks = new ArrayList<>();
      for (TaskResult t : h.tasks()) {
        Map<String, Object> tm = new LinkedHashMap<>();
        tm.put("name", t.name());
        tm.put("module", t.module());
        tm.put("status", t.status().toString());
        tm.put("changed", t.changed());
        tm.put("duration_ms", t.durationMs());
        tm.put("message", t.message());
        tm.put("diff", t.diff());
        tm.put("commands", t.commands());
        tasks.add(tm);
      }
      hm.put("tasks", tasks);
      hosts.add(hm);
    }
    root.put("hosts", hosts);
    return root;
  }

  /**
   * Serialises any plain value as pretty JSON (for {@code inventory --list}, {@code facts}), secrets
   * masked: facts hold whole files of a host, the inventory mirror URLs with credentials.
   */
  public static String toJson(Object value) {
    try {
      return Masked.text(MAPPER.writeValueAsString(value));
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot serialise JSON: " + e.getMessage(), e);
    }
  }
}
