package io.jprov.bundle;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.bundle.BundleManifest.Artifact;
import io.jprov.bundle.BundleManifest.Kind;
import io.jprov.bundle.BundleManifest.PackagePin;
import io.jprov.util.Evr;
import io.jprov.util.OpenPgp;
import io.jprov.util.Secrets;
import io.jprov.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code jprov bundle fetch}: resolves the request against the Docker CE and CentOS repositories,
 * downloads the RPMs (verified against the repodata checksums, resumed from {@code .part} files) and
 * the GPG keys, pulls the images into docker-archive tars, and writes {@code DIR/bundle.yml} last.
 * Files already present with the expected size and checksum are not downloaded again.
 *
 * <p>The repository keys are fetched first and must be pinned: every public key in a served key
 * file must have one of the allowed fingerprints ({@link #PINNED_KEYS} plus the caller's), else the
 * fetch stops with exit 2 before anything else is downloaded. A mirror is reached over plain HTTP
 * only when the user says so: the defaults are https.
 */
public final class BundleFetcher {
  public static final String DEFAULT_MIRROR = "https://mirrors.ustc.edu.cn/docker-ce";
  public static final String DEFAULT_BASE_MIRROR = "https://vault.centos.org/centos";
  /**
   * The repository keys a bundle may carry without {@code --gpg-fingerprint}: Docker's RPM signing
   * key and CentOS 7's (fingerprint to owner).
   */
  public static final Map<String, String> PINNED_KEYS = Map.of(
      "060A61C51B558A7F742B77AAC52FEB6B621E9F35", "Docker Release (CE rpm)",
      "6341AB2753D78A78A7C27BB124C6A8A7F4A80EB5", "CentOS-7 Key");
  public static final String DEFAULT_REGISTRY = "https://registry-1.docker.io";
  /** Packages whose pins follow {@code --version}; the others float to the newest when it differs. */
  static final Set<String> DOCKER_VERSIONED = Set.of("docker-ce", "docker-ce-cli", "docker-ce-rootless-extras");

  /**
   * What to fetch.
   *
   * @param dir the bundle directory (created)
   * @param request the request (the committed runtime-bundle/bundle.yml or the directory's own)
   * @param mirror Docker CE mirror root (as docker.mirror)
   * @param baseMirror CentOS tree root (as base_repos_mirror)
   * @param registry Registry API v2 base URL
   * @param version Docker version, or null for the request's
   * @param gpgFingerprints fingerprints allowed besides {@link #PINNED_KEYS} (40 hex digits, upper
   *     case, see {@link io.jprov.util.OpenPgp#normalise})
   */
  public record Options(Path dir, BundleManifest request, String mirror, String baseMirror, String registry,
      String version, Set<String> gpgFingerprints) {
    /** With the built-in pins only. */
    public Options(Path dir, BundleManifest request, String mirror, String baseMirror, String registry,
        String version) {
      this(dir, request, mirror, baseMirror, registry, version, Set.of());
    }

    /** Every fingerprint a served key may have. */
    public Set<String> allowedFingerprints() {
      Set<String> all = new HashSet<>(PINNED_KEYS.keySet());
      all.addAll(gpgFingerprints);
      return all;
    }
  }

  /**
   * What a fetch did.
   *
   * @param files artifacts in the bundle
   * @param totalSize their total size
   * @param downloadedFiles files (or image blobs) fetched over the network now
   * @param bytesDownloaded artifact bytes fetched now (repository metadata and manifests excluded)
   * @param skipped files already present and valid
   */
  public record Summary(BundleManifest manifest, int files, long totalSize, int downloadedFiles, long bytesDownloaded,
      int skipped) {}

  /** A yum repository to read. */
  public record Repo(String id, String url) {}

  private final Http http;
  private final FetchListener listener;

  public BundleFetcher(Http http, FetchListener listener) {
    this.http = http;
    this.listener = listener;
  }

  /** The repositories read for a mirror and base mirror, Docker CE first. */
  public static List<Repo> repos(String mirror, String baseMirror) {
    String m = strip(mirror);
    String b = strip(baseMirror);
    return List.of(new Repo("docker-ce-stable", m + "/linux/centos/7/x86_64/stable"),
        new Repo("base", b + "/7/os/x86_64"), new Repo("updates", b + "/7/updates/x86_64"),
        new Repo("extras", b + "/7/extras/x86_64"));
  }

  /** The pins after {@code --version}: see the class comment of the committed bundle.yml. */
  static Map<String, String> pins(BundleManifest request, String version) {
    Map<String, String> pins = new LinkedHashMap<>();
    boolean moved = version != null && !version.equals(request.dockerVersion());
    for (PackagePin p : request.packages()) {
      if (!moved || p.version() == null) {
        pins.put(p.name(), p.version());
      } else if (DOCKER_VERSIONED.contains(p.name())) {
        Evr old = Evr.parse(p.version());
        pins.put(p.name(), old.epochPrefix() + version + "-1.el7");
      } else {
        pins.put(p.name(), null);
      }
    }
    return pins;
  }

  public Summary fetch(Options o) {
    Path dir = o.dir();
    BundleManifest request = o.request();
    String version = o.version() == null ? request.dockerVersion() : o.version();
    Map<String, Artifact> previous = new HashMap<>();
    Path existing = dir.resolve(BundleManifest.FILE_NAME);
    if (Files.isRegularFile(existing)) {
      for (Artifact a : BundleManifest.load(existing, existing.toString()).artifacts()) {
        previous.put(a.file(), a);
      }
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INPUT, dir + ": cannot create the bundle directory: " + e.getMessage());
    }
    // Keys first: an unpinned key stops the fetch before hundreds of MB are downloaded.
    Set<String> allowed = o.allowedFingerprints();
    KeyFetch dockerKey = key(dir, "keys/docker-ce.gpg", "docker-ce-stable", strip(o.mirror()) + "/linux/centos/gpg",
        previous, allowed);
    KeyFetch centosKey = key(dir, "keys/RPM-GPG-KEY-CentOS-7", "base",
        strip(o.baseMirror()) + "/RPM-GPG-KEY-CentOS-7", previous, allowed);
    List<RpmPackage> all = new ArrayList<>();
    for (Repo r : repos(o.mirror(), o.baseMirror())) {
      listener.message("reading " + r.id() + " " + r.url());
      byte[] repomd = http.get(r.url() + "/repodata/repomd.xml");
      RepoMetadata.PrimaryRef ref = RepoMetadata.primaryRef(repomd, r.url());
      byte[] primary = http.get(r.url() + "/" + ref.href());
      String sum = Sha256.hex(Digests.of(ref.checksumType()).digest(primary));
      if (!sum.equals(ref.checksum())) {
        throw new JprovException(ExitCodes.INTERNAL, r.url() + "/" + ref.href() + ": " + ref.checksumType()
            + " mismatch with repomd.xml (expected " + ref.checksum() + ", found " + sum + ")");
      }
      all.addAll(RepoMetadata.parsePrimary(primary, r.id(), r.url()));
    }
    List<RpmPackage> closure = new Resolver(all, new HashSet<>(request.assumedPresent()))
        .resolve(pins(request, version));
    listener.message("resolved " + closure.size() + " packages");

    Counter c = new Counter();
    c.add(dockerKey.downloaded(), dockerKey.skipped());
    c.add(centosKey.downloaded(), centosKey.skipped());
    List<Artifact> artifacts = new ArrayList<>();
    for (RpmPackage p : closure) {
      String file = "rpms/" + p.fileName();
      Http.Result r = http.download(p.url(), dir.resolve(file), p.size(), p.checksumType(), p.checksum(), file,
          listener);
      c.add(r.downloaded(), r.skipped());
      String sha = "sha256".equalsIgnoreCase(p.checksumType()) ? p.checksum() : sha256(dir.resolve(file));
      artifacts.add(new Artifact(file, Kind.RPM, p.name(), p.evr().toString(), r.size(), sha, Secrets.mask(p.url())));
    }
    artifacts.add(dockerKey.artifact());
    artifacts.add(centosKey.artifact());
    RegistryClient registry = new RegistryClient(o.registry());
    for (BundleManifest.ImageSpec img : request.images()) {
      artifacts.add(image(dir, registry, img, previous, c));
    }
    BundleManifest out = request.withArtifacts(artifacts, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    if (o.version() != null && !o.version().equals(request.dockerVersion())) {
      List<PackagePin> newPins = new ArrayList<>();
      pins(request, version).forEach((n, v) -> newPins.add(new PackagePin(n, v)));
      out = new BundleManifest(out.format(), out.target(), version, newPins, out.assumedPresent(), out.images(),
          out.artifacts(), out.fetched());
    }
    out.write(dir);
    removeStale(dir, artifacts);
    long total = artifacts.stream().mapToLong(Artifact::size).sum();
    return new Summary(out, artifacts.size(), total, c.downloaded, c.bytes, c.skipped);
  }

  private static final class Counter {
    int downloaded;
    int skipped;
    long bytes;

    void add(long bytes, boolean skipped) {
      this.bytes += bytes;
      if (skipped) {
        this.skipped++;
      } else {
        downloaded++;
      }
    }
  }

  private record KeyFetch(Artifact artifact, long downloaded, boolean skipped) {}

  /**
   * A GPG key: no upstream checksum exists, so a present file that matches the previous manifest is
   * kept; either way every public key in it must have an allowed fingerprint.
   */
  private KeyFetch key(Path dir, String file, String repoId, String url, Map<String, Artifact> previous,
      Set<String> allowed) {
    Path target = dir.resolve(file);
    Artifact prev = previous.get(file);
    try {
      if (prev != null && Files.isRegularFile(target) && Files.size(target) == prev.size()
          && sha256(target).equals(prev.sha256()) && Secrets.mask(url).equals(prev.source())) {
        requirePinned(url, Files.readAllBytes(target), allowed);
        listener.finished(file, prev.size(), 0, true);
        return new KeyFetch(prev, 0, true);
      }
      listener.started(file, -1, 0);
      byte[] body = http.get(url);
      requirePinned(url, body, allowed);
      Files.createDirectories(target.getParent());
      Path part = target.resolveSibling(target.getFileName() + ".part");
      Files.write(part, body);
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      listener.finished(file, body.length, body.length, false);
      return new KeyFetch(new Artifact(file, Kind.KEY, repoId, null, body.length, Sha256.of(body),
          Secrets.mask(url)),
          body.length, false);
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses (exit 2) a key file that is not armoured OpenPGP or holds a public key whose
   * fingerprint is not allowed: over plain HTTP anybody on the path could have served it.
   */
  static void requirePinned(String url, byte[] body, Set<String> allowed) {
    String text = new String(body, java.nio.charset.StandardCharsets.US_ASCII);
    List<String> found;
    try {
      found = OpenPgp.fingerprints(text);
    } catch (IllegalArgumentException e) {
      throw new JprovException(ExitCodes.INPUT, url + ": not an ASCII-armoured OpenPGP public key ("
          + e.getMessage() + "); refusing it");
    }
    for (String fpr : found) {
      if (!allowed.contains(fpr)) {
        throw new JprovException(ExitCodes.INPUT, url + ": served a GPG key with fingerprint "
            + OpenPgp.display(fpr) + ", which is not pinned (allowed: "
            + allowed.stream().sorted().map(OpenPgp::display).collect(java.util.stream.Collectors.joining(", "))
            + "); refusing it. If you checked that this key is the right one, pass --gpg-fingerprint "
            + fpr);
      }
    }
  }

  private Artifact image(Path dir, RegistryClient registry, BundleManifest.ImageSpec img,
      Map<String, Artifact> previous, Counter c) {
    RegistryClient.Reference ref = RegistryClient.Reference.parse(img.name());
    listener.message("resolving " + img.name() + " for " + img.platform() + " at " + registry.baseUrl());
    RegistryClient.ImageManifest m = registry.resolve(ref, img.platform());
    String base = ref.repository().substring(ref.repository().lastIndexOf('/') + 1);
    String file = "images/" + base + ".tar";
    // bundle.yml travels to every host: a mirror's credentials never go in it
    String source = Secrets.mask(registry.baseUrl() + "/v2/" + ref.repository() + "/manifests/" + m.digest());
    Path target = dir.resolve(file);
    Artifact prev = previous.get(file);
    try {
      if (prev != null && source.equals(prev.source()) && Files.isRegularFile(target)
          && Files.size(target) == prev.size() && sha256(target).equals(prev.sha256())) {
        listener.finished(file, prev.size(), 0, true);
        c.add(0, true);
        return prev;
      }
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot read " + target + ": " + e.getMessage(), e);
    }
    String repoTag = ref.display();
    RegistryClient.Archive a = registry.writeArchive(ref, m, repoTag, target, dir.resolve("images/.work-" + base),
        listener);
    listener.finished(file, a.size(), a.downloaded(), false);
    c.add(a.downloaded(), false);
    return new Artifact(file, Kind.IMAGE, repoTag, null, a.size(), a.sha256(), source);
  }

  /** Removes RPMs, keys and images of an earlier fetch that this one no longer lists (so rpms/*.rpm is the set). */
  private void removeStale(Path dir, List<Artifact> artifacts) {
    Set<Path> keep = new HashSet<>();
    artifacts.forEach(a -> keep.add(dir.resolve(a.file()).normalize()));
    for (String sub : List.of("rpms", "keys", "images")) {
      Path d = dir.resolve(sub);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (var s = Files.list(d)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          if (!keep.contains(p.normalize()) && !p.getFileName().toString().endsWith(".part")) {
            Files.delete(p);
            listener.message("removed " + dir.relativize(p) + " (not in this bundle any more)");
          }
        }
      } catch (IOException e) {
        throw new JprovException(ExitCodes.INTERNAL, "cannot clean " + d + ": " + e.getMessage(), e);
      }
    }
  }

  private static String sha256(Path p) {
    try {
      return Sha256.of(p);
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
