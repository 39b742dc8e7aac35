package io.jprov.bundle;

import io.jprov.platform.Distro;
import io.jprov.platform.Family;
import io.jprov.platform.PackageManager;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A platform a bundle can be fetched for ({@code el7}, {@code el8}, {@code el9}, {@code debian-11},
 * {@code debian-12}, {@code ubuntu-22.04}, {@code ubuntu-24.04}, the keys of {@link Distro#key()}) and
 * where its part of a bundle directory lives: EL7 at the top of the directory (the layout the EL7
 * install side reads), every other platform in {@code DIR/<key>/}, each a complete bundle of the same
 * format (docs/bundle.md).
 *
 * @param distro a representative distro of the platform (Docker's {@code centos} tree for EL)
 */
public record BundlePlatform(Distro distro) {
  /** Every platform, in the order of the support table. */
  public static final List<BundlePlatform> ALL = List.of(
      new BundlePlatform(new Distro(Family.EL7, "centos", "7", "7", "", "x86_64")),
      new BundlePlatform(new Distro(Family.EL8, "rocky", "8", "8", "", "x86_64")),
      new BundlePlatform(new Distro(Family.EL9, "rocky", "9", "9", "", "x86_64")),
      new BundlePlatform(new Distro(Family.DEBIAN, "debian", "11", "11", "bullseye", "x86_64")),
      new BundlePlatform(new Distro(Family.DEBIAN, "debian", "12", "12", "bookworm", "x86_64")),
      new BundlePlatform(new Distro(Family.UBUNTU, "ubuntu", "22.04", "22.04", "jammy", "x86_64")),
      new BundlePlatform(new Distro(Family.UBUNTU, "ubuntu", "24.04", "24.04", "noble", "x86_64")));

  public static final String EL7 = "el7";

  /** The platform of a key, or null. */
  public static BundlePlatform of(String key) {
    return ALL.stream().filter(p -> p.key().equals(key)).findFirst().orElse(null);
  }

  /** "el7, el8, el9, debian-11, …" for messages. */
  public static String keys() {
    return ALL.stream().map(BundlePlatform::key).collect(Collectors.joining(", "));
  }

  public String key() {
    return distro.key();
  }

  public boolean apt() {
    return distro.packageManager() == PackageManager.APT;
  }

  /** The architecture a manifest's {@code target.arch} names: {@code x86_64} (rpm), {@code amd64} (apt). */
  public String arch() {
    return apt() ? distro.debArch() : distro.arch();
  }

  /** The directory of this platform's part of the bundle directory {@code dir}. */
  public Path dir(Path dir) {
    return key().equals(EL7) ? dir : dir.resolve(key());
  }

  /** The committed request in {@code runtime-bundle/}: {@code bundle.yml} for EL7, {@code <key>.yml} otherwise. */
  public String requestFile() {
    return key().equals(EL7) ? BundleManifest.FILE_NAME : key() + ".yml";
  }

  /**
   * The default root of the distribution's own repositories: CentOS 7's vault; Rocky Linux's tree for
   * EL8/EL9 ({@code <root>/<major>/{BaseOS,AppStream}/x86_64/os}); Debian's and Ubuntu's archives
   * ({@code <root>/dists/<codename>}).
   */
  public String defaultBaseMirror() {
    return switch (distro.family()) {
      case EL7 -> BundleFetcher.DEFAULT_BASE_MIRROR;
      case EL8, EL9 -> "https://dl.rockylinux.org/pub/rocky";
      case DEBIAN -> "https://deb.debian.org/debian";
      case UBUNTU -> "http://archive.ubuntu.com/ubuntu";
    };
  }

  /** The archive components read from the base archive (apt only): Docker's dependencies are in these. */
  public List<String> baseComponents() {
    return distro.family() == Family.UBUNTU ? List.of("main", "universe") : List.of("main");
  }
}
