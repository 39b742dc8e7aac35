package io.jprov.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options of {@code apply} and {@code plan} (docs/cli.md). */
public final class RunOptions {
  @Parameters(index = "0", arity = "0..1", paramLabel = "PLAYBOOK",
      description = "Playbook file (default: playbooks/docker-ce.yml of the jprov install).")
  String playbook;

  @Option(names = "--local", description = "Target this machine through the local connection; no inventory needed.")
  boolean local;

  @Option(names = "--diff", description = "Show unified diffs of changed files (secrets masked).")
  boolean diff;

  @Option(names = "--tags", split = ",", paramLabel = "T", description = "Only tasks with one of these tags.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--skip-tags", split = ",", paramLabel = "T", description = "Skip tasks with one of these tags.")
  List<String> skipTags = new ArrayList<>();

  @Option(names = "--forks", paramLabel = "N", defaultValue = "50", description = "Hosts at once (default ${DEFAULT-VALUE}).")
  int forks;

  @Option(names = "--serial", paramLabel = "N|N%", description = "Rolling batch size; overrides the playbook's serial.")
  String serial;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the run report as JSON.")
  String json;

  @Option(names = "--log-dir", paramLabel = "DIR", description = "Keep a full log per host in DIR.")
  String logDir;

  @Option(names = "--bundle", paramLabel = "DIR", description = "Install from an offline runtime bundle.")
  String bundle;
}
