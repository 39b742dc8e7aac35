package io.jprov.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jprov.browser.SyntheticRun;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report's page without a browser (the browser tests are in io.jprov.browser): the embedded data decodes
 * back to the JSON report, texts cannot break out of where they are put, secrets stay masked, the file is 0600.
 */
class HtmlReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theEmbeddedDataDecodesBackToTheJsonReport() throws Exception {
    RunResult run = SyntheticRun.of(2000, true);
    String html = html(run);

    JsonNode data = JSON.readTree(dataBlock(html));
    JsonNode report = JSON.readTree(JsonReport.toJson(JsonReport.toMap(run)));
    assertThat(data.get("f").asInt()).isEqualTo(HtmlReportData.FORMAT);
    ObjectNode withoutHosts = report.deepCopy();
    withoutHosts.remove("hosts");
    assertThat(data.get("run")).isEqualTo(withoutHosts);
    assertThat(decodeHosts(data)).isEqualTo(report.get("hosts"));
    // a task shared by many hosts is written once
    assertThat(data.get("t").size()).isLessThan(run.hosts().stream().mapToInt(h -> h.tasks().size()).sum() / 20);
  }

  @Test
  void theSummaryIsPlainHtmlWithTheReportsCounts() {
    RunResult run = SyntheticRun.of(2000, false);
    SyntheticRun.Expected e = SyntheticRun.expected(run);
    String html = html(run);
    assertThat(card(html, "hosts")).isEqualTo(e.hosts());
    assertThat(card(html, "ok")).isEqualTo(e.ok());
    assertThat(card(html, "changed")).isEqualTo(e.changed());
    assertThat(card(html, "failed")).isEqualTo(e.failed());
    assertThat(card(html, "unreachable")).isEqualTo(e.unreachable());
    assertThat(card(html, "interrupted")).isEqualTo(e.interrupted());
    assertThat(card(html, "not_run")).isEqualTo(e.notRun());
    assertThat(card(html, "tasks_changed")).isEqualTo(run.hosts().stream().mapToLong(HostResult::changedCount).sum());
    assertThat(html).contains("<dd>2026-12-01 22:00:00 UTC</dd>").contains("<dd>jprov " + io.jprov.Version.VERSION)
        .contains("<dd>max_fail_percentage 10% exceeded</dd>");
  }

  @Test
  void failuresAreGroupedByTheirMessageWithoutHostNamesAndAddresses() throws Exception {
    RunResult run = SyntheticRun.of(2000, false);
    JsonNode groups = JSON.readTree(dataBlock(html(run))).get("g");
    List<Integer> sizes = new ArrayList<>();
    groups.forEach(g -> sizes.add(g.get(2).size()));
    assertThat(sizes).isEqualTo(SyntheticRun.expected(run).groupSizes());
    List<String> causes = new ArrayList<>();
    groups.forEach(g -> causes.add(g.get(1).asText() + ": " + g.get(0).asText()));
    assertThat(causes).contains("unreachable: <host> (<ip>:22): connection refused",
        "failed: 2. base repositories reachable: <host> cannot reach http://<ip>/centos (curl: (7) Failed to connect to "
            + "<ip> port 80)");

    assertThat(HtmlReportData.cause("a", "a (10.0.0.5:22): unreachable after 1.5 s"))
        .isEqualTo("<host> (<ip>:22): unreachable after 1.5 s");
    assertThat(HtmlReportData.cause("db1", "db1: cannot reach db10 at 192.168.1.250, version 1.2.3.4.5"))
        .isEqualTo("<host>: cannot reach db10 at <ip>, version 1.2.3.4.5");
  }

  @Test
  void markupInNamesAndMessagesCannotLeaveItsText() {
    String html = html(SyntheticRun.of(3, true));
    // the data block holds no '<' at all: nothing in it can close it or open a comment
    assertThat(dataBlock(html)).doesNotContain("<").contains("\\u003c/script>");
    // exactly the page's own two scripts; the hostile texts are in the data only
    assertThat(count(html, "<script")).isEqualTo(2);
    assertThat(count(html, "</script>")).isEqualTo(2);
    assertThat(html).doesNotContain("<img");

    RunResult named = new RunResult("<b>pb</b>\"&'", true, Instant.EPOCH, Instant.EPOCH, List.of(), "</dd><script>x");
    String page = html(named);
    assertThat(page).contains("<h1>&lt;b&gt;pb&lt;/b&gt;&quot;&amp;&#39; <span class=\"mode\">plan (check mode)")
        .contains("<dd>&lt;/dd&gt;&lt;script&gt;x</dd>").contains("<title>jprov &lt;b&gt;pb");
  }

  @Test
  void aSecretInADiffIsMaskedAsInTheJsonReport() {
    RunResult run = SyntheticRun.of(50, false);
    assertThat(run.hosts().stream().flatMap(h -> h.tasks().stream()).anyMatch(t -> t.diff() != null
        && t.diff().contains(SyntheticRun.SECRET))).isTrue();
    String html = html(run);
    assertThat(html).doesNotContain(SyntheticRun.SECRET).contains("https://ci:****@registry.example.com");
  }

  @Test
  void noNetworkOnlyThePagesOwnStyleAndScript() {
    String html = html(SyntheticRun.of(3, false));
    Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").matcher(html);
    assertThat(csp.find()).isTrue();
    assertThat(csp.group(1)).startsWith("default-src 'none'; script-src 'sha256-").doesNotContain("unsafe")
        .doesNotContain("http");
    assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
  }

  @Test
  void theFileIsOwnerOnlyAndTheStreamsWriteTheSamePage(@TempDir Path tmp) throws Exception {
    RunResult run = SyntheticRun.of(20, false);
    Path file = tmp.resolve("report.html");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    HtmlReport.write(file, run);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String fromFile = Files.readString(file);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    HtmlReport.write(bytes, run);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(fromFile).isEqualTo(html(run));
    try (var names = Files.list(tmp)) {
      assertThat(names.map(p -> p.getFileName().toString())).containsExactly("report.html");
    }
  }

  // ------------------------------------------------------------------ helpers

  static String html(RunResult run) {
    StringWriter w = new StringWriter();
    try {
      HtmlReport.write(w, run);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return w.toString();
  }

  static String dataBlock(String html) {
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"jprov-data\">(.*?)</script>", Pattern.DOTALL)
        .matcher(html);
    assertThat(m.find()).as("data block").isTrue();
    return m.group(1);
  }

  private static long card(String html, String key) {
    Matcher m = Pattern.compile("data-k=\"" + key + "\"><b>(\\d+)</b>").matcher(html);
    assertThat(m.find()).as("summary card " + key).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  /** The hosts of the JSON report, rebuilt from the page's string, task and host tables (HtmlReportData). */
  private static JsonNode decodeHosts(JsonNode data) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    JsonNode s = data.get("s");
    JsonNode t = data.get("t");
    ArrayNode hosts = f.arrayNode();
    for (JsonNode r : data.get("h")) {
      ObjectNode h = hosts.addObject();
      h.put("name", r.get(0).asText());
      h.put("status", s.get(r.get(1).asInt()).asText());
      h.set("duration_ms", r.get(2));
      h.set("round_trips", r.get(3));
      h.set("message", text(s, r.get(4)));
      h.set("changed", r.get(5));
      h.set("deferred", r.get(6));
      ArrayNode tasks = h.putArray("tasks");
      for (int i = 0; i < r.get(7).size(); i += 2) {
        JsonNode tt = t.get(r.get(7).get(i).asInt());
        ObjectNode task = tasks.addObject();
        task.set("name", text(s, tt.get(0)));
        task.set("module", text(s, tt.get(1)));
        task.set("status", text(s, tt.get(2)));
        task.put("changed", tt.get(3).asInt() == 1);
        task.set("duration_ms", r.get(7).get(i + 1));
        task.set("message", text(s, tt.get(4)));
        task.set("diff", text(s, tt.get(5)));
        ArrayNode cmds = task.putArray("commands");
        for (int c = 6; c < tt.size(); c++) {
          cmds.add(s.get(tt.get(c).asInt()).asText());
        }
      }
    }
    return hosts;
  }

  private static JsonNode text(JsonNode strings, JsonNode index) {
    return index.asInt() < 0 ? JsonNodeFactory.instance.nullNode() : strings.get(index.asInt());
  }
}
