package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.JprovException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link AptResolver} on the recorded Docker CE and Debian fixtures and on hand-written indexes. */
class AptResolverTest {
  static final String D = "~debian.12~bookworm";
  static final Set<String> MINIMAL = Set.of("libc6", "libseccomp2", "libsystemd0", "init-system-helpers", "debconf",
      "perl-base");

  static List<DebPackage> recorded() throws Exception {
    List<DebPackage> all = new ArrayList<>();
    DebIndex.parse(DebIndexTest.fixture("docker-bookworm-Packages"))
        .forEach(e -> all.add(new DebPackage("docker-ce", "http://m/linux/debian", e)));
    DebIndex.parse(DebIndexTest.fixture("debian-bookworm-Packages"))
        .forEach(e -> all.add(new DebPackage("base", "http://m/debian", e)));
    return all;
  }

  static List<DebPackage> index(String text) {
    return DebIndex.parse(text).stream().map(e -> new DebPackage("t", "http://t", e)).toList();
  }

  static Map<String, String> pins(String... nameVersion) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameVersion.length; i += 2) {
      m.put(nameVersion[i], nameVersion[i + 1]);
    }
    return m;
  }

  @Test
  void theDockerSetAndItsDependsClosureMinusTheMinimalInstall() throws Exception {
    List<DebPackage> closure = new AptResolver(recorded(), "amd64", MINIMAL).resolve(pins(
        "docker-ce", "5:26.1.4-1" + D, "docker-ce-cli", "5:26.1.4-1" + D, "containerd.io", "1.6.33-1",
        "docker-buildx-plugin", "0.14.1-1" + D, "docker-compose-plugin", "2.27.1-1" + D,
        "docker-ce-rootless-extras", "5:26.1.4-1" + D));
    assertThat(closure).extracting(DebPackage::display).containsExactly(
        "docker-ce=5:26.1.4-1" + D, "docker-ce-cli=5:26.1.4-1" + D, "containerd.io=1.6.33-1",
        "docker-buildx-plugin=0.14.1-1" + D, "docker-compose-plugin=2.27.1-1" + D,
        "docker-ce-rootless-extras=5:26.1.4-1" + D,
        // Depends of docker-ce (Pre-Depends init-system-helpers is assumed), then theirs; Recommends not followed
        "iptables=1.8.9-2", "libip4tc2=1.8.9-2", "libip6tc2=1.8.9-2", "libxtables12=1.8.9-2", "netbase=6.4",
        "libmnl0=1.0.4-3", "libnetfilter-conntrack3=1.0.9-3", "libnfnetlink0=1.0.2-2", "libnftnl11=1.2.4-2");
    assertThat(closure.get(0).url())
        .isEqualTo("http://m/linux/debian/pool/stable/d/docker-ce/docker-ce_26.1.4-1~debian.12~bookworm_amd64.deb");
    assertThat(closure.get(0).fileName()).isEqualTo("docker-ce_26.1.4-1~debian.12~bookworm_amd64.deb");
  }

  @Test
  void withoutThePinsTheHighestVersionsAndOtherArchitecturesAreIgnored() throws Exception {
    List<DebPackage> closure = new AptResolver(recorded(), "amd64", MINIMAL)
        .resolve(pins("docker-ce", null, "docker-buildx-plugin", null));
    assertThat(closure).extracting(DebPackage::display).contains("docker-ce=5:26.1.4-1" + D,
        "docker-buildx-plugin=0.15.1-1" + D, "containerd.io=1.6.33-1", "docker-ce-cli=5:26.1.4-1" + D)
        .noneMatch(s -> s.contains("no-such-package-arm"));
  }

  @Test
  void anAssumedPackageSatisfiesADependencyWithoutBundlingAnything() throws Exception {
    List<DebPackage> closure = new AptResolver(recorded(), "amd64", Set.of("libgcc-s1"))
        .resolve(pins("docker-ce-cli", null));
    // libc6 not assumed: it is bundled (its own dependency is assumed)
    assertThat(closure).extracting(DebPackage::name).containsExactly("docker-ce-cli", "libc6");
    assertThatThrownBy(() -> new AptResolver(recorded(), "amd64", Set.of()).resolve(pins("libc6", null)))
        .isInstanceOf(JprovException.class)
        .hasMessage("libc6=2.36-9+deb12u7 (base) depends on libgcc-s1, which no package in the repositories "
            + "satisfies and which is not in assumed_present");
  }

  @Test
  void anyAlreadySatisfiedAlternativeWinsElseTheFirstTheRepositoriesHave() {
    String idx = """
        Package: a
        Version: 1
        Architecture: amd64
        Depends: b | c, d | e, f (>= 2) | g

        Package: b
        Version: 1
        Architecture: amd64

        Package: c
        Version: 1
        Architecture: all

        Package: e
        Version: 1
        Architecture: amd64

        Package: f
        Version: 1
        Architecture: amd64

        Package: g
        Version: 3
        Architecture: amd64
        """;
    // b | c: c is assumed; d | e: d is nowhere, e is; f (>= 2) | g: f is too old, g is taken
    assertThat(new AptResolver(index(idx), "amd64", Set.of("c")).resolve(pins("a", null)))
        .extracting(DebPackage::name).containsExactly("a", "e", "g");
    assertThat(new AptResolver(index(idx), "amd64", Set.of()).resolve(pins("a", null)))
        .extracting(DebPackage::name).containsExactly("a", "b", "e", "g");
  }

  @Test
  void virtualPackagesResolveThroughProvidesAndVersionedOnesNeedAVersionedProvide() {
    String idx = """
        Package: a
        Version: 1
        Architecture: amd64
        Depends: mail-transport-agent, debconf-2.0, libfoo-abi (>= 2)

        Package: zmta
        Version: 1
        Architecture: amd64
        Provides: mail-transport-agent

        Package: amta
        Version: 1
        Architecture: amd64
        Provides: mail-transport-agent

        Package: foo-old
        Version: 1
        Architecture: amd64
        Provides: libfoo-abi

        Package: foo-new
        Version: 1
        Architecture: amd64
        Provides: libfoo-abi (= 2.1)

        Package: cdebconf
        Version: 1
        Architecture: amd64
        Provides: debconf-2.0
        """;
    // debconf-2.0 is provided by an assumed package (debconf is not in this index: cdebconf is the provider)
    assertThat(new AptResolver(index(idx), "amd64", Set.of("cdebconf")).resolve(pins("a", null)))
        .extracting(DebPackage::name).containsExactly("a", "amta", "foo-new");
  }

  @Test
  void aPackageProvidedByOneAlreadyInTheBundleIsNotAddedTwice() {
    String idx = """
        Package: a
        Version: 1
        Architecture: amd64
        Depends: runc

        Package: containerd.io
        Version: 1.6.33-1
        Architecture: amd64
        Provides: containerd, runc

        Package: runc
        Version: 1.1.5
        Architecture: amd64
        """;
    assertThat(new AptResolver(index(idx), "amd64", Set.of()).resolve(pins("containerd.io", null, "a", null)))
        .extracting(DebPackage::name).containsExactly("containerd.io", "a");
  }

  @Test
  void aMissingPinNamesTheAvailableVersionsAndAnUnmetVersionTheConflict() throws Exception {
    assertThatThrownBy(() -> new AptResolver(recorded(), "amd64", MINIMAL).resolve(pins("docker-ce", "5:25.0.0-1" + D)))
        .hasMessage("package docker-ce 5:25.0.0-1~debian.12~bookworm is not in the repositories (available: "
            + "5:26.1.4-1~debian.12~bookworm, 5:24.0.9-1~debian.12~bookworm)");
    String idx = """
        Package: a
        Version: 1
        Architecture: amd64
        Depends: b (>= 2)

        Package: b
        Version: 1
        Architecture: amd64

        Package: b
        Version: 2
        Architecture: amd64
        """;
    assertThatThrownBy(() -> new AptResolver(index(idx), "amd64", Set.of()).resolve(pins("b", "1", "a", null)))
        .hasMessage("a=1 depends on b (>= 2), but the bundle already has b=1 which does not satisfy it");
  }
}
