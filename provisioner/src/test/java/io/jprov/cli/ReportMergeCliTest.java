package io.jprov.cli;

import static io.jprov.cli.CliTest.assertOneLineError;
import static io.jprov.cli.CliTest.jprov;
import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import io.jprov.inventory.Shard;
import io.jprov.report.HostResult;
import io.jprov.report.JsonReport;
import io.jprov.report.ReportReader;
import io.jprov.report.RunResult;
import io.jprov.report.TaskResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jprov report merge}: the shards' reports become one, whose exit code is the exit-code table's
 * (docs/exit-codes.md) on the merged run; reports that are not the parts of one run are refused with one line
 * naming the files, exit 2, and nothing is written.
 */
class ReportMergeCliTest {
  @TempDir Path tmp;

  static HostResult host(String name, HostResult.Status status, TaskResult.Status... tasks) {
    List<TaskResult> ts = new ArrayList<>();
    for (TaskResult.Status t : tasks) {
      ts.add(new TaskResult("t" + ts.size(), "command", t, 1, null, null, List.of()));
    }
    return new HostResult(name, status, 10, ts, 2, status == HostResult.Status.FAILED ? "task 't0' failed" : null);
  }

  Path report(String file, String playbook, boolean check, Shard shard, int startSecond, HostResult... hosts) {
    Path p = tmp.resolve(file);
    JsonReport.write(p, new RunResult(playbook, check, Instant.ofEpochSecond(startSecond),
        Instant.ofEpochSecond(startSecond + 30), List.of(hosts), null, shard));
    return p;
  }

  Path shard(String file, int k, int n, HostResult... hosts) {
    return report(file, "docker-ce", false, new Shard(k, n), 100 * k, hosts);
  }

  static JprovRun merge(Object... args) {
    List<String> a = new ArrayList<>(List.of("report", "merge"));
    for (Object o : args) {
      a.add(o.toString());
    }
    return jprov(a.toArray(String[]::new));
  }

  @Test
  void theShardsBecomeOneReportInShardOrderWithTheWholeRunsTimes() {
    Path s1 = shard("s1.json", 1, 3, host("a", HostResult.Status.OK, TaskResult.Status.OK));
    Path s2 = shard("s2.json", 2, 3, host("b", HostResult.Status.CHANGED, TaskResult.Status.CHANGED),
        host("c", HostResult.Status.OK));
    Path s3 = shard("s3.json", 3, 3); // an empty shard
    Path out = tmp.resolve("merged.json");

    JprovRun r = merge(s3, s1, s2, "--json", out);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("merged 3 reports of docker-ce: 3 hosts: 2 ok, 1 changed, 0 failed, 0 unreachable"
        + System.lineSeparator() + "merged report written to " + out + System.lineSeparator());
    RunResult merged = ReportReader.read(out);
    assertThat(merged.hosts()).extracting(HostResult::name).containsExactly("a", "b", "c");
    assertThat(merged.shard()).isNull();
    assertThat(merged.started()).isEqualTo(Instant.ofEpochSecond(100));
    assertThat(merged.finished()).isEqualTo(Instant.ofEpochSecond(330));
    assertThat(merged.hosts().get(1).tasks()).singleElement().extracting(TaskResult::changed).isEqualTo(true);
  }

  @Test
  void theMergedExitCodeFollowsTheTable() {
    // failed beats unreachable, whichever shard each is in
    assertThat(merge(shard("f1.json", 1, 2, host("a", HostResult.Status.UNREACHABLE)),
        shard("f2.json", 2, 2, host("b", HostResult.Status.FAILED, TaskResult.Status.FAILED))).code()).isEqualTo(3);
    assertThat(merge(shard("u1.json", 1, 2, host("a", HostResult.Status.UNREACHABLE)),
        shard("u2.json", 2, 2, host("b", HostResult.Status.CHANGED, TaskResult.Status.CHANGED))).code()).isEqualTo(4);
    // drift only in check mode
    Path c1 = report("c1.json", "docker-ce", true, new Shard(1, 2), 0, host("a", HostResult.Status.OK));
    Path c2 = report("c2.json", "docker-ce", true, new Shard(2, 2), 0,
        host("b", HostResult.Status.CHANGED, TaskResult.Status.CHANGED));
    JprovRun drift = merge(c1, c2);
    assertThat(drift.code()).isEqualTo(10);
    assertThat(drift.out()).startsWith("merged 2 reports of docker-ce (check mode): 2 hosts: 1 ok, 1 changed,");
    assertThat(merge(shard("o1.json", 1, 2, host("a", HostResult.Status.OK)),
        shard("o2.json", 2, 2, host("b", HostResult.Status.CHANGED, TaskResult.Status.CHANGED))).code()).isZero();
    // a deferral (a docker restart held back) is a warning on apply, drift in check mode; it survives the merge
    Path d1 = report("d1.json", "docker-ce", false, new Shard(1, 2), 0, host("a", HostResult.Status.OK));
    Path d2 = report("d2.json", "docker-ce", false, new Shard(2, 2), 0,
        host("b", HostResult.Status.OK, TaskResult.Status.OK, TaskResult.Status.DEFERRED));
    Path deferredOut = tmp.resolve("deferred.json");
    JprovRun deferredMerge = merge(d1, d2, "--json", deferredOut);
    assertThat(deferredMerge.code()).isZero();
    assertThat(deferredMerge.out()).startsWith("merged 2 reports of docker-ce: 2 hosts: 2 ok, 0 changed, 0 failed,"
        + " 0 unreachable (1 with a deferred task)");
    assertThat(ReportReader.read(deferredOut).hosts().get(1).deferredCount()).isEqualTo(1);
    Path dc1 = report("dc1.json", "docker-ce", true, new Shard(1, 2), 0, host("a", HostResult.Status.OK));
    Path dc2 = report("dc2.json", "docker-ce", true, new Shard(2, 2), 0,
        host("b", HostResult.Status.OK, TaskResult.Status.DEFERRED));
    assertThat(merge(dc1, dc2).code()).isEqualTo(10);
    // a shard stopped by its failure budget stops the whole: 3, its reason kept with the shard named
    Path stopped = tmp.resolve("stop2.json");
    JsonReport.write(stopped, new RunResult("docker-ce", false, Instant.EPOCH, Instant.EPOCH,
        List.of(host("b", HostResult.Status.NOT_RUN)), "max_fail_percentage 0% exceeded", new Shard(2, 2)));
    Path out = tmp.resolve("stopped.json");
    JprovRun r = merge(shard("stop1.json", 1, 2, host("a", HostResult.Status.OK)), stopped, "--json", out);
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).contains("1 not run; stopped: shard 2/2: max_fail_percentage 0% exceeded");
    assertThat(ReportReader.read(out).stopReason()).isEqualTo("shard 2/2: max_fail_percentage 0% exceeded");
  }

  @Test
  void theMergedRunIsWrittenAsJunitToo() throws Exception {
    Path s1 = shard("j1.json", 1, 2, host("a", HostResult.Status.OK, TaskResult.Status.OK));
    Path s2 = shard("j2.json", 2, 2, host("b", HostResult.Status.FAILED, TaskResult.Status.OK, TaskResult.Status.FAILED),
        host("c", HostResult.Status.UNREACHABLE));
    Path xml = tmp.resolve("merged.xml");
    JprovRun r = merge(s2, s1, "--junit", xml);
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.out()).endsWith("merged JUnit report written to " + xml + System.lineSeparator());
    org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(xml.toFile());
    org.w3c.dom.NodeList suites = doc.getDocumentElement().getElementsByTagName("testsuite");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < suites.getLength(); i++) {
      names.add(((org.w3c.dom.Element) suites.item(i)).getAttribute("name"));
    }
    assertThat(names).containsExactly("a", "b", "c");
    assertThat(doc.getDocumentElement().getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(doc.getDocumentElement().getElementsByTagName("error").getLength()).isEqualTo(1);
    assertRefused(merge(s1, s2, "--junit", tmp), "--junit " + tmp + ": is a directory");
  }

  @Test
  void unshardedReportsOverDifferentHostsMergeInTheOrderGiven() {
    Path a = report("a.json", "docker-ce", false, null, 5, host("z", HostResult.Status.OK));
    Path b = report("b.json", "docker-ce", false, null, 1, host("y", HostResult.Status.OK));
    Path out = tmp.resolve("m.json");
    assertThat(merge(a, b, "--json", out).code()).isZero();
    assertThat(ReportReader.read(out).hosts()).extracting(HostResult::name).containsExactly("z", "y");
  }

  @Test
  void reportsThatAreNotThePartsOfOneRunAreRefusedNamingTheFiles() {
    Path s1 = shard("s1.json", 1, 3, host("a", HostResult.Status.OK));
    Path s2 = shard("s2.json", 2, 3, host("b", HostResult.Status.OK));
    Path s3 = shard("s3.json", 3, 3, host("c", HostResult.Status.OK));
    Path out = tmp.resolve("out.json");

    assertRefused(merge(s1, s2, report("other.json", "other", false, new Shard(3, 3), 0), "--json", out),
        "report merge: different playbooks: " + s1 + " is 'docker-ce', " + tmp.resolve("other.json") + " is 'other'");
    assertRefused(merge(s1, s2, report("check.json", "docker-ce", true, new Shard(3, 3), 0), "--json", out),
        "report merge: different check modes: " + s1 + " is an apply, " + tmp.resolve("check.json")
            + " is a check run (plan)");
    assertRefused(merge(s1, s2, shard("dup.json", 3, 3, host("a", HostResult.Status.OK)), "--json", out),
        "report merge: host a is in both " + s1 + " and " + tmp.resolve("dup.json"));
    Path plain = report("plain.json", "docker-ce", false, null, 0, host("c", HostResult.Status.OK));
    assertRefused(merge(s1, s2, plain, "--json", out),
        "report merge: " + s1 + " is shard 1/3 but " + plain + " has no shard");
    assertRefused(merge(s1, s2, shard("of4.json", 3, 4), "--json", out),
        "report merge: different shard counts: " + s1 + " is shard 1/3, " + tmp.resolve("of4.json") + " is shard 3/4");
    assertRefused(merge(s1, s2, shard("again.json", 2, 3), s3, "--json", out),
        "report merge: " + s2 + " and " + tmp.resolve("again.json") + " are both shard 2/3");
    assertRefused(merge(s1, s2, "--json", out), "report merge: missing shard 3/3 (given: " + s1 + " 1/3, " + s2
        + " 2/3)");
    assertRefused(merge(s2, "--json", out), "report merge: missing shards 1/3, 3/3");
    assertRefused(merge(s1, s2, s3, s1, "--json", out), "report merge: " + s1 + " is given twice");
    assertRefused(merge(s1, s2, tmp.resolve("gone.json"), "--json", out), tmp.resolve("gone.json") + ": no such file");
    // reports are read side by side: of two bad files, the first given is the one named
    for (int i = 0; i < 5; i++) {
      assertRefused(merge(s1, tmp.resolve("gone1.json"), s2, tmp.resolve("gone2.json"), "--json", out),
          tmp.resolve("gone1.json") + ": no such file");
    }
    assertThat(out).doesNotExist();
    // and the complete set is accepted
    assertThat(merge(s1, s2, s3, "--json", out).code()).isZero();
    assertThat(out).exists();
  }

  @Test
  void anUnwritableDestinationIsRefusedBeforeReading() {
    assertRefused(merge(tmp.resolve("not-read.json"), "--json", tmp), "--json " + tmp + ": is a directory");
  }

  @Test
  void mergeNeedsAReportAndReportASubcommand() {
    assertThat(merge().code()).isEqualTo(2);
    assertThat(jprov("report").code()).isEqualTo(2);
    assertThat(jprov("report").err()).contains("missing subcommand: merge");
  }

  private static void assertRefused(JprovRun r, String line) {
    assertOneLineError(r, 2, "jprov: " + line);
    assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
  }
}
