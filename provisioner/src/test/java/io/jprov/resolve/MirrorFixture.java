package io.jprov.resolve;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

/**
 * A small Docker CE mirror for tests: a folder holding {@code linux/centos/9/x86_64/stable} (repodata
 * from {@code resolve/primary-el9.xml}) and {@code linux/debian/dists/bookworm/stable/binary-amd64}
 * ({@code resolve/Packages-debian-bookworm}, as Packages.gz), served over HTTP on 127.0.0.1. Every
 * request path is recorded.
 */
public final class MirrorFixture implements AutoCloseable {
  public final Path root;
  public final List<String> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  /** @param plainPackages publish the apt index only as {@code Packages} (no {@code Packages.gz}) */
  public MirrorFixture(Path root, boolean plainPackages) throws IOException {
    this.root = root;
    Path rpm = root.resolve("linux/centos/9/x86_64/stable/repodata");
    Files.createDirectories(rpm);
    byte[] primary = gzip(resource("primary-el9.xml"));
    String sum = io.jprov.util.Sha256.of(primary);
    Files.write(rpm.resolve(sum + "-primary.xml.gz"), primary);
    Files.writeString(rpm.resolve("repomd.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<repomd xmlns=\"http://linux.duke.edu/metadata/repo\" xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\">\n"
        + "  <revision>1733000000</revision>\n"
        + "  <data type=\"primary\">\n"
        + "    <checksum type=\"sha256\">" + sum + "</checksum>\n"
        + "    <location href=\"repodata/" + sum + "-primary.xml.gz\"/>\n"
        + "    <size>" + primary.length + "</size>\n"
        + "  </data>\n"
        + "</repomd>\n");
    Path apt = root.resolve("linux/debian/dists/bookworm/stable/binary-amd64");
    Files.createDirectories(apt);
    byte[] packages = resource("Packages-debian-bookworm");
    if (plainPackages) {
      Files.write(apt.resolve("Packages"), packages);
    } else {
      Files.write(apt.resolve("Packages.gz"), gzip(packages));
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", x -> {
      String path = x.getRequestURI().getPath();
      requests.add(path);
      Path f = root.resolve(path.substring(1)).normalize();
      if (!f.startsWith(root) || !Files.isRegularFile(f)) {
        x.sendResponseHeaders(404, -1);
        x.close();
        return;
      }
      byte[] body = Files.readAllBytes(f);
      x.sendResponseHeaders(200, body.length);
      try (OutputStream o = x.getResponseBody()) {
        o.write(body);
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  /** Adds stanzas to the bookworm Packages.gz (a new release published). */
  public void addDebs(String stanzas) throws IOException {
    Path gz = root.resolve("linux/debian/dists/bookworm/stable/binary-amd64/Packages.gz");
    String text = text("Packages-debian-bookworm");
    Files.write(gz, gzip((text + "\n" + stanzas).getBytes(StandardCharsets.UTF_8)));
  }

  /** The mirror's URL (the folder holding linux/). */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public long count(String path) {
    return requests.stream().filter(path::equals).count();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  public static byte[] resource(String name) {
    try (var in = MirrorFixture.class.getResourceAsStream("/resolve/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(resource(name), StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(b)) {
      z.write(data);
    }
    return b.toByteArray();
  }
}
