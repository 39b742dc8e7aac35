package io.jprov.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** rpmvercmp cases (from rpm's own test list) plus the el7 Docker versions the playbook pins. */
class RpmVercmpTest {
  @ParameterizedTest(name = "{0} vs {1} = {2}")
  @CsvSource({
      "1.0, 1.0, 0", "1.0, 2.0, -1", "2.0, 1.0, 1", "2.0.1, 2.0.1, 0", "2.0, 2.0.1, -1",
      "2.0.1a, 2.0.1a, 0", "2.0.1a, 2.0.1, 1", "5.5p1, 5.5p2, -1", "5.5p10, 5.5p1, 1",
      "10xyz, 10.1xyz, -1", "xyz10, xyz10.1, -1", "1.0aa, 1.0a, 1", "10.0001, 10.1, 0",
      "10.0001, 10.0039, -1", "4.999.9, 5.0, -1", "20101121, 20101122, -1", "2_0, 2_0, 0",
      "2.0, 2_0, 0", "a, b, -1", "1.0~rc1, 1.0, -1", "1.0~rc1, 1.0~rc2, -1", "1.0~rc1~git123, 1.0~rc1, -1",
      "1.0a, 1.0, 1", "1.0, 1.0a, -1",
      "26.1.4, 24.0.9, 1", "1.6.33, 1.6.28, 1", "3.1.el7, 3.1.el7, 0", "1.el7_9, 1.el7, 1", "2.02.187, 2.02.180, 1"
  })
  void compares(String a, String b, int expected) {
    assertThat(Integer.signum(RpmVercmp.compare(a, b))).isEqualTo(expected);
    assertThat(Integer.signum(RpmVercmp.compare(b, a))).isEqualTo(-expected);
  }
}
