package io.jprov.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.InputException;
import io.jprov.inventory.Shard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JSON report read back is the run it was written from; what is not a report is one line naming the file. */
class ReportReaderTest {
  @TempDir Path tmp;

  static RunResult sample(Shard shard) {
    TaskResult ok = new TaskResult("1. preflight", "assert_platform", TaskResult.Status.OK, 3, "CentOS 7", null,
        List.of("read /etc/os-release"));
    TaskResult changed = new TaskResult("2. repo", "yum_repo", TaskResult.Status.CHANGED, 40, "written",
        "--- a\n+++ b\n", List.of());
    TaskResult movedThenFailed = new TaskResult("3. docker", "package", TaskResult.Status.FAILED, 5,
        "yum failed", null, null, true);
    TaskResult skipped = new TaskResult("4. proxy", "template", TaskResult.Status.SKIPPED, 0, "no proxy", null,
        List.of());
    TaskResult deferred = new TaskResult("restart docker", "docker_restart", TaskResult.Status.DEFERRED, 7,
        "restart deferred: 2 running containers (docker.restart: if-idle)", null, List.of("record the pending restart"));
    List<HostResult> hosts = List.of(
        new HostResult("web1", HostResult.Status.CHANGED, 120, List.of(ok, changed, skipped, deferred), 4, null),
        new HostResult("web2", HostResult.Status.FAILED, 90, List.of(ok, movedThenFailed), 3, "task '3. docker' failed"),
        new HostResult("db1", HostResult.Status.UNREACHABLE, 1500, List.of(), 0, "connection refused (3 attempts)"),
        new HostResult("db2", HostResult.Status.NOT_RUN, 0, List.of(), 0, null));
    return new RunResult("docker-ce", true, Instant.parse("2026-12-01T03:00:00.123Z"),
        Instant.parse("2026-12-01T03:00:19.456789Z"), hosts, "max_fail_percentage 10% exceeded", shard);
  }

  @Test
  void aReportReadBackIsTheRunItWasWrittenFromShardIncluded() {
    for (Shard shard : Arrays.asList(new Shard(2, 5), null)) {
      Path file = tmp.resolve(("r" + shard).replace("/", "-") + ".json");
      RunResult run = sample(shard);
      JsonReport.write(file, run);
      assertThat(ReportReader.read(file)).isEqualTo(run);
    }
  }

  @Test
  void anEmptyShardsReportIsRead() {
    Path file = tmp.resolve("empty.json");
    RunResult run = new RunResult("docker-ce", false, Instant.EPOCH, Instant.EPOCH, List.of(), null, new Shard(3, 3));
    JsonReport.write(file, run);
    assertThat(ReportReader.read(file)).isEqualTo(run);
  }

  @Test
  void fieldsItDoesNotKnowAreIgnoredAndTaskChangedFollowsTheStatusWhenAbsent() throws Exception {
    Path file = write("extra.json", """
        {"version": 1, "playbook": "p", "check_mode": false, "future": {"x": 1},
         "started": "2026-12-01T03:00:00Z", "finished": "2026-12-01T03:00:01Z",
         "hosts": [{"name": "a", "status": "changed", "new_field": true,
                    "tasks": [{"name": "t", "module": "command", "status": "changed"}]}]}
        """);
    RunResult run = ReportReader.read(file);
    assertThat(run.shard()).isNull();
    assertThat(run.stopReason()).isNull();
    assertThat(run.hosts().get(0).tasks().get(0).changed()).isTrue();
    assertThat(run.hosts().get(0).roundTrips()).isZero();
  }

  @Test
  void whatIsNotAReportIsOneLineNamingTheFileAndWhere() throws Exception {
    assertRefused(tmp.resolve("none.json"), "none.json: no such file");
    assertRefused(tmp, "cannot read");
    assertRefused(write("bad.json", "{\n  \"version\": 1,\n  \"hosts\": [\n}"), "bad.json:4:1: not valid JSON");
    assertRefused(write("empty.json", ""), "empty.json: not a jprov JSON report");
    // a cut-off report: Jackson's words, where the object opened, none of its internals
    Path cut = write("cut.json", "{\"x\": 1\n");
    assertRefused(cut, "cut.json:2:1: not valid JSON: Unexpected end-of-input: expected close marker for Object"
        + " (start marker at 1:1)");
    assertThatThrownBy(() -> ReportReader.read(cut)).hasMessageNotContainingAny("Source", "StreamReadFeature");
    assertRefused(write("list.json", "[1]"), "list.json: not a jprov JSON report");
    String head = "{\"version\": 1, \"playbook\": \"p\", \"check_mode\": false, \"started\": \"2026-12-01T03:00:00Z\","
        + " \"finished\": \"2026-12-01T03:00:01Z\", ";
    assertRefused(write("v2.json", "{\"version\": 2, \"hosts\": []}"),
        "v2.json: version: report format 2; this jprov reads version 1");
    assertRefused(write("status.json", head + "\"hosts\": [{\"name\": \"a\", \"status\": \"fine\", \"tasks\": []}]}"),
        "status.json: hosts[0].status: unknown host status 'fine' (expected ok, changed, failed, unreachable,"
            + " interrupted, not_run)");
    assertRefused(write("task.json", head + "\"hosts\": [{\"name\": \"a\", \"status\": \"ok\", \"tasks\": [{\"name\":"
        + " \"t\", \"status\": \"done\"}]}]}"), "task.json: hosts[0].tasks[0].status: unknown task status 'done'");
    assertRefused(write("noname.json", head + "\"hosts\": [{\"status\": \"ok\", \"tasks\": []}]}"),
        "noname.json: hosts[0].name: missing");
    assertRefused(write("twice.json", head + "\"hosts\": [{\"name\": \"a\", \"status\": \"ok\", \"tasks\": []},"
        + " {\"name\": \"a\", \"status\": \"ok\", \"tasks\": []}]}"), "twice.json: hosts[1].name: host a appears twice");
    assertRefused(write("time.json", head.replace("2026-12-01T03:00:00Z", "yesterday") + "\"hosts\": []}"),
        "time.json: started: expected an ISO-8601 instant");
    assertRefused(write("shard.json", head + "\"shard\": {\"index\": 4, \"count\": 3}, \"hosts\": []}"),
        "shard.json: shard: expected 1 ≤ index ≤ count, found 4/3");
    assertRefused(write("shard2.json", head + "\"shard\": \"1/3\", \"hosts\": []}"),
        "shard2.json: shard: expected {\"index\": K, \"count\": N} or null");
    assertRefused(write("dur.json", head + "\"hosts\": [{\"name\": \"a\", \"status\": \"ok\", \"duration_ms\": \"x\","
        + " \"tasks\": []}]}"), "dur.json: hosts[0].duration_ms: expected a number ≥ 0");
  }

  private Path write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static void assertRefused(Path file, String message) {
    assertThatThrownBy(() -> ReportReader.read(file)).isInstanceOf(InputException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").startsWith(file.toString()));
  }
}
