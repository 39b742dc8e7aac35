package io.jprov.platform;

/** The package manager of a supported platform; every package, repository and hold step speaks one of these. */
public enum PackageManager {
  /** EL7: yum 3, rpm; repository files in /etc/yum.repos.d; holds by yum-plugin-versionlock. */
  YUM,
  /** EL8/EL9: dnf 4, rpm; repository files in /etc/yum.repos.d; holds by python3-dnf-plugin-versionlock. */
  DNF,
  /** Debian/Ubuntu: apt-get and dpkg; deb822 sources in /etc/apt/sources.list.d; holds by apt-mark. */
  APT;

  /** Whether packages are RPMs (yum or dnf). */
  public boolean rpm() {
    return this != APT;
  }

  /** Lower-case name as users write it: {@code yum}, {@code dnf}, {@code apt}. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
