package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Http#download}: verification, skip when present, resume with Range, servers that ignore Range. */
class BundleHttpTest {
  @TempDir Path dir;
  HttpServer server;
  final byte[] body = new byte[100_000];
  final List<String> ranges = new CopyOnWriteArrayList<>();
  volatile boolean honourRange = true;
  String sha;

  @BeforeEach
  void start() throws Exception {
    new Random(7).nextBytes(body);
    sha = io.jprov.util.Sha256.of(body);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/f.rpm", x -> {
      String range = x.getRequestHeaders().getFirst("Range");
      ranges.add(String.valueOf(range));
      int from = 0;
      if (range != null && honourRange) {
        from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
        x.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        x.sendResponseHeaders(206, body.length - from);
      } else {
        x.sendResponseHeaders(200, body.length);
      }
      try (OutputStream o = x.getResponseBody()) {
        o.write(body, from, body.length - from);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/f.rpm";
  }

  @Test
  void downloadsVerifiesAndSkipsSecondTime() throws Exception {
    Path target = dir.resolve("rpms/f.rpm");
    Http.Result r = new Http().download(url(), target, body.length, "sha256", sha, "rpms/f.rpm", FetchListener.NONE);
    assertThat(r).isEqualTo(new Http.Result(body.length, body.length, false));
    assertThat(Files.readAllBytes(target)).isEqualTo(body);
    Http.Result again = new Http().download(url(), target, body.length, "sha256", sha, "rpms/f.rpm", FetchListener.NONE);
    assertThat(again).isEqualTo(new Http.Result(body.length, 0, true));
    assertThat(ranges).hasSize(1);
  }

  @Test
  void resumesAPartWithRange() throws Exception {
    Path target = dir.resolve("f.rpm");
    Files.write(dir.resolve("f.rpm.part"), Arrays.copyOf(body, 40_000));
    Http.Result r = new Http().download(url(), target, body.length, "sha256", sha, "f.rpm", FetchListener.NONE);
    assertThat(r.downloaded()).isEqualTo(60_000);
    assertThat(ranges).containsExactly("bytes=40000-");
    assertThat(Files.readAllBytes(target)).isEqualTo(body);
    assertThat(dir.resolve("f.rpm.part")).doesNotExist();
  }

  @Test
  void serverIgnoringRangeRestartsFromZero() throws Exception {
    honourRange = false;
    Path target = dir.resolve("f.rpm");
    Files.write(dir.resolve("f.rpm.part"), Arrays.copyOf(body, 40_000));
    Http.Result r = new Http().download(url(), target, body.length, "sha256", sha, "f.rpm", FetchListener.NONE);
    assertThat(r.downloaded()).isEqualTo(body.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(body);
  }

  @Test
  void corruptPartOrWrongChecksumIsRejectedAndThePartRemoved() throws Exception {
    Path target = dir.resolve("f.rpm");
    byte[] bad = Arrays.copyOf(body, 40_000);
    bad[10] ^= 1;
    Files.write(dir.resolve("f.rpm.part"), bad);
    assertThatThrownBy(() -> new Http().download(url(), target, body.length, "sha256", sha, "f.rpm", FetchListener.NONE))
        .hasMessageContaining("sha256 mismatch (expected " + sha);
    assertThat(dir.resolve("f.rpm.part")).doesNotExist();
    assertThat(target).doesNotExist();
    // the next fetch starts over and succeeds
    assertThat(new Http().download(url(), target, body.length, "sha256", sha, "f.rpm", FetchListener.NONE).downloaded())
        .isEqualTo(body.length);
  }

  @Test
  void presentFileWithWrongContentIsReplaced() throws Exception {
    Path target = dir.resolve("f.rpm");
    byte[] bad = body.clone();
    bad[5] ^= 1;
    Files.write(target, bad);
    Http.Result r = new Http().download(url(), target, body.length, "sha256", sha, "f.rpm", FetchListener.NONE);
    assertThat(r.skipped()).isFalse();
    assertThat(Files.readAllBytes(target)).isEqualTo(body);
  }
}
