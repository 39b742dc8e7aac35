package io.jprov.testfleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the EL8/EL9 test hosts (and EL7's versionlock) are faithful before jprov uses them: the manual Docker CE
 * procedure over SSH (sshj, no jprov code), as an operator does it by hand on Rocky 9, RHEL 9, AlmaLinux 8 and a
 * Rocky 9 with podman. Expected outputs are real dnf's (the hosts run Debian's dnf 4); testfleet/README.md says
 * where a test host differs from a real one.
 */
@Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
class FleetSmokeElIT {
  private static TestFleet fleet;
  private static FleetHost rocky;
  private static FleetHost rhel;
  private static FleetHost alma;
  private static FleetHost podman;
  private static FleetHost el7;

  /** Docker CE sets per distribution (the versions the test mirror carries). */
  private static String set(String dist, String engine, String containerd, String buildx, String compose) {
    return "docker-ce-3:" + engine + "-1." + dist + " docker-ce-cli-1:" + engine + "-1." + dist
        + " containerd.io-" + containerd + "-3.1." + dist + " docker-buildx-plugin-" + buildx + "-1." + dist
        + " docker-compose-plugin-" + compose + "-1." + dist + " docker-ce-rootless-extras-" + engine + "-1." + dist;
  }

  @BeforeAll
  static void start() {
    TestFleet.assumeDocker();
    fleet = TestFleet.start(List.of(Variant.ROCKY9, Variant.RHEL9, Variant.ALMA8, Variant.ROCKY9_PODMAN,
        Variant.FRESH));
    rocky = fleet.host(0);
    rhel = fleet.host(1);
    alma = fleet.host(2);
    podman = fleet.host(3);
    el7 = fleet.host(4);
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

  /** Docker's repo file with the major version written literally (what the issue asks jprov to write). */
  private static String writeRepo(String tree, int major) {
    return "sudo tee /etc/yum.repos.d/docker-ce.repo >/dev/null <<'EOF'\n"
        + "[docker-ce-stable]\n"
        + "name=Docker CE Stable - $basearch\n"
        + "baseurl=" + TestFleet.DOCKER_MIRROR_URL + "/linux/" + tree + "/" + major + "/$basearch/stable\n"
        + "enabled=1\n"
        + "gpgcheck=1\n"
        + "gpgkey=" + TestFleet.DOCKER_MIRROR_URL + "/linux/" + tree + "/gpg\n"
        + "EOF";
  }

  /** start docker, hello-world as root, then as ops after usermod -aG docker and a new login. */
  private static void helloWorld(FleetHost h) throws Exception {
    try (FleetSsh ops = h.ssh("ops")) {
      ok(ops, "sudo systemctl enable --now docker");
      assertThat(ok(ops, "sudo docker run --rm hello-world").stdout()).startsWith("\nHello from Docker!\n");
      assertThat(ops.run("docker run --rm hello-world").exitCode()).isEqualTo(126);
      ok(ops, "sudo usermod -aG docker ops");
    }
    try (FleetSsh fresh = h.ssh("ops")) {
      assertThat(ok(fresh, "docker run --rm hello-world").stdout()).contains("Hello from Docker!");
    }
    assertThat(h.serviceActive("docker")).isEqualTo("active");
    assertThat(h.groupMembers("docker")).hasValue(List.of("ops"));
  }

  /** python3-dnf-plugin-versionlock, lock docker-ce/cli/containerd.io, plain `dnf upgrade`: they stay. */
  private static void dnfVersionlockHolds(FleetHost h, String dist) throws Exception {
    try (FleetSsh ops = h.ssh("ops")) {
      ExecResult none = ops.run("sudo dnf versionlock list");
      assertThat(none.exitCode()).as(none.toString()).isEqualTo(1);
      assertThat(none.output()).contains("No such command: versionlock");
      ok(ops, "sudo dnf -y install python3-dnf-plugin-versionlock");
      ExecResult add = ok(ops, "sudo dnf versionlock add docker-ce docker-ce-cli containerd.io");
      assertThat(add.stdout()).contains("Adding versionlock on: docker-ce-3:24.0.9-1." + dist + ".*")
          .contains("Adding versionlock on: docker-ce-cli-1:24.0.9-1." + dist + ".*")
          .contains("Adding versionlock on: containerd.io-0:1.6.28-3.1." + dist + ".*");
      assertThat(h.versionLocks()).containsExactly("docker-ce-3:24.0.9-1." + dist + ".*",
          "docker-ce-cli-1:24.0.9-1." + dist + ".*", "containerd.io-0:1.6.28-3.1." + dist + ".*");
      ok(ops, "sudo dnf -y upgrade");
    }
    // the lock held; the unlocked compose plugin was upgraded (the upgrade did run)
    assertThat(h.packageVersion("docker-ce")).hasValue("3:24.0.9-1." + dist);
    assertThat(h.packageVersion("docker-ce-cli")).hasValue("1:24.0.9-1." + dist);
    assertThat(h.packageVersion("containerd.io")).hasValue("1.6.28-3.1." + dist);
    assertThat(h.packageVersion("docker-compose-plugin")).hasValue("2.27.1-1." + dist);
    try (FleetSsh ops = h.ssh("ops")) {
      ok(ops, "sudo dnf versionlock delete docker-ce docker-ce-cli");
      ok(ops, "sudo dnf -y upgrade");
    }
    assertThat(h.packageVersion("docker-ce")).hasValue("3:26.1.4-1." + dist);
    assertThat(h.packageVersion("containerd.io")).hasValue("1.6.28-3.1." + dist);
  }

  @Test
  void rocky9ReleaseverIs94AndTheLiteralMajorInstallsDocker() throws Exception {
    FleetHost h = rocky;
    try (FleetSsh ops = h.ssh("ops")) {
      assertThat(ok(ops, "cat /etc/os-release").stdout()).contains("ID=\"rocky\"\n").contains("VERSION_ID=\"9.4\"\n");
      assertThat(ok(ops, "cat /etc/rocky-release /etc/redhat-release").stdout())
          .isEqualTo("Rocky Linux release 9.4 (Blue Onyx)\nRocky Linux release 9.4 (Blue Onyx)\n");
      // dnf expands $releasever to 9.4 (the repo names show it)
      assertThat(ok(ops, "dnf repolist").stdout()).contains("Rocky Linux 9.4 - BaseOS")
          .contains("Rocky Linux 9.4 - AppStream");
      // the trap: Docker's repo file uses $releasever, and Docker's tree has no 9.4
      ok(ops, "curl -fsS " + TestFleet.DOCKER_MIRROR_URL + "/linux/centos/docker-ce.repo"
          + " | sed 's#https://download.docker.com#" + TestFleet.DOCKER_MIRROR_URL + "#g'"
          + " | sudo tee /etc/yum.repos.d/docker-ce.repo >/dev/null");
      ExecResult trap = ops.run("sudo dnf makecache");
      assertThat(trap.exitCode()).as(trap.toString()).isEqualTo(1);
      assertThat(trap.stderr()).contains("Status code: 404 for " + TestFleet.DOCKER_MIRROR_URL
          + "/linux/centos/9.4/x86_64/stable/repodata/repomd.xml")
          .contains("Error: Failed to download metadata for repo 'docker-ce-stable'");
      ok(ops, writeRepo("centos", 9));
      ok(ops, "sudo dnf makecache");
      ok(ops, "sudo dnf -y install " + set("el9", "24.0.9", "1.6.28", "0.14.1", "2.24.5"));
    }
    assertThat(h.packageVersion("docker-ce")).hasValue("3:24.0.9-1.el9");
    assertThat(h.packageVersion("iptables-nft")).hasValue("1.8.10-4.el9_4");
    assertThat(h.packageVersion("container-selinux")).hasValue("3:2.229.0-1.el9");
    assertThat(h.isInstalled("libcgroup")).isFalse();
    helloWorld(h);
    dnfVersionlockHolds(h, "el9");
  }

  @Test
  void rhel9UsesDockersRhelTree() throws Exception {
    FleetHost h = rhel;
    try (FleetSsh ops = h.ssh("ops")) {
      assertThat(ok(ops, "cat /etc/os-release").stdout()).contains("ID=\"rhel\"\n").contains("VERSION_ID=\"9.4\"\n");
      assertThat(ok(ops, "cat /etc/redhat-release").stdout()).isEqualTo("Red Hat Enterprise Linux release 9.4 (Plow)\n");
      // $releasever comes from redhat-release's system-release(releasever) = 9
      assertThat(ok(ops, "dnf repoinfo").stdout())
          .contains("http://mirror/el/9/BaseOS/x86_64/os");
      ok(ops, writeRepo("rhel", 9));
      ok(ops, "sudo dnf -y install " + set("el9", "26.1.4", "1.6.33", "0.14.1", "2.27.1"));
    }
    assertThat(h.packageVersion("docker-ce")).hasValue("3:26.1.4-1.el9");
    assertThat(h.packageVersion("containerd.io")).hasValue("1.6.33-3.1.el9");
    helloWorld(h);
  }

  @Test
  void alma8ReplacesEl8RuncAndHoldsWithVersionlock() throws Exception {
    FleetHost h = alma;
    assertThat(h.packageVersion("runc")).hasValue("1:1.1.12-1.module_el8.10.0+3858+6ad51f9f");
    try (FleetSsh ops = h.ssh("ops")) {
      assertThat(ok(ops, "cat /etc/os-release").stdout()).contains("ID=\"almalinux\"\n")
          .contains("VERSION_ID=\"8.10\"\n");
      assertThat(ok(ops, "readlink /usr/bin/yum; head -n 1 /usr/bin/dnf-3").stdout())
          .isEqualTo("dnf-3\n#!/usr/libexec/platform-python\n");
      ok(ops, writeRepo("centos", 8));
      // containerd.io obsoletes runc: dnf replaces it in the same transaction
      ok(ops, "sudo yum -y install " + set("el8", "24.0.9", "1.6.28", "0.14.1", "2.24.5"));
    }
    assertThat(h.isInstalled("runc")).isFalse();
    assertThat(h.packageVersion("docker-ce")).hasValue("3:24.0.9-1.el8");
    assertThat(h.isInstalled("libcgroup")).isTrue();
    helloWorld(h);
    dnfVersionlockHolds(h, "el8");
  }

  @Test
  void rocky9WithPodmanNeedsItRemovedInTheSameTransaction() throws Exception {
    FleetHost h = podman;
    assertThat(h.installedPackages()).containsKeys("podman", "runc", "buildah");
    String pinned = set("el9", "26.1.4", "1.6.33", "0.14.1", "2.27.1");
    try (FleetSsh ops = h.ssh("ops")) {
      ok(ops, writeRepo("centos", 9));
      ExecResult refused = ops.run("sudo dnf -y install " + pinned);
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.stderr()).contains("problem with installed package")
          .contains("package containerd.io-1.6.33-3.1.el9.x86_64 conflicts with runc provided by runc-4:1.1.12-1.el9.x86_64")
          .contains("obsoletes runc provided by runc-4:1.1.12-1.el9.x86_64");
      assertThat(h.isInstalled("docker-ce")).isFalse();
      // one transaction: remove the conflicting packages and install the pinned set
      ok(ops, "printf 'remove podman runc buildah\\ninstall " + pinned + "\\nrun\\n' > /tmp/swap"
          + " && sudo dnf -y shell /tmp/swap");
    }
    assertThat(h.installedPackages()).doesNotContainKeys("podman", "runc", "buildah")
        .containsEntry("docker-ce", "3:26.1.4-1.el9").containsEntry("containerd.io", "1.6.33-3.1.el9");
    helloWorld(h);
  }

  @Test
  void el7YumVersionlockHoldsAPlainYumUpdate() throws Exception {
    FleetHost h = el7;
    try (FleetSsh root = h.ssh("root")) {
      ExecResult none = root.run("yum versionlock list");
      assertThat(none.exitCode()).isEqualTo(1);
      assertThat(none.stderr()).isEqualTo("No such command: versionlock. Please use /usr/bin/yum --help\n");
      ok(root, "curl -fsS " + TestFleet.DOCKER_MIRROR_URL + "/linux/centos/docker-ce.repo"
          + " | sed 's#https://download.docker.com#" + TestFleet.DOCKER_MIRROR_URL + "#g'"
          + " > /etc/yum.repos.d/docker-ce.repo");
      ok(root, "yum install -y docker-ce-24.0.9 docker-ce-cli-24.0.9 containerd.io-1.6.28"
          + " docker-buildx-plugin docker-compose-plugin-2.24.5 docker-ce-rootless-extras-24.0.9");
      ExecResult inst = ok(root, "yum install -y yum-plugin-versionlock");
      assertThat(h.packageVersion("yum-plugin-versionlock")).hasValue("1.1.31-54.el7_8");
      ExecResult add = ok(root, "yum versionlock add docker-ce docker-ce-cli containerd.io");
      assertThat(add.stdout()).startsWith("Loaded plugins: fastestmirror, versionlock\n")
          .contains("Adding versionlock on: 3:docker-ce-24.0.9-1.el7\n")
          .contains("Adding versionlock on: 1:docker-ce-cli-24.0.9-1.el7\n")
          .contains("Adding versionlock on: 0:containerd.io-1.6.28-3.1.el7\n")
          .endsWith("versionlock added: 3\n");
      // entries in rpmdb order, as the plugin writes them
      assertThat(h.versionLocks()).containsExactlyInAnyOrder("3:docker-ce-24.0.9-1.el7.*",
          "1:docker-ce-cli-24.0.9-1.el7.*", "0:containerd.io-1.6.28-3.1.el7.*");
      assertThat(ok(root, "yum versionlock list").stdout()).isEqualTo("Loaded plugins: fastestmirror, versionlock\n"
          + String.join("\n", h.versionLocks()) + "\nversionlock list done\n");
      // an explicit newer version of a locked package is not available
      ExecResult pinned = root.run("yum install -y docker-ce-26.1.4");
      assertThat(pinned.output()).contains("No package docker-ce-26.1.4 available.");
      assertThat(h.packageVersion("docker-ce")).hasValue("3:24.0.9-1.el7");
      ok(root, "yum update -y");
      assertThat(h.packageVersion("docker-ce")).hasValue("3:24.0.9-1.el7");
      assertThat(h.packageVersion("docker-ce-cli")).hasValue("1:24.0.9-1.el7");
      assertThat(h.packageVersion("containerd.io")).hasValue("1.6.28-3.1.el7");
      assertThat(h.packageVersion("docker-compose-plugin")).hasValue("2.27.1-1.el7");
      ExecResult del = ok(root, "yum versionlock delete docker-ce docker-ce-cli");
      assertThat(del.stdout()).contains("Deleting versionlock for: 3:docker-ce-24.0.9-1.el7.*\n")
          .endsWith("versionlock deleted: 2\n");
      assertThat(root.run("yum versionlock delete nothing-like-this").output())
          .contains("Error: versionlock delete: no matches");
      ok(root, "yum update -y");
      assertThat(h.packageVersion("docker-ce")).hasValue("3:26.1.4-1.el7");
      assertThat(h.packageVersion("containerd.io")).hasValue("1.6.28-3.1.el7");
      // the plugin disabled in its conf: no lock applies
      ok(root, "sed -i 's/^enabled = 1/enabled = 0/' /etc/yum/pluginconf.d/versionlock.conf");
      assertThat(ok(root, "yum update -y").stdout()).startsWith("Loaded plugins: fastestmirror\n");
      assertThat(h.packageVersion("containerd.io")).hasValue("1.6.33-3.1.el7");
      assertThat(ok(root, "yum versionlock clear || true").output()).contains("No such command: versionlock");
      assertThat(inst.stdout()).startsWith("Loaded plugins: fastestmirror\n");
    }
  }
}
