package io.jprov.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML run report (docs/report.md, "HTML report"): one self-contained page that a person opens in a browser,
 * built from the same masked data as the JSON report ({@link JsonReport#toMap}), so that it shows no secret the
 * JSON report would not.
 *
 * <p>The page is the template {@code html/report.html} with its stylesheet and script inlined. The header and the
 * summary counts are written here as HTML, so they are painted before any script runs; the hosts travel as the
 * compact data of {@link HtmlReportData} in a {@code <script type="application/json">} block that the script
 * reads after that first paint. A Content-Security-Policy meta allows only the page's own style and script (by
 * hash) and no network at all. Stateless.
 */
public final class HtmlReport {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern SLOT = Pattern.compile("\\{\\{(\\w+)}}");
  private static final String TEMPLATE = resource("report.html");
  private static final String CSS = resource("report.css");
  private static final String JS = resource("report.js");

  /** Summary fields in the order the page shows them, with their labels (docs/report.md, summary). */
  private static final Map<String, String> SUMMARY = labels(
      "hosts", "hosts", "ok", "ok", "changed", "changed", "failed", "failed", "unreachable", "unreachable",
      "interrupted", "interrupted", "not_run", "not run", "failed_with_changes", "failed with changes",
      "tasks_changed", "tasks changed", "deferred", "with a deferred task");

  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private HtmlReport() {}

  /** Writes the page for {@code run} to {@code out} (not closed). */
  public static void write(Writer out, RunResult run) throws IOException {
    out.write(page(JsonReport.toMap(run)));
  }

  /** Writes the page to {@code out} as UTF-8 (the stream is flushed, not closed). */
  public static void write(OutputStream out, RunResult run) {
    try {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      write(w, run);
      w.flush();
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot write HTML report: " + e.getMessage(), e);
    }
  }

  /** Writes the page to {@code file}: mode 0600, through a temporary file renamed over it. */
  public static void write(Path file, RunResult run) {
    try {
      StringWriter w = new StringWriter();
      write(w, run);
      OwnerOnlyFiles.replaceAtomically(file, w.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot write HTML report " + file + ": " + e.getMessage(), e);
    }
  }

  /** The page for a report map of {@link JsonReport#toMap} (masked). */
  static String page(Map<String, Object> report) {
    Map<String, String> slots = new LinkedHashMap<>();
    slots.put("csp", "default-src 'none'; script-src '" + sha256(JS) + "'; style-src '" + sha256(CSS)
        + "'; img-src data:; base-uri 'none'; form-action 'none'");
    slots.put("version", Version.VERSION);
    slots.put("title", escape("jprov " + report.get("playbook") + " "
        + (Boolean.TRUE.equals(report.get("check_mode")) ? "plan" : "apply") + " " + report.get("started")));
    slots.put("css", CSS);
    slots.put("header", header(report));
    slots.put("summary", summary(report));
    slots.put("data", scriptData(HtmlReportData.encode(report)));
    slots.put("js", JS);
    Matcher m = SLOT.matcher(TEMPLATE);
    StringBuilder sb = new StringBuilder(slots.get("data").length() + TEMPLATE.length() + JS.length() + 8192);
    while (m.find()) {
      String v = slots.get(m.group(1));
      if (v == null) {
        throw new IllegalStateException("report.html: unknown slot " + m.group());
      }
      m.appendReplacement(sb, "");
      sb.append(v);
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * JSON for a {@code <script type="application/json">} block: every {@code <} is written {@code \u003c}, so no
   * text of the data ({@code </script>}, {@code <!--}) can end the block or change how the parser reads it.
   */
  static String scriptData(Object value) {
    try {
      return MAPPER.writeValueAsString(value).replace("<", "\\u003c");
    } catch (JsonProcessingException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot serialise the HTML report's data: " + e.getMessage(), e);
    }
  }

  private static String header(Map<String, Object> r) {
    StringBuilder h = new StringBuilder();
    boolean check = Boolean.TRUE.equals(r.get("check_mode"));
    h.append("<h1>").append(escape(String.valueOf(r.get("playbook")))).append(" <span class=\"mode\">")
        .append(check ? "plan (check mode)" : "apply").append("</span></h1>\n<dl class=\"meta\">");
    String started = (String) r.get("started");
    String finished = (String) r.get("finished");
    meta(h, "started", "started", STARTED.format(Instant.parse(started)));
    meta(h, "duration", "duration", duration(Instant.parse(started), Instant.parse(finished)));
    @SuppressWarnings("unchecked")
    Map<String, Object> shard = (Map<String, Object>) r.get("shard");
    if (shard != null) {
      meta(h, "shard", "shard", shard.get("index") + "/" + shard.get("count"));
    }
    meta(h, "jprov", "written by", "jprov " + Version.VERSION);
    if (r.get("stop_reason") != null) {
      meta(h, "stop-reason", "stopped", (String) r.get("stop_reason"));
    }
    return h.append("</dl>").toString();
  }

  private static void meta(StringBuilder h, String key, String label, String value) {
    h.append("<div data-k=\"").append(key).append("\"><dt>").append(label).append("</dt><dd>").append(escape(value))
        .append("</dd></div>");
  }

  private static String summary(Map<String, Object> r) {
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) r.get("summary");
    StringBuilder h = new StringBuilder();
    for (Map.Entry<String, String> e : SUMMARY.entrySet()) {
      Object n = s.get(e.getKey());
      String zero = n instanceof Number num && num.longValue() == 0 ? " zero" : "";
      h.append("<div class=\"card s-").append(e.getKey()).append(zero).append("\" data-k=\"").append(e.getKey())
          .append("\"><b>").append(escape(String.valueOf(n))).append("</b><span>").append(e.getValue())
          .append("</span></div>");
    }
    return h.toString();
  }

  /** A run's wall time for people: {@code 850 ms}, {@code 19.3 s}, {@code 4 min 12 s}, {@code 2 h 05 min}. */
  static String duration(Instant from, Instant to) {
    long ms = Math.max(0, Duration.between(from, to).toMillis());
    if (ms < 1000) {
      return ms + " ms";
    } else if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    } else if (ms < 3_600_000) {
      return (ms / 60_000) + " min " + (ms / 1000 % 60) + " s";
    }
    return (ms / 3_600_000) + " h " + String.format(Locale.ROOT, "%02d", ms / 60_000 % 60) + " min";
  }

  /** Text as HTML character data or a quoted attribute value. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> labels(String... keyLabel) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyLabel.length; i += 2) {
      m.put(keyLabel[i], keyLabel[i + 1]);
    }
    return m;
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream("html/" + name)) {
      if (in == null) {
        throw new IllegalStateException("resource io/jprov/report/html/" + name + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
