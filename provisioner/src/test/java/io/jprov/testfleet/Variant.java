package io.jprov.testfleet;

/** The EL7 test-host image variants built by {@code testfleet/build.sh}. */
public enum Variant {
  /** CentOS 7.9 minimal with CentOS-Base.repo on the test mirror; no Docker. */
  FRESH("fresh"),
  /** {@link #FRESH} plus CentOS's docker 1.13.1 packages (docker, docker-common, docker-client, docker-logrotate). */
  OLD_DOCKER("old-docker"),
  /** Stock CentOS-Base.repo (dead mirrorlist.centos.org): every yum command fails until the repos are repointed. */
  EOL("eol");

  private final String tag;

  Variant(String tag) {
    this.tag = tag;
  }

  /** The image tag, e.g. {@code fresh}. */
  public String tag() {
    return tag;
  }

  /** The full image name, e.g. {@code jprov-testfleet/el7:fresh}. */
  public String image() {
    return TestFleet.HOST_IMAGE + ":" + tag;
  }
}
