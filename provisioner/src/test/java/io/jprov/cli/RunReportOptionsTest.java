package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.JprovRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** {@code --junit FILE} and {@code --events FILE|-} on apply and plan, through the real command line. */
class RunReportOptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Path playbook() throws Exception {
    return Files.writeString(tmp.resolve("pb.yml"), "name: report-options\nhosts: all\ntasks:\n"
        + "  - name: write a file\n    file: {path: \"${root}/a.txt\", content: \"a\\n\"}\n"
        + "  - name: a probe that fails\n    command: {cmd: \"echo nope >&2; exit 3\"}\n");
  }

  private static Element testcase(Path junit, String name) throws Exception {
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    var cases = doc.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getAttribute("name").equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no test case " + name + " in " + Files.readString(junit));
  }

  @Test
  void eventsOnStdoutMoveTheConsoleToStderrAndJunitIsWritten() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path junit = tmp.resolve("junit.xml");
    JprovRun r = JprovRun.of("apply", playbook().toString(), "--local", "--no-color", "-e", "root=" + root,
        "--events", "-", "--junit", junit.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(3);

    // stdout: nothing but events, one JSON object per line
    List<JsonNode> events = new ArrayList<>();
    for (String line : r.out().lines().toList()) {
      events.add(JSON.readTree(line));
    }
    assertThat(events).extracting(e -> e.get("event").asText())
        .containsExactly("run_start", "host_start", "task", "task", "host_end", "run_end");
    assertThat(events.get(2).get("status").asText()).isEqualTo("changed");
    assertThat(events.get(3).get("message").asText()).contains("nope");
    // stderr: what people read
    assertThat(r.err()).contains("write a file").contains("a probe that fails");

    assertThat(testcase(junit, "write a file").getElementsByTagName("failure").getLength()).isZero();
    assertThat(((Element) testcase(junit, "a probe that fails").getElementsByTagName("failure").item(0))
        .getAttribute("message")).contains("nope");

    // plan after it: the file holds, the command would run again: drift is a failure
    JprovRun plan = JprovRun.of("plan", playbook().toString(), "--local", "--no-color", "-e", "root=" + root,
        "--junit", junit.toString(), "--events", tmp.resolve("events.jsonl").toString());
    assertThat(plan.code()).as(plan.err()).isEqualTo(10);
    assertThat(plan.out()).contains("a probe that fails"); // the console stays on stdout
    assertThat(testcase(junit, "write a file").getElementsByTagName("failure").getLength()).isZero();
    assertThat(((Element) testcase(junit, "a probe that fails").getElementsByTagName("failure").item(0))
        .getAttribute("message")).startsWith("would change: ");
    assertThat(Files.readAllLines(tmp.resolve("events.jsonl"))).hasSize(6);
  }

  @Test
  void destinationsAreCheckedBeforeAnyHost() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    JprovRun junit = JprovRun.of("apply", playbook().toString(), "--local", "-e", "root=" + root,
        "--junit", "/proc/x.xml");
    assertThat(junit.code()).isEqualTo(2);
    assertThat(junit.err().strip()).startsWith("jprov: --junit /proc/x.xml").contains("cannot create files in /proc")
        .doesNotContain("\n");
    JprovRun events = JprovRun.of("plan", playbook().toString(), "--local", "-e", "root=" + root,
        "--events", tmp.toString());
    assertThat(events.code()).isEqualTo(2);
    assertThat(events.err()).contains("--events " + tmp + ": is a directory");
    assertThat(root.resolve("a.txt")).doesNotExist();
  }
}
