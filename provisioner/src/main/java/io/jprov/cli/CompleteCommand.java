package io.jprov.cli;

import io.jprov.inventory.Group;
import io.jprov.inventory.Host;
import io.jprov.inventory.Inventory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jprov __complete}: what the shell completion asks jprov while a line is typed
 * (docs/completion.md). Hidden from {@code --help}, from the man pages and from the completed
 * commands: it is an interface between the completion script and jprov, not a command for people.
 */
@Command(
    name = "__complete",
    hidden = true,
    description = "Answers of jprov to its shell completion scripts.",
    subcommands = {CompleteCommand.HostsAndGroups.class, CompleteCommand.Bash.class, CompleteCommand.Zsh.class})
final class CompleteCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: hosts-and-groups, bash or zsh");
  }

  /** The stdout of the command tree this command belongs to. */
  static PrintStream out(CommandSpec spec) {
    return ((JprovCommand) spec.root().userObject()).out;
  }

  /**
   * {@code __complete hosts-and-groups -i FILE}: the inventory's host and group names, one a line.
   * A completion must never print an error into the line being typed, so any failure (no file,
   * bad YAML, an invalid variable) prints nothing and exits 0.
   */
  @Command(name = "hosts-and-groups", description = "Print the host and group names of an inventory, one a line.")
  static final class HostsAndGroups implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY", description = "Inventory YAML file.")
    String inventory;

    @Override
    public void run() {
      if (inventory != null) {
        print(out(spec), inventory);
      }
    }

    /** Prints the names of the inventory at {@code file}, or nothing when it cannot be read. */
    static void print(PrintStream out, String file) {
      Set<String> names;
      try {
        names = names(Inventory.load(Path.of(file), file, Map.of(), Inventories.SCHEMA));
      } catch (RuntimeException | StackOverflowError e) {
        return;
      }
      StringBuilder b = new StringBuilder();
      for (String n : names) {
        b.append(n).append('\n');
      }
      out.print(b);
      out.flush();
    }

    /** Groups first (they select more), then hosts; names with whitespace cannot be completed as one word. */
    static Set<String> names(Inventory inv) {
      Set<String> names = new LinkedHashSet<>();
      for (Group g : inv.groups().values()) {
        names.add(g.name());
      }
      for (Host h : inv.hosts()) {
        names.add(h.name());
      }
      names.removeIf(n -> n.isEmpty() || n.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20));
      return names;
    }
  }

  /** {@code __complete bash}: the bash completion script of this jprov ({@code source <(jprov __complete bash)}). */
  @Command(name = "bash", description = "Print the bash completion script.")
  static final class Bash implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      out(spec).print(CompletionScripts.bash(spec.root().commandLine()));
      out(spec).flush();
    }
  }

  /** {@code __complete zsh}: the zsh completion function {@code _jprov}, for a directory of {@code $fpath}. */
  @Command(name = "zsh", description = "Print the zsh completion function _jprov.")
  static final class Zsh implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      out(spec).print(CompletionScripts.zsh(spec.root().commandLine()));
      out(spec).flush();
    }
  }
}
