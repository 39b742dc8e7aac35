package io.jprov;

import io.jprov.cli.Cli;
import java.io.PrintStream;

/** Entry point: {@code System.exit(run(...))}; {@link #run} is what tests call. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /**
   * Runs one jprov command line.
   *
   * @return the process exit code (SPEC §3)
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return Cli.run(out, err, args);
  }
}
