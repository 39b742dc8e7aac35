package io.jprov;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One in-process run of the command line ({@link Main#run}) with what it printed.
 *
 * @param code the exit code
 * @param out standard output
 * @param err standard error
 */
public record JprovRun(int code, String out, String err) {

  /** Runs {@code jprov args...}. */
  public static JprovRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new JprovRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  public static JprovRun of(List<String> args) {
    return of(args.toArray(String[]::new));
  }

  /** {@link #of}, echoed as a terminal would show it (for ITs, whose output is read after a failure). */
  public static JprovRun shown(String... args) {
    JprovRun r = of(args);
    System.out.println("$ jprov " + String.join(" ", args) + "\n" + r.out() + r.err() + "[exit " + r.code() + "]");
    return r;
  }
}
