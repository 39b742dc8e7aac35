package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jprov __complete hosts-and-groups}: the names the completion of {@code --limit} offers,
 * and nothing at all (exit 0, no error text) when the inventory cannot be read; and the command
 * stays out of {@code --help}. See docs/completion.md.
 */
class CompleteCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }
  }

  static Run jprov(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
        args);
    return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printsTheGroupsThenTheHostsOneALine() throws IOException {
    Path inv = dir.resolve("inv.yml");
    Files.writeString(inv, """
        all:
          hosts:
            lonely: {address: 10.0.0.9}
          children:
            web:
              hosts:
                web[01:03]: {}
            db:
              hosts:
                db1: {}
        """);
    Run r = jprov("__complete", "hosts-and-groups", "-i", inv.toString());
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.lines()).contains("web", "db", "lonely", "web01", "web02", "web03", "db1");
    assertThat(r.lines()).doesNotHaveDuplicates();
    assertThat(r.lines().indexOf("web")).isLessThan(r.lines().indexOf("web01"));
    assertThat(r.lines()).noneMatch(l -> l.isBlank() || l.contains(" "));
    // the form the scripts use takes a short cut past the command tree; the others go through it
    assertThat(jprov("__complete", "hosts-and-groups", "--inventory=" + inv).lines()).isEqualTo(r.lines());
    assertThat(jprov("__complete", "hosts-and-groups", "--inventory", inv.toString()).lines()).isEqualTo(r.lines());
  }

  @Test
  void aBadOrMissingInventoryPrintsNothingAndExitsZero() throws IOException {
    Path broken = dir.resolve("broken.yml");
    Files.writeString(broken, "all: [unclosed\n");
    Path badVar = dir.resolve("badvar.yml");
    Files.writeString(badVar, "all:\n  vars: {ssh_port: not-a-port}\n  hosts: {h1: {}}\n");
    for (String[] args : List.of(
        new String[] {"__complete", "hosts-and-groups", "-i", broken.toString()},
        new String[] {"__complete", "hosts-and-groups", "-i", badVar.toString()},
        new String[] {"__complete", "hosts-and-groups", "-i", dir.resolve("missing.yml").toString()},
        new String[] {"__complete", "hosts-and-groups", "-i", dir.toString()},
        new String[] {"__complete", "hosts-and-groups", "--inventory=" + broken},
        new String[] {"__complete", "hosts-and-groups", "-i", "nul\0byte.yml"},
        new String[] {"__complete", "hosts-and-groups"})) {
      Run r = jprov(args);
      assertThat(r.code()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).as(String.join(" ", args)).isEmpty();
      assertThat(r.err()).as(String.join(" ", args)).isEmpty();
    }
  }

  @Test
  void isHiddenFromTheUsageOfJprov() {
    Run r = jprov("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("apply").doesNotContain("__complete").doesNotContain("hosts-and-groups");
  }

  @Test
  void printsTheCompletionScripts() {
    Run bash = jprov("__complete", "bash");
    assertThat(bash.code()).isZero();
    assertThat(bash.out()).contains("complete -F _jprov_complete jprov").doesNotContain("__complete hosts-and-groups\n");
    Run zsh = jprov("__complete", "zsh");
    assertThat(zsh.code()).isZero();
    assertThat(zsh.out()).startsWith("#compdef jprov\n").contains("bashcompinit");
  }
}
