package io.jprov.facts;

import io.jprov.util.Sh;

/**
 * A systemd unit's state from {@code systemctl is-active} and {@code systemctl is-enabled}. On EL7
 * (systemd 219) a missing unit is {@code unknown} (is-active, rc 3) and {@code Failed to get unit
 * file state for X.service: No such file or directory} (is-enabled, rc 1).
 */
public final class ServiceFacts {
  private ServiceFacts() {}

  /**
   * @param active is-active's word ({@code active}, {@code inactive}, {@code failed}, ...)
   * @param enabled is-enabled's word or message ({@code enabled}, {@code disabled}, {@code static},
   *     or the "Failed to get unit file state" message)
   * @param enabledRc is-enabled's exit code
   */
  public record ServiceState(String active, String enabled, int enabledRc) {
    public boolean exists() {
      return !(enabled.startsWith("Failed to get unit file state")
          || enabled.contains("No such file or directory")
          || (enabled.isEmpty() && active.equals("unknown")));
    }

    public boolean isActive() {
      return active.equals("active") || active.equals("reloading");
    }

    /** Enabled, or nothing to enable (static, indirect, generated units). */
    public boolean isEnabled() {
      return enabledRc == 0
          && (enabled.equals("enabled") || enabled.equals("static") || enabled.equals("indirect")
              || enabled.equals("generated") || enabled.equals("alias"));
    }
  }

  public static Fact<ServiceState> of(String unit) {
    String u = Sh.quote(unit);
    String command = "a=$(systemctl is-active " + u + " 2>&1); e=$(systemctl is-enabled " + u
        + " 2>&1); r=$?; printf 'active=%s\\nenabled_rc=%d\\nenabled=%s\\n' \"$a\" \"$r\" \"$e\"";
    return new Fact<>("systemd:" + unit, command, o -> parse(o.output()));
  }

  static ServiceState parse(String output) {
    String active = "";
    String enabled = "";
    int rc = 1;
    int at = 0;
    for (String line : output.split("\n")) {
      if (line.startsWith("active=")) {
        active = firstLine(line.substring(7));
      } else if (line.startsWith("enabled_rc=")) {
        try {
          rc = Integer.parseInt(line.substring(11).strip());
        } catch (NumberFormatException e) {
          rc = 1;
        }
      } else if (line.startsWith("enabled=")) {
        // the rest of the output is is-enabled's, which may span lines
        enabled = lastLine(output.substring(at + 8));
        break;
      }
      at += line.length() + 1;
    }
    return new ServiceState(active, enabled, rc);
  }

  private static String firstLine(String s) {
    return s.strip();
  }

  /**
   * is-enabled's answer is its last line: for an init.d script EL7's systemctl first logs (on
   * stderr, merged here) that it redirects to chkconfig, then prints {@code enabled}/{@code disabled}.
   */
  private static String lastLine(String s) {
    String[] lines = s.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
