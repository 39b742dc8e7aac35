package io.jprov.bundle;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

/**
 * A loopback HTTP mirror for fetch tests serving the recorded fixtures as yum repositories and apt archives.
 * A package file's content is {@code "fixture " + its path in the repository} (the checksums in the
 * fixtures under src/test/resources/bundle/{apt,el9} were computed so).
 */
final class FixtureMirror implements AutoCloseable {
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  FixtureMirror() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", x -> {
      String path = x.getRequestURI().getPath();
      requests.add(path);
      byte[] body = files.get(path);
      x.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        try (OutputStream o = x.getResponseBody()) {
          o.write(body);
        }
      }
      x.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static byte[] content(String repoPath) {
    return ("fixture " + repoPath).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  void put(String path, String text) {
    files.put(path, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An apt archive under {@code root} (a path like {@code /docker-ce/linux/debian}): the suite's Release, one
   * component's Packages.gz and every .deb it lists. Signed by {@code uid} of {@code signer} when given: as a
   * clear-signed InRelease when {@code inRelease}, else as Release plus a detached Release.gpg; unsigned
   * (Release only) without a signer.
   */
  void apt(String root, String suite, String component, String packages, TestGpg signer, String uid,
      boolean inRelease) throws Exception {
    byte[] gz = gzip(packages.getBytes(StandardCharsets.UTF_8));
    String rel = component + "/binary-amd64/Packages.gz";
    files.put(root + "/dists/" + suite + "/" + rel, gz);
    String release = "Origin: fixture\nSuite: " + suite + "\nArchitectures: amd64\nComponents: " + component
        + "\nSHA256:\n " + io.jprov.util.Sha256.of(gz) + " " + gz.length + " " + rel + "\n";
    if (signer != null && inRelease) {
      put(root + "/dists/" + suite + "/InRelease", signer.clearsign(uid, release));
    } else {
      put(root + "/dists/" + suite + "/Release", release);
      if (signer != null) {
        put(root + "/dists/" + suite + "/Release.gpg", signer.detach(uid, release));
      }
    }
    for (DebIndex.Entry e : DebIndex.parse(packages)) {
      files.put(root + "/" + e.filename(), content(e.filename()));
    }
  }

  /** A yum repository under {@code root}: repomd.xml, primary.xml.gz and every package it lists. */
  void yum(String root, String primaryXml) {
    byte[] gz = gzip(primaryXml.getBytes(StandardCharsets.UTF_8));
    files.put(root + "/repodata/primary.xml.gz", gz);
    put(root + "/repodata/repomd.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <repomd xmlns="http://linux.duke.edu/metadata/repo">
          <data type="primary">
            <checksum type="sha256">%s</checksum>
            <location href="repodata/primary.xml.gz"/>
          </data>
        </repomd>
        """.formatted(io.jprov.util.Sha256.of(gz)));
    for (RpmPackage p : RepoMetadata.parsePrimary(primaryXml.getBytes(StandardCharsets.UTF_8), "x", "http://x")) {
      files.put(root + "/" + p.href(), content(p.href()));
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
