package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jprov.inventory.Shard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * docs/ci.md stays true: every {@code jprov …} command line of its code blocks, its CI variables
 * replaced by what the CI engine puts there, parses against jprov's own picocli model (a renamed
 * option or command fails here), every {@code --shard} is a valid K/N, the shard formula is the one
 * of {@link Shard}'s javadoc, and the Python one-liner computes {@link Shard#of}.
 */
class CiDocsTest {
  /** What each CI engine substitutes, for a shard in the middle (K = 2 of 4). */
  private static final Map<String, String> CI_VARIABLES = new LinkedHashMap<>();

  static {
    CI_VARIABLES.put("${{ matrix.shard }}", "2");          // GitHub: the matrix value, 1..N as listed
    CI_VARIABLES.put("${{ strategy.job-total }}", "4");    // GitHub: the matrix's size
    CI_VARIABLES.put("${CI_NODE_INDEX}", "2");             // GitLab parallel: 1-based
    CI_VARIABLES.put("$CI_NODE_INDEX", "2");
    CI_VARIABLES.put("${CI_NODE_TOTAL}", "4");
    CI_VARIABLES.put("$CI_NODE_TOTAL", "4");
    CI_VARIABLES.put("$K", "2");                           // Kubernetes: K=$((JOB_COMPLETION_INDEX + 1))
  }

  /** {@code jprov} where a shell would run it: line start (after a YAML "- ", "run:"), after exec, ;, &&, |, or a quote. */
  private static final Pattern COMMAND = Pattern.compile(
      "(?:^\\s*(?:-\\s+)?(?:run:\\s*)?(?:exec\\s+)?|(?:&&|;|\\|)\\s*(?:exec\\s+)?|(?<q>[\"']))jprov\\s+(?<rest>.*)$");

  private static Path home() {
    return Path.of(System.getProperty("jprov.home", "..")).toAbsolutePath().normalize();
  }

  private static String page() throws IOException {
    return Files.readString(home().resolve("docs/ci.md"));
  }

  /** The lines of the page's fenced code blocks, continuation lines ({@code \} at the end) joined. */
  static List<String> codeLines(String markdown) {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    StringBuilder pending = new StringBuilder();
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        in = !in;
        continue;
      }
      if (!in) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      lines.add(pending + line);
      pending.setLength(0);
    }
    return lines;
  }

  /** Every jprov command line in the page's code blocks, as argument lists (without "jprov"). */
  static List<List<String>> commands(String markdown) {
    List<List<String>> commands = new ArrayList<>();
    for (String line : codeLines(markdown)) {
      Matcher m = COMMAND.matcher(line);
      if (m.find()) {
        String rest = m.group("rest");
        String quote = m.group("q");
        if (quote != null) {
          int end = rest.indexOf(quote);
          rest = end < 0 ? rest : rest.substring(0, end);
        }
        commands.add(words(substitute(rest, line)));
      }
    }
    return commands;
  }

  private static String substitute(String command, String line) {
    String s = command;
    for (Map.Entry<String, String> v : CI_VARIABLES.entrySet()) {
      s = s.replace(v.getKey(), v.getValue());
    }
    assertThat(s).as("a variable this test does not know (add it to CI_VARIABLES) in: %s", line).doesNotContain("$");
    return s;
  }

  /** Shell words: quotes removed, the command ends at an unquoted ;, &, | or #. */
  static List<String> words(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder w = null;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        w = w == null ? new StringBuilder() : w;
      } else if (Character.isWhitespace(c)) {
        if (w != null) {
          words.add(w.toString());
          w = null;
        }
      } else if (c == ';' || c == '&' || c == '|' || (c == '#' && w == null)) {
        break;
      } else {
        w = w == null ? new StringBuilder() : w;
        w.append(c);
      }
    }
    if (w != null) {
      words.add(w.toString());
    }
    return words;
  }

  private static CommandLine model() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine cl = new CommandLine(new JprovCommand(sink, sink));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  @Test
  void everyJprovLineParsesAgainstTheCommandModel() throws IOException {
    List<List<String>> commands = commands(page());
    assertThat(commands).as("jprov lines in docs/ci.md").hasSizeGreaterThan(8);
    List<String> verbs = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (List<String> args : commands) {
      ParseResult top;
      try {
        top = model().parseArgs(args.toArray(String[]::new));
      } catch (CommandLine.ParameterException e) {
        errors.add("jprov " + String.join(" ", args) + ": " + e.getMessage());
        continue;
      }
      ParseResult leaf = top;
      List<String> path = new ArrayList<>();
      while (leaf.subcommand() != null) {
        leaf = leaf.subcommand();
        path.add(leaf.commandSpec().name());
      }
      assertThat(path).as("a command in: jprov %s", String.join(" ", args)).isNotEmpty();
      verbs.add(String.join(" ", path));
      String shard = leaf.matchedOptionValue("--shard", null);
      if (shard != null) {
        assertThat(Shard.parse("--shard", shard)).isNotNull();
      }
    }
    assertThat(errors).as("docs/ci.md lines jprov does not accept").isEmpty();
    // the page's promise: sharded runs, the merge and a retry, in every engine's example
    assertThat(verbs).contains("apply", "report merge");
    assertThat(commands.stream().filter(a -> a.contains("--shard")).count()).isGreaterThanOrEqualTo(4);
    assertThat(commands.stream().filter(a -> a.stream().anyMatch(w -> w.startsWith("@"))).count())
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void extractionFindsCommandsWhereAShellRunsThemAndNothingElse() {
    String md = String.join("\n",
        "```yaml",
        "- name: jprov apply (shard ${{ matrix.shard }})",
        "  run: |",
        "    jprov apply -i inv.yml --shard ${{ matrix.shard }}/${{ strategy.job-total }} \\",
        "      --json r.json",
        "    - jprov plan --shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\" # comment",
        "  run: jprov report merge r-*.json --json all.json && echo done",
        "  name: jprov-shard-$K",
        "  command: [\"sh\", \"-c\", \"jprov facts --shard $K/4\"]",
        "```",
        "jprov apply outside a code block");
    assertThat(commands(md)).containsExactly(
        List.of("apply", "-i", "inv.yml", "--shard", "2/4", "--json", "r.json"),
        List.of("plan", "--shard", "2/4"),
        List.of("report", "merge", "r-*.json", "--json", "all.json"),
        List.of("facts", "--shard", "2/4"));
  }

  @Test
  void aRenamedOptionWouldFailTheCheck() {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
        () -> model().parseArgs("apply", "--shards", "1/2"))).isInstanceOf(CommandLine.ParameterException.class);
  }

  @Test
  void theFormulaIsTheOneOfShardsJavadoc() throws IOException {
    String source = Files.readString(home().resolve("provisioner/src/main/java/io/jprov/inventory/Shard.java"));
    Matcher pre = Pattern.compile("(?s)<pre>(.*?)</pre>").matcher(source);
    assertThat(pre.find()).isTrue();
    String page = page();
    for (String line : pre.group(1).split("\n")) {
      String text = line.replaceFirst("^\\s*\\*\\s?", "").strip();
      if (!text.isEmpty()) {
        assertThat(page).as("docs/ci.md has Shard's formula line").contains(text);
      }
    }
  }

  @Test
  void thePythonOneLinerComputesTheSameShards() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 not installed");
    String line = codeLines(page()).stream().filter(l -> l.startsWith("python3 -c ")).findFirst().orElseThrow();
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      names.add("web" + i);
    }
    names.add("el7-1");
    names.add("rocky9-1");
    names.add("ünïcode.host");
    // the page's command with its own arguments replaced: N = 4, the names above
    String command = line.substring(0, line.lastIndexOf('\'') + 1) + " 4 " + String.join(" ", names);
    Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<String> expected = names.stream().map(n -> n + " " + Shard.of(n, 4)).toList();
    assertThat(out.lines().toList()).isEqualTo(expected);
    // and the page's own example output
    assertThat(page()).contains("It prints `web01 1`, `web02 1`, `web03 3`");
    assertThat(List.of(Shard.of("web01", 3), Shard.of("web02", 3), Shard.of("web03", 3))).containsExactly(1, 1, 3);
  }
}
