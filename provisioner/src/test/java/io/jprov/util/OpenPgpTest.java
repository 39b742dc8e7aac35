package io.jprov.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenPgpTest {
  @TempDir Path tmp;

  @Test
  void fullFingerprintAsGpgComputesIt() throws Exception {
    GpgKeys.Key k = GpgKeys.generate(tmp, "one@example");
    assertThat(OpenPgp.fingerprint(k.armoured())).isEqualTo(k.fingerprint());
    assertThat(OpenPgp.shortKeyId(k.fingerprint())).isEqualTo(k.fingerprint().substring(32).toLowerCase());
  }

  @Test
  void theCommittedTestKey() throws Exception {
    // gpg --show-keys src/test/resources/bundle/test-key.asc prints this fingerprint
    String armoured = new String(OpenPgpTest.class.getResourceAsStream("/bundle/test-key.asc").readAllBytes(),
        StandardCharsets.US_ASCII);
    assertThat(OpenPgp.fingerprints(armoured)).containsExactly("7D1A4E1C9F2D161A738A2066ABFC6D1BA2A22868");
  }

  @Test
  void everyKeyOfEveryBlockCounts() throws Exception {
    GpgKeys.Key a = GpgKeys.generate(tmp, "a@example");
    GpgKeys.Key b = GpgKeys.generate(tmp, "b@example");
    assertThat(OpenPgp.fingerprints(a.armoured() + "\n" + b.armoured()))
        .containsExactly(a.fingerprint(), b.fingerprint());
  }

  @Test
  void everyPacketLengthEncodingIsRead() throws Exception {
    // a version 4 public key body is all the fingerprint needs: the version byte, then anything
    byte[] small = Arrays.copyOf(new byte[] {4}, 8);
    byte[] large = Arrays.copyOf(new byte[] {4}, 300);
    assertFingerprintRead(new byte[] {(byte) 0x98, 8}, small); // old format, tag 6, 1-byte length
    assertFingerprintRead(new byte[] {(byte) 0x99, 1, 44}, large); // old format, 2-byte length
    assertFingerprintRead(new byte[] {(byte) 0x9a, 0, 0, 1, 44}, large); // old format, 4-byte length
    assertFingerprintRead(new byte[] {(byte) 0xc6, 8}, small); // new format, one-octet length
    assertFingerprintRead(new byte[] {(byte) 0xc6, (byte) 192, 108}, large); // two-octet: 192 + 108
    assertFingerprintRead(new byte[] {(byte) 0xc6, (byte) 255, 0, 0, 1, 44}, large); // five-octet length
  }

  /** A block of one public key packet, {@code header} then {@code body}, gives the body's v4 fingerprint. */
  private static void assertFingerprintRead(byte[] header, byte[] body) throws Exception {
    byte[] packet = Arrays.copyOf(header, header.length + body.length);
    System.arraycopy(body, 0, packet, header.length, body.length);
    String armoured = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n" + Base64.getEncoder().encodeToString(packet)
        + "\n-----END PGP PUBLIC KEY BLOCK-----\n";
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    sha1.update(new byte[] {(byte) 0x99, (byte) (body.length >> 8), (byte) body.length});
    assertThat(OpenPgp.fingerprints(armoured)).as(HexFormat.of().formatHex(header))
        .containsExactly(HexFormat.of().withUpperCase().formatHex(sha1.digest(body)));
  }

  @Test
  void notAKey() {
    assertThatThrownBy(() -> OpenPgp.fingerprints("not a key")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenPgp.fingerprints("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenPgp.fingerprints("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQ==\n-----END PGP PUBLIC KEY BLOCK-----\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void normaliseAndDisplay() {
    assertThat(OpenPgp.normalise("060A 61C5 1B55 8A7F 742B  77AA C52F EB6B 621E 9F35"))
        .isEqualTo("060A61C51B558A7F742B77AAC52FEB6B621E9F35");
    assertThat(OpenPgp.normalise("060a61c5")).isNull();
    assertThat(OpenPgp.display("060A61C51B558A7F742B77AAC52FEB6B621E9F35"))
        .isEqualTo("060A 61C5 1B55 8A7F 742B 77AA C52F EB6B 621E 9F35");
  }
}
