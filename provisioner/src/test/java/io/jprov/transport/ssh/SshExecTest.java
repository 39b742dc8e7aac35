package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.transport.CommandResult;
import io.jprov.transport.Connection;
import io.jprov.transport.ExecRequest;
import io.jprov.transport.FileUpload;
import io.jprov.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SshExecTest extends SshFixture {
  static final String SUDO_PW = "sudo-Pa55word";

  Path key;
  SshTestServer s;

  @BeforeEach
  void setUp() throws Exception {
    key = keygen("id_ed25519", "ed25519", "", null);
  }

  private Connection open(Spec spec) {
    return track(factory().open(host("web01", spec)));
  }

  private Connection connect() throws Exception {
    s = trustedServer(key);
    return open(spec(s.port()));
  }

  private Connection connectWithSudo(String expectedPassword) throws Exception {
    s = startTrusted(server(key).fakeSudo(tmp.resolve("fakesudo"), expectedPassword));
    Spec spec = spec(s.port());
    spec.become = true;
    spec.becomePasswordEnv = "BECOME_PW";
    return open(spec);
  }

  @Test
  void exitCodesStdoutAndStderrPropagate() throws Exception {
    Connection c = connect();
    CommandResult r = c.exec(ExecRequest.of("echo out; echo err >&2; exit 3", false));
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.ok()).isFalse();
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(c.exec(ExecRequest.of("exit 0", false)).ok()).isTrue();
  }

  @Test
  void scriptsWithQuotesRunExactlyOnce() throws Exception {
    Connection c = connect();
    CommandResult r = c.exec(ExecRequest.of("x='it'\"'\"'s'; printf '%s|%s\\n' \"$x\" \"$0\"", false));
    assertThat(r.stdout()).isEqualTo("it's|sh\n");
  }

  @Test
  void stdinIsPassedAndClosed() throws Exception {
    Connection c = connect();
    CommandResult r = c.exec(new ExecRequest("wc -c; cat", "hello\n".getBytes(StandardCharsets.UTF_8), false, null));
    assertThat(r.stdout().strip()).isEqualTo("6");
    assertThat(c.exec(ExecRequest.of("cat", false)).stdout()).isEmpty();
  }

  @Test
  void largeOutputOnBothStreamsDoesNotDeadlock() throws Exception {
    Connection c = connect();
    byte[] input = new byte[1 << 20];
    Arrays.fill(input, (byte) 'x');
    CommandResult r = c.exec(new ExecRequest(
        "head -c 1048576 /dev/zero | tr '\\0' a; head -c 1048576 /dev/zero | tr '\\0' b >&2; wc -c",
        input, false, Duration.ofSeconds(60)));
    assertThat(r.stdout()).hasSize((1 << 20) + "1048576\n".length()).endsWith("1048576\n");
    assertThat(r.stderr()).hasSize(1 << 20);
  }

  @Test
  void roundTripsCountExecsAndUploads() throws Exception {
    Connection c = connect();
    assertThat(c.roundTrips()).isZero();
    c.exec(ExecRequest.of("true", false));
    c.exec(ExecRequest.of("false", false));
    c.upload(new FileUpload(tmp.resolve("f.txt").toString(), new byte[] {1}, "0600", null, null, false));
    assertThat(c.roundTrips()).isEqualTo(3);
  }

  @Test
  void commandTimeoutFailsTheCommandButNotTheHost() throws Exception {
    Connection c = connect();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> c.exec(new ExecRequest("sleep 20", null, false, Duration.ofMillis(700))))
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("web01: command timed out after 0.7s")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isFalse());
    // not a speed test: the command sleeps 20 s, so returning well before that proves the timeout cut it
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    assertThat(c.exec(ExecRequest.of("echo still", false)).stdout()).isEqualTo("still\n");
  }

  @Test
  void droppedConnectionMidCommandIsUnreachableNeverSuccess() throws Exception {
    Connection c = connect();
    assertThatThrownBy(() -> c.exec(ExecRequest.of("sleep 5; : " + SshTestServer.DROP_MARKER, false)))
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("web01 (127.0.0.1:" + s.port() + "): connection lost")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isTrue());
  }

  @Test
  void aHostThatStopsAnsweringMidCommandIsUnreachableWithinSecondsNotAtTheCommandTimeout() throws Exception {
    s = server(key).start();
    PausableProxy proxy = track(new PausableProxy(s.port()));
    Spec spec = spec(proxy.port()).checking(io.jprov.transport.HostKeyChecking.OFF);
    spec.commandTimeout = Duration.ofSeconds(120);
    Connection c = track(factory().keepAlive(1, 2).open(host("web01", spec)));
    assertThat(c.exec(ExecRequest.of("echo up", false)).stdout()).isEqualTo("up\n");
    long t0 = System.nanoTime();
    Thread pauser = new Thread(() -> {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
      proxy.pause();
    });
    pauser.start();
    assertThatThrownBy(() -> c.exec(ExecRequest.of("sleep 100", false)))
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("web01 (127.0.0.1:" + proxy.port() + "): connection lost")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isTrue());
    // keepalive every 1 s, 2 unanswered: a few seconds; without keepalives this waits for the 120 s timeout
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void keepalivesDoNotDropAHealthyConnectionThatIsIdleOrBusyForLong() throws Exception {
    s = trustedServer(key);
    Connection c = track(factory().keepAlive(1, 2).open(host("web01", spec(s.port()))));
    Thread.sleep(5000);
    assertThat(c.exec(ExecRequest.of("sleep 4; echo alive", false)).stdout()).isEqualTo("alive\n");
  }

  @Test
  void silentServerTimesOutAtConnect() throws Exception {
    SshTestServer.Silent silent = track(new SshTestServer.Silent());
    Spec spec = spec(silent.port());
    spec.connectTimeout = Duration.ofMillis(800);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> factory().open(host("web01", spec)))
        .isInstanceOf(TransportException.class)
        .hasMessage("web01 (127.0.0.1:" + silent.port() + "): connect timed out after 0.8s (1 attempt)")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isTrue());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void refusedConnectIsRetriedWithBackoff() throws Exception {
    int port;
    try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
      port = ss.getLocalPort();
    }
    SshConnectionFactory f = track(new SshConnectionFactory(home, sshDir, env::get, 3, Duration.ofMillis(100)));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> f.open(host("web01", spec(port))))
        .isInstanceOf(TransportException.class)
        .hasMessage("web01 (127.0.0.1:" + port + "): connection refused (3 attempts)");
    // 100 ms + 200 ms of backoff
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void sudoWithCorrectPasswordRunsAsRootAndKeepsPasswordOffTheCommandLine() throws Exception {
    env.put("BECOME_PW", SUDO_PW);
    Connection c = connectWithSudo(SUDO_PW);
    CommandResult r = c.exec(new ExecRequest("echo ran; cat; echo warn >&2", "input-data".getBytes(StandardCharsets.UTF_8), true, null));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("ran\ninput-data");
    assertThat(r.stderr()).isEqualTo("warn\n");
    assertThat(s.commands()).hasSize(1).allSatisfy(cmd -> {
      assertThat(cmd).startsWith("sh -c 'exec sudo -S -p ").doesNotContain(SUDO_PW);
    });
    assertThat(c.exec(ExecRequest.of("exit 4", true)).exitCode()).isEqualTo(4);
  }

  @Test
  void sudoWithoutPasswordPromptWritesStdinDirectly() throws Exception {
    Connection c = connectWithSudo(null);
    CommandResult r = c.exec(new ExecRequest("cat", "abc".getBytes(StandardCharsets.UTF_8), true, null));
    assertThat(r.stdout()).isEqualTo("abc");
  }

  @Test
  void wrongSudoPasswordFailsFastWithoutLeakingIt() throws Exception {
    env.put("BECOME_PW", "not-the-password");
    Connection c = connectWithSudo(SUDO_PW);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> c.exec(ExecRequest.of("echo never", true)))
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("web01: sudo: incorrect password for ops")
        .hasMessageNotContaining("not-the-password")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isFalse());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    assertThat(s.commands()).noneSatisfy(cmd -> assertThat(cmd).contains("not-the-password"));
    assertThat(c.exec(ExecRequest.of("echo alive", false)).stdout()).isEqualTo("alive\n");
  }

  @Test
  void sudoAskingWithoutBecomePasswordEnvIsAClearFailure() throws Exception {
    Connection c = connectWithSudo(SUDO_PW);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> c.exec(ExecRequest.of("true", true)))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("sudo needs a password: set become_password_env");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void rootUserRunsBecomeCommandsDirectly() throws Exception {
    s = trustedServer(key);
    Spec spec = spec(s.port()).user("root");
    Connection c = open(spec);
    assertThat(c.exec(ExecRequest.of("echo x", true)).stdout()).isEqualTo("x\n");
    // run under the process wrapper, without sudo
    assertThat(s.commands()).singleElement().satisfies(cmd -> assertThat(cmd).startsWith("sh -c ").contains("echo x"));
  }

  @Test
  void uploadIsAtomicWithModeAndLeavesNoTempFiles() throws Exception {
    Connection c = connect();
    Path dir = Files.createDirectories(tmp.resolve("etc/docker"));
    Path dest = dir.resolve("daemon.json");
    c.upload(new FileUpload(dest.toString(), "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8), "0640", null, null, false));
    assertThat(Files.readString(dest)).isEqualTo("{\"a\":1}\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest))).isEqualTo("rw-r-----");
    c.upload(new FileUpload(dest.toString(), "{\"a\":2}\n".getBytes(StandardCharsets.UTF_8), null, null, null, false));
    assertThat(Files.readString(dest)).isEqualTo("{\"a\":2}\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest))).isEqualTo("rw-r-----");
    Path fresh = dir.resolve("new.conf");
    c.upload(new FileUpload(fresh.toString(), new byte[0], null, "root", "root", false));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-r--r--");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("daemon.json", "new.conf");
    }
  }

  @Test
  void uploadWithSudoReplacesContentAndCleansUp() throws Exception {
    env.put("BECOME_PW", SUDO_PW);
    Connection c = connectWithSudo(SUDO_PW);
    Path dir = Files.createDirectories(tmp.resolve("etc"));
    Path dest = dir.resolve("app.conf");
    Files.writeString(dest, "old\n");
    Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rw-------"));
    byte[] big = new byte[300_000];
    Arrays.fill(big, (byte) 'z');
    c.upload(new FileUpload(dest.toString(), big, null, null, null, true));
    assertThat(Files.readAllBytes(dest)).isEqualTo(big);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest))).isEqualTo("rw-------");
    c.upload(new FileUpload(dest.toString(), "new\n".getBytes(StandardCharsets.UTF_8), "0644", "root", "root", true));
    assertThat(Files.readString(dest)).isEqualTo("new\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest))).isEqualTo("rw-r--r--");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("app.conf");
    }
    assertThat(s.commands()).noneSatisfy(cmd -> assertThat(cmd).contains(SUDO_PW));
  }

  @Test
  void failedUploadReportsAndCleansUp() throws Exception {
    Connection c = connect();
    Path dir = Files.createDirectories(tmp.resolve("d"));
    Path dest = dir.resolve("f");
    assertThatThrownBy(() -> c.upload(new FileUpload(dest.toString(), new byte[] {1}, "0644", "no-such-user-xyz", null, false)))
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("cannot upload " + dest + " to web01: ")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isFalse());
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
