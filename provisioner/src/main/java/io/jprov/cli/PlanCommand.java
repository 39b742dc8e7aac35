package io.jprov.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code jprov plan}: the same as {@code apply --check}. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Show what apply would change, changing nothing (same as apply --check).",
      "Exit codes: 0 nothing to change, 2 invalid input, 3 a host failed, 4 unreachable, 10 drift."
    })
public final class PlanCommand implements Callable<Integer> {
  @ParentCommand JprovCommand parent;
  @Mixin CommonOptions common;
  @Mixin RunOptions run;

  @Override
  public Integer call() {
    run.validate();
    if (run.listTags || run.listTasks) {
      return PlaybookListing.print(parent.out, parent.err, run);
    }
    return PlaybookRun.execute(parent.out, parent.err, common, run, true);
  }
}
