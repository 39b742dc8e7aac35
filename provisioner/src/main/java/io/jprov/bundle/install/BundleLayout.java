package io.jprov.bundle.install;

import io.jprov.InputException;
import io.jprov.yaml.YamlLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The install side's view of an offline runtime bundle (SPEC §9): {@code DIR/bundle.yml} and the
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
   * @param kind {@code rpm}, {@code key} or {@code image}
   * @param name rpm: package name; key: repo id; image: {@code name:tag}
   * @param version rpm: {@code [E:]V-R}; null otherwise
   * @param size bytes
   * @param sha256 64 lower-case hex digits
   */
  public record Artifact(String file, String kind, String name, String version, long size, String sha256) {}

  public BundleLayout {
    artifacts = List.copyOf(artifacts);
  }

  /**
   * Reads and checks {@code dir/bundle.yml}: format 1, target el7/x86_64, well-formed artifacts.
   * Does not read the artifact files; see {@link #verifyFiles()}.
   *
   * @throws InputException (exit 2) naming the directory, file or key that is wrong
   */
  public static BundleLayout read(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new InputException("--bundle " + dir + ": no such bundle directory");
    }
    Path manifest = abs.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new InputException("--bundle " + dir + ": no " + MANIFEST + " in the bundle directory"
          + " (make one with `jprov bundle fetch --dir " + dir + "`)");
    }
    Object root = YamlLoader.load(manifest, manifest.toString()).toPlain();
    String where = manifest.toString();
    if (!(root instanceof Map<?, ?> m)) {
      throw new InputException(where + ": expected a mapping");
    }
    Object format = m.get("format");
    if (!"1".equals(String.valueOf(format))) {
      throw new InputException(where + ": unsupported bundle format " + format + " (this jprov reads format 1)");
    }
    if (!(m.get("target") instanceof Map<?, ?> target)) {
      throw new InputException(where + ": 'target' must be a mapping {os: el7, arch: x86_64}");
    }
    String os = String.valueOf(target.get("os"));
    String arch = String.valueOf(target.get("arch"));
    if (!TARGET_OS.equals(os)) {
      throw new InputException(where + ": bundle target os " + os + " does not match " + TARGET_OS);
    }
    if (!TARGET_ARCH.equals(arch)) {
      throw new InputException(where + ": bundle target arch " + arch + " does not match " + TARGET_ARCH);
    }
    Object dv = m.get("docker_version");
    if (!(m.get("artifacts") instanceof List<?> list) || list.isEmpty()) {
      throw new InputException(where + ": 'artifacts' must be a non-empty list");
    }
    List<Artifact> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = where + ": artifacts[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> a)) {
        throw new InputException(at + ": expected a mapping");
      }
      String file = str(a, "file", at);
      if (file.startsWith("/") || Path.of(file).normalize().startsWith("..") || file.contains("\\")
          || !file.matches("[A-Za-z0-9._+~^/:@-]+")) {
        throw new InputException(at + ": file '" + file + "' must be a plain path inside the bundle directory");
      }
      String kind = str(a, "kind", at);
      if (!List.of("rpm", "key", "image").contains(kind)) {
        throw new InputException(at + " (" + file + "): kind '" + kind + "' is not rpm, key or image");
      }
      String name = str(a, "name", at);
      String version = kind.equals("rpm") ? str(a, "version", at) : null;
      Object size = a.get("size");
      if (!(size instanceof Number n) || n.longValue() < 0) {
        throw new InputException(at + " (" + file + "): 'size' must be a number of bytes");
      }
      String sha = str(a, "sha256", at).toLowerCase();
      if (!sha.matches("[0-9a-f]{64}")) {
        throw new InputException(at + " (" + file + "): 'sha256' must be 64 hex digits");
      }
      out.add(new Artifact(file, kind, name, version, n.longValue(), sha));
    }
    return new BundleLayout(abs, dv == null ? null : String.valueOf(dv), out);
  }

  private static String str(Map<?, ?> a, String key, String at) {
    Object v = a.get(key);
    if (v == null || String.valueOf(v).isBlank()) {
      throw new InputException(at + ": '" + key + "' is required");
    }
    return String.valueOf(v);
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
   * The {@code bundle} variable the Docker CE playbook reads: {@code dir}, {@code dest}, {@code
   * docker_version}, {@code rpms} ({@code {name, version, file}}), {@code keys} (files), {@code
   * image} (file of the first image) and {@code image_name}.
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
    for (Artifact a : ofKind("rpm")) {
      versions.put(a.name(), a.version());
      files.put(a.name(), a.file());
    }
    v.put("rpm_versions", versions);
    v.put("rpm_files", files);
    v.put("keys", ofKind("key").stream().map(Artifact::file).toList());
    List<Artifact> images = ofKind("image");
    v.put("image", images.isEmpty() ? "" : images.get(0).file());
    v.put("image_name", images.isEmpty() ? "" : images.get(0).name());
    return v;
  }

  /** sha256 of a file, streamed. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
