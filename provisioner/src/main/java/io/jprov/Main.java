package io.jprov;

import io.jprov.cli.Cli;
import java.io.PrintStream;

/** Entry point: {@code System.exit(run(...))}; {@link #run} is what tests call. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("version") || args[0].equals("--version"))) {
      // fast path: no command tree to build for the one command scripts call in a loop (the same text as the
      // picocli version command and provider)
      System.out.println(Version.text());
      return;
    }
    System.exit(run(System.out, System.err, args));
  }

  /**
   * Runs one jprov command line.
   *
   * @return the process exit code (docs/exit-codes.md)
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return Cli.run(out, err, args);
  }
}
