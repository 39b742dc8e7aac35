package io.jprov.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that read an inventory. */
public final class CommonOptions {
  @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY", description = "Inventory YAML file.")
  String inventory;

  @Option(names = "--limit", paramLabel = "PATTERN", description = "Only hosts matching the pattern (names, groups, globs, !exclude, &intersect)."
      + " apply, plan, facts, doctor: @REPORT.json selects the failed and unreachable hosts of a --json report;"
      + " @REPORT.json:failed, :unreachable or :changed those of one status.")
  String limit;

  @Option(names = {"-e", "--extra-vars"}, paramLabel = "KEY=VALUE", description = "Extra variable (highest precedence); dotted keys set nested values: -e docker.version=24.0.9. Repeatable.")
  List<String> extraVars = List.of();

  @Option(names = {"-v", "--verbose"}, description = "More detail; stack traces on errors.")
  boolean[] verbose = new boolean[0];

  @Option(names = "--no-color", description = "No colours (also when NO_COLOR is set or stdout is not a terminal).")
  boolean noColor;

  /** {@code -e} values as a nested map ({@code a.b=c} → {@code {a: {b: c}}}). */
  Map<String, Object> extraVarsMap() {
    return ExtraVars.parse(extraVars);
  }

  int verbosity() {
    return verbose.length;
  }
}
