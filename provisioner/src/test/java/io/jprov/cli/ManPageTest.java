package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man pages written by packaging/gen-docs.sh, read as a person reads them: rendered by the real
 * {@code man -l} (man-db). One page per visible command; each page's OPTIONS are exactly the
 * command's options in the tree, so a page cannot drift from {@code --help}; the "Exit codes:" line
 * of a command's help is its EXIT STATUS section; no generator internals show. See docs/completion.md.
 */
class ManPageTest {
  private static final Map<String, String> RENDERED = new HashMap<>();

  /** {@code man -l PAGE} as text, wide enough that an option's line is not wrapped. */
  static synchronized String man(Path page) {
    return RENDERED.computeIfAbsent(page.toString(), p -> {
      GeneratedDocs.Result r = GeneratedDocs.run(Map.of("MANWIDTH", "200", "MANPAGER", "cat", "PAGER", "cat",
          "LANG", "C.UTF-8"), page.getParent(), 60, "man", "-l", p);
      assertThat(r.code()).as("man -l " + p + ": " + r.err()).isZero();
      return r.out();
    });
  }

  static Path page(CommandLine cl) {
    return GeneratedDocs.dir().resolve("man/man1/" + cl.getCommandSpec().qualifiedName("-") + ".1");
  }

  /** The lines of section {@code heading} (the NAME, OPTIONS … headings of a rendered page). */
  static List<String> section(String text, String heading) {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String line : text.split("\n")) {
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
        in = line.strip().equals(heading);
        continue;
      }
      if (in) {
        out.add(line);
      }
    }
    return out;
  }

  /** The option names a rendered OPTIONS section lists: {@code -i, --inventory=INVENTORY} → -i, --inventory. */
  static Set<String> optionNames(String text) {
    Set<String> names = new TreeSet<>();
    Pattern entry = Pattern.compile("^ {7}(-.*)$");
    for (String line : section(text, "OPTIONS")) {
      Matcher m = entry.matcher(line);
      if (m.matches()) {
        for (String part : m.group(1).split(", ")) {
          names.add(part.replaceAll("[=\\[ ].*$", ""));
        }
      }
    }
    return names;
  }

  static Set<String> modelOptionNames(CommandLine cl) {
    return cl.getCommandSpec().options().stream().filter(o -> !o.hidden())
        .flatMap(o -> Arrays.stream(o.names())).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyVisibleCommandHasAPageAndThereIsNoOtherPage() throws IOException {
    List<CommandLine> commands = GeneratedDocs.visibleCommands();
    Set<String> expected = commands.stream().map(c -> c.getCommandSpec().qualifiedName("-") + ".1")
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(expected).contains("jprov.1", "jprov-apply.1", "jprov-report-merge.1", "jprov-bundle-fetch.1");
    try (Stream<Path> files = Files.list(GeneratedDocs.dir().resolve("man/man1"))) {
      Set<String> pages = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
      assertThat(pages).isEqualTo(expected)
          .noneMatch(n -> n.contains("complete"));
    }
  }

  @Test
  void eachPageListsExactlyTheOptionsOfItsCommand() {
    for (CommandLine cl : GeneratedDocs.visibleCommands()) {
      String text = man(page(cl));
      assertThat(optionNames(text)).as(page(cl).getFileName().toString())
          .isEqualTo(modelOptionNames(cl));
    }
  }

  @Test
  void theApplyPageReadsLikeItsHelp() {
    CommandLine apply = GeneratedDocs.tree().getSubcommands().get("apply");
    String text = man(page(apply));
    // the header names the manual as the program is spelt (picocli alone would say "Jprov Manual")
    assertThat(text.lines().findFirst().orElse("")).contains("JPROV-APPLY(1)").contains("jprov manual");
    assertThat(section(text, "NAME")).anyMatch(l -> l.contains("jprov-apply - Apply a playbook"));
    assertThat(String.join("\n", section(text, "SYNOPSIS"))).contains("jprov apply").contains("[PLAYBOOK]");
    // each option with its description, as --help words it (first line: the rendered page wraps long ones)
    for (OptionSpec o : apply.getCommandSpec().options()) {
      String first = o.description()[0].replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()));
      String words = first.split(" ").length > 4 ? String.join(" ", Arrays.asList(first.split(" ")).subList(0, 4)) : first;
      assertThat(text.replace('\u2019', '\'')).as(o.longestName()).contains(o.longestName()).contains(words);
    }
    assertThat(String.join("\n", section(text, "ARGUMENTS"))).contains("PLAYBOOK").contains("Playbook file");
  }

  @Test
  void theExitCodesLineOfTheHelpIsTheExitStatusSection() {
    int withCodes = 0;
    for (CommandLine cl : GeneratedDocs.visibleCommands()) {
      String line = Arrays.stream(cl.getCommandSpec().usageMessage().description())
          .filter(l -> l.startsWith("Exit codes: ")).findFirst().orElse(null);
      String text = man(page(cl));
      if (line == null) {
        assertThat(section(text, "EXIT STATUS")).as(cl.getCommandSpec().qualifiedName()).isEmpty();
        continue;
      }
      withCodes++;
      Map<String, String> codes = exitCodes(line);
      assertThat(codes).as(line).isNotEmpty();
      List<String> status = section(text, "EXIT STATUS").stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
      List<String> expected = new ArrayList<>();
      codes.forEach((k, v) -> {
        expected.add(k);
        expected.add(v);
      });
      assertThat(status).as(cl.getCommandSpec().qualifiedName()).isEqualTo(expected);
      // said once: the line is not also left in the description
      assertThat(String.join(" ", section(text, "DESCRIPTION"))).doesNotContain("Exit codes");
    }
    assertThat(withCodes).as("commands with an 'Exit codes:' line").isGreaterThanOrEqualTo(4);
  }

  /** The codes of "Exit codes: 0 ok, 2 invalid input, 130/143 interrupted." as written in --help. */
  static Map<String, String> exitCodes(String line) {
    Map<String, String> codes = new LinkedHashMap<>();
    String list = line.substring("Exit codes: ".length()).replaceAll("\\.$", "");
    for (String item : list.split(", (?=[0-9/]+ )")) {
      int sp = item.indexOf(' ');
      codes.put(item.substring(0, sp), item.substring(sp + 1));
    }
    return codes;
  }

  @Test
  void theTopPageListsTheCommandsButNotTheHiddenOne() {
    String text = man(GeneratedDocs.dir().resolve("man/man1/jprov.1"));
    List<String> commands = section(text, "COMMANDS");
    for (String name : CompletionScriptTest.visibleSubcommands(GeneratedDocs.tree())) {
      assertThat(commands).as(name).anyMatch(l -> l.strip().equals(name));
    }
    assertThat(text).doesNotContain("__complete").doesNotContain("hosts-and-groups");
  }

  @Test
  void noPageShowsGeneratorInternalsOrAsciiDocLeftovers() throws IOException {
    for (CommandLine cl : GeneratedDocs.visibleCommands()) {
      String text = man(page(cl));
      assertThat(text).as(page(cl).getFileName().toString())
          .doesNotContain("picocli").doesNotContain("io.jprov").doesNotContain("tag::").doesNotContain("xref:")
          .doesNotContain("::").doesNotContain("`").doesNotContain("{").doesNotContain("%n")
          .contains("jprov " + io.jprov.Version.VERSION);
    }
  }

  @Test
  void genDocsFailsLoudlyWithoutAsciidoctor() throws IOException {
    // a PATH with what the script needs before the check, and no asciidoctor
    Path bin = Files.createDirectories(GeneratedDocs.target().resolve("no-asciidoctor-bin"));
    for (String tool : List.of("dirname", "sed", "head")) {
      Path link = bin.resolve(tool);
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, Path.of("/usr/bin", tool));
      }
    }
    if (!Files.exists(bin.resolve("java"))) {
      Files.createSymbolicLink(bin.resolve("java"), Path.of(GeneratedDocs.java()));
    }
    Path out = GeneratedDocs.target().resolve("gen-docs-no-asciidoctor");
    GeneratedDocs.Result r = GeneratedDocs.run(Map.of("PATH", bin.toString()), GeneratedDocs.home(), 60,
        "/bin/bash", GeneratedDocs.home().resolve("packaging/gen-docs.sh").toString(), GeneratedDocs.classPath(),
        out.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("asciidoctor not found");
    assertThat(out.resolve("man")).doesNotExist();
  }
}
