package io.jprov.bundle;

import io.jprov.InputException;
import io.jprov.yaml.YNode;
import io.jprov.yaml.YamlLoader;
import io.jprov.yaml.YamlWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An offline runtime bundle's {@code bundle.yml} (docs/bundle.md): the request (target, pinned packages,
 * assumed-present packages, images) and, in a fetched bundle directory, the resolved artifacts.
 * Immutable; {@link #read} validates, {@link #write} writes it back.
 *
 * @param format always {@link #FORMAT}
 * @param target a {@link BundlePlatform}'s key and arch: el7/el8/el9 x86_64, debian-11/debian-12/ubuntu-22.04/
 *     ubuntu-24.04 amd64
 * @param dockerVersion e.g. "26.1.4"
 * @param packages the pinned set
 * @param assumedPresent package names a minimal install of the target always has; never bundled
 * @param images images to pull
 * @param artifacts the fetched files (empty in a request)
 * @param fetched ISO-8601 instant of the fetch, or null in a request
 */
public record BundleManifest(
    int format,
    Target target,
    String dockerVersion,
    List<PackagePin> packages,
    List<String> assumedPresent,
    List<ImageSpec> images,
    List<Artifact> artifacts,
    String fetched) {

  public static final int FORMAT = 1;
  public static final String FILE_NAME = "bundle.yml";
  public static final String OS = "el7";
  public static final String ARCH = "x86_64";

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Set<String> TOP_KEYS = Set.of(
      "format", "target", "docker_version", "packages", "assumed_present", "images", "artifacts", "fetched");

  public BundleManifest {
    packages = List.copyOf(packages);
    assumedPresent = List.copyOf(assumedPresent);
    images = List.copyOf(images);
    artifacts = List.copyOf(artifacts);
  }

  /** Where the bundle is meant to be installed. */
  public record Target(String os, String arch) {}

  /** One pinned package: {@code version} is the exact [epoch:]version-release, or null for "newest". */
  public record PackagePin(String name, String version) {}

  /** One image to pull, e.g. hello-world:latest for linux/amd64. */
  public record ImageSpec(String name, String platform) {}

  /** What an artifact is. */
  public enum Kind {
    RPM, DEB, KEY, IMAGE;

    public String yaml() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One file of a fetched bundle.
   *
   * @param file path relative to the bundle directory, '/'-separated (rpms/…, keys/…, images/…)
   * @param kind rpm, deb, key or image
   * @param name rpm, deb: package name; key: repository id; image: name:tag
   * @param version rpm: [epoch:]version-release; deb: the Packages index's Version; null for keys and images
   * @param size bytes
   * @param sha256 lower-case hex
   * @param source the URL it was downloaded from (for an image: the registry reference)
   */
  public record Artifact(String file, Kind kind, String name, String version, long size, String sha256, String source) {}

  /** The same manifest with other artifacts and fetch time. */
  public BundleManifest withArtifacts(List<Artifact> newArtifacts, String fetchedAt) {
    return new BundleManifest(format, target, dockerVersion, packages, assumedPresent, images, newArtifacts, fetchedAt);
  }

  /** Artifacts of one kind, in manifest order. */
  public List<Artifact> artifacts(Kind kind) {
    return artifacts.stream().filter(a -> a.kind() == kind).toList();
  }

  /**
   * Reads and validates {@code dir/bundle.yml}.
   *
   * @throws InputException (exit 2) when the directory or file is missing, the YAML is invalid, or the
   *     format or target is not the supported one ("target arch aarch64 does not match x86_64")
   */
  public static BundleManifest read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InputException(dir + ": bundle directory not found");
    }
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new InputException(file + ": file not found (not a bundle directory? run `jprov bundle fetch --dir "
          + dir + "`)");
    }
    return load(file, file.toString());
  }

  /** Reads and validates a bundle.yml (a request or a fetched one); see {@link #read}. */
  public static BundleManifest load(Path file, String displayName) {
    YNode root = YamlLoader.load(file, displayName);
    YNode.YMap m = map(root, "the document");
    for (YNode.Entry e : m.entries().values()) {
      if (!TOP_KEYS.contains(e.key())) {
        throw InputException.at(e.keyLocation(), "unknown key '" + e.key() + "'");
      }
    }
    YNode fmt = required(m, "format");
    if (!(fmt instanceof YNode.YScalar s) || !(s.value() instanceof Integer i) || i != FORMAT) {
      throw InputException.at(fmt.location(), "unsupported bundle format " + text(fmt) + " (this jprov reads format "
          + FORMAT + ")");
    }
    YNode.YMap t = map(required(m, "target"), "target");
    String os = string(required(t, "os"), "target.os");
    String arch = string(required(t, "arch"), "target.arch");
    BundlePlatform platform = BundlePlatform.of(os);
    if (platform == null) {
      throw InputException.at(t.get("os").location(), "target os " + os + " is not a bundle platform ("
          + BundlePlatform.keys() + ")");
    }
    if (!platform.arch().equals(arch)) {
      throw InputException.at(t.get("arch").location(), "target arch " + arch + " does not match " + platform.arch());
    }
    String docker = string(required(m, "docker_version"), "docker_version");
    List<PackagePin> pins = new ArrayList<>();
    for (YNode n : seq(m.get("packages"), "packages")) {
      YNode.YMap p = map(n, "a packages entry");
      YNode v = p.get("version");
      pins.add(new PackagePin(string(required(p, "name"), "name"), v == null ? null : string(v, "version")));
    }
    List<String> assumed = new ArrayList<>();
    for (YNode n : seq(m.get("assumed_present"), "assumed_present")) {
      assumed.add(string(n, "an assumed_present entry"));
    }
    List<ImageSpec> images = new ArrayList<>();
    for (YNode n : seq(m.get("images"), "images")) {
      YNode.YMap p = map(n, "an images entry");
      YNode plat = p.get("platform");
      images.add(new ImageSpec(string(required(p, "name"), "name"), plat == null ? "linux/amd64" : string(plat, "platform")));
    }
    List<Artifact> artifacts = new ArrayList<>();
    for (YNode n : seq(m.get("artifacts"), "artifacts")) {
      artifacts.add(artifact(map(n, "an artifacts entry"), platform));
    }
    YNode f = m.get("fetched");
    return new BundleManifest(FORMAT, new Target(os, arch), docker, pins, assumed, images, artifacts,
        f == null || (f instanceof YNode.YScalar s2 && s2.value() == null) ? null : string(f, "fetched"));
  }

  private static Artifact artifact(YNode.YMap a, BundlePlatform platform) {
    String file = string(required(a, "file"), "file");
    if (file.startsWith("/") || file.contains("\\") || List.of(file.split("/")).contains("..") || file.isBlank()) {
      throw InputException.at(a.get("file").location(), "artifact file '" + file
          + "' must be a relative path inside the bundle directory");
    }
    String kindText = string(required(a, "kind"), "kind");
    Kind kind;
    Kind packageKind = platform.apt() ? Kind.DEB : Kind.RPM;
    try {
      kind = Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      kind = null;
    }
    if (kind == null || kind == (platform.apt() ? Kind.RPM : Kind.DEB)) {
      throw InputException.at(a.get("kind").location(), "unknown artifact kind '" + kindText + "' for target "
          + platform.key() + " (" + packageKind.yaml() + ", key or image)");
    }
    String name = string(required(a, "name"), "name");
    YNode v = a.get("version");
    String version = v == null ? null : string(v, "version");
    if ((kind == Kind.RPM || kind == Kind.DEB) && version == null) {
      throw InputException.at(a.location(), kind.yaml() + " artifact " + file + " has no version");
    }
    YNode sizeNode = required(a, "size");
    long size;
    if (sizeNode instanceof YNode.YScalar s && s.value() instanceof Number num && num.longValue() >= 0) {
      size = num.longValue();
    } else {
      throw InputException.at(sizeNode.location(), "size must be a number of bytes, found " + text(sizeNode));
    }
    String sha = string(required(a, "sha256"), "sha256");
    if (!SHA256.matcher(sha).matches()) {
      throw InputException.at(a.get("sha256").location(), "sha256 must be 64 lower-case hex digits");
    }
    YNode src = a.get("source");
    return new Artifact(file, kind, name, version, size, sha, src == null ? null : string(src, "source"));
  }

  /**
   * Writes {@code dir/bundle.yml} atomically (a temporary file, then a rename).
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(FILE_NAME + ".tmp");
      Files.writeString(tmp, toYaml(), StandardCharsets.UTF_8);
      Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
    }
  }

  /** The YAML text {@link #write} writes: the fields in a fixed order, unset ones left out. */
  public String toYaml() {
    Map<String, Object> y = new LinkedHashMap<>();
    y.put("format", format);
    y.put("target", fields("os", target.os(), "arch", target.arch()));
    y.put("docker_version", dockerVersion);
    if (fetched != null) {
      y.put("fetched", fetched);
    }
    y.put("packages", packages.stream().map(p -> fields("name", p.name(), "version", p.version())).toList());
    y.put("assumed_present", assumedPresent);
    y.put("images", images.stream().map(i -> fields("name", i.name(), "platform", i.platform())).toList());
    y.put("artifacts", artifacts.stream().map(a -> fields("file", a.file(), "kind", a.kind().yaml(), "name", a.name(),
        "version", a.version(), "size", a.size(), "sha256", a.sha256(), "source", a.source())).toList());
    return YamlWriter.write(y, "jprov offline runtime bundle (docs/bundle.md), written by `jprov bundle fetch`.");
  }

  /** A mapping of the non-null values, in the order given. */
  private static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        m.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return m;
  }

  private static YNode required(YNode.YMap m, String key) {
    YNode n = m.get(key);
    if (n == null) {
      throw InputException.at(m.location(), "missing key '" + key + "'");
    }
    return n;
  }

  private static YNode.YMap map(YNode n, String what) {
    if (n instanceof YNode.YMap m) {
      return m;
    }
    throw InputException.at(n.location(), what + " must be a mapping, found " + n.kind());
  }

  private static List<YNode> seq(YNode n, String what) {
    if (n == null || (n instanceof YNode.YScalar s && s.value() == null)) {
      return List.of();
    }
    if (n instanceof YNode.YSeq s) {
      return s.items();
    }
    throw InputException.at(n.location(), what + " must be a list, found " + n.kind());
  }

  private static String string(YNode n, String what) {
    if (n instanceof YNode.YScalar s && s.value() != null && !(s.value() instanceof Boolean)) {
      return s.text();
    }
    throw InputException.at(n.location(), what + " must be a string, found " + n.kind());
  }

  private static String text(YNode n) {
    return n instanceof YNode.YScalar s ? String.valueOf(s.text()) : n.kind();
  }
}
