package io.jprov.testfleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.testfleet.TestFleet.HostOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The docker stand-in's containers, live-restore, SIGHUP reload, {@code docker info --format}, and the data root on a
 * small tmpfs (testfleet/README.md, "docker stand-in"): what issue 14's doctor and restart-policy tests rely on.
 * Plain commands through docker exec, no jprov code.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class FleetContainersIT {
  private static TestFleet fleet;
  private static FleetHost h;

  @BeforeAll
  static void start() {
    TestFleet.assumeDocker();
    fleet = TestFleet.builder().host("el7-1", Variant.FRESH, HostOption.tmpfsDataRoot("2m")).start();
    h = fleet.host("el7-1");
    h.shOk("curl -fsS http://mirror/docker-ce/linux/centos/docker-ce.repo"
        + " | sed 's#https://download.docker.com#http://mirror/docker-ce#g' > /etc/yum.repos.d/docker-ce.repo"
        + " && yum install -y docker-ce docker-ce-cli containerd.io >/dev/null 2>&1"
        + " && mkdir -p /etc/docker && systemctl start docker");
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void containersStopWithTheDaemonUnlessLiveRestoreIsInForce() {
    h.shOk("rm -f /etc/docker/daemon.json && systemctl restart docker");
    String id = h.runContainer("web");
    assertThat(id).matches("[0-9a-f]{64}");
    assertThat(h.containerRunning("web")).isTrue();
    assertThat(h.runningContainers()).contains("web");
    assertThat(h.shOk("docker ps -q")).contains(id.substring(0, 12));
    assertThat(h.shOk("docker inspect -f '{{.State.Running}} {{.State.StartedAt}}' web").trim())
        .isEqualTo("true " + h.containerStartedAt("web"));
    assertThat(h.shOk("docker info --format '{{.ContainersRunning}}'").trim()).isEqualTo("1");

    // without live-restore a daemon restart stops the container
    int starts = h.dockerStarts();
    h.shOk("systemctl restart docker");
    assertThat(h.dockerStarts()).isEqualTo(starts + 1);
    assertThat(h.containerRunning("web")).isFalse();
    assertThat(h.shOk("docker ps -q")).isEmpty();
    assertThat(h.shOk("docker ps -a --format '{{.Names}} {{.State}}'")).contains("web exited");

    // live-restore applied by a reload (no restart), then a restart keeps the container running, same StartedAt
    h.shOk("docker start web");
    String started = h.containerStartedAt("web");
    h.shOk("echo '{\"live-restore\": true}' > /etc/docker/daemon.json && systemctl reload docker");
    assertThat(h.dockerStarts()).isEqualTo(starts + 1);
    assertThat(h.shOk("docker info --format '{{.LiveRestoreEnabled}}'").trim()).isEqualTo("true");
    h.shOk("systemctl restart docker");
    assertThat(h.dockerStarts()).isEqualTo(starts + 2);
    assertThat(h.containerRunning("web")).isTrue();
    assertThat(h.containerStartedAt("web")).isEqualTo(started);
    // stopped daemon: the container still runs; docker info --format prints the error and an empty server part
    h.shOk("systemctl stop docker");
    assertThat(h.containerRunning("web")).isTrue();
    ExecResult down = h.sh("docker info --format '{{.LiveRestoreEnabled}} {{json .ServerErrors}}'");
    assertThat(down.exitCode()).isZero();
    assertThat(down.stdout().trim()).isEqualTo("false [\"Cannot connect to the Docker daemon at "
        + "unix:///var/run/docker.sock. Is the docker daemon running?\"]");
    assertThat(down.stderr()).contains("Cannot connect to the Docker daemon");
    h.shOk("systemctl start docker");
    assertThat(h.containerRunning("web")).isTrue();
    h.shOk("docker rm -f web && rm -f /etc/docker/daemon.json && systemctl restart docker");
    assertThat(h.runningContainers()).isEmpty();
  }

  @Test
  void aContainerStartedOverSshOutlivesTheSession() throws Exception {
    h.shOk("systemctl is-active docker || systemctl start docker");
    h.runContainer("warmup");   // loads the idle image
    long t0 = System.nanoTime();
    ExecResult r = h.sshRun("root", "docker run -d --name viassh " + FleetHost.IDLE_IMAGE);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(System.nanoTime() - t0).as("the session ends at once").isLessThan(20_000_000_000L);
    assertThat(h.containerRunning("viassh")).isTrue();
    assertThat(h.sshRun("ops", "sudo docker ps --format '{{.Names}}'").stdout()).contains("viassh").contains("warmup");
    h.shOk("docker rm -f viassh warmup");
    assertThat(h.runningContainers()).isEmpty();
  }

  @Test
  void reloadAppliesOnlyTheKeysDockerdReloads() {
    h.shOk("echo '{\"registry-mirrors\": [\"https://a.example\"]}' > /etc/docker/daemon.json && systemctl restart docker");
    int starts = h.dockerStarts();
    h.shOk("echo '{\"registry-mirrors\": [\"https://b.example\"], \"log-level\": \"warn\", \"debug\": true}'"
        + " > /etc/docker/daemon.json && systemctl reload docker");
    assertThat(h.dockerStarts()).isEqualTo(starts);
    assertThat(h.dockerRunningConfig()).hasValue("{\"registry-mirrors\":[\"https://b.example/\"],\"debug\":true}");
    assertThat(h.shOk("docker info --format '{{json .RegistryConfig.Mirrors}} {{.Debug}}'").trim())
        .isEqualTo("[\"https://b.example/\"] true");
    h.shOk("systemctl restart docker");
    assertThat(h.dockerRunningConfig()).hasValue(
        "{\"registry-mirrors\":[\"https://b.example/\"],\"log-level\":\"warn\",\"debug\":true}");
    h.shOk("rm -f /etc/docker/daemon.json && systemctl restart docker");
  }

  @Test
  void dockerInfoJsonHasDockersFieldNames() {
    h.shOk("echo '{\"data-root\": \"/var/lib/docker\", \"storage-driver\": \"devicemapper\"}' > /etc/docker/daemon.json"
        + " && systemctl restart docker");
    String json = h.shOk("docker info --format '{{json .}}'");
    assertThat(json).contains("\"ServerVersion\":\"26.1.4\"", "\"Driver\":\"devicemapper\"",
        "[\"Data loop file\",\"/var/lib/docker/devicemapper/devicemapper/data\"]", "\"DockerRootDir\":\"/var/lib/docker\"",
        "\"LiveRestoreEnabled\":false", "\"RegistryConfig\":{", "\"Mirrors\":[]", "\"HttpProxy\":\"\"",
        "\"SecurityOptions\":[\"name=seccomp,profile=builtin\"]", "\"ContainersRunning\":0",
        "WARNING: devicemapper: usage of loopback devices is strongly discouraged");
    h.shOk("rm -f /etc/docker/daemon.json && systemctl restart docker");
    assertThat(h.shOk("docker info --format '{{.Driver}} {{.DockerRootDir}}'").trim())
        .isEqualTo("overlay2 /var/lib/docker");
  }

  @Test
  void dataRootOnASmallTmpfsFillsUp() {
    assertThat(h.shOk("df -P /var/lib/docker | tail -n 1")).startsWith("tmpfs").contains(" 2048 ");
    h.fillDataRoot();
    try {
      assertThat(h.shOk("df -P /var/lib/docker | tail -n 1")).contains(" 100% /var/lib/docker");
    } finally {
      h.freeDataRoot();
    }
    assertThat(h.shOk("df -P /var/lib/docker | tail -n 1")).doesNotContain(" 100% ");
  }

  @Test
  void hostToolsDoctorReads() {
    assertThat(h.shOk("iptables --version")).isEqualTo("iptables v1.4.21\n");
    assertThat(h.shOk("curl -sS -o /dev/null -w '%{http_code}' http://mirror/v2/")).isEqualTo("200");
    assertThat(h.sh("journalctl -u nothing-here -q -o cat").stdout()).isEmpty();
    assertThat(h.sh("journalctl -u nothing-here").stdout()).isEqualTo("-- No entries --\n");
    // --since: what a reload or restart logged after a point in time, not an older error
    h.shOk("systemctl restart docker");
    assertThat(h.shOk("journalctl -u docker --since \"$(date -d '-1 hour' '+%Y-%m-%d %H:%M:%S')\" -q -o cat"))
        .contains("Daemon has completed initialization");
    assertThat(h.shOk("journalctl -u docker --since \"$(date -d '+1 min' '+%Y-%m-%d %H:%M:%S')\" -q -o cat"))
        .isEmpty();
  }

  @Test
  void systemctlCatAndShowIncludeDropIns() {
    h.shOk("mkdir -p /etc/systemd/system/docker.service.d && printf '[Service]\\nEnvironment=\"HTTP_PROXY=http://p:3128\"\\n'"
        + " > /etc/systemd/system/docker.service.d/http-proxy.conf && systemctl daemon-reload && systemctl restart docker");
    try {
      assertThat(h.shOk("systemctl cat docker")).contains("# /usr/lib/systemd/system/docker.service\n",
          "\n# /etc/systemd/system/docker.service.d/http-proxy.conf\n[Service]\n");
      assertThat(h.shOk("systemctl show docker -p DropInPaths,Result").lines().sorted().toList())
          .containsExactly("DropInPaths=/etc/systemd/system/docker.service.d/http-proxy.conf", "Result=success");
      assertThat(h.shOk("systemctl show docker -p Wants,Requires,BindsTo").lines().sorted().toList())
          .containsExactly("BindsTo=", "Requires=docker.socket", "Wants=network-online.target containerd.service");
      assertThat(h.shOk("docker info --format '{{.HttpProxy}}'").trim()).isEqualTo("http://p:3128");
    } finally {
      h.shOk("rm -rf /etc/systemd/system/docker.service.d && systemctl daemon-reload && systemctl restart docker");
    }
  }
}
