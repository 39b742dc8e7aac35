package io.jprov.testfleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the EL7 test fleet is faithful before jprov uses it: plain SSH commands (sshj, key auth), no jprov code.
 * Expected outputs and exit codes are those of CentOS 7 (testfleet/README.md says where a test host differs from a real one).
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class FleetSmokeIT {
  private static TestFleet fleet;
  private static FleetHost manual;   // the manual Docker CE procedure runs here
  private static FleetHost probe;    // stays without Docker: EL7 outputs of absent things
  private static FleetHost eol;
  private static FleetHost old;
  private static FleetHost standin; // docker stand-in behaviour (daemon.json, sysctls, load)

  @BeforeAll
  static void start() {
    TestFleet.assumeDocker();
    fleet = TestFleet.start(List.of(Variant.FRESH, Variant.FRESH, Variant.EOL, Variant.OLD_DOCKER, Variant.FRESH));
    manual = fleet.host(0);
    probe = fleet.host(1);
    eol = fleet.host(2);
    old = fleet.host(3);
    standin = fleet.host(4);
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

  @Test
  void manualCentos7DockerProcedureEndsWithHelloFromDocker() throws Exception {
    try (FleetSsh ops = manual.ssh("ops")) {
      ok(ops, "sudo yum install -y yum-utils device-mapper-persistent-data lvm2");
      ExecResult add = ok(ops, "sudo yum-config-manager --add-repo "
          + TestFleet.DOCKER_MIRROR_URL + "/linux/centos/docker-ce.repo");
      assertThat(add.stdout()).contains("adding repo from: http://mirror/docker-ce/linux/centos/docker-ce.repo")
          .contains("repo saved to /etc/yum.repos.d/docker-ce.repo");
      // public mirrors' repo files point at download.docker.com, which the fleet cannot reach
      assertThat(manual.file("/etc/yum.repos.d/docker-ce.repo").orElseThrow())
          .contains("baseurl=https://download.docker.com/linux/centos/$releasever/$basearch/stable");
      ExecResult unreachable = ops.run("sudo yum makecache fast");
      assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(1);
      assertThat(unreachable.stderr()).contains("failure: repodata/repomd.xml from docker-ce-stable");
      ok(ops, "sudo sed -i 's#https://download.docker.com#http://mirror/docker-ce#g' /etc/yum.repos.d/docker-ce.repo");
      assertThat(ok(ops, "sudo yum makecache fast").stdout()).contains("Metadata Cache Created");
      ok(ops, "sudo yum install -y docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin");
      ExecResult enable = ok(ops, "sudo systemctl enable docker");
      assertThat(enable.output()).contains("Created symlink from /etc/systemd/system/multi-user.target.wants/"
          + "docker.service to /usr/lib/systemd/system/docker.service.");
      assertThat(ok(ops, "sudo systemctl enable docker").output()).isEmpty();
      ok(ops, "sudo systemctl start docker");
      ExecResult hello = ok(ops, "sudo docker run --rm hello-world");
      assertThat(hello.stdout()).startsWith("\nHello from Docker!\n"
          + "This message shows that your installation appears to be working correctly.\n");
      // ops is not in group docker yet
      ExecResult denied = ops.run("docker run --rm hello-world");
      assertThat(denied.exitCode()).isEqualTo(126);
      assertThat(denied.stderr()).contains("permission denied while trying to connect to the Docker daemon socket");
      ok(ops, "sudo usermod -aG docker ops");
      // the reused session keeps its old groups
      assertThat(ops.run("docker run --rm hello-world").exitCode()).isEqualTo(126);
    }
    try (FleetSsh fresh = manual.ssh("ops")) {
      assertThat(ok(fresh, "docker run --rm hello-world").stdout()).contains("Hello from Docker!");
    }
    Map<String, String> pkgs = manual.installedPackages();
    assertThat(pkgs).containsEntry("docker-ce", "3:26.1.4-1.el7")
        .containsEntry("docker-ce-cli", "1:26.1.4-1.el7")
        .containsEntry("containerd.io", "1.6.33-3.1.el7")
        .containsEntry("docker-buildx-plugin", "0.14.1-1.el7")
        .containsEntry("docker-compose-plugin", "2.27.1-1.el7")
        .containsEntry("docker-ce-rootless-extras", "26.1.4-1.el7")
        .containsEntry("container-selinux", "2:2.119.2-1.911c772.el7_8");
    assertThat(manual.groupMembers("docker")).hasValue(List.of("ops"));
    assertThat(manual.serviceActive("docker")).isEqualTo("active");
    assertThat(manual.serviceEnabled("docker")).isEqualTo("enabled");
    assertThat(manual.dockerStarts()).isEqualTo(1);
  }

  @Test
  void dockerStandInFollowsDaemonJsonSysctlsAndLoad() throws Exception {
    FleetHost h = standin;
    try (FleetSsh root = h.ssh("root")) {
      ok(root, "yum-config-manager --add-repo http://mirror/docker-ce/linux/centos/docker-ce.repo >/dev/null 2>&1 || "
          + "yum install -y yum-utils >/dev/null && yum-config-manager --add-repo "
          + "http://mirror/docker-ce/linux/centos/docker-ce.repo");
      ok(root, "sed -i 's#https://download.docker.com#http://mirror/docker-ce#g' /etc/yum.repos.d/docker-ce.repo");
      ok(root, "yum install -y docker-ce docker-ce-cli containerd.io");
      ok(root, "systemctl start docker");
      int starts = h.dockerStarts();
      // bridge-nf-call sysctls: missing before br_netfilter, 0 after (CentOS 00-system.conf), then set to 1
      ExecResult info = ok(root, "docker info");
      assertThat(info.stderr()).contains("WARNING: bridge-nf-call-iptables is disabled")
          .contains("WARNING: bridge-nf-call-ip6tables is disabled");
      ok(root, "modprobe br_netfilter");
      assertThat(ok(root, "sysctl net.bridge.bridge-nf-call-iptables").stdout())
          .isEqualTo("net.bridge.bridge-nf-call-iptables = 0\n");
      ok(root, "printf 'net.bridge.bridge-nf-call-iptables = 1\\nnet.bridge.bridge-nf-call-ip6tables = 1\\n'"
          + " > /etc/sysctl.d/99-docker.conf && sysctl --system");
      assertThat(ok(root, "docker info").stderr()).doesNotContain("bridge-nf-call");
      // registry mirrors are read at (re)start
      ok(root, "mkdir -p /etc/docker && echo '{\"registry-mirrors\": [\"https://mirror.example.com\"]}'"
          + " > /etc/docker/daemon.json && systemctl restart docker");
      assertThat(ok(root, "docker info").stdout()).contains(" Registry Mirrors:\n  https://mirror.example.com/\n");
      assertThat(h.dockerStarts()).isEqualTo(starts + 1);
      // an invalid daemon.json: the start fails with EL7's message, the journal has the daemon's reason
      ok(root, "echo '{\"hosts\": [\"tcp://0.0.0.0:2375\"]}' > /etc/docker/daemon.json");
      ExecResult failed = root.run("systemctl restart docker");
      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.stderr()).isEqualTo("Job for docker.service failed because the control process exited with"
          + " error code. See \"systemctl status docker.service\" and \"journalctl -xe\" for details.\n");
      assertThat(h.serviceActive("docker")).isEqualTo("failed");
      assertThat(ok(root, "journalctl -u docker --no-pager").stdout())
          .contains("unable to configure the Docker daemon with file /etc/docker/daemon.json: the following"
              + " directives are specified both as a flag and in the configuration file: hosts");
      ok(root, "echo '{not json' > /etc/docker/daemon.json");
      assertThat(root.run("systemctl start docker").exitCode()).isEqualTo(1);
      assertThat(h.journal("docker")).contains("unable to configure the Docker daemon with file /etc/docker/daemon.json");
      ExecResult down = root.run("docker run --rm hello-world");
      assertThat(down.exitCode()).isEqualTo(125);
      assertThat(down.stderr()).contains("Cannot connect to the Docker daemon at unix:///var/run/docker.sock."
          + " Is the docker daemon running?");
      ok(root, "rm -f /etc/docker/daemon.json && systemctl start docker");
      // docker load of a real docker-archive
      ExecResult load = ok(root, "curl -fsS -o /tmp/hw.tar " + TestFleet.HELLO_WORLD_TAR_URL
          + " && docker load -i /tmp/hw.tar");
      assertThat(load.stdout()).isEqualTo("Loaded image: hello-world:latest\n");
      ExecResult bad = root.run("echo nope > /tmp/bad.tar && docker load -i /tmp/bad.tar");
      assertThat(bad.exitCode()).isNotZero();
      h.setRegistryOffline(true);
      assertThat(ok(root, "docker run --rm hello-world").stdout()).contains("Hello from Docker!");
      h.setRegistryOffline(false);
    }
  }

  @Test
  void absentThingsAnswerAsOnEl7() throws Exception {
    try (FleetSsh root = probe.ssh("root")) {
      ExecResult q = root.run("rpm -q docker-ce");
      assertThat(q.exitCode()).isEqualTo(1);
      assertThat(q.stdout()).isEqualTo("package docker-ce is not installed\n");
      assertThat(root.run("rpm -q docker-ce containerd.io").exitCode()).isEqualTo(2);
      assertThat(root.run("rpm -q --qf '%{EPOCH}' centos-release").stdout()).isEqualTo("(none)");

      ExecResult rm = root.run("yum remove -y docker docker-client docker-client-latest docker-common");
      assertThat(rm.exitCode()).isZero();
      assertThat(rm.stdout()).contains("No Match for argument: docker\n").contains("No Packages marked for removal");

      ExecResult unknown = root.run("yum install -y no-such-package");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.output()).contains("No package no-such-package available.").contains("Error: Nothing to do");

      ExecResult enabled = root.run("systemctl is-enabled docker");
      assertThat(enabled.exitCode()).isEqualTo(1);
      assertThat(enabled.stderr())
          .isEqualTo("Failed to get unit file state for docker.service: No such file or directory\n");
      ExecResult active = root.run("systemctl is-active docker");
      assertThat(active.exitCode()).isEqualTo(3);
      assertThat(active.stdout()).isEqualTo("unknown\n");
      assertThat(root.run("systemctl start docker").stderr()).isEqualTo("Failed to start docker.service: Unit not found.\n");

      ExecResult grp = root.run("getent group docker");
      assertThat(grp.exitCode()).isEqualTo(2);
      assertThat(grp.stdout()).isEmpty();

      ExecResult nf = root.run("sysctl net.bridge.bridge-nf-call-iptables");
      assertThat(nf.exitCode()).isNotZero();
      assertThat(nf.stderr()).isEqualTo(
          "sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n");

      // a missing dependency (extras disabled: no container-selinux) fails as EL7 yum does
      ok(root, "curl -fsS http://mirror/docker-ce/linux/centos/docker-ce.repo"
          + " | sed 's#https://download.docker.com#http://mirror/docker-ce#g' > /etc/yum.repos.d/docker-ce.repo");
      ExecResult dep = root.run("yum install -y --disablerepo=extras docker-ce");
      assertThat(dep.exitCode()).isEqualTo(1);
      assertThat(dep.stderr()).contains("Error: Package: 3:docker-ce-26.1.4-1.el7.x86_64")
          .contains("Requires: container-selinux >= 2:2.74");
      assertThat(probe.isInstalled("docker-ce")).isFalse();
    }
  }

  @Test
  void hostLooksLikeCentos7WithoutPython() throws Exception {
    try (FleetSsh ops = probe.ssh("ops")) {
      assertThat(ok(ops, "cat /etc/centos-release").stdout()).isEqualTo("CentOS Linux release 7.9.2009 (Core)\n");
      assertThat(ok(ops, ". /etc/os-release && echo $ID $VERSION_ID").stdout()).isEqualTo("centos 7\n");
      assertThat(ok(ops, "uname -m").stdout()).isEqualTo("x86_64\n");
      assertThat(ops.run("command -v python || command -v python3 || command -v python2 || command -v dnf")
          .exitCode()).isNotZero();
      assertThat(ok(ops, "sudo -n id -u").stdout()).isEqualTo("0\n");
      // SFTP works (jprov uploads files with it)
      try (var sftp = ops.client().newSFTPClient()) {
        java.nio.file.Path local = java.nio.file.Files.createTempFile("tf", ".txt");
        java.nio.file.Files.writeString(local, "uploaded\n");
        sftp.put(local.toString(), "/tmp/uploaded.txt");
        java.nio.file.Files.delete(local);
      }
      assertThat(ok(ops, "cat /tmp/uploaded.txt").stdout()).isEqualTo("uploaded\n");
    }
    try (FleetSsh deploy = probe.ssh("deploy")) {
      ExecResult noPw = deploy.run("sudo -n true");
      assertThat(noPw.exitCode()).isEqualTo(1);
      assertThat(noPw.stderr()).contains("a password is required");
      ExecResult withPw = deploy.run("sudo -S -p '' id -u", TestFleet.DEPLOY_PASSWORD + "\n");
      assertThat(withPw.stdout()).isEqualTo("0\n");
    }
    try (FleetSsh pw = FleetSsh.connectWithPassword(probe.address(), probe.sshPort(), "ops",
        TestFleet.OPS_PASSWORD)) {
      assertThat(ok(pw, "id -un").stdout()).isEqualTo("ops\n");
    }
  }

  @Test
  void eolHostFailsEveryYumCommandUntilReposArePointedAtAMirror() throws Exception {
    try (FleetSsh root = eol.ssh("root")) {
      ExecResult r = root.run("yum makecache fast");
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.output())
          .contains("Could not retrieve mirrorlist http://mirrorlist.centos.org/?release=7&arch=x86_64&repo=os&infra=")
          .contains("Cannot find a valid baseurl for repo: base/7/x86_64");
      assertThat(root.run("yum install -y yum-utils").exitCode()).isEqualTo(1);
      ok(root, "sed -i -e 's/^mirrorlist=/#mirrorlist=/' -e 's|^#baseurl=http://mirror.centos.org/centos|baseurl="
          + TestFleet.BASE_REPOS_MIRROR_URL + "|' /etc/yum.repos.d/CentOS-Base.repo");
      ok(root, "yum makecache fast");
      ok(root, "yum install -y yum-utils");
    }
  }

  @Test
  void oldDockerHostHasCentosDockerThatBlocksDockerCe() throws Exception {
    assertThat(old.installedPackages()).containsEntry("docker", "2:1.13.1-210.git7d71120.el7.centos")
        .containsEntry("docker-client", "2:1.13.1-210.git7d71120.el7.centos")
        .containsEntry("docker-common", "2:1.13.1-210.git7d71120.el7.centos");
    assertThat(old.serviceActive("docker")).isEqualTo("active");
    try (FleetSsh root = old.ssh("root")) {
      ok(root, "curl -fsS http://mirror/docker-ce/linux/centos/docker-ce.repo"
          + " | sed 's#https://download.docker.com#http://mirror/docker-ce#g' > /etc/yum.repos.d/docker-ce.repo");
      assertThat(root.run("yum install -y docker-ce").exitCode()).isEqualTo(1);
      ExecResult rm = ok(root, "yum remove -y docker docker-client docker-client-latest docker-common docker-latest"
          + " docker-latest-logrotate docker-logrotate docker-selinux docker-engine-selinux docker-engine");
      assertThat(rm.stdout()).contains("No Match for argument: docker-engine");
      assertThat(old.isInstalled("docker")).isFalse();
      ok(root, "yum install -y docker-ce && systemctl start docker && docker run --rm hello-world");
    }
  }

  @Test
  void hostsCanBeMadeUnreachableAndBroughtBack() throws Exception {
    FleetHost h = probe;
    h.stop();
    try {
      org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
          () -> FleetSsh.connectWithPassword(h.address(), h.sshPort(), "ops", TestFleet.OPS_PASSWORD).close());
    } finally {
      h.start();
    }
    assertThat(h.sshRun("ops", "echo back").stdout()).isEqualTo("back\n");
  }
}
