package io.jprov.bundle;

import io.jprov.util.Evr;
import java.util.List;

/**
 * One package of a yum repository's primary.xml.
 *
 * @param repoId the repository it came from (e.g. docker-ce-stable, base)
 * @param repoUrl the repository's base URL (no trailing slash)
 * @param name package name
 * @param arch x86_64, noarch, …
 * @param evr epoch, version, release
 * @param checksumType the repodata checksum type (sha256 on EL7 repositories)
 * @param checksum lower-case hex of the package file
 * @param size the package file's size in bytes
 * @param href the location, relative to {@code repoUrl} unless absolute
 * @param provides what it provides (its own name = evr is included)
 * @param requires what it requires
 * @param files the file paths primary.xml lists (only the well-known directories)
 */
public record RpmPackage(
    String repoId,
    String repoUrl,
    String name,
    String arch,
    Evr evr,
    String checksumType,
    String checksum,
    long size,
    String href,
    List<Dep> provides,
    List<Dep> requires,
    List<String> files) {

  /**
   * A dependency expression of primary.xml.
   *
   * @param name e.g. container-selinux, libc.so.6()(64bit), /bin/sh
   * @param flags EQ, LT, LE, GT, GE, or null when unversioned
   * @param evr null when unversioned
   */
  public record Dep(String name, String flags, Evr evr) {
    @Override
    public String toString() {
      if (flags == null) {
        return name;
      }
      String op = switch (flags) {
        case "EQ" -> "=";
        case "LT" -> "<";
        case "LE" -> "<=";
        case "GT" -> ">";
        case "GE" -> ">=";
        default -> flags;
      };
      return name + " " + op + " " + evr;
    }
  }

  /** The package file name, e.g. docker-ce-26.1.4-1.el7.x86_64.rpm. */
  public String fileName() {
    int slash = href.lastIndexOf('/');
    return slash < 0 ? href : href.substring(slash + 1);
  }

  /** Where to download it. */
  public String url() {
    return href.contains("://") ? href : repoUrl + "/" + href;
  }

  /** name-[epoch:]version-release.arch, for messages. */
  public String nevra() {
    return name + "-" + evr + "." + arch;
  }
}
