package io.jprov.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.facts.FactSet;
import io.jprov.transport.CommandResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker_verify's script run by sh with stand-ins for docker and su: the runs go at once. */
class DockerVerifyModuleTest {
  @TempDir Path tmp;

  private Path exe(String name, String body) throws Exception {
    Path p = tmp.resolve("bin").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  @Test
  void rootAndEachUserRunAtOnceAndEachOutputIsFramedApart() throws Exception {
    Path seen = Files.createDirectories(tmp.resolve("seen"));
    // each stand-in run waits (at most 10 s) until all three have started: run one after another,
    // the first would give up and fail
    exe("docker", "touch " + seen + "/$$\n"
        + "i=0; while [ \"$(ls " + seen + " | wc -l)\" -lt 3 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done\n"
        + "[ $i -lt 100 ] || { echo 'docker: nobody else started' >&2; exit 9; }\n"
        + "echo \"Hello from Docker! (${JPROV_AS:-root})\"\n");
    exe("su", "JPROV_AS=$2 exec sh -c \"$4\"\n"); // su - USER -c CMD
    DockerVerifyModule m = new DockerVerifyModule();
    DockerVerifyModule.Arguments a = m.bind(Map.of("users", List.of("ops", "ci")));
    Plan plan = m.plan(a, new FactSet(), null);
    String script = ((Command.Shell) plan.commands().get(0)).script();

    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
    pb.environment().put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    CommandResult r = new CommandResult(p.exitValue(), out,
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8), 0);

    assertThat(out).isEqualTo("::jprov-verify:root:0::\nHello from Docker! (root)\n"
        + "::jprov-verify:ops:0::\nHello from Docker! (ops)\n"
        + "::jprov-verify:ci:0::\nHello from Docker! (ci)\n");
    assertThat(m.interpret(a, plan, List.of(r))).isEqualTo(Outcome.ok("Hello from Docker! as root, ops, ci"));
    assertThat(r.stderr()).isEmpty();
  }
}
