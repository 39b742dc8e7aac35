package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.JprovException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link AptRelease}: the SHA256 list of Release and InRelease, the signed text, which Packages to read. */
class AptReleaseTest {
  static final String A = "a".repeat(64);
  static final String B = "B".repeat(64);

  static String release() {
    return """
        Origin: Docker
        Label: Docker CE
        Suite: bookworm
        Architectures: amd64 arm64
        Components: stable
        MD5Sum:
         %s 1234 stable/binary-amd64/Packages
        SHA256:
         %s 1234 stable/binary-amd64/Packages
         %s 99 stable/binary-amd64/Packages.gz
         %s 77 stable/binary-arm64/Packages.xz
        """.formatted("c".repeat(32), A, B, A);
  }

  @Test
  void readsTheSha256ListOfARelease() {
    AptRelease r = AptRelease.parse(release().getBytes(StandardCharsets.UTF_8), "u");
    assertThat(r.entries()).hasSize(3)
        .containsEntry("stable/binary-amd64/Packages", new AptRelease.Entry(A, 1234))
        .containsEntry("stable/binary-amd64/Packages.gz", new AptRelease.Entry("b".repeat(64), 99));
    assertThat(r.packagesPath("stable", "amd64")).isEqualTo("stable/binary-amd64/Packages.gz");
    // only .xz: not readable here
    assertThat(r.packagesPath("stable", "arm64")).isNull();
    assertThat(r.packagesPath("main", "amd64")).isNull();
  }

  @Test
  void inReleaseIsTheSignedTextWithoutArmourAndDashEscapes() {
    String in = "-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA512\r\n\r\n"
        + release().replace("\n", "\r\n").replace("Origin: Docker", "- Origin: Docker")
        + "-----BEGIN PGP SIGNATURE-----\r\n\r\niQIzBAEBCgAdFiEE\r\n=abcd\r\n-----END PGP SIGNATURE-----\r\n";
    assertThat(AptRelease.signedText(in)).startsWith("Origin: Docker\n").doesNotContain("PGP", "\r");
    AptRelease r = AptRelease.parse(in.getBytes(StandardCharsets.UTF_8), "u");
    assertThat(r.entries()).hasSize(3);
  }

  @Test
  void aReleaseWithoutSha256IsRefused() {
    assertThatThrownBy(() -> AptRelease.parse("Origin: x\nMD5Sum:\n abc 1 main/binary-amd64/Packages\n"
        .getBytes(StandardCharsets.UTF_8), "http://m/dists/x/Release"))
        .isInstanceOf(JprovException.class)
        .hasMessage("http://m/dists/x/Release: no SHA256 index list in the Release file");
  }
}
