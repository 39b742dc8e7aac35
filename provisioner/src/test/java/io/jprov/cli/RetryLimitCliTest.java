package io.jprov.cli;

import static io.jprov.cli.CliTest.assertOneLineError;
import static io.jprov.cli.CliTest.jprov;
import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import io.jprov.report.HostResult;
import io.jprov.report.JsonReport;
import io.jprov.report.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --limit @REPORT.json[:failed|:unreachable|:changed]}: the hosts of an earlier report run again (each host
 * of the run touches a file named after it; the hosts are local connections), and what cannot be retried is one
 * line naming the file, exit 2, before any host runs.
 */
class RetryLimitCliTest {
  @TempDir Path tmp;
  Path inv;
  Path pb;
  Path report;

  @BeforeEach
  void setUp() throws Exception {
    inv = tmp.resolve("inv.yml");
    Files.writeString(inv, "all:\n  hosts:\n    a: {connection: local}\n    b: {connection: local}\n"
        + "    c: {connection: local}\n    d: {connection: local}\n");
    pb = tmp.resolve("touch.yml");
    Files.writeString(pb, "name: touch\nhosts: all\ntasks:\n  - name: mark\n    command:\n"
        + "      cmd: \"touch ${root}/ran-${inventory_hostname}\"\n");
    // d failed, b unreachable, c changed, a ok: written out of inventory order on purpose
    report = report("earlier.json", host("d", HostResult.Status.FAILED), host("c", HostResult.Status.CHANGED),
        host("b", HostResult.Status.UNREACHABLE), host("a", HostResult.Status.OK));
  }

  static HostResult host(String name, HostResult.Status status) {
    return new HostResult(name, status, 1, List.of(), 1, null);
  }

  Path report(String name, HostResult... hosts) {
    Path p = tmp.resolve(name);
    JsonReport.write(p, new RunResult("touch", false, Instant.EPOCH, Instant.EPOCH, List.of(hosts), null));
    return p;
  }

  JprovRun apply(String limit) {
    return jprov("apply", pb.toString(), "-i", inv.toString(), "--no-color", "-e", "root=" + tmp, "--limit", limit);
  }

  List<String> ran() throws Exception {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(tmp)) {
      files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith("ran-")).sorted()
          .forEach(f -> names.add(f.substring(4)));
    }
    for (String n : names) {
      Files.delete(tmp.resolve("ran-" + n));
    }
    return names;
  }

  @Test
  void bareSelectsTheFailedAndUnreachableHostsInInventoryOrder() throws Exception {
    JprovRun r = apply("@" + report);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("retrying 2 failed or unreachable hosts of " + report);
    assertThat(ran()).containsExactly("b", "d");
  }

  @Test
  void aStatusWordSelectsThatStatusOnly() throws Exception {
    assertThat(apply("@" + report + ":failed").code()).isZero();
    assertThat(ran()).containsExactly("d");
    assertThat(apply("@" + report + ":unreachable").code()).isZero();
    assertThat(ran()).containsExactly("b");
    JprovRun changed = apply("@" + report + ":changed");
    assertThat(changed.code()).isZero();
    assertThat(changed.out()).contains("retrying 1 changed host of " + report);
    assertThat(ran()).containsExactly("c");
  }

  @Test
  void theRetryIsWithinThePlaybooksHostsAndTakesTheShard() throws Exception {
    Path only = tmp.resolve("only-d.yml");
    Files.writeString(only, Files.readString(pb).replace("hosts: all", "hosts: d"));
    assertThat(jprov("apply", only.toString(), "-i", inv.toString(), "-e", "root=" + tmp, "--limit", "@" + report)
        .code()).isZero();
    assertThat(ran()).containsExactly("d");
    // b and d split over two shards: each shard retries its own
    List<String> all = new ArrayList<>();
    for (int k = 1; k <= 2; k++) {
      JprovRun r = jprov("apply", pb.toString(), "-i", inv.toString(), "-e", "root=" + tmp, "--limit", "@" + report,
          "--shard", k + "/2");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      List<String> ran = ran();
      assertThat(ran).allSatisfy(h -> assertThat(io.jprov.inventory.Shard.of(h, 2)).isEqualTo(
          Integer.parseInt(r.out().replaceAll("(?s).*shard (\\d)/2.*", "$1"))));
      all.addAll(ran);
    }
    assertThat(all).containsExactlyInAnyOrder("b", "d");
  }

  @Test
  void nothingToRetryIsOneLineAndExitZero() throws Exception {
    Path clean = report("clean.json", host("a", HostResult.Status.OK), host("b", HostResult.Status.CHANGED));
    JprovRun r = apply("@" + clean);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("nothing to retry: " + clean + " has no failed or unreachable host"
        + System.lineSeparator());
    assertThat(apply("@" + clean + ":unreachable").out()).startsWith("nothing to retry: " + clean
        + " has no unreachable host");
    JprovRun events = jprov("apply", pb.toString(), "-i", inv.toString(), "--limit", "@" + clean, "--events", "-");
    assertThat(events.code()).isZero();
    assertThat(events.out()).isEmpty();
    assertThat(events.err()).startsWith("nothing to retry: ");
    assertThat(ran()).isEmpty();
    JprovRun facts = jprov("facts", "-i", inv.toString(), "--limit", "@" + clean);
    assertThat(facts.code()).isZero();
    assertThat(facts.out().strip()).isEqualTo("{ }");
    assertThat(facts.err()).contains("nothing to retry");
  }

  @Test
  void factsRetriesTheReportsHosts() {
    JprovRun r = jprov("facts", "-i", inv.toString(), "--limit", "@" + report + ":changed");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"c\"").doesNotContain("\"a\"").doesNotContain("\"b\"").doesNotContain("\"d\"");
  }

  @Test
  void whatCannotBeRetriedIsOneLineNamingTheFile() throws Exception {
    assertOneLineError(apply("@" + report + ":broken"), 2, "--limit @" + report + ":broken: unknown status 'broken'"
        + " after " + report + " (expected failed, unreachable or changed; none for failed and unreachable)");
    assertOneLineError(apply("@" + tmp.resolve("gone.json")), 2, "--limit: " + tmp.resolve("gone.json")
        + ": no such file");
    Path notJson = tmp.resolve("notes.json");
    Files.writeString(notJson, "hello");
    assertOneLineError(apply("@" + notJson), 2, "--limit: " + notJson + ":1:", "not valid JSON");
    Path other = report("other.json", host("a", HostResult.Status.FAILED), host("old1", HostResult.Status.FAILED),
        host("old2", HostResult.Status.UNREACHABLE));
    assertOneLineError(apply("@" + other), 2, "--limit @" + other + ": hosts old1, old2 of " + other
        + " are not in the inventory");
    // a removed host that would not be retried is no obstacle
    Path removedOk = report("removed-ok.json", host("a", HostResult.Status.FAILED), host("old", HostResult.Status.OK));
    assertThat(apply("@" + removedOk).code()).isZero();
    assertThat(ran()).containsExactly("a");
    assertOneLineError(apply("@"), 2, "--limit @: expected @REPORT.json");
    assertOneLineError(jprov("facts", "-i", inv.toString(), "--limit", "@" + report + ":ok"), 2, "unknown status 'ok'");
    assertThat(ran()).isEmpty();
  }

  @Test
  void aColonInTheFileNameIsPartOfTheName() throws Exception {
    Path odd = report("run:1.json", host("c", HostResult.Status.FAILED));
    assertThat(apply("@" + odd).code()).isZero();
    assertThat(ran()).containsExactly("c");
    assertThat(apply("@" + odd + ":failed").code()).isZero();
    assertThat(ran()).containsExactly("c");
  }
}
