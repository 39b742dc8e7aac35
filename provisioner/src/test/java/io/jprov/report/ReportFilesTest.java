package io.jprov.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.transport.CommandResult;
import io.jprov.util.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files and lines a run writes: owner-only, symlink-safe, masked. */
class ReportFilesTest {
  @TempDir Path tmp;

  @AfterEach
  void forget() {
    Secrets.clearForTests();
  }

  private static RunResult run(String message) {
    TaskResult t = new TaskResult("t", "command", TaskResult.Status.FAILED, 1, message, null, List.of("echo " + message));
    HostResult h = new HostResult("web01", HostResult.Status.FAILED, 1, List.of(t), 1, message);
    return new RunResult("pb", false, Instant.EPOCH, Instant.EPOCH, List.of(h), null);
  }

  @Test
  void jsonReportIsOwnerOnlyAndNeverWritesThroughAPlantedLink() throws Exception {
    Path victim = tmp.resolve("victim");
    Files.writeString(victim, "keep\n");
    Path report = tmp.resolve("report.json");
    // where a fixed temp name would be, and the report itself
    Files.createSymbolicLink(tmp.resolve(".report.json.tmp"), victim);
    Files.createSymbolicLink(report, victim);
    JsonReport.write(report, run("boom"));
    assertThat(Files.readString(victim)).isEqualTo("keep\n");
    assertThat(Files.isSymbolicLink(report)).isFalse();
    assertThat(Files.readString(report)).contains("\"boom\"");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-------");
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("victim", "report.json", ".report.json.tmp");
    }
  }

  @Test
  void everyOutputMasksRegisteredSecretsAndUrlCredentials() throws Exception {
    Secrets.register("sudo-Pw-5521");
    String leaky = "sudo said sudo-Pw-5521 at http://u:urlpw@m/x";
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Path logs = tmp.resolve("logs");
    RunListener all = new CompositeListener(List.of(
        new ConsoleReporter(new PrintStream(console, true, StandardCharsets.UTF_8), false, true, 1),
        new LogDirListener(logs), new JsonReport(tmp.resolve("r.json"))));
    all.runStarted("pb", false, 1);
    all.hostStarted("web01");
    all.taskStarted("web01", "t " + leaky);
    all.commandRan("web01", "echo " + leaky, new CommandResult(1, leaky + "\n", leaky + "\n", 1));
    all.commandRan("web01", "gather 3 facts", new CommandResult(0, "FILEBODY " + leaky + "\n", "", 1));
    all.taskFinished("web01", run(leaky).hosts().get(0).tasks().get(0));
    all.notice(leaky);
    all.hostFinished(run(leaky).hosts().get(0));
    all.runFinished(run(leaky));
    String log = Files.readString(logs.resolve("web01.log"));
    for (String text : List.of(console.toString(StandardCharsets.UTF_8), log, Files.readString(tmp.resolve("r.json")))) {
      assertThat(text).contains("sudo said ****").contains("http://u:****@m/x")
          .doesNotContain("sudo-Pw-5521").doesNotContain("urlpw");
    }
    assertThat(log).doesNotContain("FILEBODY").contains("characters of fact output, not stored");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logs.resolve("web01.log"),
        LinkOption.NOFOLLOW_LINKS))).isEqualTo("rw-------");
  }

  @Test
  void theHostLogSaysWhatWasDeferred() throws Exception {
    Path logs = tmp.resolve("logs");
    LogDirListener l = new LogDirListener(logs);
    TaskResult deferred = new TaskResult("restart docker", "docker_restart", TaskResult.Status.DEFERRED, 1,
        "restart deferred: 2 running containers (docker.restart: if-idle)", null, List.of());
    l.hostStarted("web01");
    l.taskFinished("web01", deferred);
    l.hostFinished(new HostResult("web01", HostResult.Status.OK, 1, List.of(deferred), 2, null));
    String log = Files.readString(logs.resolve("web01.log"));
    assertThat(log).contains(" deferred restart docker: restart deferred: 2 running containers (docker.restart: if-idle)")
        .contains(" host web01 ok in 1 ms, 2 round trips, 1 deferred (restart deferred: 2 running containers"
            + " (docker.restart: if-idle))");
  }
}
