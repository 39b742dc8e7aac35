package io.jprov.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jprov apply}: bring hosts to the state a playbook describes. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Apply a playbook to the inventory's hosts (or this machine with --local).",
      "Exit codes: 0 ok, 1 internal error, 2 invalid input (nothing changed), 3 a host failed,"
          + " 4 a host unreachable (none failed), 10 --check found drift."
    })
public final class ApplyCommand implements Callable<Integer> {
  @ParentCommand JprovCommand parent;
  @Mixin CommonOptions common;
  @Mixin RunOptions run;

  @Option(names = "--check", description = "Report what would change; change nothing (exit 10 on drift).")
  boolean check;

  @Override
  public Integer call() {
    run.validate();
    if (run.listTags || run.listTasks) {
      return PlaybookListing.print(parent.out, parent.err, run);
    }
    return PlaybookRun.execute(parent.out, parent.err, common, run, check);
  }
}
