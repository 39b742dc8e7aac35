package io.jprov.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jprov inventory --list | --graph | --host NAME}. (Skeleton: to be completed.) */
@Command(name = "inventory", description = "Show the inventory: --list (JSON), --graph (tree), --host NAME (JSON).", mixinStandardHelpOptions = true)
public final class InventoryCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand JprovCommand parent;
  @Mixin CommonOptions common;

  @Option(names = "--list", description = "Every host with its merged variables, as JSON.") boolean list;
  @Option(names = "--graph", description = "The group tree.") boolean graph;
  @Option(names = "--host", paramLabel = "NAME", description = "One host's merged variables, as JSON.") String host;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
