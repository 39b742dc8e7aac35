package io.jprov.testfleet;

/**
 * The test-host image variants built by {@code testfleet/build.sh}: CentOS 7 (the original fleet), EL8/EL9
 * look-alikes on real dnf ({@code testfleet/el89/}), and Debian/Ubuntu hosts on real apt ({@code testfleet/deb/}).
 * A host started from a variant is named {@code <prefix>-<n>} (e.g. {@code el7-1}, {@code rocky9-2}).
 */
public enum Variant {
  /** CentOS 7.9 minimal with CentOS-Base.repo on the test mirror; no Docker. */
  FRESH("jprov-testfleet/el7", "fresh", "el7"),
  /** {@link #FRESH} plus CentOS's docker 1.13.1 packages (docker, docker-common, docker-client, docker-logrotate). */
  OLD_DOCKER("jprov-testfleet/el7", "old-docker", "el7"),
  /** Stock CentOS-Base.repo (dead mirrorlist.centos.org): every yum command fails until the repos are repointed. */
  EOL("jprov-testfleet/el7", "eol", "el7"),

  /** Rocky Linux 9 look-alike (VERSION_ID 9.4, $releasever 9.4), BaseOS/AppStream on the test mirror; no Docker. */
  ROCKY9("jprov-testfleet/el9", "rocky", "rocky9"),
  /** {@link #ROCKY9} with podman, runc and buildah installed (they conflict with Docker CE). */
  ROCKY9_PODMAN("jprov-testfleet/el9", "rocky-podman", "rocky9"),
  /** RHEL 9 look-alike (ID rhel): Docker's rhel tree, not centos. */
  RHEL9("jprov-testfleet/el9", "rhel", "rhel9"),
  /** CentOS Stream 9 look-alike (ID centos, VERSION_ID 9): Docker's centos tree, like Rocky. */
  CENTOS_STREAM9("jprov-testfleet/el9", "centos-stream", "cs9"),
  /** AlmaLinux 8 look-alike ($releasever 8), with EL8's runc installed. */
  ALMA8("jprov-testfleet/el8", "alma", "alma8"),

  /** Real Debian 11 (bullseye, debootstrap); apt sources on the test mirror; no Docker. */
  DEBIAN11("jprov-testfleet/debian", "11", "debian11"),
  /** Real Debian 12 (bookworm, debootstrap); apt sources on the test mirror; no Docker. */
  DEBIAN12("jprov-testfleet/debian", "12", "debian12"),
  /** {@link #DEBIAN12} with Debian's docker.io, containerd and runc (test packages) installed and running. */
  DEBIAN12_OLD("jprov-testfleet/debian", "12-old-docker", "debian12"),
  /** Debian bookworm dressed as Ubuntu 22.04 (jammy). */
  UBUNTU2204("jprov-testfleet/ubuntu", "22.04", "ubuntu2204"),
  /** Debian bookworm dressed as Ubuntu 24.04 (noble). */
  UBUNTU2404("jprov-testfleet/ubuntu", "24.04", "ubuntu2404");

  private final String repository;
  private final String tag;
  private final String prefix;

  Variant(String repository, String tag, String prefix) {
    this.repository = repository;
    this.tag = tag;
    this.prefix = prefix;
  }

  /** The image tag, e.g. {@code fresh}. */
  public String tag() {
    return tag;
  }

  /** The host name prefix, e.g. {@code el7}. */
  public String prefix() {
    return prefix;
  }

  /** Whether this is a CentOS 7 host. */
  public boolean el7() {
    return prefix.equals("el7");
  }

  /** Whether this is a Debian or Ubuntu host (apt, dpkg). */
  public boolean deb() {
    return prefix.startsWith("debian") || prefix.startsWith("ubuntu");
  }

  /** The full image name, e.g. {@code jprov-testfleet/el7:fresh}. */
  public String image() {
    return (el7() ? TestFleet.HOST_IMAGE : repository) + ":" + tag;
  }
}
