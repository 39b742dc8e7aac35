package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jprov.transport.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;

/**
 * Each connect failure is reported by its real cause, and only refused or timed-out connects are
 * retried: attempts are counted as sockets made, on real sockets where this machine can produce the
 * failure.
 */
class SshConnectFailureTest extends SshFixture {
  final AtomicInteger sockets = new AtomicInteger();

  /** Three attempts, 10 ms backoff, every socket counted. */
  SshConnectionFactory counting() {
    return counting(new CountingSockets(sockets, null));
  }

  SshConnectionFactory counting(SocketFactory sf) {
    return track(new SshConnectionFactory(home, sshDir, env::get, 3, Duration.ofMillis(10))).socketFactory(sf);
  }

  static int closedPort() throws IOException {
    try (ServerSocket ss = new ServerSocket(0)) {
      return ss.getLocalPort();
    }
  }

  @Test
  void refusedIsRetried() throws Exception {
    int port = closedPort();
    assertThatThrownBy(() -> counting().open(host("web01", spec(port))))
        .isInstanceOf(TransportException.class)
        .hasMessage("web01 (127.0.0.1:" + port + "): connection refused (3 attempts)")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isTrue());
    assertThat(sockets).hasValue(3);
  }

  @Test
  void unresolvableNameIsNotRetried() {
    Spec spec = spec(22);
    spec.address = "no-such-host.invalid";
    assertThatThrownBy(() -> counting().open(host("web01", spec)))
        .isInstanceOf(TransportException.class)
        .hasMessage("web01 (no-such-host.invalid:22): unknown host no-such-host.invalid (the name does not resolve)")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isTrue());
    assertThat(sockets).hasValue(1);
  }

  @Test
  void serverThatNeverSendsItsBannerTimesOutAndIsRetried() throws Exception {
    SshTestServer.Silent silent = track(new SshTestServer.Silent());
    Spec spec = spec(silent.port());
    spec.connectTimeout = Duration.ofMillis(300);
    assertThatThrownBy(() -> counting().open(host("web01", spec)))
        .isInstanceOf(TransportException.class)
        .hasMessage("web01 (127.0.0.1:" + silent.port() + "): connect timed out after 0.3s (3 attempts)");
    assertThat(sockets).hasValue(3);
    assertThat(silent.accepts()).isEqualTo(3);
  }

  @Test
  void networkUnreachableIsNotRetried() {
    // Linux refuses a TCP connect to a multicast address with ENETUNREACH, whatever the routes
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "Linux only");
    Spec spec = spec(22);
    spec.address = "224.0.0.1";
    assertThatThrownBy(() -> counting().open(host("web01", spec)))
        .isInstanceOf(TransportException.class)
        .hasMessage("web01 (224.0.0.1:22): network unreachable");
    assertThat(sockets).hasValue(1);
  }

  @Test
  void noRouteToHostIsNotRetried() {
    // no address gives "No route to host" on every machine (here: a linked-down bridge's subnet, after
    // 3 s of ARP): the socket throws what the JDK throws for EHOSTUNREACH, sshj and the factory are real
    SocketFactory noRoute = new CountingSockets(sockets, new NoRouteToHostException("No route to host"));
    Spec spec = spec(22);
    spec.address = "10.99.0.3";
    assertThatThrownBy(() -> counting(noRoute).open(host("node3", spec)))
        .isInstanceOf(TransportException.class)
        .hasMessage("node3 (10.99.0.3:22): no route to host")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isTrue());
    assertThat(sockets).hasValue(1);
  }

  @Test
  void unknownHostKeyIsNotRetried() throws Exception {
    Path key = keygen("id_ed25519", "ed25519", "", null);
    SshTestServer s = server(key).start();
    assertThatThrownBy(() -> counting().open(host("web01", spec(s.port()).key(key))))
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("web01 (127.0.0.1:" + s.port() + "): host key unknown");
    assertThat(sockets).hasValue(1);
  }

  @Test
  void failedAuthenticationIsNotRetried() throws Exception {
    Path key = keygen("id_ed25519", "ed25519", "", null);
    Path other = keygen("other", "ed25519", "", null);
    SshTestServer s = trustedServer(key);
    assertThatThrownBy(() -> counting().open(host("web01", spec(s.port()).key(other))))
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("web01 (127.0.0.1:" + s.port() + "): authentication failed for user ops");
    assertThat(sockets).hasValue(1);
  }

  @Test
  void causeOfEachExceptionTheJdkThrows() {
    Duration t = Duration.ofSeconds(10);
    assertThat(SshConnectionFactory.ConnectFailure.of(new ConnectException("Connection refused"), false, "h", t))
        .isEqualTo(new SshConnectionFactory.ConnectFailure("connection refused", true));
    assertThat(SshConnectionFactory.ConnectFailure.of(new ConnectException(), false, "h", t))
        .isEqualTo(new SshConnectionFactory.ConnectFailure("connection refused", true));
    assertThat(SshConnectionFactory.ConnectFailure.of(new NoRouteToHostException("No route to host"), false, "h", t))
        .isEqualTo(new SshConnectionFactory.ConnectFailure("no route to host", false));
    assertThat(SshConnectionFactory.ConnectFailure.of(new SocketException("No route to host"), false, "h", t))
        .isEqualTo(new SshConnectionFactory.ConnectFailure("no route to host", false));
    assertThat(SshConnectionFactory.ConnectFailure.of(new SocketException("Network is unreachable"), false, "h", t))
        .isEqualTo(new SshConnectionFactory.ConnectFailure("network unreachable", false));
    assertThat(SshConnectionFactory.ConnectFailure.of(new ConnectException("Network is unreachable (connect failed)"),
        false, "h", t)).isEqualTo(new SshConnectionFactory.ConnectFailure("network unreachable", false));
    assertThat(SshConnectionFactory.ConnectFailure.of(new ConnectException("Connection timed out"), false, "h", t))
        .isEqualTo(new SshConnectionFactory.ConnectFailure("connect timed out after 10s", true));
    assertThat(SshConnectionFactory.ConnectFailure.of(new SocketTimeoutException("Connect timed out"), false, "h", t))
        .isEqualTo(new SshConnectionFactory.ConnectFailure("connect timed out after 10s", true));
    assertThat(SshConnectionFactory.ConnectFailure.of(new SocketException("Socket closed"), true, "h", t))
        .isEqualTo(new SshConnectionFactory.ConnectFailure("connect timed out after 10s", true));
    assertThat(SshConnectionFactory.ConnectFailure.of(new UnknownHostException("h"), false, "h", t))
        .isEqualTo(new SshConnectionFactory.ConnectFailure("unknown host h (the name does not resolve)", false));
    assertThat(SshConnectionFactory.ConnectFailure.of(new SocketException("Invalid argument"), false, "h", t))
        .isEqualTo(new SshConnectionFactory.ConnectFailure("cannot connect: Invalid argument", false));
    // a failure that was retried names its attempts; a first, unretried one does not
    assertThat(new SshConnectionFactory.ConnectFailure("no route to host", false).text(1)).isEqualTo("no route to host");
    assertThat(new SshConnectionFactory.ConnectFailure("no route to host", false).text(2))
        .isEqualTo("no route to host (2 attempts)");
    assertThat(new SshConnectionFactory.ConnectFailure("connection refused", true).text(1))
        .isEqualTo("connection refused (1 attempt)");
  }

  /** Real sockets, counted; or, with {@code fail}, sockets whose connect throws it. */
  static final class CountingSockets extends SocketFactory {
    private final AtomicInteger count;
    private final IOException fail;

    CountingSockets(AtomicInteger count, IOException fail) {
      this.count = count;
      this.fail = fail;
    }

    @Override
    public Socket createSocket() {
      count.incrementAndGet();
      return fail == null ? new Socket() : new Socket() {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
          throw fail;
        }
      };
    }

    @Override
    public Socket createSocket(String host, int port) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
      throw new UnsupportedOperationException();
    }
  }
}
