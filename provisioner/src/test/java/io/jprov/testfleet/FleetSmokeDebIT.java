package io.jprov.testfleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the Debian/Ubuntu test hosts are faithful before jprov uses them: Docker's manual apt procedure
 * (docs.docker.com/engine/install/debian and /ubuntu: ca-certificates + curl, key to /etc/apt/keyrings/docker.asc,
 * deb822 docker.sources with Signed-By, apt-get update, apt-get install) over plain SSH, no jprov code. apt, dpkg
 * and apt-mark are Debian's own; testfleet/README.md says where a host differs from a real one.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class FleetSmokeDebIT {
  private static TestFleet fleet;

  @BeforeAll
  static void start() {
    TestFleet.assumeDocker();
    fleet = TestFleet.start(List.of(Variant.DEBIAN11, Variant.DEBIAN12, Variant.DEBIAN12_OLD, Variant.UBUNTU2204,
        Variant.UBUNTU2404, Variant.DEBIAN12));
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static ExecResult ok(FleetSsh s, String cmd) throws Exception {
    ExecResult r = s.run(cmd);
    assertThat(r.exitCode()).as("`%s`\n%s", cmd, r).isZero();
    return r;
  }

  /** Docker's version string on this host, e.g. {@code 5:26.1.4-1~debian.12~bookworm}. */
  private static String dockerVersion(String upstream, String dist) {
    return "5:" + upstream + "-1~" + dist;
  }

  /** The repository steps of Docker's guide (as ops with sudo), up to and including the second apt-get update. */
  private static void addDockerRepo(FleetSsh ops, String distro) throws Exception {
    ok(ops, "sudo apt-get update");
    ok(ops, "sudo apt-get install -y ca-certificates curl");
    ok(ops, "sudo install -m 0755 -d /etc/apt/keyrings");
    ok(ops, "sudo curl -fsSL " + TestFleet.DOCKER_MIRROR_URL + "/linux/" + distro + "/gpg -o /etc/apt/keyrings/docker.asc");
    ok(ops, "sudo chmod a+r /etc/apt/keyrings/docker.asc");
    ok(ops, "printf 'Types: deb\\nURIs: %s\\nSuites: %s\\nComponents: stable\\nSigned-By: /etc/apt/keyrings/docker.asc\\n' "
        + TestFleet.DOCKER_MIRROR_URL + "/linux/" + distro
        + " \"$(. /etc/os-release && echo \"${UBUNTU_CODENAME:-$VERSION_CODENAME}\")\""
        + " | sudo tee /etc/apt/sources.list.d/docker.sources > /dev/null");
    ExecResult update = ok(ops, "sudo apt-get update");
    assertThat(update.stdout()).contains(TestFleet.DOCKER_MIRROR_URL + "/linux/" + distro);
    assertThat(update.output()).doesNotContain("NO_PUBKEY").doesNotContain("W: ");
  }

  /** Install (pinned as the guide's "specific version" step), hello-world as root, then as ops after usermod. */
  private static void install(FleetHost h, String distro, String dist, String removals) throws Exception {
    String v = dockerVersion("26.1.4", dist);
    try (FleetSsh ops = h.ssh("ops")) {
      if (removals.isEmpty()) {
        // the guide's "uninstall old versions": the distribution's names are known to apt, none is installed
        ExecResult un = ok(ops, "for pkg in docker.io docker-doc docker-compose"
            + (distro.equals("ubuntu") ? " docker-compose-v2" : "")
            + " podman-docker containerd runc; do sudo apt-get remove -y $pkg; done");
        assertThat(un.stdout()).contains("Package 'docker.io' is not installed, so not removed")
            .contains("Package 'runc' is not installed, so not removed");
        assertThat(un.output()).doesNotContain("Unable to locate package");
      }
      addDockerRepo(ops, distro);
      ExecResult madison = ok(ops, "apt-cache madison docker-ce | awk '{ print $3 }'");
      assertThat(madison.stdout()).isEqualTo(v + "\n" + dockerVersion("24.0.9", dist) + "\n");
      ExecResult install = ok(ops, "sudo DEBIAN_FRONTEND=noninteractive apt-get install -y docker-ce=" + v
          + " docker-ce-cli=" + v + " containerd.io docker-buildx-plugin docker-compose-plugin" + removals);
      assertThat(install.stdout()).contains("Setting up docker-ce (" + v + ") ...");
      // Debian's packaging starts the daemon on install
      assertThat(h.serviceActive("docker")).isEqualTo("active");
      ExecResult hello = ok(ops, "sudo docker run hello-world");
      assertThat(hello.stdout()).startsWith("\nHello from Docker!\n");
      ExecResult denied = ops.run("docker run hello-world");
      assertThat(denied.exitCode()).isNotZero();
      assertThat(denied.stderr()).contains("permission denied while trying to connect to the Docker daemon socket");
      ok(ops, "sudo usermod -aG docker ops");
    }
    try (FleetSsh fresh = h.ssh("ops")) {
      assertThat(ok(fresh, "docker run hello-world").stdout()).contains("Hello from Docker!");
    }
    Map<String, String> pkgs = h.installedPackages();
    assertThat(pkgs).containsEntry("docker-ce", v).containsEntry("docker-ce-cli", v)
        .containsEntry("containerd.io", "1.6.33-1")
        .containsEntry("docker-buildx-plugin", "0.14.1-1~" + dist)
        .containsEntry("docker-compose-plugin", "2.27.1-1~" + dist)
        .containsEntry("docker-ce-rootless-extras", v)     // Recommends, installed by default
        .containsKeys("iptables", "ca-certificates", "curl", "pigz", "slirp4netns");
    assertThat(h.groupMembers("docker")).hasValue(List.of("ops"));
    assertThat(h.sshRun("root", "docker --version").stdout()).startsWith("Docker version 26.1.4");
  }

  @Test
  void debian11ManualProcedure() throws Exception {
    FleetHost h = fleet.host("debian11-1");
    assertThat(h.file("/etc/os-release").orElseThrow()).contains("VERSION_CODENAME=bullseye").contains("ID=debian");
    assertThat(h.file("/etc/debian_version").orElseThrow()).startsWith("11.");
    try (FleetSsh root = h.ssh("root")) {
      // procps' protect-links.conf applies; Debian resets no bridge sysctls (no 00-system.conf as on EL7)
      assertThat(ok(root, "sysctl --system").stdout()).contains("* Applying /usr/lib/sysctl.d/protect-links.conf ...")
          .contains("fs.protected_regular = 2");
      ok(root, "modprobe br_netfilter");
      assertThat(ok(root, "sysctl net.bridge.bridge-nf-call-iptables").stdout())
          .isEqualTo("net.bridge.bridge-nf-call-iptables = 1\n");
    }
    install(h, "debian", "debian.11~bullseye", "");
  }

  @Test
  void debian12ManualProcedure() throws Exception {
    FleetHost h = fleet.host("debian12-2");
    assertThat(h.file("/etc/os-release").orElseThrow()).contains("VERSION_CODENAME=bookworm").contains("ID=debian");
    assertThat(h.file("/etc/debian_version").orElseThrow()).startsWith("12.");
    assertThat(h.isInstalled("ca-certificates")).isFalse();
    install(h, "debian", "debian.12~bookworm", "");
  }

  @Test
  void debian12WithDebiansDockerReplacedInOneTransaction() throws Exception {
    FleetHost h = fleet.host("debian12-3");
    assertThat(h.installedPackages()).containsEntry("docker.io", "20.10.24+dfsg1-1+b3")
        .containsEntry("containerd", "1.6.20~ds1-1+b1").containsEntry("runc", "1.1.5+ds1-1+deb12u1");
    assertThat(h.serviceActive("docker")).isEqualTo("active");
    assertThat(h.sshRun("root", "docker --version").stdout()).startsWith("Docker version 20.10.24+dfsg1");
    // containerd.io Conflicts/Replaces containerd and runc, docker-ce and docker-ce-cli Conflict with docker.io:
    // removed in the same transaction (trailing '-'), as jprov does
    install(h, "debian", "debian.12~bookworm", " docker.io- containerd- runc-");
    assertThat(h.installedPackages()).doesNotContainKeys("docker.io", "containerd", "runc");
  }

  @Test
  void ubuntu2204ManualProcedure() throws Exception {
    FleetHost h = fleet.host("ubuntu2204-4");
    assertThat(h.file("/etc/os-release").orElseThrow()).contains("ID=ubuntu").contains("VERSION_ID=\"22.04\"")
        .contains("UBUNTU_CODENAME=jammy");
    assertThat(h.file("/etc/lsb-release").orElseThrow()).contains("DISTRIB_CODENAME=jammy");
    assertThat(h.file("/etc/apt/sources.list").orElseThrow()).contains("http://mirror/ubuntu jammy main");
    install(h, "ubuntu", "ubuntu.22.04~jammy", "");
  }

  @Test
  void ubuntu2404HoldKeepsDockerBackUntilReleased() throws Exception {
    FleetHost h = fleet.host("ubuntu2404-5");
    assertThat(h.file("/etc/os-release").orElseThrow()).contains("ID=ubuntu").contains("VERSION_ID=\"24.04\"")
        .contains("UBUNTU_CODENAME=noble");
    assertThat(h.file("/etc/apt/sources.list.d/ubuntu.sources").orElseThrow()).contains("Suites: noble");
    String old = dockerVersion("24.0.9", "ubuntu.24.04~noble");
    String current = dockerVersion("26.1.4", "ubuntu.24.04~noble");
    try (FleetSsh root = h.ssh("root")) {
      addDockerRepo(root, "ubuntu");
      ok(root, "DEBIAN_FRONTEND=noninteractive apt-get install -y docker-ce=" + old + " docker-ce-cli=" + old
          + " containerd.io docker-buildx-plugin docker-compose-plugin");
      assertThat(h.packageVersion("docker-ce")).hasValue(old);
      int starts = h.dockerStarts();
      assertThat(ok(root, "apt-mark hold docker-ce docker-ce-cli").stdout())
          .isEqualTo("docker-ce set on hold.\ndocker-ce-cli set on hold.\n");
      assertThat(h.heldPackages()).containsExactly("docker-ce", "docker-ce-cli");
      assertThat(ok(root, "apt-cache policy docker-ce").stdout()).contains("Installed: " + old)
          .contains("Candidate: " + current);
      ok(root, "DEBIAN_FRONTEND=noninteractive apt-get upgrade -y");
      assertThat(h.packageVersion("docker-ce")).hasValue(old);
      assertThat(h.packageVersion("docker-ce-cli")).hasValue(old);
      assertThat(h.dockerStarts()).isEqualTo(starts);
      assertThat(ok(root, "apt-mark unhold docker-ce docker-ce-cli").stdout())
          .isEqualTo("Canceled hold on docker-ce.\nCanceled hold on docker-ce-cli.\n");
      assertThat(h.heldPackages()).isEmpty();
      ok(root, "DEBIAN_FRONTEND=noninteractive apt-get upgrade -y");
      assertThat(h.packageVersion("docker-ce")).hasValue(current);
      // the upgrade restarts the daemon (postinst)
      assertThat(h.dockerStarts()).isEqualTo(starts + 1);
      // and a downgrade needs --allow-downgrades
      ExecResult down = root.run("DEBIAN_FRONTEND=noninteractive apt-get install -y docker-ce=" + old
          + " docker-ce-cli=" + old);
      assertThat(down.exitCode()).isEqualTo(100);
      assertThat(down.stderr()).contains("E: Packages were downgraded and -y was used without --allow-downgrades.");
    }
  }

  @Test
  void dockerRepoIsTrustedOnlyThroughSignedBy() throws Exception {
    FleetHost h = fleet.host("debian12-6");
    String fpr = TestFleet.testKeyFingerprint();
    try (FleetSsh root = h.ssh("root")) {
      ok(root, "apt-get update");
      ok(root, "install -m 0755 -d /etc/apt/keyrings && curl -fsSL " + TestFleet.DOCKER_MIRROR_URL
          + "/linux/debian/gpg -o /etc/apt/keyrings/docker.asc 2>/dev/null || "
          + "(DEBIAN_FRONTEND=noninteractive apt-get install -y curl ca-certificates >/dev/null && curl -fsSL "
          + TestFleet.DOCKER_MIRROR_URL + "/linux/debian/gpg -o /etc/apt/keyrings/docker.asc)");
      // the key sits in /etc/apt/keyrings, but nothing says to trust it for this source
      ok(root, "printf 'Types: deb\\nURIs: " + TestFleet.DOCKER_MIRROR_URL + "/linux/debian\\nSuites: bookworm\\n"
          + "Components: stable\\n' > /etc/apt/sources.list.d/docker.sources");
      ExecResult update = root.run("apt-get update");
      assertThat(update.exitCode()).as(update.toString()).isEqualTo(100);
      assertThat(update.output())
          .contains("NO_PUBKEY " + fpr.substring(24))
          .contains("E: The repository '" + TestFleet.DOCKER_MIRROR_URL + "/linux/debian bookworm InRelease' is not signed.");
      assertThat(h.isInstalled("docker-ce")).isFalse();
      ok(root, "printf 'Signed-By: /etc/apt/keyrings/docker.asc\\n' >> /etc/apt/sources.list.d/docker.sources");
      ok(root, "apt-get update");
      assertThat(ok(root, "apt-cache policy docker-ce").stdout())
          .contains("Candidate: " + dockerVersion("26.1.4", "debian.12~bookworm"));
    }
  }
}
