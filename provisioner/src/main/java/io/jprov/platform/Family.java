package io.jprov.platform;

/**
 * A platform family: the unit the Docker CE playbook's per-platform data is written for
 * ({@code playbooks/docker-ce/<family>.yml}) and that package steps dispatch on.
 */
public enum Family {
  EL7("el7", PackageManager.YUM),
  EL8("el8", PackageManager.DNF),
  EL9("el9", PackageManager.DNF),
  DEBIAN("debian", PackageManager.APT),
  UBUNTU("ubuntu", PackageManager.APT);

  private final String key;
  private final PackageManager packageManager;

  Family(String key, PackageManager packageManager) {
    this.key = key;
    this.packageManager = packageManager;
  }

  /** {@code el7}, {@code el8}, {@code el9}, {@code debian}, {@code ubuntu}. */
  public String key() {
    return key;
  }

  public PackageManager packageManager() {
    return packageManager;
  }
}
