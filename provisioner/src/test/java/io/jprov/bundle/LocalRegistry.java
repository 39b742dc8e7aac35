package io.jprov.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (the CNCF distribution registry) on 127.0.0.1:random with a temporary
 * storage directory and no auth, installed with apt-get when missing; plus a tiny Registry API v2 pusher
 * (monolithic blob uploads, manifests, a manifest list).
 */
public final class LocalRegistry implements AutoCloseable {
  static final String BINARY = "/usr/bin/docker-registry";
  private final Path dir;
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private LocalRegistry(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  /** Installs the package when missing (needs root and apt), starts the registry and waits for /v2/. */
  public static LocalRegistry start(Path dir) throws Exception {
    if (!Files.isExecutable(Path.of(BINARY))) {
      Process p = new ProcessBuilder("apt-get", "install", "-y", "docker-registry").redirectErrorStream(true)
          .redirectOutput(dir.resolve("apt.log").toFile()).start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isExecutable(Path.of(BINARY))) {
        throw new IllegalStateException("cannot install docker-registry: see " + dir.resolve("apt.log") + ": "
            + Files.readString(dir.resolve("apt.log")));
      }
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path storage = Files.createDirectories(dir.resolve("storage"));
    Path config = dir.resolve("config.yml");
    Files.writeString(config, """
        version: 0.1
        log:
          level: info
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
        """.formatted(storage, port));
    Process p = new ProcessBuilder(BINARY, "serve", config.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("registry.log").toFile()).start();
    LocalRegistry r = new LocalRegistry(dir, p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        if (r.http.send(HttpRequest.newBuilder(URI.create(r.url() + "/v2/")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return r;
        }
      } catch (IOException notYet) {
        // starting
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    r.close();
    throw new IllegalStateException("docker-registry did not answer on " + r.url() + ": "
        + Files.readString(dir.resolve("registry.log")));
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Monolithic upload: POST /v2/NAME/blobs/uploads/ then PUT LOCATION?digest=…. */
  void pushBlob(String repo, byte[] blob) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/v2/" + repo + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IllegalStateException("upload start: HTTP " + r.statusCode() + " " + r.body());
    }
    URI loc = URI.create(url()).resolve(r.headers().firstValue("Location").orElseThrow());
    String sep = loc.toString().contains("?") ? "&" : "?";
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(loc + sep + "digest="
        + ImageFixture.digest(blob))).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() != 201) {
      throw new IllegalStateException("upload: HTTP " + put.statusCode() + " " + put.body());
    }
  }

  void pushManifest(String repo, String ref, String mediaType, byte[] body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/v2/" + repo + "/manifests/" + ref))
        .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("manifest " + ref + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }

  /**
   * Pushes the image of a docker-archive (layers gzipped, schema 2) as {@code repo}@digest for linux/amd64,
   * an arm64 twin (the same layers, a config saying arm64), and a manifest list over both tagged {@code tag}.
   *
   * @return the amd64 image's config bytes (as pushed)
   */
  public byte[] pushArchiveWithList(String repo, String tag, byte[] dockerArchive) throws Exception {
    Map<String, byte[]> files = ImageFixture.untar(dockerArchive);
    var manifest = ImageFixture.JSON.readTree(files.get("manifest.json")).get(0);
    byte[] config = files.get(manifest.path("Config").asText());
    List<byte[]> layers = new ArrayList<>();
    for (var l : manifest.path("Layers")) {
      layers.add(ImageFixture.gzip(files.get(l.asText())));
    }
    ObjectNode armConfig = (ObjectNode) ImageFixture.JSON.readTree(config);
    armConfig.put("architecture", "arm64");
    byte[] arm = ImageFixture.bytes(armConfig);
    for (byte[] b : layers) {
      pushBlob(repo, b);
    }
    pushBlob(repo, config);
    pushBlob(repo, arm);
    byte[] amdManifest = schema2(config, layers);
    byte[] armManifest = schema2(arm, layers);
    pushManifest(repo, ImageFixture.digest(amdManifest), RegistryClient.SCHEMA2, amdManifest);
    pushManifest(repo, ImageFixture.digest(armManifest), RegistryClient.SCHEMA2, armManifest);
    byte[] list = ImageFixture.index(false, List.of(Map.entry(armManifest, "arm64"), Map.entry(amdManifest, "amd64")));
    pushManifest(repo, tag, RegistryClient.MANIFEST_LIST, list);
    return config;
  }

  private static byte[] schema2(byte[] config, List<byte[]> layers) {
    ObjectNode m = ImageFixture.JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", RegistryClient.SCHEMA2);
    ObjectNode c = m.putObject("config");
    c.put("mediaType", "application/vnd.docker.container.image.v1+json");
    c.put("size", config.length);
    c.put("digest", ImageFixture.digest(config));
    ArrayNode ls = m.putArray("layers");
    for (byte[] l : layers) {
      ObjectNode d = ls.addObject();
      d.put("mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip");
      d.put("size", l.length);
      d.put("digest", ImageFixture.digest(l));
    }
    return ImageFixture.bytes(m);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  Path dir() {
    return dir;
  }

  static Duration timeout() {
    return Duration.ofSeconds(30);
  }
}
