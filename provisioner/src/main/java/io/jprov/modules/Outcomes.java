package io.jprov.modules;

import io.jprov.transport.CommandResult;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared interpretation of command results. */
public final class Outcomes {
  private Outcomes() {}

  /** Fails on the first non-zero exit with the command's own error; otherwise by plan kind. */
  public static Outcome standard(Plan plan, List<CommandResult> results) {
    for (int i = 0; i < results.size(); i++) {
      CommandResult r = results.get(i);
      if (!r.ok()) {
        String yum = yumFailure(r.stdout() + "\n" + r.stderr());
        return Outcome.failed(
            plan.commands().get(i).describe() + ": exit " + r.exitCode() + ": " + (yum != null ? yum : errorText(r)));
      }
    }
    return switch (plan.kind()) {
      case VERIFY -> Outcome.ok(plan.message());
      case DEFER -> Outcome.deferred(plan.message());
      default -> Outcome.changed(plan.message());
    };
  }

  /** The most useful few lines of a failed command's output: stderr, else stdout. */
  public static String errorText(CommandResult r) {
    String text = r.stderr().isBlank() ? r.stdout() : r.stderr();
    String[] lines = text.strip().split("\n");
    int from = Math.max(0, lines.length - 5);
    return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length)).strip();
  }

  private static final Pattern REPOMD_FAILURE =
      Pattern.compile("(?m)^failure: repodata/repomd\\.xml from ([^:\\s]+): \\[Errno 256\\] No more mirrors to try\\.\\s*$");
  private static final Pattern ERRNO_LINE = Pattern.compile("(?m)^(\\S+://\\S+): (\\[Errno \\d+\\] .+?)\\s*$");
  private static final Pattern NO_BASEURL = Pattern.compile("(?m)^Cannot find a valid baseurl for repo: ([^/\\s]+)");
  private static final Pattern MIRRORLIST = Pattern.compile(
      "(?m)^Could not retrieve mirrorlist (\\S+) error was\\s*\\n(.+?)\\s*$");
  private static final Pattern REPO_FAILED = Pattern.compile("(?m)^\\s*One of the configured repositories failed \\((.+)\\),");
  private static final Pattern NO_PACKAGE = Pattern.compile("(?m)^No package (\\S+) available\\.\\s*$");

  /**
   * yum's (EL7 yum 3.4.3) failure to use a repository, or a package it does not find, in one line:
   * "repository base: http://…/repodata/repomd.xml: [Errno 14] HTTP Error 404 - Not Found"; null
   * when the text holds none. yum's advice block around it (five ways to "fix" this) is left to
   * the log ({@code --log-dir}), which keeps every line.
   */
  public static String yumFailure(String text) {
    Matcher m = REPOMD_FAILURE.matcher(text);
    if (m.find()) {
      String repo = m.group(1);
      Matcher e = ERRNO_LINE.matcher(text.substring(m.end()));
      return "yum cannot read repository " + repo + (e.find() ? ": " + e.group(1) + ": " + e.group(2)
          : " (No more mirrors to try)");
    }
    m = NO_BASEURL.matcher(text);
    if (m.find()) {
      Matcher ml = MIRRORLIST.matcher(text);
      return "yum cannot read repository " + m.group(1) + ": no valid baseurl"
          + (ml.find() ? " (mirrorlist " + ml.group(1) + ": " + ml.group(2).strip() + ")" : "");
    }
    m = REPO_FAILED.matcher(text);
    if (m.find()) {
      return "yum cannot read repository " + m.group(1).strip();
    }
    m = NO_PACKAGE.matcher(text);
    if (m.find()) {
      return "package " + m.group(1) + " is not in the enabled repositories (yum: No package " + m.group(1) + " available.)";
    }
    return null;
  }
}
