package io.jprov.modules.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.facts.ServiceFacts;
import io.jprov.modules.Command;
import io.jprov.modules.DockerVerifyModule;
import io.jprov.modules.Outcome;
import io.jprov.modules.Plan;
import io.jprov.modules.ServiceModule;
import io.jprov.modules.TaskContext;
import io.jprov.transport.CommandResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the service restart/restore script and the docker_verify script for real with {@code sh}
 * (dash and bash, like EL7's sh), with fake {@code systemctl}, {@code journalctl}, {@code docker}
 * and {@code su} on the PATH, and feeds the results to {@code interpret}.
 */
class DockerScriptsTest {
  static final String GOOD = "{\"registry-mirrors\": [\"https://a.example\"]}\n";
  static final String BAD = "{\"registry-mirrors\": [\"https://b.example\"],}\n";

  @TempDir Path dir;
  Path bin;
  Path daemonJson;
  Path proxy;

  @BeforeEach
  void setUp() throws IOException {
    bin = Files.createDirectories(dir.resolve("bin"));
    daemonJson = Files.createDirectories(dir.resolve("etc/docker")).resolve("daemon.json");
    proxy = Files.createDirectories(dir.resolve("etc/systemd/system/docker.service.d")).resolve("http-proxy.conf");
    // systemctl: restart fails (and logs like dockerd) when daemon.json has a trailing comma or a proxy drop-in
    // says BROKEN; every call is recorded
    script("systemctl", "#!/bin/sh\n"
        + "echo \"$*\" >> \"$FAKE/calls\"\n"
        + "case \"$1\" in\n"
        + "  restart|start)\n"
        + "    if grep -q ',}' \"$FAKE/etc/docker/daemon.json\" 2>/dev/null; then\n"
        + "      echo \"unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character '}' looking for beginning of value\" >> \"$FAKE/journal\"\n"
        + "      echo 'Failed to start Docker Application Container Engine.' >> \"$FAKE/journal\"\n"
        + "      echo 'Job for docker.service failed because the control process exited with error code.' >&2; exit 1; fi\n"
        + "    if grep -q BROKEN \"$FAKE/etc/systemd/system/docker.service.d/http-proxy.conf\" 2>/dev/null; then\n"
        + "      echo 'level=fatal msg=\"proxy broken\"' >> \"$FAKE/journal\"; exit 1; fi\n"
        + "    echo up > \"$FAKE/state\"; exit 0;;\n"
        + "  *) exit 0;;\n"
        + "esac\n");
    script("journalctl", "#!/bin/sh\necho \"$*\" >> \"$FAKE/calls\"\ncat \"$FAKE/journal\" 2>/dev/null\n");
    // su - USER -c CMD: runs CMD as if logged in as USER
    script("su", "#!/bin/sh\n[ \"$1\" = - ] && shift\nFAKE_USER=$1 sh -c \"$3\"\n");
    // docker: root and members of FAKE_MEMBERS may talk to the daemon; FAKE_DOWN means no daemon
    script("docker", "#!/bin/sh\n"
        + "if [ -n \"$FAKE_DOWN\" ]; then echo 'docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?.' >&2; exit 125; fi\n"
        + "case \" $FAKE_MEMBERS root \" in *\" ${FAKE_USER:-root} \"*) ;; *)\n"
        + "  echo 'docker: permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: connect: permission denied.' >&2; exit 126;; esac\n"
        + "printf '\\nHello from Docker!\\nThis message shows that your installation appears to be working correctly.\\n'\n");
  }

  private void script(String name, String body) throws IOException {
    Path p = bin.resolve(name);
    Files.writeString(p, body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The script with the host paths moved under the temp dir. */
  private String local(String script) {
    return script.replace("/etc/", dir + "/etc/");
  }

  private CommandResult sh(String shell, String script, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(shell, "-c", script);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("FAKE", dir.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return new CommandResult(p.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8), 0);
  }

  private static final ServiceModule.Arguments RESTART = new ServiceModule().bind(Map.of("name", "docker", "state", "restarted",
      "daemon_reload", true, "restore_on_failure",
      List.of("/etc/docker/daemon.json", "/etc/systemd/system/docker.service.d/http-proxy.conf")));

  private Plan restartPlan() {
    FactSet facts = FactSet.of(Map.of(ServiceFacts.of("docker").key(),
        new FactOutput(0, "active=active\nenabled_rc=0\nenabled=enabled\n")));
    return new ServiceModule().plan(RESTART, facts, new TaskContext("h", Map.of(), true, dir, dir));
  }

  private String shellScript(Plan plan) {
    return local(((Command.Shell) plan.commands().get(0)).script());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dash", "bash"})
  void failedRestartRestoresPreviousDaemonJsonAndRestartsAgain(String shell) throws Exception {
    Files.writeString(daemonJson, BAD);
    Files.writeString(dir.resolve("etc/docker/daemon.json.jprov-prev"), GOOD);
    Plan plan = restartPlan();
    CommandResult r = sh(shell, shellScript(plan), Map.of());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(Files.readString(daemonJson)).isEqualTo(GOOD);
    assertThat(dir.resolve("etc/docker/daemon.json.jprov-prev")).doesNotExist();
    assertThat(Files.readString(dir.resolve("state")).strip()).isEqualTo("up");
    assertThat(Files.readAllLines(dir.resolve("calls")))
        .containsSubsequence("daemon-reload", "restart docker", "daemon-reload", "restart docker");
    Outcome o = new ServiceModule().interpret(RESTART, plan, List.of(r));
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.message())
        .contains("unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character '}'")
        .contains("restored " + dir + "/etc/docker/daemon.json")
        .contains("docker is running again with the previous files");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dash", "bash"})
  void failedRestartRemovesAFileThatDidNotExistBefore(String shell) throws Exception {
    Files.writeString(daemonJson, GOOD);
    Files.writeString(proxy, "[Service]\nEnvironment=BROKEN\n");
    Files.writeString(dir.resolve(proxy + ".jprov-absent"), "");
    Plan plan = restartPlan();
    CommandResult r = sh(shell, shellScript(plan), Map.of());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(proxy).doesNotExist();
    assertThat(dir.resolve(proxy + ".jprov-absent")).doesNotExist();
    assertThat(Files.readString(daemonJson)).isEqualTo(GOOD);
    Outcome o = new ServiceModule().interpret(RESTART, plan, List.of(r));
    assertThat(o.message()).contains("proxy broken").contains("http-proxy.conf; docker is running again");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dash", "bash"})
  void failedRestartWithNothingToRestoreSaysDockerIsStillDown(String shell) throws Exception {
    Files.writeString(daemonJson, BAD);
    Plan plan = restartPlan();
    CommandResult r = sh(shell, shellScript(plan), Map.of());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(Files.readString(daemonJson)).isEqualTo(BAD);
    Outcome o = new ServiceModule().interpret(RESTART, plan, List.of(r));
    assertThat(o.message()).contains("restored nothing; docker did not start with the previous files either");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dash", "bash"})
  void successfulRestartDropsTheBackups(String shell) throws Exception {
    Files.writeString(daemonJson, GOOD);
    Files.writeString(dir.resolve("etc/docker/daemon.json.jprov-prev"), "{}\n");
    Files.writeString(dir.resolve(proxy + ".jprov-absent"), "");
    Plan plan = restartPlan();
    CommandResult r = sh(shell, shellScript(plan), Map.of());

    assertThat(r.exitCode()).isZero();
    assertThat(Files.readString(daemonJson)).isEqualTo(GOOD);
    assertThat(dir.resolve("etc/docker/daemon.json.jprov-prev")).doesNotExist();
    assertThat(dir.resolve(proxy + ".jprov-absent")).doesNotExist();
    assertThat(new ServiceModule().interpret(RESTART, plan, List.of(r)).status()).isEqualTo(Outcome.Status.CHANGED);
  }

  private static final DockerVerifyModule.Arguments VERIFY =
      new DockerVerifyModule().bind(Map.of("users", List.of("ops", "deploy")));

  private Outcome verify(String shell, Map<String, String> env) throws Exception {
    Plan plan = new DockerVerifyModule().plan(VERIFY, new FactSet(), new TaskContext("h", Map.of(), true, dir, dir));
    CommandResult r = sh(shell, ((Command.Shell) plan.commands().get(0)).script(), env);
    assertThat(r.exitCode()).isZero();
    return new DockerVerifyModule().interpret(VERIFY, plan, List.of(r));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dash", "bash"})
  void verifyPassesWhenEveryRunSaysHello(String shell) throws Exception {
    Outcome o = verify(shell, Map.of("FAKE_MEMBERS", "ops deploy"));
    assertThat(o.status()).isEqualTo(Outcome.Status.OK);
    assertThat(o.message()).isEqualTo("Hello from Docker! as root, ops, deploy");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dash", "bash"})
  void verifyShowsTheUsersOwnError(String shell) throws Exception {
    Outcome o = verify(shell, Map.of("FAKE_MEMBERS", "ops"));
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.message()).startsWith("docker run --rm hello-world as deploy (new login) failed (exit 126): "
        + "docker: permission denied while trying to connect to the Docker daemon socket");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dash", "bash"})
  void verifyShowsDaemonDown(String shell) throws Exception {
    Outcome o = verify(shell, Map.of("FAKE_DOWN", "1"));
    assertThat(o.message()).startsWith("docker run --rm hello-world as root failed (exit 125): "
        + "docker: Cannot connect to the Docker daemon");
  }
}
