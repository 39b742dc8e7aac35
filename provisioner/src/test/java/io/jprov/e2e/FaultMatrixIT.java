package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.InventoryOptions;
import io.jprov.testfleet.Variant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fault matrix (docs: README "Security model" and "Failure safety"): each test breaks one real thing on
 * one host of a two-host test fleet ({@code el7-1} broken, {@code el7-2} healthy) and asserts what an operator
 * relies on during a bad day:
 *
 * <ul>
 *   <li>the broken host gets a one-line error naming the cause;
 *   <li>the healthy host finishes unaffected (converged);
 *   <li>docker on the broken host is still running, or was never touched;
 *   <li>no secret (the proxy password, sudo passwords) appears in the console, the JSON report or --log-dir;
 *   <li>after the fault is removed, a plain re-run converges and the run after that changes nothing.
 * </ul>
 */
class FaultMatrixIT extends FleetTestBase {
  /** A proxy password in every inventory of the matrix: it must never be printed or stored. */
  static final String PROXY_SECRET = "Pr0xy-S3cret-9b1f";
  static final String PROXY = "http://jprov:" + PROXY_SECRET + "@proxy.invalid:3128";
  private static final String BROKEN = "el7-1";
  private static final String HEALTHY = "el7-2";

  // ------------------------------------------------------------------ rows

  @Test
  void unreachableAtStart() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.FRESH, Variant.FRESH))) {
      Path inv = inventory(fleet, "connect_timeout: 3", Map.of());
      fleet.host(BROKEN).stop();
      ApplyRun r = run(inv);
      assertFaultContained(r, fleet, "unreachable", "refused", 4);
      fleet.host(BROKEN).start();
      assertRecovers(fleet, inv);
    }
  }

  @Test
  void connectionDroppedMidCommandLeavesNothingRunning() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.OLD_DOCKER, Variant.FRESH))) {
      FleetHost h = fleet.host(BROKEN);
      Path inv = inventory(fleet, "", Map.of());
      slowYum(h, 61);
      CompletableFuture<ApplyRun> run = async(() -> run(inv));
      awaitProcess(h, "sleep 61");
      // kill the session's sshd processes: the connection drops under the running command
      h.shOk("pkill -KILL -f 'sshd: [o]ps' || true");
      ApplyRun r = run.get(120, TimeUnit.SECONDS);
      assertFaultContained(r, fleet, "unreachable", "connection", 4);
      // the abandoned command (and the yum it would have started) is gone: old docker untouched
      assertProcessGone(h, "sleep 61");
      Thread.sleep(2000);
      assertOldDockerRunning(h);
      unslowYum(h);
      assertRecovers(fleet, inv);
    }
  }

  @Test
  void commandTimeoutKillsTheRemoteCommand() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.OLD_DOCKER, Variant.FRESH))) {
      FleetHost h = fleet.host(BROKEN);
      Path slow = inventory(fleet, "", Map.of(BROKEN, "command_timeout: 4s"));
      slowYum(h, 601);
      ApplyRun r = run(slow);
      assertFaultContained(r, fleet, null, "timed out after 4s", 3, 4);
      assertProcessGone(h, "sleep 601");
      assertOldDockerRunning(h);
      unslowYum(h);
      assertRecovers(fleet, inventory(fleet, "", Map.of()));
    }
  }

  @Test
  void wrongSudoPasswordThenTheRightOne() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.OLD_DOCKER, Variant.FRESH))) {
      FleetHost h = fleet.host(BROKEN);
      Path wrong = inventory(fleet, "", Map.of(BROKEN,
          "ssh_user: deploy, become_password_env: JPROV_TEST_WRONG_SUDO"));
      ApplyRun r = run(wrong);
      assertFaultContained(r, fleet, "failed", "incorrect password", 3);
      assertThat(all(r)).doesNotContain("not-the-password");
      assertOldDockerRunning(h);
      // a non-root SSH user with a sudo password converges the host, and the password is never shown
      Path right = inventory(fleet, "", Map.of(BROKEN,
          "ssh_user: deploy, become_password_env: JPROV_TEST_DEPLOY_SUDO, docker: {users: [deploy]}"));
      assertRecovers(fleet, right);
      assertThat(h.shOk("stat -c '%U %a' /etc/docker/daemon.json").strip()).isEqualTo("root 644");
    }
  }

  @Test
  void changedHostKeyIsRefused() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.FRESH, Variant.FRESH))) {
      Path knownHosts = tmp.resolve("known_hosts");
      String realKey = fleet.host(BROKEN).shOk("cat /etc/ssh/ssh_host_ed25519_key.pub").strip();
      // another ed25519 key (the fleet's user key) recorded for el7-1: the host "changed its key"
      String otherKey = keyOnly(fleet.publicKey());
      Files.writeString(knownHosts,
          "[127.0.0.1]:" + fleet.host(BROKEN).sshPort() + " " + otherKey + "\n"
              + "[127.0.0.1]:" + fleet.host(HEALTHY).sshPort() + " " + keyOnly(realKey) + "\n");
      Path inv = inventory(fleet, "known_hosts: \"" + knownHosts + "\"", Map.of());
      Files.writeString(inv, Files.readString(inv).replace("host_key_checking: \"off\"", "host_key_checking: strict"));
      ApplyRun r = run(inv);
      assertFaultContained(r, fleet, "unreachable", "host key", 4);
      assertThat(fleet.host(BROKEN).isInstalled("docker-ce")).isFalse();
      Files.writeString(knownHosts,
          "[127.0.0.1]:" + fleet.host(BROKEN).sshPort() + " " + keyOnly(realKey) + "\n"
              + "[127.0.0.1]:" + fleet.host(HEALTHY).sshPort() + " " + keyOnly(realKey) + "\n");
      assertRecovers(fleet, inv);
    }
  }

  @Test
  void heldYumLockFailsNamingTheHolder() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.OLD_DOCKER, Variant.FRESH))) {
      FleetHost h = fleet.host(BROKEN);
      Path inv = inventory(fleet, "", Map.of());
      // another yum holds EL7's lock file (the test fleet's dnf-based yum does not write it: a live pid stands in)
      String holder = h.shOk("setsid sleep 3600 </dev/null >/dev/null 2>&1 & echo $! > /var/run/yum.pid; cat /var/run/yum.pid").strip();
      ApplyRun r = run(inv);
      assertFaultContained(r, fleet, "failed", "yum is locked by pid " + holder, 3);
      assertOldDockerRunning(h);
      h.shOk("kill " + holder + "; rm -f /var/run/yum.pid");
      assertRecovers(fleet, inv);
    }
  }

  @Test
  void mirrorDownDuringInstallKeepsTheOldDocker() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.OLD_DOCKER, Variant.FRESH))) {
      FleetHost h = fleet.host(BROKEN);
      Path inv = inventory(fleet, "", Map.of());
      // the mirror disappears for el7-1 the moment yum is asked for docker-ce (after repos and makecache worked)
      h.shOk("cp -p /usr/bin/yum /usr/bin/yum.real && cat > /usr/bin/yum <<'EOF'\n#!/bin/sh\n"
          + "case \"$*\" in *docker-ce*) grep -q 'mirror-down' /etc/hosts || echo '127.0.0.9 mirror # mirror-down' >> /etc/hosts;; esac\n"
          + "exec /usr/bin/yum.real \"$@\"\nEOF\nchmod 755 /usr/bin/yum");
      ApplyRun r = run(inv);
      assertFaultContained(r, fleet, "failed", null, 3);
      assertOldDockerRunning(h);
      assertThat(h.isInstalled("docker-ce")).isFalse();
      // /etc/hosts is a bind mount in a container: rewrite it in place
      h.shOk("mv -f /usr/bin/yum.real /usr/bin/yum && grep -v mirror-down /etc/hosts > /tmp/hosts && cat /tmp/hosts > /etc/hosts");
      assertRecovers(fleet, inv);
    }
  }

  @Test
  void badDaemonOptionOnAnExistingInstallPutsThePreviousFileBack() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.FRESH, Variant.FRESH))) {
      FleetHost h = fleet.host(BROKEN);
      Path good = inventory(fleet, "", Map.of());
      assertThat(run(good).code()).isZero();
      String before = h.daemonJson().orElseThrow();
      Path bad = inventory(fleet, "", Map.of(BROKEN, "docker: {daemon: {storage-driver: no-such-driver}}"));
      ApplyRun r = run(bad);
      assertFaultContained(r, fleet, "failed", "driver not supported", 3);
      assertThat(h.daemonJson()).contains(before);
      assertThat(h.serviceActive("docker")).isEqualTo("active");
      assertRecovers(fleet, good);
    }
  }

  @Test
  void badDaemonOptionOnTheFirstInstallLeavesDockerRunning() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.FRESH, Variant.FRESH))) {
      FleetHost h = fleet.host(BROKEN);
      Path bad = inventory(fleet, "", Map.of(BROKEN, "docker: {daemon: {storage-driver: no-such-driver}}"));
      ApplyRun r = run(bad);
      assertFaultContained(r, fleet, "failed", "driver not supported", 3);
      assertThat(h.serviceActive("docker")).isEqualTo("active");
      assertThat(h.daemonJson()).hasValueSatisfying(j -> assertThat(j).doesNotContain("no-such-driver"));
      assertRecovers(fleet, inventory(fleet, "", Map.of()));
    }
  }

  @Test
  void ctrlCIsAnsweredAtOnceAndTheReportIsWritten() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.OLD_DOCKER, Variant.FRESH))) {
      FleetHost h = fleet.host(BROKEN);
      Path inv = inventory(fleet, "", Map.of());
      slowYum(h, 62);
      Path json = tmp.resolve("interrupted.json");
      Process p = JprovProcess.start(tmp, "apply", "-i", inv.toString(), "--no-color", "--json", json.toString());
      awaitProcess(h, "sleep 62");
      long t0 = System.nanoTime();
      JprovProcess.signal(p, "INT");
      String said = JprovProcess.awaitStderr(p, "Ctrl-C again", 5);
      assertThat(said).as("the first Ctrl-C is answered within 5 s").contains("interrupt");
      JprovProcess.signal(p, "INT");
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the second Ctrl-C ends the run").isTrue();
      assertThat(p.exitValue()).isEqualTo(130);
      assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(25);
      JsonNode report = JprovProcess.json(json);
      assertThat(ApplyRun.host(report, BROKEN).get("status").asText()).isEqualTo("interrupted");
      // what the operator's terminal showed: no secret, no library chatter
      assertThat(JprovProcess.output(p)).doesNotContain(PROXY_SECRET).doesNotContain("SLF4J");
      assertProcessGone(h, "sleep 62");
      assertThat(h.isInstalled("docker")).isTrue();
      unslowYum(h);
      assertRecovers(fleet, inv);
    }
  }

  @Test
  void diskFullDuringBundleUploadLeavesNoTempFiles() throws Exception {
    Map<String, Variant> hosts = new LinkedHashMap<>();
    hosts.put(BROKEN, Variant.OLD_DOCKER);
    hosts.put(HEALTHY, Variant.FRESH);
    try (TestFleet fleet = TestFleet.start(hosts, Map.of(BROKEN, "32m"))) {
      FleetHost h = fleet.host(BROKEN);
      Path bundle = TestBundles.build(fleet.mirrorUrlFromTests(), tmp.resolve("bundle"));
      long total = TestBundles.totalBytes(bundle);
      Path inv = inventory(fleet, "", Map.of());
      // /var/tmp keeps room for about half of the bundle
      long availKb = Long.parseLong(h.shOk("df -k --output=avail /var/tmp | tail -n 1").strip());
      long keepKb = Math.max(8, total / 2048);
      assertThat(availKb).isGreaterThan(keepKb + total / 1024);
      h.shOk("dd if=/dev/zero of=/var/tmp/filler bs=1k count=" + (availKb - keepKb) + " 2>/dev/null; sync");
      ApplyRun r = run(inv, "--bundle", bundle.toString());
      assertFaultContained(r, fleet, "failed", "No space left on device", 3);
      assertThat(h.sh("find /var/tmp/jprov-bundle -name '*.part' -o -name '.*jprov*'").stdout()).isEmpty();
      assertThat(h.isInstalled("docker-ce")).isFalse();
      // the old packages go only once the bundle is on the host
      assertOldDockerRunning(h);
      h.shOk("rm -f /var/tmp/filler");
      assertRecovers(fleet, inv, "--bundle", bundle.toString());
    }
  }

  @Test
  void interruptedBundleUploadResumes() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.FRESH, Variant.FRESH))) {
      FleetHost h = fleet.host(BROKEN);
      Path bundle = TestBundles.build(fleet.mirrorUrlFromTests(), tmp.resolve("bundle"));
      Path inv = inventory(fleet, "", Map.of());
      // a cat that writes a bundle .part stops after 100 bytes, as a link going down mid-upload would
      h.shOk("cp -p /usr/bin/cat /usr/bin/cat.real && printf '%s\\n' '#!/bin/sh'"
          + " 'case \"$(/usr/bin/readlink /proc/$$/fd/1 2>/dev/null)\" in'"
          + " '  /var/tmp/jprov-bundle/*.part) /usr/bin/head -c 100; exec /usr/bin/sleep 64;;'"
          + " 'esac' 'exec /usr/bin/cat.real \"$@\"' > /usr/bin/cat.new && chmod 755 /usr/bin/cat.new"
          + " && mv -f /usr/bin/cat.new /usr/bin/cat");
      CompletableFuture<ApplyRun> run = async(() -> run(inv, "--bundle", bundle.toString()));
      awaitProcess(h, "/usr/bin/sleep 64");
      h.shOk("pkill -KILL -f 'sshd: [o]ps' || true");
      ApplyRun r = run.get(120, TimeUnit.SECONDS);
      assertFaultContained(r, fleet, "unreachable", "connection", 4);
      assertProcessGone(h, "/usr/bin/sleep 64");
      assertThat(h.shOk("find /var/tmp/jprov-bundle -name '*.part' -size 100c").strip()).as("the partial upload").isNotEmpty();
      assertThat(h.isInstalled("docker-ce")).isFalse();
      h.shOk("mv -f /usr/bin/cat.real /usr/bin/cat");
      ApplyRun resumed = run(inv, "--bundle", bundle.toString());
      assertThat(resumed.code()).as(resumed.toString()).isZero();
      assertThat(resumed.task(BROKEN, "7a.").get("message").asText()).contains("resumed");
      assertRecovers(fleet, inv, "--bundle", bundle.toString());
    }
  }

  @Test
  void plantedSymlinkInTheBundleDirectoryIsRefused() throws Exception {
    try (TestFleet fleet = TestFleet.start(List.of(Variant.FRESH, Variant.FRESH))) {
      FleetHost h = fleet.host(BROKEN);
      Path bundle = TestBundles.build(fleet.mirrorUrlFromTests(), tmp.resolve("bundle"));
      Path inv = inventory(fleet, "", Map.of());
      h.shOk("mkdir -p /etc/jprov-victim/rpms && printf precious > /etc/jprov-victim/rpms/secret && chmod 600"
          + " /etc/jprov-victim/rpms/secret && su -s /bin/sh nobody -c 'ln -s /etc/jprov-victim /var/tmp/jprov-bundle'");
      ApplyRun r = run(inv, "--bundle", bundle.toString());
      assertFaultContained(r, fleet, "failed", "/var/tmp/jprov-bundle is a symlink", 3);
      assertThat(h.shOk("ls -A /etc/jprov-victim/rpms").strip()).isEqualTo("secret");
      assertThat(h.shOk("cat /etc/jprov-victim/rpms/secret")).isEqualTo("precious");
      assertThat(h.isInstalled("docker-ce")).isFalse();
      h.shOk("rm /var/tmp/jprov-bundle");
      assertRecovers(fleet, inv, "--bundle", bundle.toString());
      assertThat(h.shOk("stat -c '%U %a' /var/tmp/jprov-bundle").strip()).isEqualTo("root 700");
    }
  }

  // ------------------------------------------------------------------ shared assertions

  /**
   * The fault stayed on the broken host: the run exits with one of {@code codes}, the broken host has
   * a one-line error ({@link #assertOneLineError}), the healthy host converged.
   */
  private static void assertFaultContained(ApplyRun r, TestFleet fleet, String status, String cause, Integer... codes) {
    assertThat(r.code()).as(r.toString()).isIn((Object[]) codes);
    assertOneLineError(r, status, cause);
    assertHealthyConverged(r, fleet);
  }

  /** The broken host has the given status (or any bad one) and a one-line message containing {@code cause}. */
  private static void assertOneLineError(ApplyRun r, String status, String cause) {
    JsonNode host = r.host(BROKEN);
    if (status != null) {
      assertThat(host.get("status").asText()).as(r.toString()).isEqualTo(status);
    } else {
      assertThat(host.get("status").asText()).as(r.toString()).isIn("failed", "unreachable");
    }
    String message = host.get("message").asText();
    assertThat(message).as("one line").doesNotContain("\n").isNotBlank();
    if (cause != null) {
      assertThat(message).as(r.toString()).containsIgnoringCase(cause);
    }
    assertThat(message).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out() + r.err()).doesNotContain("\tat ");
    assertThat(all(r)).doesNotContain(PROXY_SECRET).doesNotContain("testfleet-deploy");
  }

  private static void assertHealthyConverged(ApplyRun r, TestFleet fleet) {
    assertThat(r.host(HEALTHY).get("status").asText()).as(r.toString()).isIn("changed", "ok");
    FleetHost h = fleet.host(HEALTHY);
    assertThat(h.packageVersion("docker-ce")).contains("3:26.1.4-1.el7");
    assertThat(h.serviceActive("docker")).isEqualTo("active");
  }

  /** The old docker the broken host started with is still installed and running. */
  private static void assertOldDockerRunning(FleetHost h) {
    assertThat(h.isInstalled("docker")).as(h + ": old docker still installed").isTrue();
    assertThat(h.serviceActive("docker")).as(h + ": old docker running").isEqualTo("active");
  }

  /** The fault removed: a plain run converges everything, the next changes nothing. */
  private void assertRecovers(TestFleet fleet, Path inv, String... extra) throws Exception {
    ApplyRun again = run(inv, extra);
    assertThat(again.code()).as(again.toString()).isZero();
    ApplyRun quiet = run(inv, extra);
    assertThat(quiet.code()).as(quiet.toString()).isZero();
    assertThat(quiet.report().at("/summary/changed").asInt()).as(quiet.toString()).isZero();
    for (FleetHost h : fleet.hosts()) {
      assertThat(h.packageVersion("docker-ce")).as(h.name()).contains("3:26.1.4-1.el7");
      assertThat(h.serviceActive("docker")).as(h.name()).isEqualTo("active");
      assertThat(h.isInstalled("docker")).as(h.name() + ": old docker removed").isFalse();
    }
    assertThat(all(again) + all(quiet)).doesNotContain(PROXY_SECRET);
  }

  // ------------------------------------------------------------------ runs

  private ApplyRun run(Path inv, String... extra) throws Exception {
    Path logs = Files.createTempDirectory(tmp, "logs");
    List<String> args = new ArrayList<>(List.of("--diff", "--log-dir", logs.toString()));
    args.addAll(List.of(extra));
    ApplyRun r = ApplyRun.apply(tmp, inv, args.toArray(String[]::new));
    StringBuilder logText = new StringBuilder();
    try (Stream<Path> files = Files.walk(logs)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        logText.append(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    assertThat(logText.toString()).as("--log-dir holds no secret").doesNotContain(PROXY_SECRET)
        .doesNotContain("testfleet-deploy");
    return r;
  }

  private static String all(ApplyRun r) {
    return r.out() + r.err() + (r.report() == null ? "" : r.report().toString());
  }

  /**
   * The matrix inventory: the fleet's default one plus a proxy with a password, {@code allVars} (YAML lines
   * under all.vars) and per-host vars (flow-mapping entries added to a host's line).
   */
  private static Path inventory(TestFleet fleet, String allVars, Map<String, String> hostVars) throws Exception {
    InventoryOptions o = InventoryOptions.defaults().withDocker("http_proxy", "\"" + PROXY + "\"");
    if (!allVars.isBlank()) {
      o = o.withExtraVars(allVars);
    }
    String yaml = fleet.inventoryYaml(o);
    for (Map.Entry<String, String> e : hostVars.entrySet()) {
      FleetHost h = fleet.host(e.getKey());
      String line = h.name() + ": {address: " + h.address() + ", ssh_port: " + h.sshPort() + "}";
      assertThat(yaml).contains(line);
      yaml = yaml.replace(line, h.name() + ": {address: " + h.address() + ", ssh_port: " + h.sshPort() + ", "
          + e.getValue() + "}");
    }
    Path p = Files.createTempFile(fleet.dir(), "matrix-", ".yml");
    Files.writeString(p, yaml);
    return p;
  }

  private static String keyOnly(String pub) {
    String[] f = pub.split(" ");
    return f[0] + " " + f[1];
  }

  // ------------------------------------------------------------------ faults on a host

  /** Makes every yum on {@code h} sleep {@code seconds} first (a long install), as a unique `sleep N` process. */
  static void slowYum(FleetHost h, int seconds) {
    h.shOk("cp -p /usr/bin/yum /usr/bin/yum.real && printf '#!/bin/sh\\nsleep " + seconds
        + "\\nexec /usr/bin/yum.real \"$@\"\\n' > /usr/bin/yum && chmod 755 /usr/bin/yum");
  }

  static void unslowYum(FleetHost h) {
    h.shOk("mv -f /usr/bin/yum.real /usr/bin/yum");
  }

  static void awaitProcess(FleetHost h, String pattern) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (h.sh("pgrep -f '^" + pattern + "$'").exitCode() == 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("`" + pattern + "` never started on " + h);
  }

  /** Within 10 s no process of {@code pattern} is left on the host. */
  static void assertProcessGone(FleetHost h, String pattern) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (h.sh("pgrep -f '^" + pattern + "$'").exitCode() != 0) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("`" + pattern + "` is still running on " + h + " after jprov gave up on it: "
        + h.sh("ps -eo pid,pgid,ppid,args").stdout());
  }
}
