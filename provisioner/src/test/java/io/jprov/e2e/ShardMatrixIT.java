package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.inventory.Shard;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.InventoryOptions;
import io.jprov.testfleet.Variant;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A CI matrix as docs/ci.md describes it, with jprov processes as the CI jobs run them: five test-fleet
 * hosts and one unreachable inventory host, three {@code apply --shard K/3} processes at once, each with
 * its JSON and JUnit report; then {@code report merge} of the three; a missing shard refused; and a retry
 * with {@code --limit @all.json} that runs only the failed and the unreachable host.
 *
 * <p>The hosts' shards follow from their names (docs/ci.md): el7-1, el7-3 and the unreachable {@code
 * gone} in shard 1, el7-4 in 2, el7-2 (made to fail) and el7-5 in 3 — so one shard fails (3), one has an
 * unreachable host (4), one succeeds (0).
 */
class ShardMatrixIT {
  private static final Path PLAYBOOK = Path.of("src/test/resources/playbooks/shard-matrix.yml").toAbsolutePath();
  private static final int N = 3;
  private static final String FAILING = "el7-2";
  private static final String GONE = "gone";
  private static TestFleet fleet;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    TestFleet.assumeDocker();
    fleet = TestFleet.start(Variant.FRESH, 5);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void threeShardsMergeIntoOneReportAndARetryTakesOnlyWhatFailed() throws Exception {
    Path inventory = inventoryWithAnUnreachableHost();
    fleet.host(FAILING).shOk("touch /etc/jprov-test-fail");
    List<String> all = new ArrayList<>();
    fleet.hosts().forEach(h -> all.add(h.name()));
    all.add(GONE);
    assertThat(all.stream().map(n -> Shard.of(n, N)).distinct()).as("the names cover every shard").hasSize(N);

    // the matrix: three jobs at once
    List<Process> jobs = new ArrayList<>();
    for (int k = 1; k <= N; k++) {
      jobs.add(JprovProcess.start(tmp, "apply", PLAYBOOK.toString(), "-i", inventory.toString(),
          "--shard", k + "/" + N, "--json", report(k).toString(), "--junit", tmp.resolve("r-" + k + ".xml").toString(),
          "--no-color"));
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int k = 1; k <= N; k++) {
      Process p = jobs.get(k - 1);
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("shard %d/%d finished", k, N).isTrue();
      String out = JprovProcess.output(p);
      int shard = k;
      List<String> mine = all.stream().filter(n -> Shard.of(n, N) == shard).toList();
      int expected = mine.contains(FAILING) ? 3 : mine.contains(GONE) ? 4 : 0;
      assertThat(p.exitValue()).as("shard %d/%d exit: %s", k, N, out).isEqualTo(expected);

      JsonNode r = JprovProcess.json(report(k));
      assertThat(r.at("/shard/index").asInt()).isEqualTo(k);
      assertThat(r.at("/shard/count").asInt()).isEqualTo(N);
      List<String> names = new ArrayList<>();
      r.get("hosts").forEach(h -> names.add(h.get("name").asText()));
      assertThat(names).as("shard %d/%d hosts", k, N).containsExactlyInAnyOrderElementsOf(mine);
      names.forEach(n -> seen.merge(n, 1, Integer::sum));
      assertThat(suites(tmp.resolve("r-" + k + ".xml")).keySet()).containsExactlyInAnyOrderElementsOf(mine);
    }
    assertThat(seen.keySet()).as("every host in a shard report").containsExactlyInAnyOrderElementsOf(all);
    assertThat(seen.values()).as("no host in two shard reports").containsOnly(1);

    // the final job
    Path merged = tmp.resolve("all.json");
    Path mergedXml = tmp.resolve("all.xml");
    List<String> merge = new ArrayList<>(List.of("report", "merge"));
    for (int k = N; k >= 1; k--) {
      merge.add(report(k).toString()); // any order
    }
    merge.addAll(List.of("--json", merged.toString(), "--junit", mergedXml.toString()));
    Process m = run(merge);
    assertThat(m.exitValue()).as("merged exit: failed beats unreachable (docs/exit-codes.md)").isEqualTo(3);
    JsonNode r = JprovProcess.json(merged);
    assertThat(r.at("/playbook").asText()).isEqualTo("shard-matrix");
    assertThat(r.at("/summary/hosts").asInt()).isEqualTo(6);
    assertThat(r.at("/summary/changed").asInt()).isEqualTo(4);
    assertThat(r.at("/summary/failed").asInt()).isEqualTo(1);
    assertThat(r.at("/summary/unreachable").asInt()).isEqualTo(1);
    assertThat(r.at("/summary/ok").asInt()).isZero();
    Map<String, String> status = new LinkedHashMap<>();
    r.get("hosts").forEach(h -> status.put(h.get("name").asText(), h.get("status").asText()));
    assertThat(status.keySet()).containsExactlyInAnyOrderElementsOf(all);
    assertThat(status).containsEntry(FAILING, "failed").containsEntry(GONE, "unreachable");
    Map<String, Element> suites = suites(mergedXml);
    assertThat(suites.keySet()).containsExactlyInAnyOrderElementsOf(all);
    assertThat(suites.get(FAILING).getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(suites.get(GONE).getElementsByTagName("error").getLength()).isEqualTo(1);
    assertThat(suites.get("el7-4").getElementsByTagName("failure").getLength()).isZero();

    // a shard report missing: refused, nothing written
    Path partial = tmp.resolve("partial.json");
    Process missing = run(List.of("report", "merge", report(1).toString(), report(2).toString(),
        "--json", partial.toString()));
    assertThat(missing.exitValue()).isEqualTo(2);
    assertThat(JprovProcess.output(missing)).contains("missing shard 3/3");
    assertThat(partial).doesNotExist();

    // the retry: only the failed and the unreachable host
    Path retry = tmp.resolve("retry.json");
    Process again = run(List.of("apply", PLAYBOOK.toString(), "-i", inventory.toString(), "--limit", "@" + merged,
        "--json", retry.toString(), "--no-color"));
    assertThat(again.exitValue()).isEqualTo(3);
    assertThat(hostNames(retry)).containsExactlyInAnyOrder(FAILING, GONE);

    // fixed, retried by status: the failed host alone, now converged
    fleet.host(FAILING).shOk("rm -f /etc/jprov-test-fail");
    Process fixed = run(List.of("apply", PLAYBOOK.toString(), "-i", inventory.toString(), "--limit",
        "@" + merged + ":failed", "--json", retry.toString(), "--no-color"));
    assertThat(fixed.exitValue()).isZero();
    assertThat(hostNames(retry)).containsExactly(FAILING);
    assertThat(fleet.host(FAILING).file("/var/tmp/jprov-shard-matrix")).contains("converged\n");
  }

  private Path report(int k) {
    return tmp.resolve("r-" + k + ".json");
  }

  private Process run(List<String> args) throws Exception {
    Process p = JprovProcess.start(tmp, args.toArray(String[]::new));
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("jprov %s finished", args).isTrue();
    JprovProcess.output(p);
    return p;
  }

  private static List<String> hostNames(Path report) throws IOException {
    List<String> names = new ArrayList<>();
    JprovProcess.json(report).get("hosts").forEach(h -> names.add(h.get("name").asText()));
    return names;
  }

  /** The {@code <testsuite>} elements of a JUnit file by name (one per host); the file must parse. */
  private static Map<String, Element> suites(Path xml) throws Exception {
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    NodeList list = d.getElementsByTagName("testsuite");
    Map<String, Element> byName = new LinkedHashMap<>();
    for (int i = 0; i < list.getLength(); i++) {
      Element e = (Element) list.item(i);
      assertThat(byName.put(e.getAttribute("name"), e)).as("one suite per host").isNull();
    }
    return byName;
  }

  /** The fleet's inventory plus {@code gone}: an address where nothing listens (connection refused). */
  private Path inventoryWithAnUnreachableHost() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String yaml = fleet.inventoryYaml(InventoryOptions.defaults())
        + "    " + GONE + ": {address: 127.0.0.1, ssh_port: " + closed + "}\n";
    Path p = tmp.resolve("inventory.yml");
    Files.writeString(p, yaml);
    return p;
  }
}
