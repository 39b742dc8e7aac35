package io.jprov.cli;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.report.HostResult;
import io.jprov.report.HtmlReport;
import io.jprov.report.ReportMerge;
import io.jprov.report.ReportReader;
import io.jprov.report.RunResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jprov report merge} and {@code jprov report html}: what can be done with JSON run reports once the run
 * is over (docs/report.md).
 */
@Command(
    name = "report",
    description = "Work with JSON run reports (--json): merge the reports of a sharded run, or turn one into an"
        + " HTML page.",
    mixinStandardHelpOptions = true,
    subcommands = {ReportCommand.Merge.class, ReportCommand.Html.class})
public final class ReportCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
  @ParentCommand JprovCommand parent;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: merge or html");
  }

  @Command(name = "merge", mixinStandardHelpOptions = true,
      description = {
        "Merge the JSON reports of the shards of one run (--shard K/N, all N of them), or of runs over different"
            + " hosts, into one report of the whole fleet; exit with the code the merged run earns.",
        "Refused (exit 2, nothing written): different playbooks or check modes, a host in two reports, sharded and"
            + " unsharded reports together, different shard counts, a shard given twice or missing.",
        "Exit codes: 0 ok, 2 refused or unreadable report, 3 a host failed (or a run was stopped), 4 a host"
            + " unreachable (none failed), 10 check-mode reports found drift."
      })
  static final class Merge implements Callable<Integer> {
    @ParentCommand ReportCommand report;

    @Parameters(arity = "1..*", paramLabel = "REPORT", description = "JSON reports written by --json.")
    List<Path> reports = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the merged report (same format) to FILE.")
    String json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write the merged run as JUnit XML to FILE (as"
        + " apply --junit: a test suite per host).")
    String junit;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the merged run as an HTML page to FILE (as"
        + " apply --html).")
    String html;

    @Override
    public Integer call() {
      RunReportFiles files = new RunReportFiles(json, junit, html);
      files.check();
      RunResult merged = ReportMerge.merge(reports);
      files.write(merged);
      report.parent.out.println(summary(reports.size(), merged));
      if (json != null) {
        report.parent.out.println("merged report written to " + json);
      }
      if (junit != null) {
        report.parent.out.println("merged JUnit report written to " + junit);
      }
      if (html != null) {
        report.parent.out.println("merged HTML report written to " + html);
      }
      return RunOutcome.exitCode(merged);
    }

    /** {@code merged 3 reports of docker-ce (check mode): 12 hosts: 9 ok, 1 changed, 1 failed, 1 unreachable}. */
    static String summary(int reports, RunResult run) {
      StringBuilder b = new StringBuilder("merged " + reports + (reports == 1 ? " report" : " reports") + " of "
          + run.playbook() + (run.checkMode() ? " (check mode)" : "") + ": " + run.hosts().size()
          + (run.hosts().size() == 1 ? " host" : " hosts"));
      String sep = ": ";
      for (HostResult.Status s : HostResult.Status.values()) {
        long n = run.hostsWithStatus(s);
        if (n > 0 || s.ordinal() <= HostResult.Status.UNREACHABLE.ordinal()) {
          b.append(sep).append(n).append(' ').append(s.toString().replace('_', ' '));
          sep = ", ";
        }
      }
      long deferred = run.hosts().stream().filter(h -> h.deferredCount() > 0).count();
      if (deferred > 0) {
        b.append(" (").append(deferred).append(" with a deferred task)");
      }
      if (run.stopReason() != null) {
        b.append("; stopped: ").append(run.stopReason());
      }
      return b.toString();
    }
  }

  /**
   * {@code jprov report html}: the page of a finished run for people, made from the JSON report that CI keeps
   * anyway (docs/cli.md); the same page as {@code --html}. Standard output is the contract, so that it pipes and
   * redirects like any filter; {@code -o} is for an owner-only file.
   */
  @Command(name = "html", mixinStandardHelpOptions = true,
      description = {
        "Write the HTML page of a JSON run report to standard output, to open in a browser.",
        "  jprov report html REPORT.json > report.html",
        "The report is one of apply, plan or report merge --json. The page is one self-contained file (no"
            + " network); texts are masked as in the JSON. No host is contacted.",
        "Exit codes: 0 written, 1 the page could not be written out (a full disk), 2 the report cannot be read or"
            + " is not a run report (one line naming the file; nothing written)."
      })
  static final class Html implements Callable<Integer> {
    @ParentCommand ReportCommand report;

    @Parameters(index = "0", paramLabel = "REPORT", description = "A JSON report written by --json.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the page to FILE instead"
        + " (mode 0600, replaced in one step, as --html does).")
    String output;

    @Override
    public Integer call() {
      if (output != null) {
        PlaybookRun.checkReportFile("--output", Path.of(output));
      }
      // read in full before a byte is written: a bad report leaves stdout (and the redirected file) empty
      RunResult run = ReportReader.read(file);
      if (output != null) {
        HtmlReport.write(Path.of(output), run);
        return ExitCodes.OK;
      }
      java.io.PrintStream out = report.parent.out;
      HtmlReport.write(out, run);
      // a PrintStream keeps its errors to itself: a full disk or a closed pipe would otherwise pass for success
      if (out.checkError()) {
        throw new JprovException(ExitCodes.INTERNAL, "report html: cannot write the page to standard output");
      }
      return ExitCodes.OK;
    }
  }
}
