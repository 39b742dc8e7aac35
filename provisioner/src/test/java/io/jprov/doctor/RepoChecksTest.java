package io.jprov.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.facts.FileStat;
import io.jprov.platform.VersionMatch.Scheme;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsing helpers of {@link RegistryCheck} and {@link PackagesCheck} on inputs the case files do not show. */
class RepoChecksTest {
  @Test
  void dropInUndoesTheTemplatesEscapes() {
    // templates/docker-http-proxy.conf.ftl doubles % (a systemd specifier) and escapes \ and "
    String content = "[Service]\nEnvironment=\"HTTP_PROXY=http://dom\\\\user:p%%40ss@proxy:3128\"\n"
        + "Environment=\"NO_PROXY=.corp,10.0.0.0/8\"\n# Environment=\"HTTPS_PROXY=http://commented\"\n"
        + "Environment=PATH=/usr/bin\n";
    assertThat(RegistryCheck.dropIn(content)).isEqualTo(Map.of(
        "HTTP_PROXY", "http://dom\\user:p%40ss@proxy:3128", "NO_PROXY", ".corp,10.0.0.0/8"));
  }

  @Test
  void noProxyListIsJoinedAsTheTemplateJoinsIt() {
    DoctorContext ctx = new DoctorContext("h", Map.of("docker",
        Map.of("https_proxy", "http://p:3128", "no_proxy", List.of("localhost", ".corp"))), 0);
    assertThat(RegistryCheck.wanted(ctx)).containsEntry("NO_PROXY", "localhost,.corp")
        .containsEntry("HTTPS_PROXY", "http://p:3128").containsEntry("HTTP_PROXY", "");
  }

  @Test
  void daemonJsonProxiesReadOnlyFromAValidObject() {
    assertThat(RegistryCheck.daemonJsonProxies(file(
        "{\"proxies\": {\"https-proxy\": \"http://p:1\", \"no-proxy\": \"\"}}")))
        .isEqualTo(Map.of("HTTPS_PROXY", "http://p:1"));
    assertThat(RegistryCheck.daemonJsonProxies(file("{\"proxies\": "))).isEmpty();
    assertThat(RegistryCheck.daemonJsonProxies(file("[1]"))).isEmpty();
    assertThat(RegistryCheck.daemonJsonProxies(new FileStat(FileStat.Type.ABSENT, null, null, null, -1, null, null)))
        .isEmpty();
    // too big to read: no content
    assertThat(RegistryCheck.daemonJsonProxies(new FileStat(FileStat.Type.FILE, "0644", "root", "root", 300000, "x",
        null))).isEmpty();
  }

  private static FileStat file(String content) {
    return new FileStat(FileStat.Type.FILE, "0644", "root", "root", content.length(), "x", content);
  }

  @Test
  void debPinsCompareWhatThePinWrites() {
    String v = "5:27.3.1-1~debian.12~bookworm";
    assertThat(PackagesCheck.pinned(Scheme.DEB, v, v)).isTrue();
    assertThat(PackagesCheck.pinned(Scheme.DEB, v, "27.3.1-1~debian.12~bookworm")).isTrue();
    assertThat(PackagesCheck.pinned(Scheme.DEB, v, "27.3.1")).isTrue();
    assertThat(PackagesCheck.pinned(Scheme.DEB, v, "5:27.3.0-1~debian.12~bookworm")).isFalse();
    assertThat(PackagesCheck.pinned(Scheme.DEB, v, "27.3")).isFalse();
    assertThat(PackagesCheck.pinned(Scheme.RPM, "3:26.1.4-1.el7", "26.1.4")).isTrue();
    assertThat(PackagesCheck.pinned(Scheme.RPM, "3:26.1.4-1.el7", "2:26.1.4-1.el7")).isFalse();
  }

  @Test
  void mirrorlistOfADisabledSectionOrAnotherHostIsNotTheEolOne() {
    String disabled = "[centosplus]\nmirrorlist=http://mirrorlist.centos.org/?repo=centosplus\nenabled=0\n";
    assertThat(PackagesCheck.mirrorlistLine(disabled)).isNull();
    assertThat(PackagesCheck.mirrorlistLine("[base]\nmirrorlist=http://mirrorlist.internal/?repo=os\n")).isNull();
    assertThat(PackagesCheck.mirrorlistLine("[base]\n#mirrorlist=http://mirrorlist.centos.org/\n")).isNull();
    assertThat(PackagesCheck.mirrorlistLine(disabled + "[updates]\nmirrorlist=http://mirrorlist.centos.org/?repo=updates\n"))
        .isEqualTo("[updates] mirrorlist=http://mirrorlist.centos.org/?repo=updates");
  }

  @Test
  void evidenceIsOneMaskedLineOfBoundedLength() {
    Finding f = PackagesCheck.oneLine(Finding.warn("packages.repo",
        "baseurl=http://u:secret@mirror/x\n[evil]\n" + "a".repeat(500), "run jprov apply"));
    assertThat(f.evidence()).doesNotContain("\n").doesNotContain("secret").startsWith("baseurl=http://u:****@mirror/x\\n")
        .hasSize(PackagesCheck.MAX_EVIDENCE).endsWith("…");
    assertThat(f.fix()).isEqualTo("run jprov apply");
  }
}
