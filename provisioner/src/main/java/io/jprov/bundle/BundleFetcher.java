package io.jprov.bundle;

import io.jprov.ExitCodes;
import io.jprov.platform.VersionMatch;
import io.jprov.JprovException;
import io.jprov.bundle.BundleManifest.Artifact;
import io.jprov.bundle.BundleManifest.Kind;
import io.jprov.bundle.BundleManifest.PackagePin;
import io.jprov.util.DebVersion;
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
 * {@code jprov bundle fetch}: resolves the request against the Docker CE repository and the platform's own
 * repositories (CentOS 7's base/updates/extras, EL8/EL9's BaseOS and AppStream, Debian's or Ubuntu's
 * archive), downloads the packages (verified against the repodata or {@code Packages} checksums, resumed
 * from {@code .part} files) and the GPG keys, pulls the images into docker-archive tars, and writes
 * {@code bundle.yml} last. Files already present with the expected size and checksum are not downloaded
 * again. The request's {@code target.os} says the platform; the caller gives its directory
 * ({@link BundlePlatform#dir}).
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
  /** Docker's apt repository signing key (docs/bundle.md). */
  public static final String PINNED_APT_KEY = "9DC858229FC7DD38854AE2D88D81803C0EBFCD88";
  /** Docker's rpm repository signing key. */
  public static final String PINNED_RPM_KEY = "060A61C51B558A7F742B77AAC52FEB6B621E9F35";
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

    /** Every fingerprint a served key of an EL7 bundle may have. */
    public Set<String> allowedFingerprints() {
      Set<String> all = new HashSet<>(PINNED_KEYS.keySet());
      all.addAll(gpgFingerprints);
      return all;
    }

    /** Every fingerprint a served key of {@code platform}'s bundle may have: Docker's key for its package format. */
    Set<String> allowedFingerprints(BundlePlatform platform) {
      if (platform.key().equals(BundlePlatform.EL7)) {
        return allowedFingerprints();
      }
      Set<String> all = new HashSet<>(gpgFingerprints);
      all.add(platform.apt() ? PINNED_APT_KEY : PINNED_RPM_KEY);
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

  /**
   * Fetches the bundle of the request's platform ({@code target.os}) into {@code o.dir()}.
   *
   * @throws JprovException exit 2 for bad input (unpinned key, a pin or dependency the repositories do not
   *     have), exit 5 when a mirror or registry cannot be reached
   */
  public Summary fetch(Options o) {
    BundlePlatform platform = BundlePlatform.of(o.request().target().os());
    Path dir = o.dir();
    Map<String, Artifact> previous = new HashMap<>();
    Path existing = dir.resolve(BundleManifest.FILE_NAME);
    if (Files.isRegularFile(existing)) {
      BundleManifest prev = BundleManifest.load(existing, existing.toString());
      if (!prev.target().os().equals(platform.key())) {
        throw new JprovException(ExitCodes.INPUT, existing + ": holds a bundle for " + prev.target().os()
            + ", not " + platform.key() + "; fetch " + platform.key() + " into its own directory");
      }
      for (Artifact a : prev.artifacts()) {
        previous.put(a.file(), a);
      }
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INPUT, dir + ": cannot create the bundle directory: " + e.getMessage());
    }
    if (platform.key().equals(BundlePlatform.EL7)) {
      return fetchEl7(o, previous);
    }
    return platform.apt() ? fetchApt(o, platform, previous) : fetchDnf(o, platform, previous);
  }

  private Summary fetchEl7(Options o, Map<String, Artifact> previous) {
    Path dir = o.dir();
    BundleManifest request = o.request();
    String version = o.version() == null ? request.dockerVersion() : o.version();
    // Keys first: an unpinned key stops the fetch before hundreds of MB are downloaded.
    Set<String> allowed = o.allowedFingerprints();
    KeyFetch dockerKey = key(dir, "keys/docker-ce.gpg", "docker-ce-stable", strip(o.mirror()) + "/linux/centos/gpg",
        previous, allowed);
    KeyFetch centosKey = key(dir, "keys/RPM-GPG-KEY-CentOS-7", "base",
        strip(o.baseMirror()) + "/RPM-GPG-KEY-CentOS-7", previous, allowed);
    List<RpmPackage> all = new ArrayList<>();
    for (Repo r : repos(o.mirror(), o.baseMirror())) {
      all.addAll(readRepo(r));
    }
    List<RpmPackage> closure = new Resolver(all, new HashSet<>(request.assumedPresent()))
        .resolve(pins(request, version));
    listener.message("resolved " + closure.size() + " packages");

    Counter c = new Counter();
    c.add(dockerKey.downloaded(), dockerKey.skipped());
    c.add(centosKey.downloaded(), centosKey.skipped());
    List<Artifact> artifacts = new ArrayList<>(downloadRpms(dir, closure, c));
    artifacts.add(dockerKey.artifact());
    artifacts.add(centosKey.artifact());
    BundleManifest out = finish(o, request, artifacts, previous, c);
    if (o.version() != null && !o.version().equals(request.dockerVersion())) {
      List<PackagePin> newPins = new ArrayList<>();
      pins(request, version).forEach((n, v) -> newPins.add(new PackagePin(n, v)));
      out = new BundleManifest(out.format(), out.target(), version, newPins, out.assumedPresent(), out.images(),
          out.artifacts(), out.fetched());
    }
    return write(dir, out, c);
  }

  /**
   * The repositories read for an EL8/EL9 bundle: Docker CE's {@code centos} tree with the major version
   * literally, and the distribution's BaseOS and AppStream under {@code baseMirror} (Rocky Linux's layout,
   * {@code <base>/<major>/<BaseOS|AppStream>/x86_64/os}).
   */
  public static List<Repo> repos(BundlePlatform platform, String mirror, String baseMirror) {
    String b = strip(baseMirror);
    String major = platform.distro().major();
    return List.of(new Repo("docker-ce-stable", platform.distro().dockerRepoUrl(strip(mirror), "stable")),
        new Repo("baseos", b + "/" + major + "/BaseOS/x86_64/os"),
        new Repo("appstream", b + "/" + major + "/AppStream/x86_64/os"));
  }

  private Summary fetchDnf(Options o, BundlePlatform platform, Map<String, Artifact> previous) {
    Path dir = o.dir();
    BundleManifest request = o.request();
    // Keys first. The distribution's own key is on every host already (its release package): only Docker's.
    KeyFetch dockerKey = key(dir, "keys/docker-ce.gpg", "docker-ce-stable",
        strip(o.mirror()) + "/linux/" + platform.distro().dockerRepoDistro() + "/gpg", previous,
        o.allowedFingerprints(platform));
    List<RpmPackage> all = new ArrayList<>();
    for (Repo r : repos(platform, o.mirror(), o.baseMirror())) {
      all.addAll(readRepo(r));
    }
    Map<String, String> pins = requestPins(request);
    String version = request.dockerVersion();
    if (moved(o, request)) {
      Map<String, List<String>> available = new LinkedHashMap<>();
      for (RpmPackage p : all) {
        if (Set.of("x86_64", "noarch").contains(p.arch())) {
          available.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.evr().toString());
        }
      }
      pins = dockerSet(VersionMatch.Scheme.RPM, o.version(), List.copyOf(pins.keySet()), available, platform.key());
      version = Evr.parse(pins.values().iterator().next()).version();
    }
    List<RpmPackage> closure = new Resolver(all, new HashSet<>(request.assumedPresent())).resolve(pins);
    listener.message("resolved " + closure.size() + " packages for " + platform.key());
    Counter c = new Counter();
    c.add(dockerKey.downloaded(), dockerKey.skipped());
    List<Artifact> artifacts = new ArrayList<>(downloadRpms(dir, closure, c));
    artifacts.add(dockerKey.artifact());
    return write(dir, repinned(finish(o, request, artifacts, previous, c), version, pins), c);
  }

  /** An apt archive to read: {@code <root>/dists/<suite>/<component>/binary-<arch>/Packages}. */
  public record AptSource(String id, String root, String suite, List<String> components, boolean required) {}

  /**
   * The archives read for a Debian or Ubuntu bundle: Docker CE's ({@code <mirror>/linux/<debian|ubuntu>},
   * suite the codename, component {@code stable}) and the distribution's release suite (its main
   * component; Ubuntu's universe too where the archive has it).
   */
  public static List<AptSource> aptSources(BundlePlatform platform, String mirror, String baseMirror) {
    String codename = platform.distro().codename();
    return List.of(
        new AptSource("docker-ce", platform.distro().dockerRepoUrl(strip(mirror), "stable"), codename,
            List.of("stable"), true),
        new AptSource("base", strip(baseMirror), codename, platform.baseComponents(), false));
  }

  private Summary fetchApt(Options o, BundlePlatform platform, Map<String, Artifact> previous) {
    Path dir = o.dir();
    BundleManifest request = o.request();
    KeyFetch dockerKey = key(dir, "keys/docker.asc", "docker",
        strip(o.mirror()) + "/linux/" + platform.distro().dockerRepoDistro() + "/gpg", previous,
        o.allowedFingerprints(platform));
    String arch = platform.distro().debArch();
    String pinnedKey;
    try {
      pinnedKey = Files.readString(dir.resolve(dockerKey.artifact().file()), java.nio.charset.StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot read " + dir.resolve(dockerKey.artifact().file()) + ": "
          + e.getMessage(), e);
    }
    List<DebPackage> all = new ArrayList<>();
    for (AptSource s : aptSources(platform, o.mirror(), o.baseMirror())) {
      // Docker's archive is signed by the pinned key; the distribution's by its own keys, which jprov does not pin
      all.addAll(readApt(s, arch, s.required() ? pinnedKey : null));
    }
    AptResolver resolver = new AptResolver(all, arch, new HashSet<>(request.assumedPresent()));
    Map<String, String> pins = requestPins(request);
    String version = request.dockerVersion();
    if (moved(o, request)) {
      Map<String, List<String>> available = new LinkedHashMap<>();
      for (String n : pins.keySet()) {
        available.put(n, resolver.versions(n));
      }
      pins = dockerSet(VersionMatch.Scheme.DEB, o.version(), List.copyOf(pins.keySet()), available, platform.key());
      version = DebVersion.upstream(pins.values().iterator().next());
    }
    List<DebPackage> closure = resolver.resolve(pins);
    listener.message("resolved " + closure.size() + " packages for " + platform.key());
    Counter c = new Counter();
    c.add(dockerKey.downloaded(), dockerKey.skipped());
    List<Artifact> artifacts = new ArrayList<>();
    for (DebPackage p : closure) {
      String file = "debs/" + p.fileName();
      String sha = p.entry().sha256().toLowerCase(java.util.Locale.ROOT);
      if (!sha.matches("[0-9a-f]{64}") || p.entry().filename().isEmpty()) {
        throw new JprovException(ExitCodes.INPUT, p.display() + " (" + p.sourceId() + "): the Packages index gives"
            + " no SHA256 or Filename for it; refusing a file that cannot be checked");
      }
      Http.Result r = http.download(p.url(), dir.resolve(file), p.entry().size(), "sha256", sha, file, listener);
      c.add(r.downloaded(), r.skipped());
      artifacts.add(new Artifact(file, Kind.DEB, p.name(), p.version(), r.size(), sha, Secrets.mask(p.url())));
    }
    artifacts.add(dockerKey.artifact());
    return write(dir, repinned(finish(o, request, artifacts, previous, c), version, pins), c);
  }

  /**
   * Reads one apt archive: {@code InRelease} (else {@code Release}), then each component's {@code Packages}
   * file checked against the Release's SHA256 and size. With {@code pinnedKey}, the Release's OpenPGP
   * signature ({@code InRelease}, else {@code Release.gpg}) must verify against it (exit 2 otherwise);
   * without (the distribution's archive), it is not checked.
   */
  private List<DebPackage> readApt(AptSource s, String arch, String pinnedKey) {
    String dists = s.root() + "/dists/" + s.suite();
    listener.message("reading " + s.id() + " " + dists + (pinnedKey == null
        ? " (Release hashes checked; its signature is not: no pinned key for it)" : ""));
    byte[] rel = http.getIfPresent(dists + "/InRelease");
    String relUrl = dists + "/InRelease";
    String problem = null;
    if (rel != null) {
      if (pinnedKey != null) {
        problem = ReleaseSignature.verifyClearSigned(new String(rel, java.nio.charset.StandardCharsets.UTF_8),
            pinnedKey);
      }
    } else {
      relUrl = dists + "/Release";
      rel = http.get(relUrl);
      if (pinnedKey != null) {
        byte[] sig = http.getIfPresent(dists + "/Release.gpg");
        problem = sig == null ? "neither InRelease nor Release.gpg: the signature cannot be checked"
            : ReleaseSignature.verifyDetached(rel, new String(sig, java.nio.charset.StandardCharsets.US_ASCII),
                pinnedKey);
      }
    }
    if (problem != null) {
      throw new JprovException(ExitCodes.INPUT, relUrl + ": refusing the archive: " + problem);
    }
    AptRelease release = AptRelease.parse(rel, relUrl);
    List<DebPackage> out = new ArrayList<>();
    int read = 0;
    for (String comp : s.components()) {
      String path = release.packagesPath(comp, arch);
      if (path == null) {
        if (s.required()) {
          throw new JprovException(ExitCodes.INPUT, relUrl + ": lists no " + comp + "/binary-" + arch
              + "/Packages(.gz)");
        }
        listener.message(relUrl + ": no " + comp + "/binary-" + arch + " index; skipped");
        continue;
      }
      String url = dists + "/" + path;
      byte[] body = http.get(url);
      AptRelease.Entry want = release.entries().get(path);
      String sum = Sha256.of(body);
      if (!sum.equals(want.sha256()) || body.length != want.size()) {
        throw new JprovException(ExitCodes.INPUT, url + ": sha256 mismatch with " + relUrl + " (expected "
            + want.sha256() + ", " + want.size() + " bytes; found " + sum + ", " + body.length + " bytes)");
      }
      String text;
      try {
        text = new String(path.endsWith(".gz") ? new java.util.zip.GZIPInputStream(
            new java.io.ByteArrayInputStream(body)).readAllBytes() : body, java.nio.charset.StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new JprovException(ExitCodes.INPUT, url + ": cannot decompress: " + e.getMessage(), e);
      }
      for (DebIndex.Entry e : DebIndex.parse(text)) {
        out.add(new DebPackage(s.id(), s.root(), e));
      }
      read++;
    }
    if (read == 0) {
      throw new JprovException(ExitCodes.INPUT, relUrl + ": lists none of the components " + s.components()
          + " for " + arch);
    }
    return out;
  }

  private boolean moved(Options o, BundleManifest request) {
    return o.version() != null && !o.version().equals(request.dockerVersion());
  }

  private static Map<String, String> requestPins(BundleManifest request) {
    Map<String, String> pins = new LinkedHashMap<>();
    request.packages().forEach(p -> pins.put(p.name(), p.version()));
    return pins;
  }

  /** The fetched manifest with the Docker version and pins actually used (after {@code --version}). */
  private static BundleManifest repinned(BundleManifest m, String version, Map<String, String> pins) {
    List<PackagePin> newPins = new ArrayList<>();
    pins.forEach((n, v) -> newPins.add(new PackagePin(n, v)));
    return new BundleManifest(m.format(), m.target(), version, newPins, m.assumedPresent(), m.images(),
        m.artifacts(), m.fetched());
  }

  /** Reads one yum repository's repomd.xml and primary data, checked against repomd's checksum. */
  private List<RpmPackage> readRepo(Repo r) {
    listener.message("reading " + r.id() + " " + r.url());
    byte[] repomd = http.get(r.url() + "/repodata/repomd.xml");
    RepoMetadata.PrimaryRef ref = RepoMetadata.primaryRef(repomd, r.url());
    byte[] primary = http.get(r.url() + "/" + ref.href());
    String sum = Sha256.hex(Digests.of(ref.checksumType()).digest(primary));
    if (!sum.equals(ref.checksum())) {
      throw new JprovException(ExitCodes.INTERNAL, r.url() + "/" + ref.href() + ": " + ref.checksumType()
          + " mismatch with repomd.xml (expected " + ref.checksum() + ", found " + sum + ")");
    }
    return RepoMetadata.parsePrimary(primary, r.id(), r.url());
  }

  private List<Artifact> downloadRpms(Path dir, List<RpmPackage> closure, Counter c) {
    List<Artifact> artifacts = new ArrayList<>();
    for (RpmPackage p : closure) {
      String file = "rpms/" + p.fileName();
      Http.Result r = http.download(p.url(), dir.resolve(file), p.size(), p.checksumType(), p.checksum(), file,
          listener);
      c.add(r.downloaded(), r.skipped());
      String sha = "sha256".equalsIgnoreCase(p.checksumType()) ? p.checksum() : sha256(dir.resolve(file));
      artifacts.add(new Artifact(file, Kind.RPM, p.name(), p.evr().toString(), r.size(), sha, Secrets.mask(p.url())));
    }
    return artifacts;
  }

  /** Pulls the images (appended to {@code artifacts}) and returns the manifest to write. */
  private BundleManifest finish(Options o, BundleManifest request, List<Artifact> artifacts,
      Map<String, Artifact> previous, Counter c) {
    RegistryClient registry = new RegistryClient(o.registry());
    for (BundleManifest.ImageSpec img : request.images()) {
      artifacts.add(image(o.dir(), registry, img, previous, c));
    }
    return request.withArtifacts(artifacts, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private Summary write(Path dir, BundleManifest out, Counter c) {
    out.write(dir);
    removeStale(dir, out.artifacts());
    long total = out.artifacts().stream().mapToLong(Artifact::size).sum();
    return new Summary(out, out.artifacts().size(), total, c.downloaded, c.bytes, c.skipped);
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

  /**
   * Removes packages, keys and images of an earlier fetch that this one no longer lists (so rpms/*.rpm or
   * debs/*.deb is the set). Only this platform's folders: another platform's {@code DIR/<key>/} is left alone.
   */
  private void removeStale(Path dir, List<Artifact> artifacts) {
    Set<Path> keep = new HashSet<>();
    artifacts.forEach(a -> keep.add(dir.resolve(a.file()).normalize()));
    for (String sub : List.of("rpms", "debs", "keys", "images")) {
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

  /**
   * The Docker set for {@code --version} (a version or prefix) from what the repositories offer, by the rules of
   * the online resolution ({@link VersionMatch}, docs/lock.md); a version they lack is bad input (exit 2).
   */
  private static Map<String, String> dockerSet(VersionMatch.Scheme scheme, String version, List<String> names,
      Map<String, List<String>> available, String platform) {
    try {
      return VersionMatch.select(scheme, version, names, available, "the " + platform + " repositories");
    } catch (io.jprov.platform.RepoLookup.LookupException e) {
      String m = e.getMessage();
      throw new JprovException(ExitCodes.INPUT, m.startsWith("docker.version ") ? "--version " + m.substring(15) : m);
    }
  }
}
