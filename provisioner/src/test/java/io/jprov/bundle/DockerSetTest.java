package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.util.DebVersion;
import io.jprov.util.Evr;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link DockerSet}: a version or prefix picks the highest matching docker-ce and a consistent set. */
class DockerSetTest {
  static final List<String> NAMES = List.of("docker-ce", "docker-ce-cli", "containerd.io", "docker-ce-rootless-extras");
  static final String D = "-1~debian.12~bookworm";
  static final Map<String, List<String>> DEB = Map.of(
      "docker-ce", List.of("5:24.0.9" + D, "5:26.1.4" + D, "5:26.1.3" + D, "5:26.10.0" + D, "5:27.0.1" + D),
      "docker-ce-cli", List.of("5:24.0.9" + D, "5:26.1.4" + D, "5:26.1.3" + D, "5:27.0.1" + D),
      "containerd.io", List.of("1.6.31-1", "1.6.33-1"),
      "docker-ce-rootless-extras", List.of("5:24.0.9" + D, "5:26.1.3" + D));

  static Map<String, String> deb(String version) {
    return DockerSet.pick(NAMES, DEB, version, DebVersion::compare, DebVersion::upstream);
  }

  @Test
  void aPrefixTakesTheHighestMatchingDockerCeNotAMereStringPrefix() {
    // 26.1 matches 26.1.3 and 26.1.4, not 26.10.0
    assertThat(deb("26.1")).containsEntry("docker-ce", "5:26.1.4" + D);
    assertThat(deb("26")).containsEntry("docker-ce", "5:26.10.0" + D);
    assertThat(deb("26.1.3")).containsEntry("docker-ce", "5:26.1.3" + D);
  }

  @Test
  void theOthersFollowTheUpstreamVersionWhenTheRepositoryHasItElseTheirHighest() {
    Map<String, String> s = deb("26.1.4");
    assertThat(s).containsExactly(Map.entry("docker-ce", "5:26.1.4" + D), Map.entry("docker-ce-cli", "5:26.1.4" + D),
        Map.entry("containerd.io", "1.6.33-1"), Map.entry("docker-ce-rootless-extras", "5:26.1.3" + D));
    assertThat(deb("24")).containsEntry("docker-ce-rootless-extras", "5:24.0.9" + D)
        .containsEntry("docker-ce-cli", "5:24.0.9" + D);
  }

  @Test
  void rpmVersionsUseRpmOrder() {
    Map<String, List<String>> rpm = Map.of("docker-ce", List.of("3:26.1.4-1.el9", "3:26.1.10-1.el9", "3:24.0.9-1.el9"),
        "docker-ce-cli", List.of("1:26.1.10-1.el9"), "containerd.io", List.of("1.6.33-3.1.el9"),
        "docker-ce-rootless-extras", List.of("26.1.4-1.el9"));
    Map<String, String> s = DockerSet.pick(NAMES, rpm, "26.1", (a, b) -> Evr.parse(a).compareTo(Evr.parse(b)),
        v -> Evr.parse(v).version());
    assertThat(s).containsEntry("docker-ce", "3:26.1.10-1.el9").containsEntry("docker-ce-cli", "1:26.1.10-1.el9")
        .containsEntry("docker-ce-rootless-extras", "26.1.4-1.el9");
  }

  @Test
  void anUnknownVersionNamesTheNearestAvailable() {
    assertThatThrownBy(() -> deb("25.0"))
        .hasMessage("Docker 25.0 is not in the repositories: no docker-ce version 25.0 (nearest available: 24.0.9, "
            + "26.1.3)");
    assertThatThrownBy(() -> deb("99")).hasMessageContaining("(nearest available: 27.0.1)");
    assertThatThrownBy(() -> deb("1")).hasMessageContaining("(nearest available: 24.0.9, 26.1.3)");
  }
}
