package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.inventory.Host;
import io.jprov.inventory.Inventory;
import io.jprov.modules.docker.DockerVars;
import io.jprov.transport.CommandResult;
import io.jprov.transport.Connection;
import io.jprov.transport.ExecRequest;
import io.jprov.transport.TransportException;
import io.jprov.transport.ssh.SshConnectionFactory;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.InventoryOptions;
import io.jprov.testfleet.Variant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Remote process lifecycle on the test fleet's real OpenSSH and sudo (issue 9, item 6): a timed-out
 * command, a command whose sshd session is killed and an abandoned command leave nothing running;
 * a held yum lock fails after a bounded wait naming the holder. Through the non-root sudo user
 * {@code deploy} (password from {@code JPROV_TEST_DEPLOY_SUDO}), so the kills cross sudo too.
 */
class RemoteProcessIT {
  private static TestFleet fleet;
  private static FleetHost h;
  private static Host host;
  private static SshConnectionFactory factory;

  @BeforeAll
  static void start() {
    TestFleet.assumeDocker();
    fleet = TestFleet.start(Variant.FRESH, 1);
    h = fleet.host(0);
    Path inv = fleet.writeInventory("deploy.yml", InventoryOptions.defaults().withSshUser(TestFleet.DEPLOY_USER)
        .withBecomePasswordEnv("JPROV_TEST_DEPLOY_SUDO"));
    host = Inventory.load(inv, "deploy.yml", Map.of(), DockerVars.SCHEMA).host(h.name());
    factory = new SshConnectionFactory();
  }

  @AfterAll
  static void stop() {
    if (factory != null) {
      factory.close();
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  /**
   * A root script that records its own pid (under the wrapper, its process group) and a
   * background child's in FILE, then lingers.
   */
  private static String lingering(String file) {
    return "sleep 300 & echo $$ $! > " + file + ".tmp; mv " + file + ".tmp " + file + "; sleep 300";
  }

  private static final Map<Long, Long> CHILDREN = new java.util.concurrent.ConcurrentHashMap<>();

  private static long pidFrom(String file) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < until) {
      String s = h.sh("cat " + file + " 2>/dev/null").stdout().strip();
      if (!s.isEmpty()) {
        String[] pids = s.split(" ");
        CHILDREN.put(Long.parseLong(pids[0]), Long.parseLong(pids[1]));
        return Long.parseLong(pids[0]);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the command never started");
  }

  /** Whether the script, its background child or anything in its process group still runs on the host. */
  private static boolean groupAlive(long pgid) {
    return h.sh("kill -s 0 -- -" + pgid + " 2>/dev/null || kill -s 0 " + pgid + " " + CHILDREN.get(pgid)
        + " 2>/dev/null").exitCode() == 0;
  }

  private static void assertGone(long pgid, Duration within) throws Exception {
    long until = System.nanoTime() + within.toNanos();
    while (groupAlive(pgid) && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    assertThat(groupAlive(pgid)).as("process group %d on the host", pgid).isFalse();
    assertThat(h.sh("ps -eo pid,pgid,args | awk '$2 == " + pgid + "'").stdout()).isEmpty();
  }

  @Test
  void aTimedOutCommandUnderSudoLeavesNothingRunning() throws Exception {
    try (Connection c = factory.open(host.target())) {
      assertThatThrownBy(() -> c.exec(new ExecRequest(lingering("/tmp/timeout.pid"), null, true, Duration.ofSeconds(3))))
          .isInstanceOf(TransportException.class)
          .hasMessageMatching(h.name() + ": command timed out after 3s \\(its process group \\d+ was killed\\)");
      long pgid = pidFrom("/tmp/timeout.pid");
      assertGone(pgid, Duration.ofSeconds(2));
      assertThat(h.shOk("stat -c '%U %a' /run/jprov").strip()).isEqualTo("root 700");
      assertThat(h.shOk("ls -A /run/jprov").strip()).isEmpty();
      CommandResult r = c.exec(ExecRequest.of("id -u", true));
      assertThat(r.stdout()).isEqualTo("0\n");
    }
  }

  @Test
  void killingTheSshSessionKillsTheCommandsProcessGroup() throws Exception {
    try (Connection c = factory.open(host.target())) {
      CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(
          () -> c.exec(new ExecRequest(lingering("/tmp/session.pid"), null, true, Duration.ofMinutes(5))));
      long pgid = pidFrom("/tmp/session.pid");
      // the registration names the session process (sshd's, for this connection): kill it as a dropped link would
      String session = h.shOk("cat /run/jprov/*.pid").strip().split(" ")[3];
      assertThat(h.shOk("ps -o args= -p " + session)).contains("sshd");
      h.shOk("kill -9 " + session);
      assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TransportException.class)
          .hasMessageContaining("connection lost");
      assertGone(pgid, Duration.ofSeconds(10));
    }
  }

  @Test
  void abandonKillsTheRootCommandAndClosesTheConnection() throws Exception {
    Connection c = factory.open(host.target());
    CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(
        () -> c.exec(new ExecRequest(lingering("/tmp/abandon.pid"), null, true, Duration.ofMinutes(5))));
    long pgid = pidFrom("/tmp/abandon.pid");
    long t0 = System.nanoTime();
    c.abandon();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS))
        .hasCauseInstanceOf(TransportException.class)
        .hasMessageContaining(h.name() + ": command abandoned");
    assertGone(pgid, Duration.ofSeconds(5));
  }

  @Test
  void aHeldYumLockFailsAfterTheBoundNamingTheHolder() throws Exception {
    h.shOk("setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $! > /var/run/yum.pid");
    String holder = h.shOk("cat /var/run/yum.pid").strip();
    try (Connection c = factory.open(host.target())) {
      long t0 = System.nanoTime();
      CommandResult r = c.exec(ExecRequest.of("JPROV_YUM_LOCK_WAIT=3; yum makecache fast", true));
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr()).contains("jprov: yum is locked by pid " + holder + " (sleep 300 ) (/var/run/yum.pid);"
          + " gave up after 3 s");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
      h.shOk("kill " + holder + "; rm -f /var/run/yum.pid");
      CommandResult ok = c.exec(ExecRequest.of("yum makecache fast", true));
      assertThat(ok.exitCode()).as(ok.stderr()).isZero();
    }
  }
}
