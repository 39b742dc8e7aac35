package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.JprovException;
import io.jprov.util.Evr;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Resolver} and {@link RepoMetadata} on small hand-written primary.xml documents. */
class BundleResolverTest {
  static final Set<String> ASSUMED = Set.of("glibc", "bash", "systemd", "iptables", "libseccomp", "policycoreutils",
      "selinux-policy", "selinux-policy-targeted", "shadow-utils");

  static List<RpmPackage> repos(String... files) throws IOException {
    List<RpmPackage> all = new ArrayList<>();
    for (String f : files) {
      try (InputStream in = BundleResolverTest.class.getResourceAsStream("/bundle/" + f)) {
        byte[] data = in.readAllBytes();
        all.addAll(RepoMetadata.parsePrimary(f.endsWith("-centos.xml") ? ImageFixture.gzip(data) : data,
            f.replace(".xml", ""), "http://mirror.example/" + f.replace(".xml", "") + "/"));
      }
    }
    return all;
  }

  static Map<String, String> pins(String... nameVersion) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameVersion.length; i += 2) {
      m.put(nameVersion[i], nameVersion[i + 1]);
    }
    return m;
  }

  static List<String> nevras(List<RpmPackage> ps) {
    return ps.stream().map(RpmPackage::nevra).toList();
  }

  @Test
  void parsesPrimaryIncludingGzipAndXmlBase() throws IOException {
    List<RpmPackage> all = repos("primary-docker.xml", "primary-centos.xml");
    assertThat(all).hasSize(13);
    RpmPackage ce = all.get(0);
    assertThat(ce.evr()).isEqualTo(new Evr("3", "26.1.4", "1.el7"));
    assertThat(ce.size()).isEqualTo(1000);
    assertThat(ce.url()).isEqualTo("http://mirror.example/primary-docker/Packages/docker-ce-26.1.4-1.el7.x86_64.rpm");
    assertThat(ce.requires()).extracting(RpmPackage.Dep::toString)
        .contains("container-selinux >= 2:2.74", "docker-ce-cli", "/bin/sh");
    RpmPackage sel = all.stream().filter(p -> p.name().equals("container-selinux")).findFirst().orElseThrow();
    assertThat(sel.url()).isEqualTo("http://other.example/extras/Packages/container-selinux-2.119.2-1.911c772.el7_8.noarch.rpm");
    assertThat(sel.fileName()).isEqualTo("container-selinux-2.119.2-1.911c772.el7_8.noarch.rpm");
  }

  @Test
  void closureWithVersionConstraintsEpochsAndAssumedPackages() throws IOException {
    List<RpmPackage> got = new Resolver(repos("primary-docker.xml", "primary-centos.xml"), ASSUMED)
        .resolve(pins("docker-ce", "3:26.1.4-1.el7", "docker-ce-cli", "1:26.1.4-1.el7"));
    // pinned first; docker-ce-cli is satisfied by the pinned 26.1.4 although 27.0.1 is newer;
    // containerd.io >= 1.6.24 → 1.6.33 (1.6.9 is older by rpmvercmp, aarch64 1.7.0 is the wrong arch);
    // container-selinux >= 2:2.74 → epoch 2 (0:2.99 is lower by epoch); libseccomp, glibc (libc.so.6),
    // selinux-policy, policycoreutils, /bin/sh, /usr/sbin/* are assumed present.
    assertThat(nevras(got)).containsExactly(
        "docker-ce-3:26.1.4-1.el7.x86_64",
        "docker-ce-cli-1:26.1.4-1.el7.x86_64",
        "container-selinux-2:2.119.2-1.911c772.el7_8.noarch",
        "containerd.io-1.6.33-3.1.el7.x86_64",
        "libcgroup-0.41-21.el7.x86_64");
  }

  @Test
  void unpinnedDependencyTakesTheNewest() throws IOException {
    List<RpmPackage> got = new Resolver(repos("primary-docker.xml", "primary-centos.xml"), ASSUMED)
        .resolve(pins("docker-ce", "3:26.1.4-1.el7"));
    assertThat(nevras(got)).contains("docker-ce-cli-1:27.0.1-1.el7.x86_64");
  }

  @Test
  void nullPinMeansNewest() throws IOException {
    List<RpmPackage> got = new Resolver(repos("primary-docker.xml"), ASSUMED).resolve(pins("containerd.io", null));
    assertThat(nevras(got)).containsExactly("containerd.io-1.6.33-3.1.el7.x86_64");
  }

  @Test
  void missingPinNamesWhatIsAvailable() throws IOException {
    assertThatThrownBy(() -> new Resolver(repos("primary-docker.xml"), ASSUMED).resolve(pins("docker-ce", "3:25.0.0-1.el7")))
        .isInstanceOfSatisfying(JprovException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessage("package docker-ce 3:25.0.0-1.el7 is not in the repositories (available: 3:26.1.4-1.el7, 3:24.0.9-1.el7)");
  }

  @Test
  void wrongEpochDoesNotMatchAPin() throws IOException {
    assertThatThrownBy(() -> new Resolver(repos("primary-docker.xml"), ASSUMED).resolve(pins("docker-ce", "2:26.1.4-1.el7")))
        .hasMessageContaining("is not in the repositories");
  }

  @Test
  void aPinWithoutEpochMatchesAnyEpochAsInThePackageModule() throws IOException {
    List<RpmPackage> got = new Resolver(repos("primary-docker.xml", "primary-centos.xml"), ASSUMED)
        .resolve(pins("docker-ce", "26.1.4-1.el7", "docker-ce-cli", "26.1.4"));
    assertThat(nevras(got)).startsWith("docker-ce-3:26.1.4-1.el7.x86_64", "docker-ce-cli-1:26.1.4-1.el7.x86_64");
  }

  @Test
  void missingDependencyNamesTheRequirer() throws IOException {
    assertThatThrownBy(() -> new Resolver(repos("primary-centos.xml"), ASSUMED).resolve(pins("fuse-overlayfs", null)))
        .isInstanceOfSatisfying(JprovException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessage("fuse-overlayfs-0.7.2-6.el7_8.x86_64 (primary-centos) requires libfuse3.so.3()(64bit), which no "
            + "package in the repositories provides and which is not in assumed_present");
  }

  @Test
  void versionConstraintNoProviderSatisfies() throws IOException {
    // docker-ce 24.0.9 needs containerd.io >= 1.4.1: satisfied; now ask for too new a container-selinux
    List<RpmPackage> pkgs = new ArrayList<>(repos("primary-centos.xml"));
    pkgs.add(new RpmPackage("x", "http://x", "app", "x86_64", Evr.parse("1-1"), "sha256", "0".repeat(64), 1,
        "app.rpm", List.of(), List.of(new RpmPackage.Dep("container-selinux", "GE", Evr.parse("3:1.0"))), List.of()));
    assertThatThrownBy(() -> new Resolver(pkgs, ASSUMED).resolve(pins("app", null)))
        .hasMessageContaining("app-1-1.x86_64 (x) requires container-selinux >= 3:1.0, which no package");
  }

  @Test
  void repomdPrimaryLocation() {
    String repomd = """
        <?xml version="1.0" encoding="UTF-8"?>
        <repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="http://linux.duke.edu/metadata/rpm">
          <revision>1</revision>
          <data type="filelists"><checksum type="sha256">00</checksum><location href="repodata/x-filelists.xml.gz"/></data>
          <data type="primary">
            <checksum type="sha256">ABCDEF</checksum>
            <open-checksum type="sha256">123</open-checksum>
            <location href="repodata/abc-primary.xml.gz"/>
          </data>
        </repomd>
        """;
    RepoMetadata.PrimaryRef r = RepoMetadata.primaryRef(repomd.getBytes(), "test");
    assertThat(r).isEqualTo(new RepoMetadata.PrimaryRef("repodata/abc-primary.xml.gz", "sha256", "abcdef"));
  }
}
