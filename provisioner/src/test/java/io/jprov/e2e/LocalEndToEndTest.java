package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.JprovRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI, engine, modules and local connection applying a generic playbook (file, template,
 * command, a handler) to a temporary directory: converge, then no-op, then check mode on a fresh
 * directory.
 */
class LocalEndToEndTest {
  private static final Path PLAYBOOK = Path.of("src/test/resources/playbooks/local-e2e.yml");

  @TempDir Path tmp;

  private ApplyRun apply(Path root, String... extra) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of(PLAYBOOK.toString(), "--local", "-e", "root=" + root));
    args.addAll(List.of(extra));
    return ApplyRun.run(tmp, args);
  }

  private static List<String> tree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void convergesThenChangesNothing() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/old.conf"), "stale\n");

    ApplyRun first = apply(root);
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.report().at("/summary/changed").asInt()).isEqualTo(1);
    assertThat(first.report().at("/hosts/0/status").asText()).isEqualTo("changed");
    assertThat(Files.readString(root.resolve("etc/motd"))).isEqualTo("managed by jprov\n");
    assertThat(Files.readString(root.resolve("etc/app.conf"))).contains("port=8080");
    assertThat(Files.getPosixFilePermissions(root.resolve("etc/app.conf")))
        .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "GROUP_READ");
    assertThat(root.resolve("etc/old.conf")).doesNotExist();
    assertThat(Files.readString(root.resolve("var/reloads"))).isEqualTo("reloaded\n");
    assertThat(first.out()).contains("RECAP");

    ApplyRun second = apply(root);
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.report().at("/summary/changed").asInt()).isZero();
    assertThat(second.report().at("/summary/ok").asInt()).isEqualTo(1);
    for (JsonNode t : second.report().at("/hosts/0/tasks")) {
      assertThat(t.get("status").asText()).as(t.get("name").asText()).isIn("ok");
    }
    // the handler did not run again
    assertThat(Files.readString(root.resolve("var/reloads"))).isEqualTo("reloaded\n");
    // one round trip reads every fact of an unchanged host; the read-only probe is the second
    assertThat(second.report().at("/hosts/0/round_trips").asInt()).isLessThanOrEqualTo(3);

    ApplyRun check = apply(root, "--check");
    assertThat(check.code()).isZero();
  }

  @Test
  void checkOnAFreshDirectoryChangesNothingAndExits10() throws Exception {
    Path root = tmp.resolve("fresh");
    ApplyRun check = apply(root, "--check", "--diff");
    assertThat(check.code()).as(check.err()).isEqualTo(10);
    assertThat(tree(root)).isEmpty();
    assertThat(check.report().at("/check_mode").asBoolean()).isTrue();
    assertThat(check.report().at("/hosts/0/tasks/1/status").asText()).isEqualTo("changed");
    assertThat(check.report().at("/hosts/0/tasks/1/message").asText()).startsWith("would ");
    assertThat(check.out()).contains("+port=8080");
  }

  @Test
  void changedFileShowsADiffAndIsRestoredToTheDesiredState() throws Exception {
    Path root = tmp.resolve("drift");
    assertThat(apply(root).code()).isZero();
    Files.writeString(root.resolve("etc/motd"), "edited by hand\n");

    ApplyRun check = apply(root, "--check", "--diff");
    assertThat(check.code()).isEqualTo(10);
    assertThat(check.out()).contains("-edited by hand").contains("+managed by jprov");
    assertThat(Files.readString(root.resolve("etc/motd"))).isEqualTo("edited by hand\n");

    ApplyRun fix = apply(root);
    assertThat(fix.code()).isZero();
    assertThat(fix.report().at("/summary/changed").asInt()).isEqualTo(1);
    assertThat(Files.readString(root.resolve("etc/motd"))).isEqualTo("managed by jprov\n");
  }

  @Test
  void undefinedVariableIsExit2AndTouchesNothing() throws Exception {
    JprovRun r = JprovRun.of("apply", PLAYBOOK.toString(), "--local");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("local-e2e.yml:").contains("root").doesNotContain("\tat ");
  }
}
