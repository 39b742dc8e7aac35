package io.jprov.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {

  @Test
  @SuppressWarnings("unchecked")
  void aTaskThatChangedTheHostAndThenFailedStaysChangedThroughMasking() {
    TaskResult moved = new TaskResult("7. docker", "package", TaskResult.Status.FAILED, 5,
        "yum failed after moving docker-ce 26.1.4 -> 24.0.9 (https://u:pw@m/x)", null, List.of(), true);
    TaskResult ok = new TaskResult("1. preflight", "assert_platform", TaskResult.Status.OK, 1, "ok", null, List.of());
    HostResult host = new HostResult("web1", HostResult.Status.FAILED, 9, List.of(ok, moved), 3, moved.message());
    RunResult run = new RunResult("docker-ce", false, Instant.EPOCH, Instant.EPOCH, List.of(host), null);

    Map<String, Object> report = JsonReport.toMap(run);
    Map<String, Object> summary = (Map<String, Object>) report.get("summary");
    assertThat(summary).containsEntry("failed", 1L).containsEntry("failed_with_changes", 1L)
        .containsEntry("tasks_changed", 1L);
    Map<String, Object> h = ((List<Map<String, Object>>) report.get("hosts")).get(0);
    assertThat(h).containsEntry("changed", 1L);
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) h.get("tasks");
    assertThat(tasks.get(1)).containsEntry("changed", true).containsEntry("status", "failed");
    assertThat((String) tasks.get(1).get("message")).contains("u:****@m").doesNotContain("pw@");
    assertThat(tasks.get(0)).containsEntry("changed", false);
  }

  @Test
  void everyStatusIsWrittenAsItsLowerCaseWord(@TempDir Path tmp) throws Exception {
    List<TaskResult> tasks = Arrays.stream(TaskResult.Status.values())
        .map(s -> new TaskResult("t", "command", s, 0, null, null, List.of())).toList();
    List<HostResult> hosts = Arrays.stream(HostResult.Status.values())
        .map(s -> new HostResult(s.name(), s, 0, s == HostResult.Status.OK ? tasks : List.of(), 0, null)).toList();
    Path file = tmp.resolve("r.json");
    JsonReport.write(file, new RunResult("p", true, Instant.EPOCH, Instant.EPOCH, hosts, null));

    String json = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(json.lines().filter(l -> l.contains("\"status\"")).map(String::strip).toList()).containsExactly(
        "\"status\" : \"ok\",", "\"status\" : \"ok\",", "\"status\" : \"changed\",",
        "\"status\" : \"failed\",", "\"status\" : \"skipped\",", "\"status\" : \"deferred\",",
        "\"status\" : \"changed\",",
        "\"status\" : \"failed\",", "\"status\" : \"unreachable\",", "\"status\" : \"interrupted\",",
        "\"status\" : \"not_run\",");
    assertThat(json.replaceAll("\\s+", " ")).contains("\"summary\" : { \"hosts\" : 6, \"ok\" : 1, \"changed\" : 1, "
        + "\"failed\" : 1, \"failed_with_changes\" : 0, \"tasks_changed\" : 1, \"unreachable\" : 1, \"interrupted\" : 1, "
        + "\"not_run\" : 1, \"deferred\" : 1 }");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aDeferredTaskIsAWarningOnAnOkHostCountedInTheSummaryAndOnTheHost() {
    TaskResult deferred = new TaskResult("restart docker", "docker_restart", TaskResult.Status.DEFERRED, 4,
        "restart deferred: 2 running containers (docker.restart: if-idle)", null, List.of("record it"));
    TaskResult ok = new TaskResult("1. preflight", "assert_platform", TaskResult.Status.OK, 1, "ok", null, List.of());
    RunResult run = new RunResult("docker-ce", false, Instant.EPOCH, Instant.EPOCH, List.of(
        new HostResult("web1", HostResult.Status.OK, 9, List.of(ok, deferred), 2, null),
        new HostResult("web2", HostResult.Status.OK, 9, List.of(ok), 1, null)), null);
    Map<String, Object> report = JsonReport.toMap(run);
    assertThat((Map<String, Object>) report.get("summary")).containsEntry("ok", 2L).containsEntry("deferred", 1L)
        .containsEntry("tasks_changed", 0L);
    List<Map<String, Object>> hosts = (List<Map<String, Object>>) report.get("hosts");
    assertThat(hosts.get(0)).containsEntry("status", "ok").containsEntry("deferred", 1L).containsEntry("changed", 0L);
    assertThat(hosts.get(1)).containsEntry("deferred", 0L);
    assertThat(((List<Map<String, Object>>) hosts.get(0).get("tasks")).get(1)).containsEntry("status", "deferred")
        .containsEntry("changed", false);
  }

  @Test
  void theShardIsWrittenAfterTheTimesAndIsNullWithoutOne(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("r.json");
    JsonReport.write(file, new RunResult("p", false, Instant.EPOCH, Instant.EPOCH, List.of(), null,
        new io.jprov.inventory.Shard(2, 5)));
    assertThat(Files.readString(file).replaceAll("\\s+", " "))
        .contains("\"finished\" : \"1970-01-01T00:00:00Z\", \"shard\" : { \"index\" : 2, \"count\" : 5 }, \"summary\"");
    assertThat(JsonReport.toMap(new RunResult("p", false, Instant.EPOCH, Instant.EPOCH, List.of(), null)))
        .containsEntry("shard", null);
  }
}
