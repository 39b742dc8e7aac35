package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SshAuthTest extends SshFixture {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"ed25519,''", "rsa,PEM", "ecdsa,''", "ecdsa,PEM", "rsa,''"})
  void privateKeyFormats(String type, String format) throws Exception {
    Path key = keygen("id_test_" + type, type, format, null);
    SshTestServer s = trustedServer(key);
    assertEchoes(host("web01", spec(s.port()).key(key)), "hello");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"ed25519,'',s3cret pass", "rsa,PEM,pem-pass"})
  void encryptedKeyWithPassphraseFromEnvironment(String type, String format, String passphrase) throws Exception {
    Path key = keygen("id_enc_" + type, type, format, passphrase);
    SshTestServer s = trustedServer(key);
    env.put("KEY_PASS", passphrase);
    Spec spec = spec(s.port()).key(key);
    spec.keyPassphraseEnv = "KEY_PASS";
    assertEchoes(host("web01", spec), "hello");
  }

  @Test
  void encryptedKeyWithoutPassphraseSaysWhatToSet() throws Exception {
    Path key = keygen("id_enc", "ed25519", "", "s3cret");
    SshTestServer s = trustedServer(key);
    assertThatThrownBy(() -> factory().open(host("web01", spec(s.port()).key(key))))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("web01 (127.0.0.1:" + s.port() + ")")
        .hasMessageContaining("set ssh_key_passphrase_env")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isTrue());
  }

  @Test
  void passwordFromEnvironment() throws Exception {
    SshTestServer s = startTrusted(server().password("pw-123"));
    env.put("SSH_PW", "pw-123");
    Spec spec = spec(s.port());
    spec.passwordEnv = "SSH_PW";
    assertEchoes(host("web01", spec), "hello");
  }

  @Test
  void defaultIdentityFileIsUsedWhenNoKeyIsGiven() throws Exception {
    Path key = keygen("id_ed25519", "ed25519", "", null);
    SshTestServer s = trustedServer(key);
    assertEchoes(host("web01", spec(s.port())), "hello");
  }

  @Test
  void allMethodsFailingListsThemInOneLine() throws Exception {
    Path key = keygen("id_ed25519", "ed25519", "", null);
    SshTestServer s = startTrusted(server().password("right"));
    env.put("SSH_PW", "wrong");
    Spec spec = spec(s.port()).key(key);
    spec.passwordEnv = "SSH_PW";
    assertThatThrownBy(() -> factory().open(host("web01", spec)))
        .isInstanceOf(TransportException.class)
        .hasMessage("web01 (127.0.0.1:" + s.port() + "): authentication failed for user ops (tried: publickey "
            + key + ", password)")
        .satisfies(e -> assertThat(((TransportException) e).unreachable()).isTrue())
        .hasMessageNotContaining("wrong");
  }

  @Test
  void keysFromARunningSshAgent() throws Exception {
    Path key = keygen("id_agent", "ed25519", "", null);
    Path rsa = keygen("id_agent_rsa", "rsa", "", null);
    Path sock = tmp.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString()).redirectErrorStream(true).start();
    closeables.add(() -> {
      agent.destroy();
      agent.waitFor(5, TimeUnit.SECONDS);
    });
    for (int i = 0; i < 100 && !Files.exists(sock); i++) {
      Thread.sleep(50);
    }
    for (Path k : new Path[] {key, rsa}) {
      ProcessBuilder add = new ProcessBuilder("ssh-add", k.toString()).redirectErrorStream(true);
      add.environment().put("SSH_AUTH_SOCK", sock.toString());
      Process p = add.start();
      p.getInputStream().readAllBytes();
      assertThat(p.waitFor()).isZero();
    }
    Files.delete(key);
    Files.delete(rsa);
    env.put("SSH_AUTH_SOCK", sock.toString());
    for (Path k : new Path[] {key, rsa}) {
      SshTestServer s = trustedServer(k);
      assertEchoes(host("web01", spec(s.port())), "hello");
    }
  }
}
