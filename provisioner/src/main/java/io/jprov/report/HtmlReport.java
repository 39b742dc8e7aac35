package io.jprov.report;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The HTML run report (docs/report.md, "HTML report"): one self-contained page (inline CSS and JS, no
 * network) built from the same masked data as the JSON report ({@link JsonReport#toMap}).
 *
 * <p>Placeholder of the contract while the page is built: {@link #write(Writer, RunResult)} renders,
 * {@link #write(Path, RunResult)} writes a file owner-only and atomically as {@link JsonReport#write} does.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** Writes the page for {@code run} to {@code out} (not closed). */
  public static void write(Writer out, RunResult run) throws IOException {
    String data = JsonReport.toJson(JsonReport.toMap(run)).replace("<", "\\u003c");
    out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>jprov report</title></head>\n"
        + "<body><script type=\"application/json\" id=\"jprov-data\">" + data + "</script></body></html>\n");
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
      java.io.StringWriter w = new java.io.StringWriter();
      write(w, run);
      OwnerOnlyFiles.replaceAtomically(file, w.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot write HTML report " + file + ": " + e.getMessage(), e);
    }
  }
}
