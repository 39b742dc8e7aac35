package io.jprov.cli;

import static io.jprov.cli.CliTest.assertOneLineError;
import static io.jprov.cli.CliTest.jprov;
import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import io.jprov.inventory.Shard;
import io.jprov.report.HostResult;
import io.jprov.report.ReportReader;
import io.jprov.report.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --shard K/N} on apply, plan and facts: N runs over the same inventory cover every host exactly once (each
 * host touches a file named after it), each report records its shard, a shard without hosts exits 0 and still
 * writes its report, and report merge joins them. The hosts are local connections: no SSH.
 */
class ShardCliTest {
  @TempDir Path tmp;

  static final List<String> HOSTS = IntStream.rangeClosed(1, 9).mapToObj(i -> "node" + i).toList();

  Path inventory(List<String> names) throws Exception {
    StringBuilder b = new StringBuilder("all:\n  hosts:\n");
    names.forEach(n -> b.append("    ").append(n).append(": {connection: local}\n"));
    Path inv = tmp.resolve("inv.yml");
    Files.writeString(inv, b.toString());
    return inv;
  }

  Path playbook() throws Exception {
    Path pb = tmp.resolve("touch.yml");
    Files.writeString(pb, """
        name: touch
        hosts: all
        tasks:
          - name: mark the host
            command:
              cmd: "echo x >> ${root}/ran-${inventory_hostname}"
        """);
    return pb;
  }

  @Test
  void nShardsCoverEveryHostExactlyOnceAndMergeBackIntoTheWholeFleet() throws Exception {
    Path inv = inventory(HOSTS);
    Path pb = playbook();
    int n = 3;
    List<String> reports = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int k = 1; k <= n; k++) {
      Path json = tmp.resolve("shard-" + k + ".json");
      JprovRun r = jprov("apply", pb.toString(), "-i", inv.toString(), "--no-color", "-e", "root=" + tmp,
          "--shard", k + "/" + n, "--json", json.toString());
      assertThat(r.code()).as(r.out() + r.err()).isIn(0);
      RunResult run = ReportReader.read(json);
      assertThat(run.shard()).isEqualTo(new Shard(k, n));
      int shard = k;
      List<String> expected = HOSTS.stream().filter(h -> Shard.of(h, n) == shard).toList();
      assertThat(run.hosts()).extracting(HostResult::name).containsExactlyElementsOf(expected);
      assertThat(r.out()).contains("shard " + k + "/" + n + ": " + expected.size() + " of 9 selected hosts");
      run.hosts().forEach(h -> seen.merge(h.name(), 1, Integer::sum));
      reports.add(json.toString());
    }
    assertThat(seen).hasSize(HOSTS.size()).allSatisfy((h, times) -> assertThat(times).as(h).isEqualTo(1));
    for (String h : HOSTS) {
      assertThat(Files.readString(tmp.resolve("ran-" + h))).as(h).isEqualTo("x\n");
    }

    List<String> merge = new ArrayList<>(List.of("report", "merge"));
    java.util.Collections.reverse(reports); // given in any order: merged in shard order
    merge.addAll(reports);
    merge.addAll(List.of("--json", tmp.resolve("all.json").toString()));
    JprovRun m = jprov(merge.toArray(String[]::new));
    assertThat(m.code()).as(m.err()).isZero();
    assertThat(m.out()).startsWith("merged 3 reports of touch: 9 hosts: 0 ok, 9 changed, 0 failed, 0 unreachable");
    assertThat(ReportReader.read(tmp.resolve("all.json")).hosts()).extracting(HostResult::name)
        .containsExactlyInAnyOrderElementsOf(HOSTS);
  }

  @Test
  void aShardWithoutHostsRunsNothingExitsZeroAndWritesItsReport() throws Exception {
    List<String> two = List.of("alpha", "beta");
    Path inv = inventory(two);
    int n = 5;
    int empty = IntStream.rangeClosed(1, n).filter(k -> two.stream().noneMatch(h -> Shard.of(h, n) == k))
        .findFirst().orElseThrow();
    Path json = tmp.resolve("empty.json");
    for (String command : List.of("apply", "plan")) {
      JprovRun r = jprov(command, playbook().toString(), "-i", inv.toString(), "--no-color", "-e", "root=" + tmp,
          "--shard", empty + "/" + n, "--json", json.toString());
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).isEqualTo("shard " + empty + "/" + n + ": none of the 2 selected hosts are in this shard;"
          + " nothing to run" + System.lineSeparator());
      assertThat(r.err()).isEmpty();
      RunResult run = ReportReader.read(json);
      assertThat(run.shard()).isEqualTo(new Shard(empty, n));
      assertThat(run.hosts()).isEmpty();
      assertThat(run.playbook()).isEqualTo("touch");
      assertThat(run.checkMode()).isEqualTo(command.equals("plan"));
    }
    // every report asked for is written, as for a run over no host: each CI job has its artifacts
    Path xml = tmp.resolve("empty.xml");
    Path events = tmp.resolve("events.jsonl");
    JprovRun r = jprov("apply", playbook().toString(), "-i", inv.toString(), "--shard", empty + "/" + n,
        "--junit", xml.toString(), "--events", events.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(xml.toFile());
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("testsuites");
    assertThat(doc.getDocumentElement().getElementsByTagName("testsuite").getLength()).isZero();
    assertThat(Files.readAllLines(events)).hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).startsWith("{\"event\":\"run_start\"").contains("\"hosts\":0"))
        .satisfies(l -> assertThat(l.get(1)).startsWith("{\"event\":\"run_end\""));
    // with the events on stdout, the line for people goes to stderr
    JprovRun dash = jprov("plan", playbook().toString(), "-i", inv.toString(), "--shard", empty + "/" + n,
        "--events", "-");
    assertThat(dash.code()).isZero();
    assertThat(dash.out().lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{\"event\":"));
    assertThat(dash.err()).contains("nothing to run");
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(f -> f.startsWith("ran-"));
    }
  }

  @Test
  void factsTakesTheShardToo() throws Exception {
    Path inv = inventory(HOSTS);
    String inShard = HOSTS.stream().filter(h -> Shard.of(h, 4) == 2).findFirst().orElseThrow();
    JprovRun r = jprov("facts", "-i", inv.toString(), "--shard", "2/4");
    assertThat(r.code()).as(r.err()).isZero();
    for (String h : HOSTS) {
      assertThat(r.out().contains("\"" + h + "\"")).as(h).isEqualTo(Shard.of(h, 4) == 2);
    }
    assertThat(r.out()).contains("\"" + inShard + "\"");

    Path one = inventory(List.of("alpha"));
    int empty = Shard.of("alpha", 2) == 1 ? 2 : 1;
    JprovRun none = jprov("facts", "-i", one.toString(), "--shard", empty + "/2");
    assertThat(none.code()).isZero();
    assertThat(none.out().strip()).isEqualTo("{ }");
    assertThat(none.err()).contains("shard " + empty + "/2: none of the 1 selected host is in this shard");
  }

  @Test
  void aBadShardIsRefusedBeforeAnythingIsRead() {
    // no inventory given: the shard is what is refused, before the missing inventory is noticed
    for (String bad : List.of("0/3", "4/3", "3", "1/0", "a/b", "-1/2", "")) {
      for (String command : List.of("apply", "plan", "facts")) {
        assertOneLineError(jprov(command, "--shard", bad), 2, "--shard: expected K/N with 1 ≤ K ≤ N (e.g. 2/5), found '"
            + bad + "'");
      }
    }
  }
}
