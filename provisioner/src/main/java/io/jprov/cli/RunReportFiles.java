package io.jprov.cli;

import io.jprov.report.HtmlReport;
import io.jprov.report.JsonReport;
import io.jprov.report.JunitReport;
import io.jprov.report.RunResult;
import java.nio.file.Path;

/**
 * The report files of a run that {@code --json}, {@code --junit} and {@code --html} ask for (apply, plan and report
 * merge; null when not asked). Checked before anything is done, so that a report that cannot be written after the
 * run does not turn its real outcome into an internal error; written when the run is over.
 */
record RunReportFiles(String json, String junit, String html) {
  static RunReportFiles of(RunOptions opts) {
    return new RunReportFiles(opts.json, opts.junit, opts.html);
  }

  /** Refuses (exit 2, one line naming the option) a file that could not be written. */
  void check() {
    if (json != null) {
      PlaybookRun.checkReportFile("--json", Path.of(json));
    }
    if (junit != null) {
      PlaybookRun.checkReportFile("--junit", Path.of(junit));
    }
    if (html != null) {
      PlaybookRun.checkReportFile("--html", Path.of(html));
    }
  }

  /** Writes the reports asked for, each owner-only and atomically. */
  void write(RunResult run) {
    if (json != null) {
      JsonReport.write(Path.of(json), run);
    }
    if (junit != null) {
      JunitReport.write(Path.of(junit), run);
    }
    if (html != null) {
      HtmlReport.write(Path.of(html), run);
    }
  }
}
