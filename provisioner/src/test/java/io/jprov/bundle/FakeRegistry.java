package io.jprov.bundle;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Recorded Registry API v2 responses on 127.0.0.1:random: {@code /v2/}, {@code /token}, manifests by tag or
 * digest, blobs by digest. With {@link #bearer} set, everything under /v2/ needs {@code Bearer t0k} and
 * answers 401 with Docker Hub's challenge otherwise.
 */
final class FakeRegistry implements AutoCloseable {
  static final String TOKEN = "t0k";
  final HttpServer server;
  final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
  final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
  final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  final Map<String, String> digestHeaderOverride = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  volatile String challenge;
  /** When set, blob requests are answered 307 to this base URL + /cdn/DIGEST (another host name). */
  volatile String blobRedirectBase;

  FakeRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Docker Hub's challenge, realm on this server. */
  FakeRegistry bearer() {
    challenge = "Bearer realm=\"" + url() + "/token\",service=\"registry.docker.io\"";
    return this;
  }

  void manifest(String ref, String mediaType, byte[] body) {
    manifests.put(ref, body);
    manifestTypes.put(ref, mediaType);
    manifests.put(ImageFixture.digest(body), body);
    manifestTypes.put(ImageFixture.digest(body), mediaType);
  }

  void image(ImageFixture f) {
    blobs.put(ImageFixture.digest(f.config), f.config);
    blobs.put(ImageFixture.digest(f.layerGz), f.layerGz);
  }

  private void handle(HttpExchange x) throws IOException {
    URI u = x.getRequestURI();
    String path = u.getPath();
    requests.add(x.getRequestMethod() + " " + u + (x.getRequestHeaders().containsKey("Authorization")
        ? " [" + x.getRequestHeaders().getFirst("Authorization") + "]" : ""));
    if (path.startsWith("/cdn/")) {
      // like S3 behind Docker Hub's redirect: a second credential is an error
      if (x.getRequestHeaders().containsKey("Authorization")) {
        send(x, 400, "text/plain", "Only one auth mechanism allowed".getBytes(StandardCharsets.UTF_8), null);
        return;
      }
      byte[] body = blobs.get(path.substring("/cdn/".length()));
      send(x, body == null ? 404 : 200, "application/octet-stream", body == null ? new byte[0] : body, null);
      return;
    }
    if (path.equals("/token")) {
      send(x, 200, "application/json", ("{\"token\":\"" + TOKEN + "\",\"expires_in\":300}").getBytes(), null);
      return;
    }
    if (challenge != null && !("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
      String c = challenge.startsWith("Bearer") && !path.equals("/v2/")
          ? challenge + ",scope=\"repository:library/hello-world:pull\"" : challenge;
      x.getResponseHeaders().add("WWW-Authenticate", c);
      send(x, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(), null);
      return;
    }
    if (path.equals("/v2/")) {
      send(x, 200, "application/json", "{}".getBytes(), null);
      return;
    }
    String prefix = "/v2/library/hello-world/";
    if (path.startsWith(prefix + "manifests/")) {
      String ref = path.substring((prefix + "manifests/").length());
      byte[] body = manifests.get(ref);
      if (body == null) {
        send(x, 404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(), null);
        return;
      }
      send(x, 200, manifestTypes.get(ref), body, digestHeaderOverride.getOrDefault(ref, ImageFixture.digest(body)));
      return;
    }
    if (path.startsWith(prefix + "blobs/") && blobRedirectBase != null) {
      x.getResponseHeaders().add("Location", blobRedirectBase + "/cdn/" + path.substring((prefix + "blobs/").length()));
      send(x, 307, "text/plain", new byte[0], null);
      return;
    }
    if (path.startsWith(prefix + "blobs/")) {
      byte[] body = blobs.get(path.substring((prefix + "blobs/").length()));
      if (body == null) {
        send(x, 404, "application/json", "{}".getBytes(), null);
        return;
      }
      send(x, 200, "application/octet-stream", body, null);
      return;
    }
    send(x, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8), null);
  }

  private static void send(HttpExchange x, int code, String type, byte[] body, String digest) throws IOException {
    x.getResponseHeaders().add("Content-Type", type);
    if (digest != null) {
      x.getResponseHeaders().add("Docker-Content-Digest", digest);
    }
    x.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
