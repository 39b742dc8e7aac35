package io.jprov.cli;

import static io.jprov.cli.CliTest.jprov;
import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import io.jprov.inventory.Shard;
import io.jprov.report.HostResult;
import io.jprov.report.JsonReport;
import io.jprov.report.ReportReader;
import io.jprov.report.RunResult;
import io.jprov.report.TaskResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML run report from the command line (docs/cli.md, docs/report.md): {@code jprov report html REPORT.json}
 * prints the page on stdout and refuses what is not a run report with one line, nothing printed; {@code --html FILE}
 * on apply, plan and report merge writes the page of the same hosts as {@code --json} (mode 0600, in one step),
 * after a failed run and for an empty shard, and an unwritable path is refused before any host is touched.
 * Hosts are local connections: no SSH. What the page looks like is {@code report/HtmlReport}'s; these tests look
 * only for the hosts and messages of the run in it, and for the hosts of other runs not in it.
 */
class HtmlReportCliTest {
  @TempDir Path tmp;

  /** Host names no page markup, script or style sheet would hold by chance. */
  static final List<String> HOSTS = List.of("hq-alpha-17", "hq-bravo-23", "hq-charlie-31", "hq-delta-47");

  Path inventory(List<String> names) throws Exception {
    StringBuilder b = new StringBuilder("all:\n  hosts:\n");
    names.forEach(n -> b.append("    ").append(n).append(": {connection: local}\n"));
    return Files.writeString(tmp.resolve("inv.yml"), b.toString());
  }

  /**
   * A file task per host, then a probe that fails on {@code hq-bravo-23} only, with a message of its own (its
   * command, shown in every host's report, names no host).
   */
  Path playbook() throws Exception {
    return Files.writeString(tmp.resolve("pb.yml"), """
        name: html-cli-check
        hosts: all
        tasks:
          - name: mark the host
            file: {path: "${root}/ran-${inventory_hostname}", content: "x\\n"}
          - name: a probe
            command:
              cmd: "case ${inventory_hostname} in *-bravo-*) echo probe-refused-here >&2; exit 3;; esac"
        """);
  }

  /** The page, checked to be one: an HTML document, whole. */
  static String page(String text) {
    assertThat(text.stripLeading().toLowerCase(Locale.ROOT)).startsWith("<!doctype html");
    assertThat(text.stripTrailing().toLowerCase(Locale.ROOT)).endsWith("</html>");
    return text;
  }

  static String page(Path file) throws Exception {
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    // written through a temporary file renamed over it: none is left beside it
    try (Stream<Path> files = Files.list(file.toAbsolutePath().getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
    return page(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** The page shows every host of the JSON report and none of {@code others}. */
  static void assertSameHosts(String page, Path json, List<String> others) {
    List<String> names = ReportReader.read(json).hosts().stream().map(HostResult::name).toList();
    assertThat(names).isNotEmpty();
    assertThat(names).allSatisfy(n -> assertThat(page).contains(n));
    assertThat(others).doesNotContainAnyElementsOf(names).allSatisfy(n -> assertThat(page).doesNotContain(n));
  }

  static void assertRefused(JprovRun r, String line) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("jprov: " + line).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.out()).isEmpty();
  }

  // ---- jprov report html

  @Test
  void reportHtmlPrintsThePageOfTheReportsHostsOnStdout() throws Exception {
    Path json = tmp.resolve("r.json");
    TaskResult failed = new TaskResult("a probe", "command", TaskResult.Status.FAILED, 5, "probe-refused-here", null,
        List.of());
    JsonReport.write(json, new RunResult("html-cli-check", false, Instant.ofEpochSecond(1000),
        Instant.ofEpochSecond(1060), List.of(
            new HostResult("hq-alpha-17", HostResult.Status.OK, 10, List.of(), 1, null),
            new HostResult("hq-bravo-23", HostResult.Status.FAILED, 20, List.of(failed), 1, "task 'a probe' failed")),
        null));

    JprovRun r = jprov("report", "html", json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    String html = page(r.out());
    assertSameHosts(html, json, List.of("hq-charlie-31", "hq-delta-47"));
    assertThat(html).contains("probe-refused-here").contains("html-cli-check");

    // -o FILE: the same page, owner-only, and nothing on stdout
    Path out = tmp.resolve("out/page.html");
    Files.createDirectories(out.getParent());
    JprovRun o = jprov("report", "html", json.toString(), "-o", out.toString());
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out()).isEmpty();
    assertSameHosts(page(out), json, List.of("hq-charlie-31"));
  }

  @Test
  void reportHtmlRefusesWhatIsNotARunReportWithOneLineAndAnEmptyStdout() throws Exception {
    Path missing = tmp.resolve("gone.json");
    assertRefused(jprov("report", "html", missing.toString()), missing + ": no such file");
    assertRefused(jprov("report", "html", tmp.toString()), tmp + ": cannot read: is a directory");

    Path syntax = Files.writeString(tmp.resolve("syntax.json"), "{\n  \"version\": 1,\n  \"hosts\": [,]\n}\n");
    assertRefused(jprov("report", "html", syntax.toString()), syntax + ":3:13: not valid JSON: ");

    Path other = Files.writeString(tmp.resolve("other.json"), "{\"name\": \"package.json, say\"}\n");
    assertRefused(jprov("report", "html", other.toString()), other + ": not a jprov JSON report");

    Path future = Files.writeString(tmp.resolve("v2.json"), "{\"version\": 2, \"hosts\": []}\n");
    assertRefused(jprov("report", "html", future.toString()), future + ": version: report format 2; this jprov"
        + " reads version 1");

    Path badHost = Files.writeString(tmp.resolve("bad-host.json"), """
        {"version": 1, "playbook": "p", "check_mode": false, "started": "2026-12-01T00:00:00Z",
         "finished": "2026-12-01T00:01:00Z", "hosts": [{"name": "hq-alpha-17", "status": "fine", "tasks": []}]}
        """);
    assertRefused(jprov("report", "html", badHost.toString()), badHost + ": hosts[0].status: unknown host status"
        + " 'fine'");

    // a doctor report is jprov's JSON too, but of checks, not of a run: said so (a real one, of an unreachable host)
    Path inv = Files.writeString(tmp.resolve("doctor-inv.yml"),
        "all:\n  hosts:\n    hq-gone-5:\n      address: 127.0.0.1\n      ssh_port: 1\n      connect_timeout: 2\n");
    Path doctor = tmp.resolve("doctor.json");
    assertThat(jprov("doctor", "-i", inv.toString(), "--json", doctor.toString()).code()).isEqualTo(4);
    assertRefused(jprov("report", "html", doctor.toString()), doctor + ": a jprov doctor report (doctor --json), not a"
        + " run report of apply or plan --json");

    // -o is checked before the report is read
    assertRefused(jprov("report", "html", missing.toString(), "-o", tmp.toString()), "--output " + tmp
        + ": is a directory");
    assertThat(jprov("report", "html").code()).isEqualTo(2);
  }

  @Test
  void aPageThatCannotBeWrittenToStdoutIsAnErrorNotASuccess() throws Exception {
    Path json = tmp.resolve("r.json");
    JsonReport.write(json, new RunResult("html-cli-check", false, Instant.EPOCH, Instant.EPOCH,
        List.of(new HostResult("hq-alpha-17", HostResult.Status.OK, 10, List.of(), 1, null)), null));
    // stdout on a full disk (what > /dev/full gives): every write fails
    java.io.OutputStream full = new java.io.OutputStream() {
      @Override
      public void write(int b) throws java.io.IOException {
        throw new java.io.IOException("No space left on device");
      }
    };
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code = io.jprov.Main.run(new java.io.PrintStream(full, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8), "report", "html", json.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("jprov: report html: cannot write the page to"
        + " standard output" + System.lineSeparator());
  }

  // ---- --html on apply, plan and report merge

  @Test
  void applyWritesThePageOfTheSameHostsAsTheJsonAlsoAfterAFailure() throws Exception {
    Path inv = inventory(HOSTS);
    Path json = tmp.resolve("r.json");
    Path html = tmp.resolve("r.html");
    JprovRun r = jprov("apply", playbook().toString(), "-i", inv.toString(), "--no-color", "-e", "root=" + tmp,
        "--limit", "hq-alpha-17,hq-bravo-23,hq-charlie-31", "--json", json.toString(), "--html", html.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3); // hq-bravo-23 failed
    assertThat(ReportReader.read(json).hostsWithStatus(HostResult.Status.FAILED)).isEqualTo(1);
    String page = page(html);
    assertSameHosts(page, json, List.of("hq-delta-47"));
    assertThat(page).contains("probe-refused-here");

    // report html of that JSON is the same run's page
    assertSameHosts(page(jprov("report", "html", json.toString()).out()), json, List.of("hq-delta-47"));

    // plan (check mode) replaces it; the host that was left out is in it now
    JprovRun plan = jprov("plan", playbook().toString(), "-i", inv.toString(), "--no-color", "-e", "root=" + tmp,
        "--limit", "hq-delta-47", "--json", json.toString(), "--html", html.toString());
    assertThat(plan.code()).as(plan.out() + plan.err()).isEqualTo(10);
    assertThat(ReportReader.read(json).checkMode()).isTrue();
    assertSameHosts(page(html), json, List.of("hq-alpha-17", "hq-bravo-23", "hq-charlie-31"));
  }

  @Test
  void anUnwritableHtmlPathIsRefusedBeforeAnyHostIsTouched() throws Exception {
    Path inv = inventory(HOSTS);
    for (String command : List.of("apply", "plan")) {
      assertRefused(jprov(command, playbook().toString(), "-i", inv.toString(), "-e", "root=" + tmp,
          "--json", tmp.resolve("r.json").toString(), "--html", "/proc/r.html"),
          "--html /proc/r.html: cannot create files in /proc");
      assertRefused(jprov(command, playbook().toString(), "-i", inv.toString(), "-e", "root=" + tmp,
          "--html", tmp.toString()), "--html " + tmp + ": is a directory");
      assertRefused(jprov(command, playbook().toString(), "-i", inv.toString(), "-e", "root=" + tmp,
          "--html", tmp.resolve("no/such/dir/r.html").toString()), "--html " + tmp.resolve("no/such/dir/r.html")
          + ": directory " + tmp.resolve("no/such/dir") + " does not exist");
    }
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("inv.yml", "pb.yml");
    }
  }

  @Test
  void anEmptyShardStillWritesItsPage() throws Exception {
    List<String> two = List.of("hq-alpha-17", "hq-bravo-23");
    Path inv = inventory(two);
    int n = 5;
    int empty = IntStream.rangeClosed(1, n).filter(k -> two.stream().noneMatch(h -> Shard.of(h, n) == k))
        .findFirst().orElseThrow();
    for (String command : List.of("apply", "plan")) {
      Path html = tmp.resolve(command + ".html");
      JprovRun r = jprov(command, playbook().toString(), "-i", inv.toString(), "--no-color", "-e", "root=" + tmp,
          "--shard", empty + "/" + n, "--html", html.toString());
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("nothing to run");
      String page = page(html);
      assertThat(page).contains("html-cli-check");
      two.forEach(h -> assertThat(page).doesNotContain(h));
    }
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(f -> f.startsWith("ran-"));
    }
  }

  @Test
  void reportMergeWritesThePageOfTheMergedRun() throws Exception {
    Path inv = inventory(HOSTS);
    Path pb = playbook();
    int n = 2;
    for (int k = 1; k <= n; k++) {
      JprovRun r = jprov("apply", pb.toString(), "-i", inv.toString(), "--no-color", "-e", "root=" + tmp,
          "--shard", k + "/" + n, "--json", tmp.resolve("r-" + k + ".json").toString());
      assertThat(r.code()).as(r.out() + r.err()).isIn(0, 3);
    }
    Path json = tmp.resolve("all.json");
    Path html = tmp.resolve("all.html");
    JprovRun m = jprov("report", "merge", tmp.resolve("r-2.json").toString(), tmp.resolve("r-1.json").toString(),
        "--json", json.toString(), "--html", html.toString());
    assertThat(m.code()).as(m.err()).isEqualTo(3);
    assertThat(m.out()).contains("merged 2 reports of html-cli-check: 4 hosts:")
        .endsWith("merged HTML report written to " + html + System.lineSeparator());
    assertThat(ReportReader.read(json).hosts()).extracting(HostResult::name).containsExactlyInAnyOrderElementsOf(HOSTS);
    String page = page(html);
    assertSameHosts(page, json, List.of());
    assertThat(page).contains("probe-refused-here");

    // refused up front: no report is read (this one does not exist) and nothing is written
    assertRefused(jprov("report", "merge", tmp.resolve("gone.json").toString(), "--json", tmp.resolve("x.json")
        .toString(), "--html", tmp.toString()), "--html " + tmp + ": is a directory");
    assertThat(tmp.resolve("x.json")).doesNotExist();
  }
}
