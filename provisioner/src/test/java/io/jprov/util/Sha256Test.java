package io.jprov.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
  // FIPS 180-2 test vector for "abc"
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void bytesFileAndStreamAgree(@TempDir Path tmp) throws Exception {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    assertThat(Sha256.of(abc)).isEqualTo(ABC);
    Path f = Files.write(tmp.resolve("abc"), abc);
    assertThat(Sha256.of(f)).isEqualTo(ABC);
    MessageDigest md = Sha256.digest();
    md.update(abc, 0, 1);
    md.update(abc, 1, 2);
    assertThat(Sha256.hex(md.digest())).isEqualTo(ABC);
  }

  @Test
  void aFileLargerThanOneBufferIsReadWhole(@TempDir Path tmp) throws Exception {
    byte[] big = new byte[200_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    Path f = Files.write(tmp.resolve("big"), big);
    assertThat(Sha256.of(f)).isEqualTo(Sha256.of(big));
    // feed serves any algorithm (repodata may name sha1 or sha512)
    assertThat(Sha256.hex(Sha256.feed(MessageDigest.getInstance("SHA-1"), f).digest()))
        .isEqualTo(Sha256.hex(MessageDigest.getInstance("SHA-1").digest(big)));
  }
}
