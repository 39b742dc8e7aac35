package io.jprov.bundle.install;

import io.jprov.InputException;
import io.jprov.bundle.BundleManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The install side's view of an offline runtime bundle (docs/bundle.md): {@code DIR/bundle.yml} and the
 * files it lists. Reads only what {@code apply --bundle} needs (format, target, docker_version,
 * artifacts) and ignores every other key. Immutable; thread-safe.
 *
 * @param dir the bundle directory, absolute
 * @param dockerVersion {@code docker_version} of the manifest
 * @param artifacts every artifact, in manifest order
 */
public record BundleLayout(Path dir, String dockerVersion, List<Artifact> artifacts) {
  public static final String MANIFEST = "bundle.yml";
  public static final String TARGET_OS = "el7";
  public static final String TARGET_ARCH = "x86_64";
  public static final String DEFAULT_DEST = "/var/tmp/jprov-bundle";

  /**
   * One file of the bundle.
   *
   * @param file path relative to the bundle directory ({@code rpms/x.rpm})
   * @param kind {@code rpm}, {@code deb}, {@code key} or {@code image}
   * @param name rpm, deb: package name; key: repo id; image: {@code name:tag}
   * @param version rpm: {@code [E:]V-R}; deb: the Debian version; null otherwise
   * @param size bytes
   * @param sha256 64 lower-case hex digits
   */
  public record Artifact(String file, String kind, String name, String version, long size, String sha256) {}

  public BundleLayout {
    artifacts = List.copyOf(artifacts);
  }

  /**
   * Reads and checks {@code dir/bundle.yml}, one platform's part: format 1, a known target, well-formed
   * artifacts. {@link BundleParts} reads a whole directory (every platform).
   * Does not read the artifact files; see {@link #verifyFiles()}.
   *
   * @throws InputException (exit 2) naming the directory, file or key that is wrong
   */
  public static BundleLayout read(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new InputException("--bundle " + dir + ": no such bundle directory");
    }
    if (!Files.isRegularFile(abs.resolve(MANIFEST))) {
      throw new InputException("--bundle " + dir + ": no " + MANIFEST + " in the bundle directory"
          + " (make one with `jprov bundle fetch --dir " + dir + "`)");
    }
    // one parser for the format: the fetch side's, which checks format, target and artifacts
    BundleManifest manifest = BundleManifest.read(abs);
    if (manifest.artifacts().isEmpty()) {
      throw new InputException(abs.resolve(MANIFEST) + ": no artifacts: this is a request, not a fetched bundle"
          + " (run `jprov bundle fetch --dir " + dir + "`)");
    }
    List<Artifact> out = new ArrayList<>();
    for (BundleManifest.Artifact a : manifest.artifacts()) {
      out.add(new Artifact(a.file(), a.kind().yaml(), a.name(),
          a.kind() == BundleManifest.Kind.RPM || a.kind() == BundleManifest.Kind.DEB ? a.version() : null, a.size(), a.sha256()));
    }
    return new BundleLayout(abs, manifest.dockerVersion(), out);
  }

  /** The platform key of {@code dir/bundle.yml}'s target ({@code el7}, {@code debian-12}, …), read again. */
  static String platformOf(Path dir) {
    return BundleManifest.read(dir.toAbsolutePath().normalize()).target().os();
  }

  /**
   * Checks every artifact is present locally with its size and sha256.
   *
   * @throws InputException (exit 2) naming the first file that is missing or wrong
   */
  public void verifyFiles() {
    for (Artifact a : artifacts) {
      Path p = local(a);
      try {
        if (!Files.isRegularFile(p)) {
          throw new InputException("bundle " + dir + ": " + a.file() + " is missing");
        }
        long size = Files.size(p);
        if (size != a.size()) {
          throw new InputException("bundle " + dir + ": " + a.file() + " has " + size + " bytes, the manifest says "
              + a.size());
        }
        String sha = sha256(p);
        if (!sha.equals(a.sha256())) {
          throw new InputException("bundle " + dir + ": " + a.file() + ": sha256 mismatch (manifest "
              + a.sha256() + ", file " + sha + ")");
        }
      } catch (IOException e) {
        throw new InputException("bundle " + dir + ": cannot read " + a.file() + ": " + e.getMessage(), e);
      }
    }
  }

  /** The local path of an artifact. */
  public Path local(Artifact a) {
    return dir.resolve(a.file());
  }

  public List<Artifact> ofKind(String kind) {
    return artifacts.stream().filter(a -> a.kind().equals(kind)).toList();
  }

  /**
   * One platform's part of the {@code bundle} variable ({@link BundleParts#vars}): {@code dir}, {@code dest},
   * {@code docker_version}, {@code package_versions} (name → version, rpm or deb), {@code package_files}
   * (name → file), the same two as {@code rpm_versions} and {@code rpm_files},
   * {@code keys} (files), {@code image} (file of the first image), {@code image_name}, {@code
   * sha256} (file → the manifest's sha256, for every artifact) and {@code image_sha256}: the
   * install steps re-check each file's sha256 as root right before using it.
   */
  public Map<String, Object> vars(String dest) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("dir", dir.toString());
    v.put("dest", dest);
    if (dockerVersion != null) {
      v.put("docker_version", dockerVersion);
    }
    Map<String, Object> versions = new LinkedHashMap<>();
    Map<String, Object> files = new LinkedHashMap<>();
    for (Artifact a : artifacts) {
      if (a.kind().equals("rpm") || a.kind().equals("deb")) {
        versions.put(a.name(), a.version());
        files.put(a.name(), a.file());
      }
    }
    // package_*: the same for rpm and deb (the playbook reads one name whatever the platform); rpm_* as before
    v.put("package_versions", versions);
    v.put("package_files", files);
    v.put("rpm_versions", versions);
    v.put("rpm_files", files);
    v.put("keys", ofKind("key").stream().map(Artifact::file).toList());
    List<Artifact> images = ofKind("image");
    v.put("image", images.isEmpty() ? "" : images.get(0).file());
    v.put("image_name", images.isEmpty() ? "" : images.get(0).name());
    Map<String, Object> sha = new LinkedHashMap<>();
    for (Artifact a : artifacts) {
      sha.put(a.file(), a.sha256());
    }
    v.put("sha256", sha);
    v.put("image_sha256", images.isEmpty() ? "" : images.get(0).sha256());
    return v;
  }

  /** sha256 of a file, streamed. */
  public static String sha256(Path file) throws IOException {
    return io.jprov.util.Sha256.of(file);
  }

}
