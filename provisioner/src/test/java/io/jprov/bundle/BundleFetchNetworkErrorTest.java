package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.JprovException;
import io.jprov.JprovRun;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every network failure of {@code bundle fetch} exits 5 (docs/exit-codes.md) with one line that names
 * the URL and the cause: refused, name not resolved, timed out, TLS, an HTTP error.
 */
class BundleFetchNetworkErrorTest {
  @TempDir Path dir;
  final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  /** {@code jprov bundle fetch} with every URL option set to {@code root}. */
  JprovRun fetch(String root) {
    return JprovRun.of("bundle", "fetch", "--dir", dir.resolve("b").toString(), "--mirror", root + "/docker-ce",
        "--base-mirror", root + "/centos", "--registry", root);
  }

  /** The error is one line on stderr, exit 5, and names the first URL fetched (the Docker CE key). */
  static void assertNetworkError(JprovRun r, String root, String cause) {
    assertThat(r.code()).as(r.err()).isEqualTo(5);
    assertThat(r.err()).isEqualTo("jprov: network error: GET " + root + "/docker-ce/linux/centos/gpg: " + cause + "\n");
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A server that accepts connections and answers each with {@code reply} (null: never answers). */
  ServerSocket server(String reply) throws IOException {
    ServerSocket ss = new ServerSocket();
    ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    closeables.add(ss);
    Thread t = new Thread(() -> {
      try {
        while (true) {
          Socket s = ss.accept();
          closeables.add(s);
          if (reply != null) {
            OutputStream o = s.getOutputStream();
            o.write(reply.getBytes(StandardCharsets.US_ASCII));
            o.flush();
            s.shutdownOutput();
          }
        }
      } catch (IOException e) {
        // closed
      }
    }, "test-server");
    t.setDaemon(true);
    t.start();
    return ss;
  }

  @Test
  void refused() throws Exception {
    String root = "http://127.0.0.1:" + closedPort();
    assertNetworkError(fetch(root), root, "cannot connect: connection refused");
  }

  @Test
  void nameNotResolved() {
    String root = "http://mirror.example.invalid";
    assertNetworkError(fetch(root), root, "unknown host mirror.example.invalid (the name does not resolve)");
  }

  @Test
  void tlsFails() throws Exception {
    // an https URL on a plain HTTP server: what a wrong port or a broken proxy gives
    ServerSocket plain = server("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    String root = "https://127.0.0.1:" + plain.getLocalPort();
    JprovRun r = fetch(root);
    assertThat(r.code()).as(r.err()).isEqualTo(5);
    assertThat(r.err()).startsWith("jprov: network error: GET " + root + "/docker-ce/linux/centos/gpg: TLS error: ")
        .hasLineCount(1);
  }

  @Test
  void httpErrorStatus() throws Exception {
    ServerSocket s = server("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    String root = "http://127.0.0.1:" + s.getLocalPort();
    assertNetworkError(fetch(root), root, "HTTP 503");
  }

  @Test
  void connectionClosedWithoutAnAnswer() throws Exception {
    ServerSocket s = server("");
    String root = "http://127.0.0.1:" + s.getLocalPort();
    JprovRun r = fetch(root);
    assertThat(r.code()).as(r.err()).isEqualTo(5);
    assertThat(r.err()).startsWith("jprov: network error: GET " + root + "/docker-ce/linux/centos/gpg: ").hasLineCount(1);
  }

  @Test
  void serverThatNeverAnswersTimesOut() throws Exception {
    ServerSocket silent = server(null);
    String url = "http://127.0.0.1:" + silent.getLocalPort() + "/key";
    Http http = new Http(HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build(), Duration.ofMillis(300));
    assertThatThrownBy(() -> http.get(url))
        .isInstanceOfSatisfying(JprovException.class, e -> assertThat(e.exitCode()).isEqualTo(5))
        .hasMessage("network error: GET " + url + ": timed out (no answer within 0.3s)");
    assertThatThrownBy(() -> http.download(url, dir.resolve("k"), -1, "sha256", "0", "k", FetchListener.NONE))
        .isInstanceOfSatisfying(JprovException.class, e -> assertThat(e.exitCode()).isEqualTo(5))
        .hasMessage("network error: GET " + url + ": timed out (no answer within 0.3s)");
  }

  @Test
  void registryErrorStatusIsANetworkError() throws Exception {
    // the registry lists a layer it does not serve: before, exit 1 ("internal error")
    ImageFixture image = new ImageFixture("amd64", "Hello from Docker! (amd64)\n");
    try (FakeRegistry reg = new FakeRegistry()) {
      reg.image(image);
      reg.manifest("latest", RegistryClient.SCHEMA2, image.manifest(false));
      String layer = ImageFixture.digest(image.layerGz);
      reg.blobs.remove(layer);
      RegistryClient c = new RegistryClient(reg.url());
      RegistryClient.Reference ref = RegistryClient.Reference.parse("hello-world:latest");
      RegistryClient.ImageManifest m = c.resolve(ref, "linux/amd64");
      assertThatThrownBy(() -> c.writeArchive(ref, m, "hello-world:latest", dir.resolve("h.tar"), dir.resolve("w"),
          FetchListener.NONE))
          .isInstanceOfSatisfying(JprovException.class, e -> assertThat(e.exitCode()).isEqualTo(5))
          .hasMessage("network error: GET " + reg.url() + "/v2/library/hello-world/blobs/" + layer + ": HTTP 404");
    }
  }

  @Test
  void connectTimeoutIsNamed() {
    assertThat(Http.describe(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out")))
        .isEqualTo("connect timed out");
    assertThat(Http.describe(new javax.net.ssl.SSLHandshakeException("PKIX path building failed")))
        .isEqualTo("TLS handshake failed: PKIX path building failed");
    java.net.ConnectException unreachable = new java.net.ConnectException("Network is unreachable");
    unreachable.initCause(new java.net.SocketException("Network is unreachable"));
    assertThat(Http.describe(unreachable)).isEqualTo("cannot connect: network unreachable");
    assertThat(Http.describe(new java.net.NoRouteToHostException("No route to host")))
        .isEqualTo("cannot connect: no route to host");
  }

  @Test
  void networkUnreachable() {
    // Linux refuses a TCP connect to a multicast address with ENETUNREACH, whatever the routes
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"));
    String root = "http://224.0.0.1";
    assertNetworkError(fetch(root), root, "cannot connect: network unreachable");
  }
}
