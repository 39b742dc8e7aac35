package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jprov.transport.CommandResult;
import io.jprov.transport.Connection;
import io.jprov.transport.ExecRequest;
import io.jprov.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Remote process lifecycle (issue 9, item 6) against a server that behaves like EL7's OpenSSH 7.4
 * ({@link SshTestServer#leaveOrphans()}): closing a channel or dropping the connection does not
 * stop a command there, so these pass only because jprov's wrapper and kill command do it.
 */
class SshProcessLifecycleTest extends SshFixture {
  Path key;
  SshTestServer s;

  @BeforeEach
  void setUp() throws Exception {
    key = keygen("id_ed25519", "ed25519", "", null);
    s = startTrusted(server(key).leaveOrphans());
  }

  /** As root (the SSH user name the transport sees): root's commands are registered on the host. */
  private Connection open(String name) {
    return track(factory().open(host(name, spec(s.port()).user("root"))));
  }

  /**
   * A script that records its own pid (under the wrapper also its process group) and the pid of a
   * background child, then lingers.
   */
  private String lingering(Path pidFile) {
    return "sleep 60 & echo $$ $! > " + pidFile + ".tmp; mv " + pidFile + ".tmp " + pidFile + "; sleep 60; echo never";
  }

  /** The script's pid; the file also names its background child, checked by {@link #groupAlive}. */
  private static long waitForPid(Path pidFile) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < until) {
      if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
        String[] pids = Files.readString(pidFile).strip().split(" ");
        CHILDREN.put(Long.parseLong(pids[0]), Long.parseLong(pids[1]));
        return Long.parseLong(pids[0]);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the command never started");
  }

  private static final java.util.Map<Long, Long> CHILDREN = new java.util.concurrent.ConcurrentHashMap<>();

  /** Whether the script, its background child or anything in its process group still runs. */
  private static boolean groupAlive(long pgid) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "kill -s 0 -- -" + pgid + " 2>/dev/null").start();
    boolean group = p.waitFor() == 0;
    Long child = CHILDREN.get(pgid);
    return group || alive(pgid) || (child != null && alive(child));
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void assertGroupGoneWithin(long pgid, Duration d) throws Exception {
    long until = System.nanoTime() + d.toNanos();
    while (groupAlive(pgid) && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    assertThat(groupAlive(pgid)).as("process group " + pgid + " still running").isFalse();
  }

  @Test
  void aTimedOutCommandsProcessGroupIsKilledOnTheHost() throws Exception {
    Connection c = open("web01");
    Path pid = tmp.resolve("timeout.pid");
    assertThatThrownBy(() -> c.exec(new ExecRequest(lingering(pid), null, false, Duration.ofSeconds(1))))
        .isInstanceOf(TransportException.class)
        .hasMessageMatching("web01: command timed out after 1s \\(its process group \\d+ was killed\\)")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isFalse());
    long pgid = waitForPid(pid);
    assertThat(groupAlive(pgid)).isFalse();
    assertThat(c.exec(ExecRequest.of("echo still", false)).stdout()).isEqualTo("still\n");
  }

  @Test
  void underSudoWithAPasswordATimedOutCommandIsKilledToo() throws Exception {
    SshTestServer sudo = startTrusted(server(key).leaveOrphans()
        .fakeSudo(tmp.resolve("fakesudo"), "pw-1"));
    env.put("BECOME_PW", "pw-1");
    Spec spec = spec(sudo.port());
    spec.become = true;
    spec.becomePasswordEnv = "BECOME_PW";
    Connection c = track(factory().open(host("web02", spec)));
    Path pid = tmp.resolve("sudo.pid");
    assertThatThrownBy(() -> c.exec(new ExecRequest(lingering(pid), null, true, Duration.ofSeconds(1))))
        .hasMessageMatching("web02: command timed out after 1s \\(its process group \\d+ was killed\\)");
    assertThat(groupAlive(waitForPid(pid))).isFalse();
    assertThat(sudo.commands()).allSatisfy(cmd -> assertThat(cmd).doesNotContain("pw-1"));
  }

  @Test
  void aDroppedConnectionKillsTheCommandsProcessGroup() throws Exception {
    Connection c = open("web01");
    Path pid = tmp.resolve("drop.pid");
    assertThatThrownBy(() -> c.exec(ExecRequest.of(lingering(pid) + "; : " + SshTestServer.DROP_MARKER, false)))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("connection lost");
    // the wrapper notices its session is gone (checked every second), then TERM
    assertGroupGoneWithin(waitForPid(pid), Duration.ofSeconds(15));
  }

  @Test
  void abandonKillsTheRunningCommandFromAnotherThreadAndClosesTheConnection() throws Exception {
    Connection c = open("web01");
    Path pid = tmp.resolve("abandon.pid");
    CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(
        () -> c.exec(new ExecRequest(lingering(pid), null, false, Duration.ofMinutes(5))));
    long pgid = waitForPid(pid);
    long t0 = System.nanoTime();
    c.abandon();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    assertThatThrownBy(() -> running.get(15, TimeUnit.SECONDS))
        .hasCauseInstanceOf(TransportException.class)
        .hasMessageContaining("web01: command abandoned");
    assertGroupGoneWithin(pgid, Duration.ofSeconds(5));
    c.abandon(); // idempotent
    // jprov's own clean-up (the kill command) leaves no registration behind to hold up the next run
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (runDirEntries() > 0 && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    assertThat(runDirEntries()).isZero();
    long t1 = System.nanoTime();
    assertThat(open("web02").exec(ExecRequest.of("echo next", false)).stdout()).isEqualTo("next\n");
    assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofSeconds(4));
  }

  private long runDirEntries() throws Exception {
    if (s.runDir() == null || !Files.isDirectory(s.runDir())) {
      return 0;
    }
    try (var files = Files.list(s.runDir())) {
      return files.count();
    }
  }

  /**
   * What a run leaves behind when its session is gone but its command's group lives on (yum in
   * the middle of an rpm transaction takes a while to die): a registration in the host's run
   * directory whose session process no longer exists.
   */
  @Test
  void aNewRunSaysThatJprovsOwnCommandFromAnEarlierRunIsStillRunningInsteadOfQueueing() throws Exception {
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"), "registration is for root commands");
    Process group = new ProcessBuilder("setsid", "sleep", "60").start();
    track(group::destroyForcibly);
    Process session = new ProcessBuilder("true").start();
    session.waitFor();
    long deadSession = session.pid();
    Files.writeString(s.runDir().resolve("0123abcd.pid"), group.pid() + " feedc0ffee 1700000000 " + deadSession
        + " yum --disablerepo=_ install -y docker-ce\n");
    Connection c = open("web01");
    assertThatThrownBy(() -> c.exec(ExecRequest.of("echo should-not-run", false)))
        .isInstanceOf(TransportException.class)
        .hasMessage("web01: jprov's own command from an earlier run is still running on this host (process group "
            + group.pid() + ", started 2023-11-14T22:13:20Z: yum --disablerepo=_ install -y docker-ce); wait for it to"
            + " end or stop it (kill -TERM -- -" + group.pid() + ") and run again")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isFalse());

    // a run that is still connected (its session lives: here, this JVM) does not block another
    Files.writeString(s.runDir().resolve("0123abcd.pid"), group.pid() + " feedc0ffee 1700000000 "
        + ProcessHandle.current().pid() + " sleep 60\n");
    assertThat(c.exec(ExecRequest.of("echo concurrent", false)).stdout()).isEqualTo("concurrent\n");

    // once the group is gone, the stale registration is removed and commands run
    Files.writeString(s.runDir().resolve("0123abcd.pid"), group.pid() + " feedc0ffee 1700000000 " + deadSession
        + " sleep 60\n");
    group.destroyForcibly().waitFor();
    assertThat(c.exec(ExecRequest.of("echo now", false)).stdout()).isEqualTo("now\n");
    try (var files = Files.list(s.runDir())) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aRunningCommandIsRegisteredWithItsGroupAndSessionAndUnregisteredAtTheEnd() throws Exception {
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"), "registration is for root commands");
    Connection c = open("web01");
    Path pid = tmp.resolve("reg.pid");
    CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(
        () -> c.exec(new ExecRequest(lingering(pid), null, false, Duration.ofMinutes(5))));
    long pgid = waitForPid(pid);
    String reg;
    try (var files = Files.list(s.runDir())) {
      reg = Files.readString(files.findFirst().orElseThrow());
    }
    // PGID CONNECTION START SESSION DESCRIPTION (the script's first line, harmless characters, at most 80)
    assertThat(reg).matches(pgid + " [0-9a-f]{16} \\d+ \\d+ sleep 60 _ echo __ __ _ " + java.util.regex.Pattern.quote(pid.toString())
        + ".*\n");
    assertThat(PosixPerms.of(s.runDir())).isEqualTo("rwx------");
    c.abandon();
    assertThatThrownBy(() -> running.get(15, TimeUnit.SECONDS)).hasMessageContaining("abandoned");
    try (var files = Files.list(s.runDir())) {
      assertThat(files).isEmpty();
    }
  }

  /** Permissions as {@code rwx------}. */
  private static final class PosixPerms {
    static String of(Path p) throws java.io.IOException {
      return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
  }

  @Test
  void stdinStdoutStderrAndTheExitStatusAreTheScriptsOwn() throws Exception {
    Connection c = open("web01");
    CommandResult r = c.exec(new ExecRequest("echo err1 >&2; cat; echo err2 >&2; exit 7", "in".getBytes(), false, null));
    assertThat(r.exitCode()).isEqualTo(7);
    assertThat(r.stdout()).isEqualTo("in");
    assertThat(r.stderr()).isEqualTo("err1\nerr2\n");
    CommandResult killed = c.exec(ExecRequest.of("kill -s TERM $$", false));
    assertThat(killed.exitCode()).isEqualTo(143);
  }
}
