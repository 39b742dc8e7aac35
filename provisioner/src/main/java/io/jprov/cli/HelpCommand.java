package io.jprov.cli;

import io.jprov.InputException;
import io.jprov.yaml.Keys;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jprov help [COMMAND [SUBCOMMAND...]]}: the usage of the command named by the whole path
 * ({@code help bundle fetch} shows {@code bundle fetch}'s; picocli's own help command reads only
 * the first name). A help command: no required option of any command is checked.
 */
@Command(name = "help", helpCommand = true,
    description = "Show the usage of jprov or of a command, e.g. 'jprov help bundle fetch'.")
final class HelpCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command and its subcommands.")
  List<String> path = new ArrayList<>();

  @Override
  public void run() {
    CommandLine command = spec.commandLine().getParent();
    for (String name : path) {
      CommandLine sub = command.getSubcommands().get(name);
      if (sub == null) {
        List<String> names = new ArrayList<>(command.getSubcommands().keySet());
        String hint = Keys.hint(name, names);
        throw new InputException("help: '" + command.getCommandSpec().qualifiedName() + "' has no command '"
            + io.jprov.util.Text.shown(name) + "'" + (!hint.isEmpty() ? hint
                : names.isEmpty() ? " (it has no subcommands)" : " (commands: " + String.join(", ", names) + ")"));
      }
      command = sub;
    }
    command.usage(command.getOut());
  }
}
