package io.jprov.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.facts.ServiceFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between {@code template}'s {@code keep_previous} (writes {@code .jprov-prev} /
 * {@code .jprov-absent}) and {@code service}'s {@code restore_on_failure}, run for real with sh:
 * two runs change daemon.json before a restart happens, the restart fails, and the file from before
 * the first change comes back.
 */
class KeepPreviousRestoreContractTest {
  @TempDir Path dir;

  private int sh(String script) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", script.replace("/etc/", dir + "/etc/"));
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().put("FAKE", dir.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  @Test
  void restartFailureRestoresTheLastKnownGoodFile() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path systemctl = Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\n"
        + "case \"$1\" in restart) ! grep -q BAD \"$FAKE/etc/docker/daemon.json\";; *) exit 0;; esac\n");
    Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path json = Files.createDirectories(dir.resolve("etc/docker")).resolve("daemon.json");
    Files.writeString(json, "GOOD\n");

    String keep = ((Command.Shell) TemplateModule.keepPrevious("/etc/docker/daemon.json")).script();
    assertThat(sh(keep)).isZero();
    Files.writeString(json, "BAD 1\n");
    assertThat(sh(keep)).isZero();
    Files.writeString(json, "BAD 2\n");

    Map<String, Object> handler = Map.of("name", "docker", "state", "restarted", "daemon_reload", true,
        "restore_on_failure", List.of("/etc/docker/daemon.json"));
    FactSet facts = FactSet.of(Map.of(ServiceFacts.of("docker").key(),
        new FactOutput(0, "active=active\nenabled_rc=0\nenabled=enabled\n")));
    Plan plan = new ServiceModule().plan(new ServiceModule().bind(handler), facts, new TaskContext("h", Map.of(), true, dir, dir));
    assertThat(sh(((Command.Shell) plan.commands().get(0)).script())).isEqualTo(1);
    assertThat(Files.readString(json)).isEqualTo("GOOD\n");
    assertThat(dir.resolve("etc/docker/daemon.json.jprov-prev")).doesNotExist();

    Files.delete(json);
    assertThat(sh(keep)).isZero();
    assertThat(dir.resolve("etc/docker/daemon.json.jprov-absent")).exists();
    Files.writeString(json, "BAD 3\n");
    assertThat(sh(((Command.Shell) plan.commands().get(0)).script())).isEqualTo(1);
    assertThat(json).doesNotExist();
    assertThat(dir.resolve("etc/docker/daemon.json.jprov-absent")).doesNotExist();
  }

  /**
   * First install (no previous daemon.json): a bad file makes the first start fail; the start with
   * restore_on_failure puts the fallback {} in place and starts the unit with it, and the outcome
   * is "failed with changes". A good file starts and removes the snapshot.
   */
  @Test
  void firstStartWithABadFileFallsBackToTheMinimalFileAndRuns() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path systemctl = Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\n"
        + "case \"$1\" in start|restart) if grep -q BAD \"$FAKE/etc/docker/daemon.json\"; then exit 1; fi;"
        + " echo running > \"$FAKE/state\";; *) exit 0;; esac\n");
    Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path json = dir.resolve("etc/docker/daemon.json");

    String keep = ((Command.Shell) TemplateModule.keepPrevious("/etc/docker/daemon.json", "{}")).script();
    assertThat(sh(keep)).isZero();
    assertThat(Files.readString(dir.resolve("etc/docker/daemon.json.jprov-prev"))).isEqualTo("{}\n");
    Files.writeString(json, "{\"BAD\": 1}\n");

    Map<String, Object> start = Map.of("name", "docker", "state", "started", "enabled", true, "daemon_reload", true,
        "restore_on_failure", List.of("/etc/docker/daemon.json"));
    FactSet stopped = FactSet.of(Map.of(ServiceFacts.of("docker").key(),
        new FactOutput(0, "active=inactive\nenabled_rc=1\nenabled=disabled\n")));
    ServiceModule service = new ServiceModule();
    Plan plan = service.plan(service.bind(start), stopped, new TaskContext("h", Map.of(), true, dir, dir));
    assertThat(ServiceModule.startedUnit(start, plan)).isEqualTo("docker");
    assertThat(sh(((Command.Shell) plan.commands().get(0)).script())).isEqualTo(1);
    assertThat(Files.readString(json)).isEqualTo("{}\n");
    assertThat(Files.readString(dir.resolve("state"))).isEqualTo("running\n");
    assertThat(dir.resolve("etc/docker/daemon.json.jprov-prev")).doesNotExist();

    Outcome o = service.interpret(service.bind(start), plan, List.of(new io.jprov.transport.CommandResult(1, "",
        "unable to configure the Docker daemon\n" + ServiceModule.RESTORED + " /etc/docker/daemon.json; docker is running again with the previous files\n", 5)));
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.changed()).isTrue();
    assertThat(o.message()).contains("restored").contains("running again");

    // a good file on a later first start: started, snapshot gone
    Files.delete(dir.resolve("state"));
    assertThat(sh(keep)).isZero();
    Files.writeString(json, "{\"debug\": true}\n");
    assertThat(sh(((Command.Shell) plan.commands().get(0)).script())).isZero();
    assertThat(dir.resolve("state")).exists();
    assertThat(dir.resolve("etc/docker/daemon.json.jprov-prev")).doesNotExist();
  }
}
