package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.transport.HostKeyChecking;
import io.jprov.transport.Connection;
import io.jprov.transport.ExecRequest;
import io.jprov.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SshHostKeyTest extends SshFixture {
  Path key;
  SshTestServer s;

  @BeforeEach
  void setUp() throws Exception {
    key = keygen("id_ed25519", "ed25519", "", null);
    s = server(key).start();
  }

  private Path knownHosts() {
    return sshDir.resolve("known_hosts");
  }

  @Test
  void strictRefusesUnknownHostWithFingerprintAndHowToTrustIt() {
    assertThatThrownBy(() -> factory().open(host("web01", spec(s.port()))))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("web01 (127.0.0.1:" + s.port() + "): host key unknown")
        .hasMessageContaining(KnownHostsFile.fingerprint(s.hostPublicKey()))
        .hasMessageContaining("ssh-keyscan -p " + s.port() + " 127.0.0.1 >> " + knownHosts())
        .hasMessageContaining("host_key_checking: accept-new")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isTrue());
    assertThat(knownHosts()).doesNotExist();
  }

  @Test
  void strictAcceptsPlainEntry() throws Exception {
    Files.writeString(knownHosts(), "# comment\nother.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"
        + s.knownHostsLine() + "\n");
    try (Connection c = factory().open(host("web01", spec(s.port())))) {
      assertThat(c.exec(ExecRequest.of("true", false)).exitCode()).isZero();
    }
  }

  @Test
  void strictAcceptsHashedEntry() throws Exception {
    Files.writeString(knownHosts(), s.hashedKnownHostsLine() + "\n");
    try (Connection c = factory().open(host("web01", spec(s.port())))) {
      assertThat(c.exec(ExecRequest.of("true", false)).exitCode()).isZero();
    }
  }

  @Test
  void knownHostsPathFromInventory() throws Exception {
    Path custom = tmp.resolve("fleet_known_hosts");
    Files.writeString(custom, s.knownHostsLine() + "\n");
    Spec spec = spec(s.port());
    spec.knownHosts = custom.toString();
    try (Connection c = factory().open(host("web01", spec))) {
      assertThat(c.exec(ExecRequest.of("true", false)).exitCode()).isZero();
    }
  }

  @Test
  void changedKeyIsRefusedLoudlyEvenWithAcceptNew() throws Exception {
    String stale = KnownHostsFile.hostKeyName("127.0.0.1", s.port()) + " "
        + SshTestServer.keyLine(SshTestServer.newHostKey().getPublic());
    Files.writeString(knownHosts(), stale + "\n");
    for (HostKeyChecking mode : List.of(HostKeyChecking.STRICT, HostKeyChecking.ACCEPT_NEW)) {
      assertThatThrownBy(() -> factory().open(host("web01", spec(s.port()).checking(mode))))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("REMOTE HOST KEY CHANGED")
          .hasMessageContaining("possible man-in-the-middle")
          .hasMessageContaining(KnownHostsFile.fingerprint(s.hostPublicKey()));
    }
    assertThat(Files.readString(knownHosts())).isEqualTo(stale + "\n");
  }

  @Test
  void aKnownKeyOfAnotherTypeIsAChangedIdentityAsInOpenSsh() throws Exception {
    // OpenSSH (hostfile.c check_hostkeys_by_key_or_type): any known key of the host that does not
    // match, whatever its type, is HOST_CHANGED, which accept-new refuses. The server offers only
    // ECDSA; the file knows an ed25519 key for it.
    String otherType = KnownHostsFile.hostKeyName("127.0.0.1", s.port())
        + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    Files.writeString(knownHosts(), otherType + "\n");
    for (HostKeyChecking mode : List.of(HostKeyChecking.ACCEPT_NEW, HostKeyChecking.STRICT)) {
      assertThatThrownBy(() -> factory().open(host("web01", spec(s.port()).checking(mode))))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("REMOTE HOST KEY CHANGED")
          .hasMessageContaining("ecdsa-sha2-nistp256 " + KnownHostsFile.fingerprint(s.hostPublicKey()))
          .hasMessageContaining("offending key in " + knownHosts() + ":1");
    }
    assertThat(Files.readString(knownHosts())).isEqualTo(otherType + "\n");
  }

  @Test
  void aRevokedKeyIsRefusedWhateverElseMatchesAndInEveryMode() throws Exception {
    String keyLine = SshTestServer.keyLine(s.hostPublicKey());
    String file = s.knownHostsLine() + "\n" + s.hashedKnownHostsLine() + "\n@revoked * " + keyLine + "\n";
    Files.writeString(knownHosts(), file);
    for (HostKeyChecking mode : HostKeyChecking.values()) {
      assertThatThrownBy(() -> factory().open(host("web01", spec(s.port()).checking(mode))))
          .as(mode.toString())
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("REVOKED HOST KEY")
          .hasMessageContaining("marked @revoked in " + knownHosts() + ":3")
          .satisfies(e -> assertThat(((TransportException) e).unreachable()).isTrue());
    }
    assertThat(Files.readString(knownHosts())).isEqualTo(file);
    assertThat(s.commands()).isEmpty();
  }

  @Test
  void aRevocationOfAnotherKeyDoesNotRefuseThisOne() throws Exception {
    Files.writeString(knownHosts(), "@revoked * " + SshTestServer.keyLine(SshTestServer.newHostKey().getPublic())
        + "\n" + s.knownHostsLine() + "\n");
    try (Connection c = factory().open(host("web01", spec(s.port())))) {
      assertThat(c.exec(ExecRequest.of("true", false)).exitCode()).isZero();
    }
  }

  @Test
  void appendedKeysKeepTheirLineNumbersAndAnotherWritersLinesAreSeen() throws Exception {
    KnownHostsFile f = new KnownHostsFile(knownHosts());
    var a = SshTestServer.newHostKey().getPublic();
    var b = SshTestServer.newHostKey().getPublic();
    assertThat(f.addIfUnknown("h1", a)).isEqualTo(KnownHostsFile.Status.UNKNOWN);
    assertThat(f.addIfUnknown("h2", a)).isEqualTo(KnownHostsFile.Status.UNKNOWN);
    assertThat(f.find("h2", b)).isEqualTo(new KnownHostsFile.Result(KnownHostsFile.Status.CHANGED, 2));
    // another process appends a revocation (no final newline); our next append still sees it
    Files.writeString(knownHosts(), "@revoked * " + SshTestServer.keyLine(b),
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(f.addIfUnknown("h3", a)).isEqualTo(KnownHostsFile.Status.UNKNOWN);
    assertThat(f.find("h9", b)).isEqualTo(new KnownHostsFile.Result(KnownHostsFile.Status.REVOKED, 3));
    assertThat(f.find("h3", a)).isEqualTo(new KnownHostsFile.Result(KnownHostsFile.Status.KNOWN, 4));
    assertThat(Files.readAllLines(knownHosts())).hasSize(4);
  }

  @Test
  void acceptNewRecordsTheKeyThenStrictAccepts() throws Exception {
    try (Connection c = factory().open(host("web01", spec(s.port()).checking(HostKeyChecking.ACCEPT_NEW)))) {
      assertThat(c.exec(ExecRequest.of("true", false)).exitCode()).isZero();
    }
    assertThat(Files.readString(knownHosts())).isEqualTo(s.knownHostsLine() + "\n");
    try (Connection c = factory().open(host("web01", spec(s.port())))) {
      assertThat(c.exec(ExecRequest.of("true", false)).exitCode()).isZero();
    }
  }

  @Test
  void acceptNewThatCannotRecordTheKeyRefusesTheHostAndSaysHowToFixIt() throws Exception {
    // A known_hosts that cannot be appended to (here a directory; in a container, a file mounted read-only):
    // going on unrecorded would trust any key on every run, so the host is refused with the reason and the way out.
    Files.createDirectories(knownHosts());
    assertThatThrownBy(() -> factory().open(host("web01", spec(s.port()).checking(HostKeyChecking.ACCEPT_NEW))))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("web01 (127.0.0.1:" + s.port() + "): host key unknown (ecdsa-sha2-nistp256 "
            + KnownHostsFile.fingerprint(s.hostPublicKey()) + ")")
        .hasMessageContaining("host_key_checking accept-new cannot record it in " + knownHosts() + ": is a directory;")
        .hasMessageContaining("ssh-keyscan -p " + s.port() + " 127.0.0.1 >> " + knownHosts())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isTrue());
  }

  @Test
  void theReasonAnAppendFailedInAFewWords() {
    Path f = Path.of("/root/.ssh/known_hosts");
    // what the JDK throws for EROFS (a read-only bind mount) and EACCES (a file of another uid)
    assertThat(HostKeyCheck.writeProblem(new java.nio.file.FileSystemException(f.toString(), null,
        "Read-only file system"))).isEqualTo("read-only file system");
    assertThat(HostKeyCheck.writeProblem(new java.nio.file.AccessDeniedException(f.toString())))
        .isEqualTo("permission denied");
    assertThat(HostKeyCheck.writeProblem(new java.io.IOException("disk\nfull"))).isEqualTo("disk");
  }

  @Test
  void acceptNewFromManyHostsAtOnceWritesEachKeyOnce() throws Exception {
    List<SshTestServer> servers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      servers.add(server(key).start());
    }
    SshConnectionFactory f = factory();
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        for (SshTestServer srv : servers) {
          results.add(pool.submit(() -> {
            try (Connection c = f.open(host("h" + srv.port(), spec(srv.port()).checking(HostKeyChecking.ACCEPT_NEW)))) {
              return c.exec(ExecRequest.of("true", false)).exitCode();
            }
          }));
        }
      }
      for (Future<Integer> r : results) {
        assertThat(r.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> lines = Files.readAllLines(knownHosts());
    assertThat(lines).containsExactlyInAnyOrderElementsOf(servers.stream().map(SshTestServer::knownHostsLine).toList());
  }

  @Test
  void offAcceptsAnything() throws Exception {
    try (Connection c = factory().open(host("web01", spec(s.port()).checking(HostKeyChecking.OFF)))) {
      assertThat(c.exec(ExecRequest.of("true", false)).exitCode()).isZero();
    }
    assertThat(knownHosts()).doesNotExist();
  }
}
