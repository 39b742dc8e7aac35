package io.jprov.util;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daemon's own last error among a unit's journal lines (what {@code journalctl -u UNIT -o cat}
 * or {@code systemctl status} printed), skipping systemd's generic lines about the unit. Used by
 * the {@code service} module when a start fails and by doctor's {@code services} checks.
 */
public final class DaemonLog {
  private static final Pattern LOGFMT_MSG = Pattern.compile("level=(?:fatal|error)\\s+msg=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern SYSLOG_PREFIX =
      Pattern.compile("^[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ [^:\\s]+: ");

  private DaemonLog() {}

  /**
   * The last line that is the daemon's error: the {@code msg} of a logfmt {@code level=error} or
   * {@code level=fatal} line, or a line saying {@code unable to configure}, error or failed; else the
   * last line that is neither systemd's nor an info/warning line; "" when there is none.
   */
  public static String lastError(List<String> lines) {
    String best = "";
    String fallback = "";
    for (String raw : lines) {
      // journalctl without -o cat (or systemctl status) prefixes "Mon DD HH:MM:SS host unit[pid]: "
      String l = SYSLOG_PREFIX.matcher(raw.strip()).replaceFirst("");
      if (l.isEmpty() || systemds(l)) {
        continue;
      }
      Matcher m = LOGFMT_MSG.matcher(l);
      if (m.find()) {
        best = m.group(1).replace("\\\"", "\"");
      } else if (l.contains("unable to configure") || l.toLowerCase(Locale.ROOT).contains("error") || l.contains("failed")) {
        best = l;
      } else if (!l.contains("level=info") && !l.contains("level=warning")) {
        fallback = l;
      }
    }
    return best.isEmpty() ? fallback : best;
  }

  /**
   * systemd's own lines about a unit (systemd 219 and newer wording: "Unit docker.service entered
   * failed state.", "docker.service: Failed with result 'exit-code'.", "docker.service: Start request
   * repeated too quickly.", ...).
   */
  private static boolean systemds(String l) {
    String lower = l.toLowerCase(Locale.ROOT);
    return l.startsWith("Job for ") || l.startsWith("See \"systemctl status") || l.startsWith("Failed to start ")
        || l.startsWith("Starting ") || l.startsWith("Started ") || l.startsWith("Stopping ")
        || l.startsWith("Stopped ") || l.startsWith("Unit ") || l.endsWith(" failed.")
        || lower.contains("start request repeated too quickly") || lower.contains("main process exited")
        || lower.contains("failed with result") || lower.contains("scheduled restart job")
        || lower.contains("hold-off time over") || lower.contains("holdoff time over")
        || lower.contains("entered failed state") || lower.contains("deactivated successfully")
        || l.startsWith("Hint: ") || l.startsWith("-- "); // journalctl's "-- No entries --", "-- Reboot --"
  }
}
