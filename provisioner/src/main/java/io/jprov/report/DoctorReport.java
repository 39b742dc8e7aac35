package io.jprov.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.doctor.DoctorResult;
import io.jprov.doctor.Finding;
import io.jprov.doctor.HostDoctor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable report of {@code jprov doctor --json FILE} (docs/doctor.md, docs/report.md): {@code
 * command}, {@code started}, {@code duration_ms}, {@code shard} (when given), {@code summary} (hosts by status),
 * {@code hosts[]} with {@code name}, {@code status}, {@code message} (a host not read) and {@code checks[]}
 * ({@code name}, {@code status}, {@code evidence}, {@code fix}). Every text is masked ({@link
 * io.jprov.util.Secrets#mask}). Written mode 0600 through a temp file renamed over the target, like {@link
 * JsonReport}.
 */
public final class DoctorReport {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private DoctorReport() {}

  /** Writes the report of {@code result} to {@code file}. */
  public static void write(Path file, DoctorResult result) {
    try {
      OwnerOnlyFiles.replaceAtomically(file, MAPPER.writeValueAsBytes(toMap(result)));
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot write JSON report " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The hosts of a doctor report and their statuses ({@code hosts[].name} → {@code hosts[].status}), in the report's
   * order; null when {@code file} is not a doctor report (no {@code "command": "doctor"}: an apply report, say).
   *
   * @throws io.jprov.InputException naming the file when it cannot be read or is not JSON
   */
  public static Map<String, String> readStatuses(Path file) {
    com.fasterxml.jackson.databind.JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new io.jprov.InputException(file + ": cannot read the report: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !"doctor".equals(root.path("command").asText())) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (com.fasterxml.jackson.databind.JsonNode h : root.path("hosts")) {
      out.put(h.path("name").asText(), h.path("status").asText());
    }
    return out;
  }

  /** The report as plain maps, in the field order of docs/doctor.md, every text masked. */
  public static Map<String, Object> toMap(DoctorResult result) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("command", "doctor");
    root.put("started", result.started().toString());
    root.put("duration_ms", result.duration().toMillis());
    if (result.shard() != null) {
      Map<String, Object> shard = new LinkedHashMap<>();
      shard.put("index", result.shard().index());
      shard.put("count", result.shard().count());
      root.put("shard", shard);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("hosts", result.hosts().size());
    for (HostDoctor.Status s : HostDoctor.Status.values()) {
      summary.put(s.toString(), result.count(s));
    }
    root.put("summary", summary);
    List<Object> hosts = new ArrayList<>();
    for (HostDoctor h : result.hosts()) {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("name", h.host());
      hm.put("status", h.status().toString());
      if (h.message() != null) {
        hm.put("message", Masked.text(h.message()));
      }
      List<Object> checks = new ArrayList<>();
      for (Finding f : h.findings()) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("name", f.name());
        fm.put("status", f.status().toString());
        fm.put("evidence", Masked.text(f.evidence()));
        fm.put("fix", Masked.text(f.fix()));
        checks.add(fm);
      }
      hm.put("checks", checks);
      hosts.add(hm);
    }
    root.put("hosts", hosts);
    return root;
  }
}
