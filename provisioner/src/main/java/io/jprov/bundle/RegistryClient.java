package io.jprov.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A read-only client of the Docker Registry HTTP API v2 (the CNCF distribution spec): anonymous
 * bearer-token challenge, manifest lists / OCI indexes resolved to one platform, Docker schema 2 and
 * OCI image manifests, blobs verified against their digests; and a writer of the pulled image as a
 * docker-archive tar ({@code manifest.json}, {@code repositories}, config, uncompressed layers) that
 * {@code docker load} reads on any engine. Not thread-safe (it caches one token).
 */
public final class RegistryClient {
  public static final String MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String SCHEMA2 = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String ACCEPT = String.join(", ", MANIFEST_LIST, OCI_INDEX, SCHEMA2, OCI_MANIFEST);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final String base;
  private final HttpClient client;
  private String token;
  private boolean pinged;

  /** @param baseUrl e.g. https://registry-1.docker.io (no /v2) */
  public RegistryClient(String baseUrl) {
    this(baseUrl, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(20)).build());
  }

  public RegistryClient(String baseUrl, HttpClient client) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.client = client;
  }

  public String baseUrl() {
    return base;
  }

  /**
   * An image reference: repository path as the registry names it and tag. Official images get
   * {@code library/} like the docker CLI does.
   */
  public record Reference(String repository, String tag, String display) {
    public static Reference parse(String image) {
      String name = image;
      String tag = "latest";
      int colon = image.lastIndexOf(':');
      if (colon > image.lastIndexOf('/')) {
        name = image.substring(0, colon);
        tag = image.substring(colon + 1);
      }
      String repo = name.contains("/") ? name : "library/" + name;
      String display = (name + ":" + tag);
      return new Reference(repo, tag, display);
    }
  }

  /** A content descriptor. */
  public record Descriptor(String mediaType, String digest, long size) {}

  /**
   * An image manifest for one platform.
   *
   * @param digest the digest of the image manifest itself
   * @param listDigest the digest of the list/index it was picked from, or null
   */
  public record ImageManifest(String mediaType, String digest, String listDigest, Descriptor config,
      List<Descriptor> layers) {}

  /** Resolves a tag to the image manifest for {@code platform} ("linux/amd64", "linux/arm64/v8"). */
  public ImageManifest resolve(Reference ref, String platform) {
    ping(ref);
    Fetched m = manifest(ref, ref.tag());
    String listDigest = null;
    if (m.mediaType.equals(MANIFEST_LIST) || m.mediaType.equals(OCI_INDEX)) {
      listDigest = m.digest;
      String digest = pick(m.json, platform, ref);
      m = manifest(ref, digest);
      if (m.mediaType.equals(MANIFEST_LIST) || m.mediaType.equals(OCI_INDEX)) {
        throw fail(ref.display() + ": the " + platform + " entry of the index is itself an index");
      }
    }
    if (!m.mediaType.equals(SCHEMA2) && !m.mediaType.equals(OCI_MANIFEST)) {
      throw fail(ref.display() + ": unsupported manifest media type " + m.mediaType
          + " (schema 1 manifests are not supported)");
    }
    JsonNode cfg = m.json.path("config");
    List<Descriptor> layers = new ArrayList<>();
    for (JsonNode l : m.json.path("layers")) {
      layers.add(descriptor(l));
    }
    return new ImageManifest(m.mediaType, m.digest, listDigest, descriptor(cfg), layers);
  }

  /** The result of {@link #writeArchive}. */
  public record Archive(long size, String sha256, long downloaded) {}

  /**
   * Downloads the config and layers of {@code m} (verifying each digest and the config's diff_ids)
   * and writes a docker-archive tar at {@code tar}, through {@code tar.part}. Blobs are kept in
   * {@code work} while writing, then removed.
   */
  public Archive writeArchive(Reference ref, ImageManifest m, String repoTag, Path tar, Path work,
      FetchListener listener) {
    try {
      Files.createDirectories(work);
      long downloaded = 0;
      Path cfgFile = work.resolve(hex(m.config().digest()) + ".json");
      downloaded += blob(ref, m.config(), cfgFile, listener);
      byte[] config = Files.readAllBytes(cfgFile);
      JsonNode cfgJson = JSON.readTree(config);
      JsonNode diffIds = cfgJson.path("rootfs").path("diff_ids");
      if (diffIds.size() != m.layers().size()) {
        throw fail(ref.display() + ": the config lists " + diffIds.size() + " diff_ids for " + m.layers().size()
            + " layers");
      }
      List<String> layerDirs = new ArrayList<>();
      List<Path> layerTars = new ArrayList<>();
      for (int i = 0; i < m.layers().size(); i++) {
        Descriptor d = m.layers().get(i);
        Path blobFile = work.resolve(hex(d.digest()) + ".blob");
        downloaded += blob(ref, d, blobFile, listener);
        Path layerTar = work.resolve(hex(d.digest()) + ".tar");
        String diffId = uncompress(d, blobFile, layerTar);
        String want = diffIds.get(i).asText();
        if (!diffId.equals(want)) {
          throw fail(ref.display() + ": layer " + d.digest() + " uncompresses to " + diffId + ", the config says "
              + want);
        }
        layerDirs.add(hex(diffId));
        layerTars.add(layerTar);
      }
      Path part = tar.resolveSibling(tar.getFileName() + ".part");
      Files.createDirectories(tar.getParent());
      MessageDigest md = Sha256.digest();
      try (TarWriter w = new TarWriter(new java.security.DigestOutputStream(Files.newOutputStream(part), md))) {
        String cfgName = hex(m.config().digest()) + ".json";
        w.file(cfgName, config);
        for (int i = 0; i < layerDirs.size(); i++) {
          w.directory(layerDirs.get(i));
          w.file(layerDirs.get(i) + "/layer.tar", layerTars.get(i));
        }
        ArrayNode manifest = JSON.createArrayNode();
        ObjectNode entry = manifest.addObject();
        entry.put("Config", cfgName);
        entry.putArray("RepoTags").add(repoTag);
        ArrayNode ls = entry.putArray("Layers");
        layerDirs.forEach(dir -> ls.add(dir + "/layer.tar"));
        w.file("manifest.json", JSON.writeValueAsBytes(manifest));
        int colon = repoTag.lastIndexOf(':');
        Map<String, Map<String, String>> repos = new LinkedHashMap<>();
        repos.put(repoTag.substring(0, colon),
            Map.of(repoTag.substring(colon + 1), layerDirs.isEmpty() ? "" : layerDirs.get(layerDirs.size() - 1)));
        w.file("repositories", JSON.writeValueAsBytes(repos));
      }
      Files.move(part, tar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(work);
      return new Archive(Files.size(tar), Sha256.hex(md.digest()), downloaded);
    } catch (IOException e) {
      throw fail("cannot write " + tar + ": " + e.getMessage());
    }
  }

  private static String uncompress(Descriptor d, Path blob, Path out) throws IOException {
    boolean gzip;
    try (InputStream in = Files.newInputStream(blob)) {
      byte[] head = in.readNBytes(2);
      gzip = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }
    if (d.mediaType() != null && d.mediaType().contains("zstd")) {
      throw fail("layer " + d.digest() + ": zstd layers are not supported (EL7's Docker cannot load them either)");
    }
    MessageDigest md = Sha256.digest();
    try (InputStream raw = Files.newInputStream(blob);
        InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
        OutputStream o = new java.security.DigestOutputStream(Files.newOutputStream(out), md)) {
      in.transferTo(o);
    }
    return "sha256:" + Sha256.hex(md.digest());
  }

  /** Downloads a blob to {@code target}, verifying size and digest; returns the bytes received. */
  long blob(Reference ref, Descriptor d, Path target, FetchListener listener) {
    String url = base + "/v2/" + ref.repository() + "/blobs/" + d.digest();
    HttpResponse<InputStream> r = sendFollowing(ref, HttpRequest.newBuilder(URI.create(url)).GET(), url, true);
    if (r.statusCode() != 200) {
      close(r);
      throw Http.httpStatus(url, r.statusCode());
    }
    String display = "blob " + d.digest().substring(0, Math.min(19, d.digest().length()));
    listener.started(display, d.size(), 0);
    MessageDigest md = Digests.of(algorithm(d.digest()));
    long done;
    try (InputStream in = r.body(); OutputStream out = Files.newOutputStream(target)) {
      done = Http.copy(in, out, md, listener, display, 0, d.size());
    } catch (IOException e) {
      boolean local = e instanceof java.nio.file.FileSystemException;
      throw local ? fail("cannot write " + target + ": " + e.getMessage())
          : new JprovException(ExitCodes.NETWORK, "network error: GET " + url + ": " + Http.describe(e), e);
    }
    String found = algorithm(d.digest()) + ":" + Sha256.hex(md.digest());
    if (!found.equals(d.digest()) || (d.size() >= 0 && done != d.size())) {
      throw fail(ref.display() + ": blob digest mismatch (expected " + d.digest() + ", found " + found + ", "
          + done + " bytes)");
    }
    listener.finished(display, done, done, false);
    return done;
  }

  private record Fetched(String mediaType, String digest, JsonNode json) {}

  private Fetched manifest(Reference ref, String reference) {
    String url = base + "/v2/" + ref.repository() + "/manifests/" + reference;
    HttpResponse<InputStream> r = sendFollowing(ref, HttpRequest.newBuilder(URI.create(url)).header("Accept", ACCEPT)
        .GET(), url, true);
    byte[] body;
    try (InputStream in = r.body()) {
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new JprovException(ExitCodes.NETWORK, "network error: GET " + url + ": " + Http.describe(e), e);
    }
    if (r.statusCode() == 404) {
      throw new JprovException(ExitCodes.INPUT, ref.display() + ": not found in " + base + " (manifest "
          + reference + ")");
    }
    if (r.statusCode() != 200) {
      throw Http.httpStatus(url, r.statusCode());
    }
    String computed = "sha256:" + Sha256.of(body);
    String header = r.headers().firstValue("Docker-Content-Digest").orElse(null);
    if (reference.startsWith("sha256:") && !reference.equals(computed)) {
      throw fail(ref.display() + ": manifest digest mismatch (expected " + reference + ", found " + computed + ")");
    }
    if (header != null && header.startsWith("sha256:") && !header.equals(computed)) {
      throw fail(ref.display() + ": manifest digest mismatch (registry says " + header + ", content is " + computed
          + ")");
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      throw fail(ref.display() + ": manifest is not JSON: " + e.getMessage());
    }
    String type = json.path("mediaType").asText("");
    if (type.isEmpty()) {
      type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
    }
    if (type.isEmpty() && json.has("manifests")) {
      type = OCI_INDEX;
    } else if (type.isEmpty() && json.has("config")) {
      type = OCI_MANIFEST;
    }
    return new Fetched(type, computed, json);
  }

  private static String pick(JsonNode index, String platform, Reference ref) {
    String[] p = platform.split("/");
    List<String> seen = new ArrayList<>();
    for (JsonNode m : index.path("manifests")) {
      JsonNode pl = m.path("platform");
      String os = pl.path("os").asText("");
      String arch = pl.path("architecture").asText("");
      String variant = pl.path("variant").asText("");
      seen.add(os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant));
      if (os.equals(p[0]) && arch.equals(p[1]) && (p.length < 3 || variant.equals(p[2]))) {
        return m.path("digest").asText();
      }
    }
    throw new JprovException(ExitCodes.INPUT, ref.display() + ": no " + platform + " image in the index (has "
        + String.join(", ", seen) + ")");
  }

  private static Descriptor descriptor(JsonNode n) {
    String digest = n.path("digest").asText("");
    if (!digest.matches("sha(256|512):[0-9a-f]+")) {
      throw fail("invalid digest in manifest: '" + digest + "'");
    }
    return new Descriptor(n.path("mediaType").asText(null), digest, n.path("size").asLong(-1));
  }

  private void ping(Reference ref) {
    if (pinged) {
      return;
    }
    String url = base + "/v2/";
    HttpResponse<InputStream> r = send(HttpRequest.newBuilder(URI.create(url)).GET().build(), url);
    close(r);
    if (r.statusCode() == 401) {
      authenticate(r, ref);
    } else if (r.statusCode() != 200) {
      throw fail(url + ": HTTP " + r.statusCode() + " (not a Docker Registry HTTP API v2 endpoint?)");
    }
    pinged = true;
  }

  /** Anonymous token from the realm named by {@code WWW-Authenticate: Bearer realm=…,service=…}. */
  private void authenticate(HttpResponse<?> challenge, Reference ref) {
    String h = challenge.headers().firstValue("WWW-Authenticate").orElse("");
    if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new JprovException(ExitCodes.INPUT, base + " requires credentials (" + (h.isEmpty() ? "401 without a challenge" : h)
          + "); only anonymous pulls are supported");
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(h.substring(7));
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null) {
      throw fail(base + ": bearer challenge without realm: " + h);
    }
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    if (params.containsKey("service")) {
      url.append("service=").append(enc(params.get("service"))).append('&');
    }
    String scope = params.getOrDefault("scope", "repository:" + ref.repository() + ":pull");
    url.append("scope=").append(enc(scope));
    HttpResponse<InputStream> r = send(HttpRequest.newBuilder(URI.create(url.toString())).GET().build(), realm);
    try (InputStream in = r.body()) {
      byte[] body = in.readAllBytes();
      if (r.statusCode() != 200) {
        throw fail("token request to " + realm + ": HTTP " + r.statusCode());
      }
      JsonNode t = JSON.readTree(body);
      String tok = t.path("token").asText(t.path("access_token").asText(""));
      if (tok.isEmpty()) {
        throw fail("token response from " + realm + " has no token");
      }
      token = tok;
    } catch (IOException e) {
      throw fail("token request to " + realm + ": " + e.getMessage());
    }
  }

  /** Sends with the token; one re-authentication on 401; follows redirects, dropping the token off-host. */
  private HttpResponse<InputStream> sendFollowing(Reference ref, HttpRequest.Builder rb, String url, boolean retryAuth) {
    rb.timeout(TIMEOUT);
    HttpRequest req = token == null ? rb.build() : rb.copy().header("Authorization", "Bearer " + token).build();
    HttpResponse<InputStream> r = send(req, url);
    if (r.statusCode() == 401 && retryAuth && r.headers().firstValue("WWW-Authenticate").isPresent()) {
      close(r);
      authenticate(r, ref);
      return sendFollowing(ref, rb, url, false);
    }
    URI at = req.uri();
    for (int hops = 0; hops < 5 && (r.statusCode() == 301 || r.statusCode() == 302 || r.statusCode() == 303
        || r.statusCode() == 307 || r.statusCode() == 308); hops++) {
      String loc = r.headers().firstValue("Location").orElseThrow(() -> fail(url + ": redirect without Location"));
      close(r);
      URI next = at.resolve(loc);
      HttpRequest.Builder nb = HttpRequest.newBuilder(next).timeout(TIMEOUT).GET();
      req.headers().firstValue("Accept").ifPresent(a -> nb.header("Accept", a));
      if (token != null && next.getHost() != null && next.getHost().equals(URI.create(base).getHost())) {
        nb.header("Authorization", "Bearer " + token);
      }
      r = send(nb.build(), next.toString());
      at = next;
    }
    return r;
  }

  private HttpResponse<InputStream> send(HttpRequest req, String what) {
    try {
      return client.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new JprovException(ExitCodes.NETWORK,
          "network error: GET " + what + ": " + Http.describe(e, req.uri(), TIMEOUT), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("GET " + what + ": interrupted");
    }
  }

  private static void close(HttpResponse<InputStream> r) {
    try {
      r.body().close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String algorithm(String digest) {
    return digest.substring(0, digest.indexOf(':'));
  }

  static String hex(String digest) {
    return digest.substring(digest.indexOf(':') + 1);
  }

  private static JprovException fail(String msg) {
    return new JprovException(ExitCodes.INTERNAL, msg);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
