package io.jprov.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvrTest {
  @Test
  void ordersLikeRpm() {
    assertThat(Evr.parse("2:2.74").compareTo(Evr.parse("2.119.2-1.el7"))).isPositive();
    assertThat(Evr.parse("1.6.33-3.1.el7").compareTo(Evr.parse("1.6.9-3.1.el7"))).isPositive();
    assertThat(Evr.parse("2.3").compareTo(Evr.parse("2.3.1-4.el7"))).isNegative();
    assertThat(Evr.parse("2.3.1").compareTo(Evr.parse("2.3.1-4.el7"))).isZero();
    assertThat(Evr.parse("1.0~rc1-1").compareTo(Evr.parse("1.0-1"))).isNegative();
    // ordering packages: a missing epoch is 0 on either side
    assertThat(Evr.parse("1.0-1").compareTo(Evr.parse("0:1.0-1"))).isZero();
    assertThat(Evr.parse("1.0-1").compareTo(Evr.parse("1:0.1-1"))).isNegative();
  }

  @Test
  void parsesAndPrintsTheManifestForm() {
    assertThat(Evr.parse("3:26.1.4-1.el7")).isEqualTo(new Evr("3", "26.1.4", "1.el7"));
    assertThat(Evr.parse("3:26.1.4-1.el7").toString()).isEqualTo("3:26.1.4-1.el7");
    assertThat(Evr.parse("0:26.1.4-1.el7").toString()).isEqualTo("26.1.4-1.el7");
    assertThat(Evr.parse("26.1.4-1.el7").epoch()).isNull();
    assertThat(Evr.parse("26.1.4").release()).isNull();
    assertThat(Evr.of("", "1.0", "")).isEqualTo(new Evr(null, "1.0", null));
  }

  /** The one rule for "is this package the pinned one": only what the pin writes is compared. */
  @ParameterizedTest(name = "{0} pinned by {1}: {2}")
  @CsvSource({
      // epoch on both sides: compared
      "3:26.1.4-1.el7, 3:26.1.4-1.el7, true", "3:26.1.4-1.el7, 2:26.1.4-1.el7, false",
      // epoch only on the package: a pin without one matches any epoch
      "3:26.1.4-1.el7, 26.1.4-1.el7, true", "3:26.1.4-1.el7, 26.1.4, true",
      // epoch only in the pin: the package's missing epoch is 0
      "26.1.4-1.el7, 0:26.1.4-1.el7, true", "26.1.4-1.el7, 3:26.1.4-1.el7, false",
      // neither: version and release
      "26.1.4-1.el7, 26.1.4-1.el7, true", "26.1.4-1.el7, 26.1.4-2.el7, false", "26.1.4-1.el7, 26.1.5, false",
      // release missing on one side is not compared
      "3:26.1.4-1.el7, 3:26.1.4, true", "26.1.4, 26.1.4-1.el7, true",
      // rpmvercmp, not string equality
      "1:1.06-1, 1:1.6-1, true", "1.0-1, 1.0~rc1-1, false"
  })
  void aPinComparesWhatItWrites(String pkg, String pin, boolean pinned) {
    assertThat(Evr.parse(pkg).isPinnedBy(pin)).isEqualTo(pinned);
  }

  @Test
  void olderOrNewerThanAPin() {
    // the package module names the nearest versions below and above a pin that is not available
    assertThat(Evr.parse("3:24.0.9-1.el7").compareToSpec(Evr.parse("26.1.4"))).isNegative();
    assertThat(Evr.parse("3:27.0.1-1.el7").compareToSpec(Evr.parse("26.1.4"))).isPositive();
    // a pin with an epoch: the package's missing epoch is 0, so older
    assertThat(Evr.parse("9.0-1").compareToSpec(Evr.parse("1:1.0"))).isNegative();
  }

  @Test
  void dependenciesCompareLikeRpmWithAMissingEpochAsZero() {
    // "container-selinux >= 2:2.74": 2.119 without an epoch is older
    assertThat(Evr.parse("2.119.2-1.el7").compareTo(Evr.parse("2:2.74"))).isNegative();
    assertThat(Evr.parse("2:2.119.2-1.el7").compareTo(Evr.parse("2:2.74"))).isPositive();
  }
}
