package io.jprov.cli;

import static io.jprov.cli.CliTest.jprov;
import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import io.jprov.modules.HostileInputTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input table at the command line: every input of {@link HostileInputTest#INPUTS} in
 * every inventory value, {@code -e} variable, playbook value and {@code --limit}, one dynamic test
 * per input × target, through {@code Main.run} with the Docker CE playbook (or a small one) and an
 * unreachable host. Each run either exits 2 with one line on stderr (no stack trace, the value
 * shown escaped and cut) before any host is contacted, or gets past every check and exits 4
 * (unreachable): then the value is one the modules accept, and {@link HostileInputTest} proves it
 * reaches the host quoted. A NUL, and a newline in anything but an unused free variable, must be
 * refused.
 */
class HostileCliTest {
  @TempDir static Path tmp;

  /** Accepts and closes every connection: a host that fails at once, without connect retries. */
  static java.net.ServerSocket closer;
  static String HOST_VARS;

  @org.junit.jupiter.api.BeforeAll
  static void closingServer() throws java.io.IOException {
    closer = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!closer.isClosed()) {
        try {
          closer.accept().close();
        } catch (java.io.IOException e) {
          // closed at the end
        }
      }
    }, "closer");
    t.setDaemon(true);
    t.start();
    HOST_VARS = "address: 127.0.0.1, ssh_port: " + closer.getLocalPort() + ", connect_timeout: 5";
  }

  @org.junit.jupiter.api.AfterAll
  static void stop() throws java.io.IOException {
    closer.close();
  }

  /** A place a value can be written: makes the command line from the value (writing files as needed). */
  record Target(String name, boolean used, Function<String, String[]> args) {}

  /** A YAML double-quoted scalar holding exactly {@code v}. */
  static String yaml(String v) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : v.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\0' -> sb.append("\\0");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  static int files;

  static String file(String text) {
    try {
      Path p = tmp.resolve("f" + (files++) + ".yml");
      Files.writeString(p, text);
      return p.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String inventory(String hostVars) {
    return file("all:\n  hosts:\n    web1: {" + HOST_VARS + (hostVars.isEmpty() ? "" : ", " + hostVars) + "}\n");
  }

  static List<Target> targets() {
    String plain = inventory("");
    List<Target> t = new ArrayList<>();
    // -e: every connection and docker variable, and a free variable nothing uses
    for (String key : List.of("connection", "address", "ssh_port", "ssh_user", "ssh_key", "ssh_key_passphrase_env",
        "ssh_password_env", "known_hosts", "host_key_checking", "jump", "connect_timeout", "command_timeout",
        "become", "become_password_env", "docker.version", "docker.mirror", "docker.channel", "docker.http_proxy",
        "docker.https_proxy", "docker.no_proxy", "base_repos_mirror")) {
      t.add(new Target("-e " + key, true, v -> new String[] {"plan", "-i", plain, "-e", key + "=" + v}));
    }
    t.add(new Target("-e docker.users", true, v -> new String[] {"plan", "-i", plain, "-e", "docker.users=[" + v + "]"}));
    t.add(new Target("-e docker.registry_mirrors", true,
        v -> new String[] {"plan", "-i", plain, "-e", "docker.registry_mirrors=[" + v + "]"}));
    t.add(new Target("-e free_var", false, v -> new String[] {"plan", "-i", plain, "-e", "free_var=" + v}));
    // the inventory file: host name, connection values, docker values
    t.add(new Target("inventory host name", true, v -> new String[] {"plan", "-i",
        file("all:\n  hosts:\n    " + yaml(v) + ": {" + HOST_VARS + "}\n")}));
    for (String key : List.of("address", "ssh_user", "jump", "known_hosts", "become_password_env")) {
      t.add(new Target("inventory " + key, true, v -> new String[] {"plan", "-i", inventory(key + ": " + yaml(v))}));
    }
    for (String key : List.of("mirror", "no_proxy", "http_proxy", "version", "channel")) {
      t.add(new Target("inventory docker." + key, true,
          v -> new String[] {"plan", "-i", inventory("docker: {" + key + ": " + yaml(v) + "}")}));
    }
    t.add(new Target("inventory docker.users", true,
        v -> new String[] {"plan", "-i", inventory("docker: {users: [" + yaml(v) + "]}")}));
    t.add(new Target("inventory docker.daemon value", false,
        v -> new String[] {"plan", "-i", inventory("docker: {daemon: {labels: [" + yaml(v) + "]}}")}));
    // a playbook: literal module arguments (checked at load) and variables interpolated into them
    // (checked fully in preflight)
    for (String[] arg : new String[][] {{"path", "/srv/"}, {"owner", ""}, {"group", ""}, {"mode", ""}}) {
      t.add(new Target("playbook file." + arg[0] + " literal", true, v -> new String[] {"plan", "-i", plain,
          file("hosts: all\ntasks:\n  - file: {path: /srv/d, state: directory, " + arg[0] + ": "
              + yaml(arg[1] + v) + "}\n")}));
      t.add(new Target("playbook file." + arg[0] + " from a var", true, v -> new String[] {"plan", "-i", plain,
          file("hosts: all\nvars: {v: " + yaml(v) + "}\ntasks:\n  - file: {path: /srv/d, state: directory, "
              + arg[0] + ": \"" + arg[1] + "${v}\"}\n")}));
    }
    t.add(new Target("playbook group.name from -e", true, v -> new String[] {"plan", "-i", plain,
        file("hosts: all\ntasks:\n  - group: {name: \"${g}\"}\n"), "-e", "g=" + v}));
    t.add(new Target("playbook package.name from -e", true, v -> new String[] {"plan", "-i", plain,
        file("hosts: all\ntasks:\n  - package: {name: [\"${p}\"]}\n"), "-e", "p=" + v}));
    t.add(new Target("playbook hosts", true, v -> new String[] {"plan", "-i", plain,
        file("hosts: " + yaml(v) + "\ntasks: []\n")}));
    t.add(new Target("--limit", true, v -> new String[] {"plan", "-i", plain, "--limit", v}));
    t.add(new Target("--tags", true, v -> new String[] {"plan", "-i", plain, "--tags", v}));
    return t;
  }

  @TestFactory
  Stream<DynamicTest> table() {
    List<DynamicTest> tests = new ArrayList<>();
    Map<String, String> inputs = new LinkedHashMap<>(HostileInputTest.INPUTS);
    for (Target target : targets()) {
      for (Map.Entry<String, String> in : inputs.entrySet()) {
        tests.add(DynamicTest.dynamicTest(target.name() + " ← " + in.getKey(), () -> check(target, in.getValue())));
      }
    }
    return tests.stream();
  }

  private static void check(Target target, String value) {
    JprovRun r = jprov(target.args().apply(value));
    String shown = "\nexit " + r.code() + "; stderr: " + cut(r.err());
    assertThat(r.code()).as("exit 2 (refused) or 4 (accepted, host unreachable)" + shown).isIn(2, 4);
    if (value.indexOf('\0') >= 0 || (value.indexOf('\n') >= 0 && target.used())) {
      assertThat(r.code()).as("a NUL or a newline must be refused" + shown).isEqualTo(2);
    }
    if (r.code() == 2) {
      assertThat(r.err().strip().lines().count()).as("one line" + shown).isEqualTo(1);
      assertThat(r.err()).as(shown).startsWith("jprov: ").doesNotContain("Exception").doesNotContain("\tat ")
          .doesNotContain("\0");
      assertThat(r.err().length()).as("error length" + shown).isLessThan(4200);
    }
  }

  private static String cut(String s) {
    return s.length() > 500 ? s.substring(0, 500) + "…" : s;
  }
}
