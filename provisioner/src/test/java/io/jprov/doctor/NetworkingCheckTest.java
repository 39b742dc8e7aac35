package io.jprov.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Docker versions that restore all their iptables rules after a firewalld reload. */
class NetworkingCheckTest {
  @Test
  void firewalldReloadFixedIn25013And2833() {
    // CVE-2025-54410 (network isolation rules): fixed in 25.0.13 and 28.0.0; CVE-2025-54388 (per-container rules,
    // 28.0.0 to 28.3.2): fixed in 28.3.3
    for (String fine : new String[] {"25.0.13", "25.0.14", "28.3.3", "28.4.0", "29.0.1"}) {
      assertThat(NetworkingCheck.restoresAfterReload(fine)).as(fine).isTrue();
    }
    for (String affected : new String[] {"1.13.1", "20.10.24", "24.0.9", "25.0.12", "26.1.4", "27.3.1", "28.0.0",
        "28.3.2"}) {
      assertThat(NetworkingCheck.restoresAfterReload(affected)).as(affected).isFalse();
    }
  }
}
