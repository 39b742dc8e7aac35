package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code X --help} and {@code jprov help X} on every command of the picocli tree, required options or not. */
class HelpTest {

  /** Every (sub)command's path below {@code jprov}, walked from the real command tree. */
  static Stream<List<String>> commands() {
    List<List<String>> paths = new ArrayList<>();
    walk(new CommandLine(new JprovCommand(System.out, System.err)), new ArrayList<>(), paths);
    return paths.stream();
  }

  private static void walk(CommandLine cl, List<String> path, List<List<String>> paths) {
    if (!path.isEmpty()) {
      paths.add(List.copyOf(path));
    }
    cl.getSubcommands().forEach((name, sub) -> {
      List<String> p = new ArrayList<>(path);
      p.add(name);
      walk(sub, p, paths);
    });
  }

  @Test
  void theWalkFindsNestedCommands() {
    assertThat(commands()).contains(List.of("bundle", "fetch"), List.of("apply"), List.of("help"));
  }

  @ParameterizedTest(name = "jprov {0} --help")
  @MethodSource("commands")
  void dashDashHelp(List<String> path) {
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    assertUsage(JprovRun.of(args), path);
    args.set(args.size() - 1, "-h");
    assertUsage(JprovRun.of(args), path);
  }

  @ParameterizedTest(name = "jprov help {0}")
  @MethodSource("commands")
  void helpCommand(List<String> path) {
    List<String> args = new ArrayList<>(List.of("help"));
    args.addAll(path);
    assertUsage(JprovRun.of(args), path);
  }

  @Test
  void helpAloneShowsJprovsUsage() {
    JprovRun r = JprovRun.of("help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: jprov [");
  }

  @Test
  void helpOfAnUnknownCommandIsAUsageError() {
    JprovRun r = JprovRun.of("help", "bundle", "fetc");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("jprov: help: 'jprov bundle' has no command 'fetc' (did you mean 'fetch'?)"
        + System.lineSeparator());
    assertThat(r.out()).isEmpty();
  }

  private static void assertUsage(JprovRun r, List<String> path) {
    String name = "jprov " + String.join(" ", path);
    assertThat(r.code()).as("exit code of %s; err=%s", name, r.err()).isZero();
    assertThat(r.err()).as(name).isEmpty();
    assertThat(r.out()).as(name).startsWith("Usage: " + name + " [");
  }
}
