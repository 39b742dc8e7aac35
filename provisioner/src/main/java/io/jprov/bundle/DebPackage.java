package io.jprov.bundle;

/**
 * One package version of an apt repository's {@code Packages} index, with where it came from.
 *
 * @param sourceId the repository it came from (e.g. {@code docker-ce}, {@code base})
 * @param root the archive root the {@code Filename} is relative to (no trailing slash)
 * @param entry the index stanza
 */
public record DebPackage(String sourceId, String root, DebIndex.Entry entry) {
  public String name() {
    return entry.name();
  }

  public String version() {
    return entry.version();
  }

  /** The file name in the bundle, e.g. {@code docker-ce_26.1.4-1~debian.12~bookworm_amd64.deb}. */
  public String fileName() {
    String f = entry.filename();
    return f.substring(f.lastIndexOf('/') + 1);
  }

  /** Where to download it. */
  public String url() {
    return root + "/" + entry.filename();
  }

  /** name=version, for messages. */
  public String display() {
    return name() + "=" + version();
  }
}
