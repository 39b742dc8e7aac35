package io.jprov.cli;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.util.Secrets;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * Builds the picocli command tree and maps every outcome to an exit code, in one place: usage
 * errors and {@link io.jprov.InputException} → 2, other {@link JprovException}s → their own code,
 * anything else → 1. Stack traces only with {@code -v}.
 */
public final class Cli {
  private Cli() {}

  public static int run(PrintStream out, PrintStream err, String... args) {
    if (args.length == 4 && args[0].equals("__complete") && args[1].equals("hosts-and-groups") && args[2].equals("-i")) {
      // what the completion of --limit runs on a TAB: skip building the command tree
      CompleteCommand.HostsAndGroups.print(out, args[3]);
      return 0;
    }
    boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose") || a.matches("-v+"));
    return commandLine(out, err, verbose).execute(args);
  }

  /**
   * The command tree exactly as {@link #run} executes it. The man pages and the completion scripts
   * are generated from it (packaging/gen-docs.sh), so they cannot drift from {@code --help}.
   *
   * @param verbose whether an error prints its stack trace (as {@code -v} does)
   */
  public static CommandLine commandLine(PrintStream out, PrintStream err, boolean verbose) {
    CommandLine cl = new CommandLine(new JprovCommand(out, err));
    // hidden: neither in --help, nor in the man pages, nor among the completed commands
    cl.addSubcommand(new CompleteCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // picocli reads an argument starting with @ as a file of more arguments: --limit @REPORT.json names a report
    cl.setExpandAtFiles(false);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("jprov: " + oneLine(Secrets.mask(ex.getMessage())));
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(err, true));
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.INPUT;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof JprovException je) {
            err.println("jprov: " + oneLine(Secrets.mask(je.getMessage())));
            if (verbose) {
              ex.printStackTrace(err);
            }
            return je.exitCode();
          }
          err.println("jprov: internal error: " + oneLine(Secrets.mask(String.valueOf(ex))));
          if (verbose) {
            ex.printStackTrace(err);
          } else {
            err.println("(run with -v for the stack trace)");
          }
          return ExitCodes.INTERNAL;
        });
    return cl;
  }

  /** Longest error line printed; the rest of a (hostile) value is cut. */
  static final int MAX_ERROR = 4000;

  /**
   * An error message as one line: control characters escaped (a value with a newline cannot add
   * lines), cut at {@link #MAX_ERROR} characters.
   */
  static String oneLine(String message) {
    String m = io.jprov.util.Text.escapeControls(String.valueOf(message));
    return m.length() > MAX_ERROR ? m.substring(0, MAX_ERROR) + "… (cut)" : m;
  }
}
