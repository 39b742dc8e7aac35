package io.jprov.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Message digests by repodata / OCI names (sha256, sha1, sha512). */
public final class Digests {
  private Digests() {}

  /** A digest for a repodata checksum type ("sha256", "sha", "sha1", "sha512"). */
  public static MessageDigest of(String type) {
    String t = type == null ? "sha256" : type.toLowerCase(Locale.ROOT);
    String alg = switch (t) {
      case "sha", "sha1" -> "SHA-1";
      case "sha256" -> "SHA-256";
      case "sha384" -> "SHA-384";
      case "sha512" -> "SHA-512";
      default -> throw new IllegalArgumentException("unsupported checksum type " + type);
    };
    try {
      return MessageDigest.getInstance(alg);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  public static String sha256(byte[] data) {
    return hex(of("sha256").digest(data));
  }

  /** Hex digest of a file's content. */
  public static String file(Path p, String type) throws IOException {
    MessageDigest md = of(type);
    try (InputStream in = Files.newInputStream(p)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return hex(md.digest());
  }
}
