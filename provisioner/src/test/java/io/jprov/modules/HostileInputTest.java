package io.jprov.modules;

import static io.jprov.TestMaps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.jprov.InputException;
import io.jprov.facts.Fact;
import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.template.Templates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile values in every module argument that reaches a shell or a configuration file, one
 * dynamic test per input × target. Each value must either be refused (a {@link
 * ModuleArgsException}: exit 2, with a one-line message) or reach the host intact: every planned
 * shell command (and every fact command) is run by a real {@code /bin/sh} whose {@code PATH} holds
 * only recording stubs, and the value must arrive inside one argument, with nothing else run (no
 * {@code touch PWNED}); an uploaded configuration file must have exactly the lines it has for a
 * harmless value (no injected line).
 *
 * <p>Validation runs strict, as in preflight and plan (not at load time): a value holding {@code
 * ${} after interpolation is checked like any other.
 */
public class HostileInputTest {
  @TempDir static Path tmp;

  /** name → value. */
  public static final Map<String, String> INPUTS = new LinkedHashMap<>();

  static {
    INPUTS.put("semicolon", "x; touch PWNED");
    INPUTS.put("subst", "$(touch PWNED)");
    INPUTS.put("backtick", "`touch PWNED`");
    INPUTS.put("single-quote", "it's'; touch PWNED; '");
    INPUTS.put("double-quote", "a\"; touch PWNED; \"");
    INPUTS.put("newline", "a\ntouch PWNED");
    INPUTS.put("nul", "a\0touch PWNED");
    INPUTS.put("dash", "-rf");
    INPUTS.put("dotdot", "../../etc/passwd");
    INPUTS.put("dollar-brace", "0755; touch PWNED #${");
    INPUTS.put("long", "x".repeat(100_000));
    INPUTS.put("non-ascii", "ünï©ødé✓");
  }

  /**
   * A module argument fed with a value: builds the args from it. {@code command}: the value goes
   * to an external command when accepted (so it must arrive there as one argument); otherwise it
   * only reaches sh builtins ({@code [ -e ... ]}) or a file's path.
   */
  record Target(String name, TaskModule<?> module, Function<String, Map<String, Object>> args, boolean command) {
    Target(String name, TaskModule<?> module, Function<String, Map<String, Object>> args) {
      this(name, module, args, true);
    }
  }

  static List<Target> targets() throws IOException {
    Path tpl = tmp.resolve("t.conf.ftl");
    Files.writeString(tpl, "# test\nkey=${value}\n");
    Templates templates = new Templates(List.of(tmp));
    List<Target> t = new ArrayList<>();
    t.add(new Target("file.path(directory)", new FileModule(),
        v -> map("path", "/srv/" + v, "state", "directory", "mode", "0755", "owner", "root")));
    t.add(new Target("file.path(absent)", new FileModule(), v -> map("path", "/srv/" + v, "state", "absent")));
    t.add(new Target("file.owner", new FileModule(), v -> map("path", "/srv/d", "state", "directory", "owner", v)));
    t.add(new Target("file.group", new FileModule(), v -> map("path", "/srv/d", "state", "directory", "group", v)));
    t.add(new Target("file.mode", new FileModule(), v -> map("path", "/srv/d", "state", "directory", "mode", v)));
    t.add(new Target("template.dest", new TemplateModule(templates),
        v -> map("src", tpl.toString(), "dest", "/etc/" + v, "keep_previous", true, "backup", true), false));
    t.add(new Target("template.mode", new TemplateModule(templates),
        v -> map("src", tpl.toString(), "dest", "/etc/x.conf", "mode", v), false));
    t.add(new Target("group.name", new GroupModule(), v -> map("name", v)));
    t.add(new Target("user_groups.users", new UserGroupsModule(), v -> map("group", "docker", "users", List.of(v))));
    t.add(new Target("user_groups.group", new UserGroupsModule(), v -> map("group", v, "users", List.of("ops"))));
    t.add(new Target("package.name", new PackageModule(), v -> map("name", List.of(v))));
    t.add(new Target("package.version", new PackageModule(), v -> map("name", List.of("docker-ce"), "version", v)));
    t.add(new Target("package.from", new PackageModule(),
        v -> map("version", map("docker-ce", "26.1.4"), "files", map("docker-ce", "d.rpm"), "from", "/var/tmp/" + v)));
    t.add(new Target("service.name", new ServiceModule(), v -> map("name", v, "state", "restarted")));
    t.add(new Target("service.restore_on_failure", new ServiceModule(),
        v -> map("name", "docker", "state", "restarted", "restore_on_failure", List.of("/etc/" + v))));
    t.add(new Target("sysctl.settings(value)", new SysctlModule(), v -> map("settings", map("net.ipv4.ip_forward", v))));
    t.add(new Target("sysctl.settings(key)", new SysctlModule(), v -> map("settings", map("net." + v, "1"))));
    t.add(new Target("sysctl.modules", new SysctlModule(), v -> map("modules", List.of(v))));
    t.add(new Target("sysctl.file", new SysctlModule(), v -> map("settings", map("vm.x", "1"), "file", "/etc/sysctl.d/" + v + ".conf"), false));
    t.add(new Target("docker_verify.users", new DockerVerifyModule(), v -> map("users", List.of(v))));
    t.add(new Target("docker_verify.image", new DockerVerifyModule(), v -> map("image", v)));
    t.add(new Target("yum_repo.mirror", new YumRepoModule(new Templates(List.of(Path.of("..", "templates")))),
        v -> map("mirror", "https://m.example/" + v), false));
    t.add(new Target("yum_repo.name", new YumRepoModule(new Templates(List.of(Path.of("..", "templates")))),
        v -> map("mirror", "https://m.example/", "name", v), false));
    t.add(new Target("base_repos.mirror", new BaseReposModule(), v -> map("mirror", "http://m.example/" + v, "os_id", "centos"), false));
    t.add(new Target("base_repos.path", new BaseReposModule(), v -> map("mirror", "http://m.example/", "os_id", "centos", "path", "/etc/" + v), false));
    t.add(new Target("command.creates", new CommandModule(), v -> map("cmd", "true", "creates", "/srv/" + v), false));
    Path keys = Path.of("src/test/resources/bundle").toAbsolutePath();
    t.add(new Target("rpm_key.dest", new RpmKeyModule(),
        v -> map("src", keys.toString(), "keys", List.of("test-key.asc"), "dest", "/var/tmp/" + v)));
    t.add(new Target("rpm_key.keys", new RpmKeyModule(),
        v -> map("src", keys.toString(), "keys", List.of(v), "dest", "/var/tmp/b")));
    t.add(new Target("package.replace", new PackageModule(), v -> map("name", List.of("docker-ce"), "replace", List.of(v))));
    Path bundle = Path.of("src/test/resources/modules/bundle_upload/bundle").toAbsolutePath();
    t.add(new Target("bundle_upload.dest", new BundleUploadModule(),
        v -> map("src", bundle.toString(), "dest", "/var/tmp/" + v), false));
    return t;
  }

  @TestFactory
  Stream<DynamicTest> table() throws IOException {
    Path stubs = stubDir();
    List<DynamicTest> tests = new ArrayList<>();
    for (Target target : targets()) {
      for (Map.Entry<String, String> in : INPUTS.entrySet()) {
        tests.add(DynamicTest.dynamicTest(target.name() + " ← " + in.getKey(),
            () -> check(target, in.getValue(), stubs)));
      }
    }
    return tests.stream();
  }

  private void check(Target target, String value, Path stubs) throws Exception {
    Map<String, Object> args = target.args().apply(value);
    Map<String, Object> vars = map("value", value, "facts", map());
    TaskContext ctx = new TaskContext("h1", vars, true, tmp.resolve("no-home"), tmp);
    Plan plan;
    List<String> factCommands = new ArrayList<>();
    try {
      target.module().checkAtLoad(args);
      ModuleCall<?> call = ModuleCall.bind(target.module(), args);
      call.preflight(ctx);
      List<Fact<?>> facts = call.facts(ctx);
      Map<String, FactOutput> outputs = new LinkedHashMap<>();
      for (Fact<?> f : facts) {
        factCommands.add(f.command());
        outputs.put(f.key(), canned(f.key()));
      }
      for (Fact<?> f : call.moreFacts(FactSet.of(outputs), ctx)) {
        factCommands.add(f.command());
        outputs.put(f.key(), canned(f.key()));
      }
      plan = call.plan(FactSet.of(outputs), ctx);
    } catch (InputException e) {
      // refused: exit 2, one line (the value is shown escaped and cut)
      assertThat(e.getMessage()).as("one-line message").doesNotContain("\n").doesNotContain("\0");
      assertThat(e.getMessage().length()).as("message length").isLessThan(2000);
      return;
    }
    assertThat(value).as("a NUL can never reach a host; it must be refused").doesNotContain("\0");
    List<String> scripts = new ArrayList<>(factCommands);
    for (Command c : plan.commands()) {
      if (c instanceof Command.Shell sh) {
        scripts.add(sh.script());
      } else if (c instanceof Command.Upload up) {
        String content = new String(up.content(), StandardCharsets.UTF_8);
        if (value.contains("\n")) {
          fail("a value with a newline was written into " + up.path() + ":\n" + content);
        }
        assertThat(up.path()).doesNotContain("\n").doesNotContain("/../");
        if (up.mode() != null) {
          assertThat(up.mode()).matches("[0-7]{4}");
        }
      }
    }
    boolean seen = false;
    for (String script : scripts) {
      List<List<String>> calls = runUnderStubs(script, stubs);
      for (List<String> call : calls) {
        assertThat(call.get(0)).as("injected command in: " + script).isNotEqualTo("touch");
        if (call.stream().skip(1).anyMatch(a -> a.contains(value))) {
          seen = true;
        }
      }
    }
    assertThat(Files.exists(tmp.resolve("work").resolve("PWNED"))).as("PWNED created").isFalse();
    if (target.command() && plan.kind() != Plan.Kind.OK && plan.kind() != Plan.Kind.FAIL) {
      assertThat(seen).as("the value reached a command as (part of) one argument").isTrue();
    }
  }

  /** Plausible fact outputs: nothing exists yet, so most modules plan a change. */
  static FactOutput canned(String key) {
    if (key.startsWith("stat:") || key.startsWith("stat+content:")) {
      return key.contains("/srv/d") ? new FactOutput(0, "directory|700|nobody|nobody|4096\n")
          : key.startsWith("stat:/srv/") && !key.contains("directory") ? new FactOutput(0, "regular file|644|root|root|1\n"
              + "0".repeat(64) + "\n") : new FactOutput(0, "absent\n");
    }
    if (key.startsWith("getent-group:")) {
      return new FactOutput(2, "");
    }
    if (key.startsWith("id-groups:")) {
      return new FactOutput(0, "wheel\n");
    }
    if (key.startsWith("filecontent:")) {
      return new FactOutput(0, "absent\n");
    }
    if (key.startsWith("kmod:")) {
      return new FactOutput(0, "absent\n");
    }
    if (key.startsWith("sysctl:")) {
      return new FactOutput(0, "0\n");
    }
    if (key.startsWith("systemd:")) {
      return new FactOutput(0, "active=inactive\nenabled=disabled\nenabled_rc=1\n");
    }
    if (key.startsWith("url:")) {
      return new FactOutput(0, "http=200\n");
    }
    if (key.startsWith("pending-snapshot:")) {
      return new FactOutput(0, "none\n");
    }
    return new FactOutput(0, "");
  }

  static final List<String> COMMANDS = List.of("touch", "chmod", "chown", "chgrp", "mkdir", "rm", "rmdir", "cp", "mv",
      "groupadd", "usermod", "yum", "rpm", "modprobe", "sysctl", "udevadm", "systemctl", "journalctl", "date", "tail",
      "su", "docker", "getent", "id", "stat", "sha256sum", "find", "cat", "mktemp", "lsmod", "awk", "head", "sed",
      "printf", "echo", "test", "[", "base64", "wc", "ls", "readlink", "getconf", "uname", "sudo", "env");

  /** A directory of stubs that record their name and arguments (NUL-separated, one record per call). */
  static Path stubDir() throws IOException {
    Path dir = tmp.resolve("stubs");
    Files.createDirectories(dir);
    for (String c : COMMANDS) {
      Path p = dir.resolve(c);
      Files.writeString(p, "#!/bin/sh\n{ printf '%s\\0' \"${0##*/}\" \"$@\"; printf '\\001\\0'; } >> \"$JPROV_LOG\"\n");
      p.toFile().setExecutable(true);
    }
    return dir;
  }

  /** Runs {@code script} with sh, only the stubs on PATH; returns each recorded call. */
  static List<List<String>> runUnderStubs(String script, Path stubs) throws Exception {
    Path work = tmp.resolve("work");
    Files.createDirectories(work);
    Path log = tmp.resolve("calls.log");
    Files.deleteIfExists(log);
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script).directory(work.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    pb.environment().put("PATH", stubs.toString());
    pb.environment().put("JPROV_LOG", log.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("script did not finish: " + script);
    }
    List<List<String>> calls = new ArrayList<>();
    if (!Files.exists(log)) {
      return calls;
    }
    String[] parts = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\0", -1);
    List<String> cur = new ArrayList<>();
    for (String part : parts) {
      if (part.equals("\001")) {
        calls.add(cur);
        cur = new ArrayList<>();
      } else if (!part.isEmpty() || !cur.isEmpty()) {
        cur.add(part);
      }
    }
    return calls;
  }
}
