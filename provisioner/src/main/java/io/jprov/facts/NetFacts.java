package io.jprov.facts;

import io.jprov.util.Sh;

/** Name resolution as the host sees it. */
public final class NetFacts {
  private NetFacts() {}

  /** Whether {@code getent hosts NAME} resolves on the host (NSS: /etc/hosts, DNS). */
  public static Fact<Boolean> resolves(String hostName) {
    return new Fact<>("resolves:" + hostName,
        "if getent hosts " + Sh.quote(hostName) + " >/dev/null 2>&1; then echo yes; else echo no; fi",
        o -> o.output().strip().equals("yes"));
  }

  /**
   * What the host gets for {@code GET URL} with curl (EL7 has it), through the proxy of {@code
   * /etc/yum.conf} when one is set there, as yum would go: the HTTP status, or curl's own error.
   * Redirects are followed; 5 s to connect, 20 s in all.
   */
  public static Fact<UrlAnswer> answers(String url) {
    String q = Sh.quote(url);
    return new Fact<>("url:" + url,
        "command -v curl >/dev/null 2>&1 || { echo 'curl not found'; exit 127; }; "
            + "p=$(sed -n 's/^[[:space:]]*proxy[[:space:]]*=[[:space:]]*//p' /etc/yum.conf 2>/dev/null | tail -n 1); "
            + "case \"$p\" in ''|_none_) set -- ;; *) set -- -x \"$p\" ;; esac; "
            + "curl -sS -L -o /dev/null -w 'http=%{http_code}\\n' --connect-timeout 5 --max-time 20 \"$@\" " + q,
        NetFacts::urlAnswer);
  }

  static UrlAnswer urlAnswer(FactOutput o) {
    int status = 0;
    StringBuilder error = new StringBuilder();
    for (String line : o.output().split("\n")) {
      String l = line.strip();
      if (l.matches("http=\\d+")) {
        status = Integer.parseInt(l.substring(5));
      } else if (!l.isEmpty()) {
        error.append(error.length() == 0 ? "" : " | ").append(l);
      }
    }
    return new UrlAnswer(o.exitCode(), status, error.toString());
  }

  /**
   * What a URL answered.
   *
   * @param exitCode curl's exit code (0 when an HTTP answer came, whatever its status; 127: no curl)
   * @param status the HTTP status, 0 when none came
   * @param error curl's error message, empty when none
   */
  public record UrlAnswer(int exitCode, int status, String error) {
    /** A 2xx answer. */
    public boolean ok() {
      return exitCode == 0 && status >= 200 && status < 300;
    }

    /** curl was not there to ask: nothing is known. */
    public boolean unknown() {
      return exitCode == 127;
    }

    /** An HTTP server answered (with any status). */
    public boolean reached() {
      return status > 0;
    }

    /** Why it is not ok, for people: "HTTP 404", or curl's error. */
    public String why() {
      if (status > 0) {
        return "HTTP " + status;
      }
      return error.isEmpty() ? "curl exit " + exitCode : error;
    }
  }
}
