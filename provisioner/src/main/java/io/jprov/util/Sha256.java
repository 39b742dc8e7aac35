package io.jprov.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The project's one sha256 (and the hex form every digest is shown in): of bytes, of a file
 * (streamed: bundles hold files of tens of MB), or fed piecewise through {@link #digest()} while
 * bytes stream elsewhere (a download).
 */
public final class Sha256 {
  private Sha256() {}

  /** sha256 of a file, streamed, as lower-case hex. */
  public static String of(Path file) throws IOException {
    return hex(feed(digest(), file).digest());
  }

  /** sha256 of bytes, as lower-case hex. */
  public static String of(byte[] bytes) {
    return hex(digest().digest(bytes));
  }

  /** A fresh SHA-256 digest, for bytes that stream in pieces; finish with {@code hex(md.digest())}. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Streams a file's content into {@code md} (any algorithm); returns {@code md}. */
  public static MessageDigest feed(MessageDigest md, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return md;
  }

  /** A finished digest as lower-case hex. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
