package io.jprov.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code jprov apply}. (Skeleton: to be completed.) */
@Command(name = "apply", mixinStandardHelpOptions = true)
public final class ApplyCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand JprovCommand parent;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
