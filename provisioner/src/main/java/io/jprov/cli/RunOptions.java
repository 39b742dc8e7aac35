package io.jprov.cli;

import io.jprov.InputException;
import io.jprov.inventory.Shard;
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

  /** The tags of playbooks/docker-ce.yml, for --help (ListingTest keeps them equal to the playbook's). */
  static final String DEFAULT_PLAYBOOK_TAGS = "always, config, packages, preflight, repos, service, sysctl, users, verify";

  @Option(names = "--tags", split = ",", paramLabel = "T", description = "Only tasks with one of these tags"
      + " (always-tagged tasks too). The default playbook's tags: " + DEFAULT_PLAYBOOK_TAGS
      + "; --list-tags lists a playbook's.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--skip-tags", split = ",", paramLabel = "T", description = "Skip tasks with one of these tags.")
  List<String> skipTags = new ArrayList<>();

  @Option(names = "--list-tags", description = "List the playbook's tags (after --tags/--skip-tags) and exit;"
      + " no host is contacted.")
  boolean listTags;

  @Option(names = "--list-tasks", description = "List the tasks that would run, with their tags (after --tags/"
      + "--skip-tags), and exit; no host is contacted.")
  boolean listTasks;

  @Option(names = "--forks", paramLabel = "N", defaultValue = "50", description = "Hosts at once (default ${DEFAULT-VALUE}).")
  int forks;

  @Option(names = "--serial", paramLabel = "N|N%", description = "Rolling batch size; overrides the playbook's serial. Without max_fail_percentage, a batch with a"
      + " failed or unreachable host stops the run.")
  String serial;

  @Option(names = "--shard", paramLabel = "K/N", description = "Run only shard K of N (1 ≤ K ≤ N) of the selected"
      + " hosts: each host is in exactly one shard, by rendezvous hashing of its name (docs/ci.md), and stays in it"
      + " from run to run. A shard with no host runs nothing and exits 0. jprov report merge joins the N reports.")
  String shard;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the run report as JSON.")
  String json;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write the run report as JUnit XML"
      + " (a test suite per host, a test case per task; in check mode a change is a failure).")
  String junit;

  @Option(names = "--html", paramLabel = "FILE", description = "Write the run report as one self-contained HTML"
      + " page to open in a browser (as jprov report html does from the JSON).")
  String html;

  @Option(names = "--events", paramLabel = "FILE|-", description = "Stream the run's events as JSON Lines to"
      + " FILE, or to stdout with - (the console output then goes to stderr).")
  String events;

  @Option(names = "--log-dir", paramLabel = "DIR", description = "Keep a full log per host in DIR.")
  String logDir;

  @Option(names = "--bundle", paramLabel = "DIR", description = "Install from an offline runtime bundle.")
  String bundle;

  /**
   * Checks the options whose values need no file, before anything is read or printed (a bad
   * {@code --serial} used to surface only after the {@code PLAY} line).
   *
   * @throws InputException naming the option and the value given
   */
  void validate() {
    shard();
    if (serial == null || serial.isBlank()) {
      return;
    }
    // the same reading as the engine's batches, which used to refuse it only after the PLAY line
    String s = serial.strip();
    boolean percent = s.endsWith("%");
    int n;
    try {
      n = Integer.parseInt((percent ? s.substring(0, s.length() - 1) : s).strip());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n <= 0 || percent && n > 100) {
      throw new InputException("--serial: expected a positive number or a percentage from 1% to 100%, found '"
          + io.jprov.util.Text.shown(serial) + "'");
    }
  }

  /**
   * {@code --shard K/N}, or null without it.
   *
   * @throws InputException naming the option and the value, when it is not K/N with 1 ≤ K ≤ N
   */
  Shard shard() {
    return shard == null ? null : Shard.parse("--shard", shard);
  }
}
