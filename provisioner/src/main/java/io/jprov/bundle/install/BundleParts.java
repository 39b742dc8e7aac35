package io.jprov.bundle.install;

import io.jprov.InputException;
import io.jprov.bundle.BundlePlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every platform's part of one bundle directory, as {@code apply --bundle DIR} reads it (docs/bundle.md):
 * el7 at the top of {@code DIR}, every other platform in {@code DIR/<platform>/}. Each part is a
 * {@link BundleLayout} of its own; a host gets the part of its platform. Immutable; thread-safe.
 *
 * @param dir the bundle directory, absolute
 * @param parts platform key → its part, in the order of the support table
 */
public record BundleParts(Path dir, Map<String, BundleLayout> parts) {
  public BundleParts {
    parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
  }

  /**
   * Reads every platform's {@code bundle.yml} found in {@code dir} (el7 at the top, others in their folder).
   * A manifest whose target is not the platform of its place is refused.
   *
   * @throws InputException (exit 2) when the directory holds no bundle, or a manifest is wrong
   */
  public static BundleParts read(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new InputException("--bundle " + dir + ": no such bundle directory");
    }
    Map<String, BundleLayout> parts = new LinkedHashMap<>();
    for (BundlePlatform p : BundlePlatform.ALL) {
      Path part = p.dir(abs);
      if (!Files.isRegularFile(part.resolve(BundleLayout.MANIFEST))) {
        continue;
      }
      BundleLayout layout = BundleLayout.read(part);
      String os = BundleLayout.platformOf(part);
      if (!os.equals(p.key())) {
        throw new InputException(part.resolve(BundleLayout.MANIFEST) + ": a bundle for " + os + " in the place of "
            + p.key() + " (" + (p.key().equals(BundlePlatform.EL7) ? "the top of the directory" : p.key() + "/")
            + "); fetch it with `jprov bundle fetch --platform " + os + "`");
      }
      parts.put(p.key(), layout);
    }
    if (parts.isEmpty()) {
      throw new InputException("--bundle " + dir + ": no " + BundleLayout.MANIFEST + " in the bundle directory"
          + " nor in a platform folder (" + BundlePlatform.keys() + "); make one with `jprov bundle fetch --dir "
          + dir + " [--platform P]..`");
    }
    return new BundleParts(abs, parts);
  }

  /**
   * Checks every artifact of every part is present locally with its size and sha256.
   *
   * @throws InputException (exit 2) naming the first file that is missing or wrong
   */
  public void verifyFiles() {
    parts.values().forEach(BundleLayout::verifyFiles);
  }

  /** The Docker versions the parts hold (one per part that says so). */
  public Set<String> dockerVersions() {
    Set<String> out = new LinkedHashSet<>();
    for (BundleLayout l : parts.values()) {
      if (l.dockerVersion() != null) {
        out.add(l.dockerVersion());
      }
    }
    return out;
  }

  /** The platform keys, as a sentence part: "el9, debian-12". */
  public String platforms() {
    return String.join(", ", new ArrayList<>(parts.keySet()));
  }

  /**
   * The {@code bundle} variable the Docker CE playbook reads: {@code dir} (the bundle directory),
   * {@code dest} (the directory on the host) and {@code platforms}: platform key → that part's
   * {@link BundleLayout#vars} ({@code dir} is then the part's folder). A host takes
   * {@code bundle.platforms[facts.platform]}; {@code bundle_upload} fails a host whose platform is
   * not among them, naming the {@code --platform} to fetch.
   */
  public Map<String, Object> vars(String dest) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("dir", dir.toString());
    v.put("dest", dest);
    Map<String, Object> platforms = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, BundleLayout> e : parts.entrySet()) {
      platforms.put(e.getKey(), e.getValue().vars(dest));
      keys.add(e.getKey());
    }
    v.put("platforms", platforms);
    v.put("platform_keys", keys);
    return v;
  }
}
