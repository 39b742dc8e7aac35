package io.jprov.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code jprov plan}. (Skeleton: to be completed.) */
@Command(name = "plan", mixinStandardHelpOptions = true)
public final class PlanCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand JprovCommand parent;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
