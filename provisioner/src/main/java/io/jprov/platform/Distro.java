package io.jprov.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A supported platform as jprov sees it, chosen from the platform fact by {@link Distros#of}: the one
 * place that knows what a family, version and codename mean for packages and Docker's repositories.
 *
 * @param family the family
 * @param id os-release {@code ID}: centos, rhel, rocky, almalinux, ol, debian, ubuntu
 * @param version os-release {@code VERSION_ID} as the host says it ({@code 9.4}, {@code 12}, {@code 24.04})
 * @param major the major version ({@code 9}, {@code 12}); for Ubuntu the release ({@code 24.04})
 * @param codename apt suite ({@code bookworm}, {@code noble}); empty on EL
 * @param arch {@code uname -m} ({@code x86_64})
 */
public record Distro(Family family, String id, String version, String major, String codename, String arch) {

  public PackageManager packageManager() {
    return family.packageManager();
  }

  /**
   * The platform key used by bundles and in messages: {@code el7}, {@code el8}, {@code el9},
   * {@code debian-12}, {@code ubuntu-24.04}.
   */
  public String key() {
    return switch (family) {
      case EL7, EL8, EL9 -> family.key();
      case DEBIAN, UBUNTU -> family.key() + "-" + major;
    };
  }

  /**
   * The folder of Docker's download tree for this distro: {@code centos} (CentOS, Rocky, AlmaLinux,
   * Oracle Linux: Docker builds one set for them), {@code rhel}, {@code debian}, {@code ubuntu}.
   */
  public String dockerRepoDistro() {
    return switch (family) {
      case EL7 -> "centos";
      case EL8, EL9 -> id.equals("rhel") ? "rhel" : "centos";
      case DEBIAN -> "debian";
      case UBUNTU -> "ubuntu";
    };
  }

  /** dpkg's architecture name ({@code amd64} for x86_64, {@code arm64} for aarch64); uname's otherwise. */
  public String debArch() {
    return switch (arch) {
      case "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
  }

  /**
   * The URL of the Docker CE repository for this distro under {@code mirror} (the folder holding
   * {@code linux/}): rpm — {@code <mirror>/linux/<centos|rhel>/<major>/<arch>/<channel>} with the
   * major version written literally ({@code $releasever} is {@code 9.4} or {@code 8Server} on some
   * hosts, and Docker's tree has only the major); apt — {@code <mirror>/linux/<debian|ubuntu>} (the
   * suite is {@link #codename()}, the component the channel).
   */
  public String dockerRepoUrl(String mirror, String channel) {
    String m = mirror.replaceAll("/+$", "");
    if (packageManager() == PackageManager.APT) {
      return m + "/linux/" + dockerRepoDistro();
    }
    return m + "/linux/" + dockerRepoDistro() + "/" + major + "/" + arch + "/" + channel;
  }

  /**
   * The key of a lock entry ({@code docker-lock.yml}): the repository it was resolved from, e.g.
   * {@code centos-9-x86_64}, {@code rhel-9-x86_64}, {@code debian-bookworm-amd64}, {@code ubuntu-noble-amd64}.
   */
  public String lockKey() {
    return packageManager() == PackageManager.APT
        ? dockerRepoDistro() + "-" + codename + "-" + debArch()
        : dockerRepoDistro() + "-" + major + "-" + arch;
  }

  /** Human name: {@code Rocky Linux 9.4}, {@code Debian 12 (bookworm)}. */
  public String displayName() {
    String name = Distros.osName(id);
    return codename.isEmpty() ? name + " " + version : name + " " + version + " (" + codename + ")";
  }

  /** What templates and conditions see under {@code facts} besides the raw platform fields. */
  public Map<String, Object> toModel() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("family", family.key());
    m.put("platform", key());
    m.put("pkg_manager", packageManager().key());
    m.put("docker_repo_distro", dockerRepoDistro());
    m.put("deb_arch", debArch());
    m.put("codename", codename);
    return m;
  }
}
