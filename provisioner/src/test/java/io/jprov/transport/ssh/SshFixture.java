package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jprov.transport.Connection;
import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.ExecRequest;
import io.jprov.transport.HostKeyChecking;
import io.jprov.transport.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared set-up for transport tests: before each test a fake home in {@link #tmp} with keys,
 * known_hosts and an injected env; after it, every tracked server and connection closed.
 */
abstract class SshFixture {
  final List<AutoCloseable> closeables = new ArrayList<>();
  final Map<String, String> env = new HashMap<>();
  @TempDir Path tmp;
  Path home;
  Path sshDir;

  @BeforeEach
  void setUpHome() throws IOException {
    home = tmp.resolve("home");
    sshDir = home.resolve(".ssh");
    Files.createDirectories(sshDir);
    env.put("USER", "ops");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception ignored) {
        // keep closing
      }
    }
  }

  <T extends AutoCloseable> T track(T c) {
    closeables.add(c);
    return c;
  }

  SshConnectionFactory factory() {
    return track(new SshConnectionFactory(home, sshDir, env::get, 1, Duration.ofMillis(100)));
  }

  SshTestServer server() throws IOException {
    return track(new SshTestServer());
  }

  /** A server (not started yet) that accepts the public half of {@code key}. */
  SshTestServer server(Path key) throws IOException {
    return server().authorize(Path.of(key + ".pub"));
  }

  /** Starts {@code s} and records its host key in known_hosts. */
  SshTestServer startTrusted(SshTestServer s) throws IOException {
    s.start();
    trust(s);
    return s;
  }

  /** A started server that accepts {@code key}, its host key in known_hosts. */
  SshTestServer trustedServer(Path key) throws IOException {
    return startTrusted(server(key));
  }

  /** Opens {@code target} and runs {@code echo word} there: the connection works. */
  void assertEchoes(Target target, String word) {
    try (Connection c = factory().open(target)) {
      assertThat(c.exec(ExecRequest.of("echo " + word, false)).stdout()).isEqualTo(word + "\n");
    }
  }

  /** Generates a key with ssh-keygen: type ed25519|ecdsa|rsa, format "" (OpenSSH) or "PEM". */
  Path keygen(String name, String type, String format, String passphrase) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen not installed");
    Path key = sshDir.resolve(name);
    List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase == null ? "" : passphrase,
        "-C", name, "-f", key.toString()));
    if (type.equals("rsa")) {
      cmd.addAll(List.of("-b", "2048"));
    }
    if (!format.isEmpty()) {
      cmd.addAll(List.of("-m", format));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("ssh-keygen failed: " + out);
    }
    return key;
  }

  void trust(SshTestServer s) throws IOException {
    Files.writeString(sshDir.resolve("known_hosts"), s.knownHostsLine() + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  static Target host(String name, Spec s) {
    return new Target(name, s.build());
  }

  static Spec spec(int port) {
    Spec s = new Spec();
    s.port = port;
    return s;
  }

  /** A mutable builder for {@link ConnectionSpec}. */
  static final class Spec {
    String address = "127.0.0.1";
    Integer port;
    String user = "ops";
    String key;
    String keyPassphraseEnv;
    String passwordEnv;
    String knownHosts;
    HostKeyChecking checking = HostKeyChecking.STRICT;
    String jump;
    Duration connectTimeout = Duration.ofSeconds(5);
    Duration commandTimeout = Duration.ofSeconds(30);
    boolean become;
    String becomePasswordEnv;
    String jumpKey;
    String jumpPasswordEnv;

    Spec key(Path k) {
      key = k.toString();
      return this;
    }

    Spec user(String u) {
      user = u;
      return this;
    }

    Spec checking(HostKeyChecking c) {
      checking = c;
      return this;
    }

    ConnectionSpec build() {
      return new ConnectionSpec("ssh", address, port, user, key, keyPassphraseEnv, passwordEnv, knownHosts,
          checking, jump, connectTimeout, commandTimeout, become, becomePasswordEnv, jumpKey, jumpPasswordEnv);
    }
  }
}
