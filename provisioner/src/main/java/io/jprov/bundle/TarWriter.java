package io.jprov.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal ustar writer (regular files and directories, names up to 100 bytes, fixed mtime) for
 * docker-archive tars. Same input, same bytes. Not thread-safe.
 */
final class TarWriter implements AutoCloseable {
  private static final long MTIME = 0;
  private final OutputStream out;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  void directory(String name) throws IOException {
    header(name.endsWith("/") ? name : name + "/", 0, '5', 0755);
  }

  void file(String name, byte[] data) throws IOException {
    header(name, data.length, '0', 0644);
    out.write(data);
    pad(data.length);
  }

  void file(String name, Path source) throws IOException {
    long size = Files.size(source);
    header(name, size, '0', 0644);
    try (InputStream in = Files.newInputStream(source)) {
      long copied = in.transferTo(out);
      if (copied != size) {
        throw new IOException(source + " changed while being archived");
      }
    }
    pad(size);
  }

  private void pad(long size) throws IOException {
    int rem = (int) (size % 512);
    if (rem != 0) {
      out.write(new byte[512 - rem]);
    }
  }

  private void header(String name, long size, char type, int mode) throws IOException {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    if (n.length > 100) {
      throw new IOException("tar entry name too long: " + name);
    }
    byte[] h = new byte[512];
    System.arraycopy(n, 0, h, 0, n.length);
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, MTIME);
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    h[156] = (byte) type;
    byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, h, 257, magic.length);
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] cs = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(cs, 0, h, 148, 6);
    h[154] = 0;
    h[155] = ' ';
    out.write(h);
  }

  private static void octal(byte[] h, int off, int len, long value) {
    String s = Long.toOctalString(value);
    if (s.length() > len - 1) {
      throw new IllegalArgumentException("value too large for a tar header: " + value);
    }
    s = "0".repeat(len - 1 - s.length()) + s;
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
    h[off + len - 1] = 0;
  }

  @Override
  public void close() throws IOException {
    out.write(new byte[1024]);
    out.flush();
    out.close();
  }
}
