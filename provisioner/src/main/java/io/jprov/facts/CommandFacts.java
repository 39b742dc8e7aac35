package io.jprov.facts;

import io.jprov.util.Sh;
import java.nio.charset.StandardCharsets;

/** Whether a read-only shell command of the playbook's succeeds on the host. */
public final class CommandFacts {
  /** The first line of a validation's output names the temporary file (framed like the facts). */
  private static final String PATH_LINE = "::jprov-validate-path=";
  private CommandFacts() {}

  /**
   * Whether {@code command} exits 0; what it prints is ignored. The command runs as given, in the
   * facts round trip, so it must change nothing (the {@code command} module's {@code unless}).
   */
  public static Fact<Boolean> succeeds(String command) {
    return new Fact<>("unless:" + command, command, out -> out.exitCode() == 0);
  }

  /**
   * What a validation command says of content that is not on the host yet ({@code template}'s
   * {@code validate}): the content is written to a temporary file ({@code mktemp}, removed again
   * right after), {@code %s} in the command stands for that file's path, and the command's exit
   * code and output (stdout and stderr) come back. It runs in the facts round trip, so check mode
   * validates too; the command must change nothing but may read the file. The key holds the
   * content's sha256, not the content.
   */
  public static Fact<Validation> validates(String command, String content) {
    String check = command.replace("%s", "\"$t\"");
    String script = "t=$(mktemp) || exit 1; printf '%s' " + Sh.quote(content) + " > \"$t\" || { rm -f \"$t\"; exit 1; }; "
        + "echo \"" + PATH_LINE + "$t\"; ( " + check + "\n) </dev/null 2>&1; rc=$?; rm -f \"$t\"; exit $rc";
    String key = "validate:" + command + ":" + io.jprov.util.Sha256.of(content.getBytes(StandardCharsets.UTF_8));
    return new Fact<>(key, script, CommandFacts::validation);
  }

  static Validation validation(FactOutput out) {
    String text = out.output();
    String path = null;
    if (text.startsWith(PATH_LINE)) {
      int nl = text.indexOf('\n');
      path = (nl < 0 ? text : text.substring(0, nl)).substring(PATH_LINE.length()).strip();
      text = nl < 0 ? "" : text.substring(nl + 1);
    }
    return new Validation(out.exitCode(), path, text.strip());
  }

  /**
   * A validation's result.
   *
   * @param exitCode the command's exit code (0: valid)
   * @param tempPath the temporary file the command read, or null when it could not be made
   * @param output what the command printed, stripped
   */
  public record Validation(int exitCode, String tempPath, String output) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** The output as one line, the temporary file's path replaced by {@code path}. */
    public String message(String path) {
      String m = tempPath == null || tempPath.isEmpty() ? output : output.replace(tempPath, path);
      return String.join(" | ", m.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }
  }
}
