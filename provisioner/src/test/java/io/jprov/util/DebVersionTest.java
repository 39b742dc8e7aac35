package io.jprov.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Orders as {@code dpkg --compare-versions} (deb-version(7)). */
class DebVersionTest {
  @ParameterizedTest
  @CsvSource({
      "5:27.3.1-1~debian.12~bookworm, 5:26.1.4-1~debian.12~bookworm, 1",
      "5:27.3.1-1~debian.12~bookworm, 27.3.1-1~debian.12~bookworm, 1",
      "1.0~rc1, 1.0, -1",
      "1.0, 1.0~rc1, 1",
      "1.0-1, 1.0-1, 0",
      "1.10, 1.9, 1",
      "1.0a, 1.0+, -1",
      "1.0, 1.0.1, -1",
      "2.24.5-1~ubuntu.24.04~noble, 2.24.5-1~ubuntu.22.04~jammy, 1",
      "1.7.24-1, 1.7.24-1~, 1",
      "0:1.2-3, 1.2-3, 0",
  })
  void ordersAsDpkg(String a, String b, int sign) {
    assertThat(Integer.signum(DebVersion.compare(a, b))).isEqualTo(sign);
    assertThat(Integer.signum(DebVersion.compare(b, a))).isEqualTo(-sign);
  }

  @ParameterizedTest
  @CsvSource({"5:27.3.1-1~debian.12~bookworm, 27.3.1", "1.7.24-1, 1.7.24", "2.0, 2.0"})
  void upstream(String v, String up) {
    assertThat(DebVersion.upstream(v)).isEqualTo(up);
  }
}
