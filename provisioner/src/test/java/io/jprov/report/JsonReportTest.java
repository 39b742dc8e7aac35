package io.jprov.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportTest {

  @Test
  @SuppressWarnings("unchecked")
  void aTaskThatChangedTheHostAndThenFailedStaysChangedThroughMasking() {
    TaskResult moved = new TaskResult("7. docker", "package", TaskResult.FAILED, 5,
        "yum failed after moving docker-ce 26.1.4 -> 24.0.9 (https://u:pw@m/x)", null, List.of(), true);
    TaskResult ok = new TaskResult("1. preflight", "assert_platform", TaskResult.OK, 1, "ok", null, List.of());
    HostResult host = new HostResult("web1", HostResult.FAILED, 9, List.of(ok, moved), 3, moved.message());
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
}
