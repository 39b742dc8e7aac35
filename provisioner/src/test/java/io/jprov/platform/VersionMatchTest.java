package io.jprov.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.ExitCodes;
import io.jprov.bundle.DebIndex;
import io.jprov.bundle.RepoMetadata;
import io.jprov.bundle.RpmPackage;
import io.jprov.platform.RepoLookup.LookupException;
import io.jprov.resolve.MirrorFixture;
import io.jprov.platform.VersionMatch.Scheme;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link VersionMatch} on the el9 repodata and bookworm Packages fixtures (resources/resolve). */
public class VersionMatchTest {
  public static final List<String> NAMES = List.of("docker-ce", "docker-ce-cli", "containerd.io", "docker-buildx-plugin",
      "docker-compose-plugin", "docker-ce-rootless-extras");
  static final String RPM_REPO = "http://m/linux/centos/9/x86_64/stable";
  static final String DEB_REPO = "http://m/linux/debian";

  static Map<String, List<String>> rpm() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (RpmPackage p : RepoMetadata.parsePrimary(MirrorFixture.resource("primary-el9.xml"), "t", RPM_REPO)) {
      if (p.arch().equals("x86_64")) {
        out.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p.evr().toString());
      }
    }
    return out;
  }

  static Map<String, List<String>> deb() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (DebIndex.Entry e : DebIndex.parse(new String(MirrorFixture.resource("Packages-debian-bookworm"),
        StandardCharsets.UTF_8))) {
      out.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e.version());
    }
    return out;
  }

  @Test
  void aFullVersionPinsTheWholeSetInTheDistrosFormat() {
    assertThat(VersionMatch.select(Scheme.RPM, "27.3.1", NAMES, rpm(), RPM_REPO)).containsExactly(
        Map.entry("docker-ce", "3:27.3.1-1.el9"), Map.entry("docker-ce-cli", "1:27.3.1-1.el9"),
        Map.entry("containerd.io", "1.7.22-3.1.el9"), Map.entry("docker-buildx-plugin", "0.17.1-1.el9"),
        Map.entry("docker-compose-plugin", "2.29.7-1.el9"), Map.entry("docker-ce-rootless-extras", "27.3.1-1.el9"));
    assertThat(VersionMatch.select(Scheme.DEB, "26.1.4", NAMES, deb(), DEB_REPO)).containsExactly(
        Map.entry("docker-ce", "5:26.1.4-1~debian.12~bookworm"), Map.entry("docker-ce-cli", "5:26.1.4-1~debian.12~bookworm"),
        Map.entry("containerd.io", "1.7.22-1"), Map.entry("docker-buildx-plugin", "0.17.1-1~debian.12~bookworm"),
        Map.entry("docker-compose-plugin", "2.29.7-1~debian.12~bookworm"),
        Map.entry("docker-ce-rootless-extras", "5:26.1.4-1~debian.12~bookworm"));
  }

  @Test
  void aPrefixTakesTheHighestReleaseOfWholeParts() {
    assertThat(VersionMatch.select(Scheme.RPM, "27.3", NAMES, rpm(), RPM_REPO)).containsEntry("docker-ce",
        "3:27.3.1-1.el9");
    assertThat(VersionMatch.select(Scheme.RPM, "27", NAMES, rpm(), RPM_REPO)).containsEntry("docker-ce",
        "3:27.3.1-1.el9");
    assertThat(VersionMatch.select(Scheme.RPM, "27.3.0", NAMES, rpm(), RPM_REPO)).containsEntry("docker-ce-cli",
        "1:27.3.0-1.el9");
    assertThat(VersionMatch.select(Scheme.DEB, "27", NAMES, deb(), DEB_REPO)).containsEntry("docker-ce",
        "5:27.3.1-1~debian.12~bookworm");
    // 2 is not a prefix of 27.3.1 (whole parts only), 27.3.10 would not match 27.3.1
    assertThat(VersionMatch.matches("27.3.1", "2")).isFalse();
    assertThat(VersionMatch.matches("27.3.10", "27.3.1")).isFalse();
    assertThat(VersionMatch.matches("27.3.1", "27.3")).isTrue();
  }

  @Test
  void aCompanionMissingAtTheSameVersionTakesItsHighest() {
    // bookworm has no rootless-extras 27.3.0: the highest one is taken, as for containerd.io
    assertThat(VersionMatch.select(Scheme.DEB, "27.3.0", NAMES, deb(), DEB_REPO))
        .containsEntry("docker-ce-cli", "5:27.3.0-1~debian.12~bookworm")
        .containsEntry("docker-ce-rootless-extras", "5:27.3.1-1~debian.12~bookworm");
  }

  @Test
  void dockersOldAptVersionsMatchByTheirDockerVersion() {
    assertThat(Scheme.DEB.upstream("5:20.10.24~3-0~debian-bookworm")).isEqualTo("20.10.24");
    assertThat(VersionMatch.select(Scheme.DEB, "20.10.24", NAMES, deb(), DEB_REPO))
        .containsEntry("docker-ce", "5:20.10.24~3-0~debian-bookworm")
        .containsEntry("docker-ce-cli", "5:20.10.24~3-0~debian-bookworm");
  }

  @Test
  void anUnknownVersionNamesTheNearestOnes() {
    assertThatThrownBy(() -> VersionMatch.select(Scheme.RPM, "25.0.0", NAMES, rpm(), RPM_REPO))
        .isInstanceOf(LookupException.class)
        .hasMessage("docker.version 25.0.0 is not in " + RPM_REPO + "; nearest: 24.0.9, 26.1.4")
        .extracting(e -> ((LookupException) e).exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThatThrownBy(() -> VersionMatch.select(Scheme.DEB, "28", NAMES, deb(), DEB_REPO))
        .hasMessage("docker.version 28 is not in " + DEB_REPO + "; nearest: 27.3.1");
    assertThatThrownBy(() -> VersionMatch.select(Scheme.DEB, "19", NAMES, deb(), DEB_REPO))
        .hasMessage("docker.version 19 is not in " + DEB_REPO + "; nearest: 20.10.24");
  }

  @Test
  void aRepositoryWithoutTheSetSaysSo() {
    Map<String, List<String>> noCompose = new LinkedHashMap<>(rpm());
    noCompose.remove("docker-compose-plugin");
    assertThatThrownBy(() -> VersionMatch.select(Scheme.RPM, "27.3", NAMES, noCompose, RPM_REPO))
        .hasMessage("docker-compose-plugin is not in " + RPM_REPO + " (needed with docker-ce 3:27.3.1-1.el9)");
    assertThatThrownBy(() -> VersionMatch.select(Scheme.RPM, "27.3", NAMES, Map.of(), RPM_REPO))
        .hasMessageStartingWith("docker-ce is not in " + RPM_REPO);
  }
}
