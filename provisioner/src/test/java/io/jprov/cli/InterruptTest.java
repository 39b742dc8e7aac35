package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM on a real jprov process (the test classpath, {@code io.jprov.Main}) applying a
 * playbook over the local connection whose task sleeps: the first SIGINT is answered at once on
 * stderr, the second abandons the sleeping command, and the recap, the JSON and HTML reports and the log
 * directory are written with the host marked interrupted; exit 130 (SIGINT) or 143 (SIGTERM).
 */
class InterruptTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** jprov applying a playbook whose first task sleeps {@code sleepSeconds}, once that task runs. */
  private JprovSubprocess startRunning(String sleepSeconds) throws Exception {
    Path pb = tmp.resolve("slow.yml");
    Files.writeString(pb, """
        name: slow
        hosts: all
        tasks:
          - name: long command
            command:
              cmd: "touch ${root}/started; sleep %s; touch ${root}/slept"
          - name: later task
            command:
              cmd: "touch ${root}/later"
        """.formatted(sleepSeconds));
    JprovSubprocess j = JprovSubprocess.start(Map.of(), "apply", pb.toString(), "--local", "--no-color", "-e", "root=" + tmp,
        "--json", json().toString(), "--html", html().toString(), "--log-dir", tmp.resolve("logs").toString());
    j.awaitFile(tmp.resolve("started"));
    return j;
  }

  private Path json() {
    return tmp.resolve("report.json");
  }

  private Path html() {
    return tmp.resolve("report.html");
  }

  /** The HTML report: written too, of the interrupted host, with the message the JSON has. */
  private void assertHtmlLikeJson(JsonNode report) throws Exception {
    String page = HtmlReportCliTest.page(html());
    assertThat(page).contains(report.at("/hosts/0/name").asText()).contains("interrupted");
    // the message up to the first character a page may escape (the task's name is quoted)
    String message = report.at("/hosts/0/message").asText().split("[<>&'\"]")[0];
    assertThat(page).contains(message);
  }

  @Test
  void firstCtrlCIsAnsweredAtOnceTheSecondAbandonsAndTheReportsAreWritten() throws Exception {
    JprovSubprocess j = startRunning("60");

    j.kill("INT");
    j.awaitStderr("interrupt: waiting for 1 running command; Ctrl-C again to abandon them", 2000);
    assertThat(j.process().isAlive()).isTrue();

    long t0 = System.nanoTime();
    j.kill("INT");
    j.assertExits(130, 10);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
    assertThat(j.stdout()).contains("RECAP").contains("interrupted");

    JsonNode report = JSON.readTree(json().toFile());
    assertThat(report.at("/hosts/0/status").asText()).isEqualTo("interrupted");
    assertThat(report.at("/hosts/0/message").asText()).contains("abandoned during task 'long command'");
    assertThat(report.at("/summary/interrupted").asInt()).isEqualTo(1);
    assertThat(report.at("/stop_reason").asText()).isEqualTo("interrupted");
    assertHtmlLikeJson(report);
    try (var files = Files.list(tmp.resolve("logs"))) {
      assertThat(files.toList()).isNotEmpty();
    }
    assertThat(tmp.resolve("later")).doesNotExist();
  }

  @Test
  void oneCtrlCLetsTheRunningCommandFinishAndStartsNoOtherTask() throws Exception {
    JprovSubprocess j = startRunning("2");
    j.kill("INT");
    j.awaitStderr("interrupt: waiting for 1 running command", 2000);
    j.assertExits(130, 30);
    assertThat(tmp.resolve("slept")).exists();
    assertThat(tmp.resolve("later")).doesNotExist();
    JsonNode report = JSON.readTree(json().toFile());
    assertThat(report.at("/hosts/0/status").asText()).isEqualTo("interrupted");
    assertThat(report.at("/hosts/0/tasks")).hasSize(1);
    assertHtmlLikeJson(report);
  }

  @Test
  void sigtermAbandonsAtOnceAndExits143WithTheReport() throws Exception {
    JprovSubprocess j = startRunning("60");
    j.kill("TERM");
    j.assertExits(143, 10);
    assertThat(j.stderr()).contains("interrupt: abandoning 1 running command");
    JsonNode report = JSON.readTree(json().toFile());
    assertThat(report.at("/hosts/0/status").asText()).isEqualTo("interrupted");
    assertThat(List.of(report.at("/summary/interrupted").asInt())).containsExactly(1);
    assertHtmlLikeJson(report);
  }
}
