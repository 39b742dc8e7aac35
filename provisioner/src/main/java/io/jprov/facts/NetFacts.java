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
}
