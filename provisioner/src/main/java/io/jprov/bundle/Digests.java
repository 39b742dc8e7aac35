package io.jprov.bundle;

import io.jprov.util.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Message digests by repodata / OCI names (sha256, sha1, sha512): repositories choose their
 * checksum type. sha256 itself, hex and file streaming are {@link Sha256}'s.
 */
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

  /** Hex digest of a file's content with a repodata checksum type. */
  public static String file(Path p, String type) throws IOException {
    return Sha256.hex(Sha256.feed(of(type), p).digest());
  }
}
