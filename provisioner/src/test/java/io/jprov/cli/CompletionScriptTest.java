package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.inventory.Inventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The completion scripts written by packaging/gen-docs.sh, driven in real shells: bash calling the
 * function the script registered for {@code jprov} (as readline would), and an interactive zsh
 * (compinit, the {@code _jprov} function in {@code $fpath}) typed into through a pseudo-terminal.
 * The expected candidates come from the command tree and the inventory, so a new command or option
 * is expected without editing this test. See docs/completion.md.
 */
class CompletionScriptTest {
  @TempDir static Path work;

  static final String INVENTORY = """
      all:
        vars: {ssh_user: ops}
        children:
          web:
            hosts:
              web1: {address: 10.0.0.1}
              web2: {address: 10.0.0.2}
          db:
            hosts:
              db1: {address: 10.0.0.3}
      """;

  @BeforeAll
  static void workspace() throws IOException {
    Files.writeString(work.resolve("inv.yml"), INVENTORY);
    Files.writeString(work.resolve("broken.yml"), "all: [unclosed\n");
    Files.writeString(work.resolve("site.yml"), "- hosts: all\n  tasks: []\n");
    Files.createDirectories(work.resolve("reports"));
    GeneratedDocs.dir();
  }

  /** The candidates bash offers for {@code words} (the last one being completed) in the work directory. */
  static List<String> bash(String... words) {
    return bash(env(), words);
  }

  static List<String> bash(Map<String, String> env, String... words) {
    Path script = GeneratedDocs.dir().resolve("completion/bash/jprov");
    StringBuilder w = new StringBuilder();
    for (String word : words) {
      w.append(" '").append(word.replace("'", "'\\''")).append('\'');
    }
    String program = String.join("\n",
        "[ -r /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion",
        ". '" + script + "'",
        // the function complete registered for jprov: what readline calls on TAB
        "fn=$(complete -p jprov | sed -n 's/.*-F \\([^ ]*\\) .*/\\1/p')",
        "[ -n \"$fn\" ] || { echo 'no completion function registered for jprov' >&2; exit 3; }",
        "COMP_WORDS=(" + w + ")",
        "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))",
        "COMP_LINE=\"${COMP_WORDS[*]}\"",
        "COMP_POINT=${#COMP_LINE}",
        "COMP_TYPE=9",
        "$fn jprov \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"",
        "printf '%s\\n' \"${COMPREPLY[@]}\"");
    GeneratedDocs.Result r = GeneratedDocs.run(env, work, 120, "bash", "--norc", "--noprofile", "-c", program);
    assertThat(r.code()).as("bash: " + r.err()).isZero();
    return lines(r.out());
  }

  /** The candidates an interactive zsh offers when {@code line} and a TAB are typed in the work directory. */
  static List<String> zsh(String line) throws IOException {
    Path fpath = GeneratedDocs.dir().resolve("completion/zsh");
    Path harness = Path.of("src/test/resources/completion/complete.zsh").toAbsolutePath();
    Path capture = Files.createTempFile(work, "zsh", ".txt");
    GeneratedDocs.Result r = GeneratedDocs.run(env(), work, 120, "zsh", "-f", harness.toString(), fpath.toString(),
        capture.toString(), line);
    assertThat(r.code()).as("zsh: " + r.err() + r.out()).isZero();
    // no error on the terminal (a bash builtin zsh lacks, say), and the user's shell left as it was
    assertThat(r.out()).as(line).doesNotContain("not found").doesNotContain("error").contains("__DONE__ ca=off al=0");
    return lines(Files.readString(capture)).stream().distinct().toList();
  }

  private static Map<String, String> env() {
    return Map.of("PATH", GeneratedDocs.bin() + ":" + System.getenv("PATH"), "HOME", work.toString());
  }

  private static List<String> lines(String s) {
    return Arrays.stream(s.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  /** bash and zsh agree: the same candidates for the same line. */
  static List<String> both(String... words) throws IOException {
    List<String> b = bash(words);
    List<String> z = zsh(String.join(" ", words));
    assertThat(z).as("zsh and bash for '%s'", String.join(" ", words)).containsExactlyInAnyOrderElementsOf(b);
    return b;
  }

  static List<String> visibleSubcommands(CommandLine cl) {
    List<String> names = new ArrayList<>();
    cl.getSubcommands().forEach((n, sub) -> {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        names.add(n);
      }
    });
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "zsh"})
  void aCommandPrefixCompletesToTheCommand(String shell) throws IOException {
    List<String> got = shell.equals("bash") ? bash("jprov", "ap") : zsh("jprov ap");
    assertThat(got).containsExactly("apply");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "zsh"})
  void anOptionPrefixCompletesToTheOption(String shell) throws IOException {
    List<String> got = shell.equals("bash") ? bash("jprov", "apply", "--ch") : zsh("jprov apply --ch");
    assertThat(got).containsExactly("--check");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "zsh"})
  void theTopLevelOffersEveryVisibleCommandAndNotTheHiddenOne(String shell) throws IOException {
    List<String> got = shell.equals("bash") ? bash("jprov", "") : zsh("jprov ");
    assertThat(got).containsExactlyInAnyOrderElementsOf(visibleSubcommands(GeneratedDocs.tree()));
    assertThat(got).doesNotContain("__complete");
    assertThat(GeneratedDocs.tree().getSubcommands()).containsKey("__complete");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "zsh"})
  void nestedCommandsComeFromTheTree(String shell) throws IOException {
    List<String> got = shell.equals("bash") ? bash("jprov", "report", "") : zsh("jprov report ");
    List<String> expected = visibleSubcommands(GeneratedDocs.tree().getSubcommands().get("report"));
    assertThat(expected).contains("merge");
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "zsh"})
  void theInventoryOptionCompletesFiles(String shell) throws IOException {
    List<String> got = shell.equals("bash") ? bash("jprov", "apply", "-i", "in") : zsh("jprov apply -i in");
    assertThat(got).containsExactly("inv.yml");
    List<String> all = bash("jprov", "apply", "-i", "");
    assertThat(all).contains("inv.yml", "broken.yml", "site.yml", "reports");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "zsh"})
  void fileArgumentsCompleteFiles(String shell) throws IOException {
    // a positional (the playbook), a --json FILE, and report merge's REPORT files
    assertThat(shell.equals("bash") ? bash("jprov", "apply", "si") : zsh("jprov apply si")).containsExactly("site.yml");
    List<String> dir = shell.equals("bash") ? bash("jprov", "plan", "--json", "rep") : zsh("jprov plan --json rep");
    assertThat(dir).hasSize(1);
    assertThat(dir.get(0)).isIn("reports", "reports/");
    assertThat(shell.equals("bash") ? bash("jprov", "report", "merge", "bro") : zsh("jprov report merge bro"))
        .containsExactly("broken.yml");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "zsh"})
  void limitCompletesTheHostsAndGroupsOfTheInventoryOnTheLine(String shell) throws IOException {
    List<String> got = shell.equals("bash") ? bash("jprov", "apply", "-i", "inv.yml", "--limit", "")
        : zsh("jprov apply -i inv.yml --limit ");
    List<String> expected = new ArrayList<>(CompleteCommand.HostsAndGroups.names(
        Inventory.load(work.resolve("inv.yml"), "inv.yml", Map.of(), Inventories.SCHEMA)));
    assertThat(expected).contains("web", "db", "web1", "web2", "db1");
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);

    List<String> prefixed = shell.equals("bash") ? bash("jprov", "plan", "--inventory=inv.yml", "--limit", "we")
        : zsh("jprov plan --inventory=inv.yml --limit we");
    assertThat(prefixed).containsExactlyInAnyOrder("web", "web1", "web2");
  }

  @org.junit.jupiter.api.Test
  void limitAsksTheJprovTypedNotTheOneOnThePath() {
    // a checkout's launcher typed by its path, and no jprov on PATH
    String launcher = GeneratedDocs.bin().resolve("jprov").toString();
    List<String> got = bash(Map.of("PATH", "/usr/bin:/bin", "HOME", work.toString()),
        launcher, "apply", "-i", "inv.yml", "--limit", "db");
    assertThat(got).containsExactlyInAnyOrder("db", "db1");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "zsh"})
  void limitWithoutAUsableInventoryOffersNothing(String shell) throws IOException {
    assertThat(shell.equals("bash") ? bash("jprov", "apply", "--limit", "") : zsh("jprov apply --limit ")).isEmpty();
    assertThat(shell.equals("bash") ? bash("jprov", "apply", "-i", "broken.yml", "--limit", "")
        : zsh("jprov apply -i broken.yml --limit ")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "zsh"})
  void helpCompletesTheCommandsItCanExplain(String shell) throws IOException {
    List<String> got = shell.equals("bash") ? bash("jprov", "help", "") : zsh("jprov help ");
    List<String> expected = new ArrayList<>(visibleSubcommands(GeneratedDocs.tree()));
    expected.remove("help");
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected).doesNotContain("__complete");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "zsh"})
  void theHiddenCommandIsNotCompletedEvenFromItsPrefix(String shell) throws IOException {
    assertThat(shell.equals("bash") ? bash("jprov", "__") : zsh("jprov __")).isEmpty();
  }
}
