package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.HostKeyChecking;
import io.jprov.transport.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SshConfigTest extends SshFixture {
  @Test
  void parsesAliasesWildcardsNegationAndFirstValueWins() {
    SshConfig c = SshConfig.parse("""
        # global
        User=default
        Host web* !web99
          HostName %h.example.com
          Port 2222
          IdentityFile ~/.ssh/web_key
        Host web01
          User ops
          HostName ignored.example.com
        Host *
          IdentityFile "~/.ssh/id common"
          ProxyJump bastion
        """, Path.of("/home/x"));
    SshConfig.Entry web = c.resolve("web01");
    assertThat(web.hostName()).isEqualTo("web01.example.com");
    assertThat(web.port()).isEqualTo(2222);
    assertThat(web.user()).isEqualTo("default");
    assertThat(web.identityFiles()).containsExactly("/home/x/.ssh/web_key", "/home/x/.ssh/id common");
    assertThat(web.proxyJump()).isEqualTo("bastion");
    SshConfig.Entry excluded = c.resolve("web99");
    assertThat(excluded.hostName()).isNull();
    assertThat(excluded.port()).isNull();
    assertThat(SshConfig.glob("db?", "db1")).isTrue();
    assertThat(SshConfig.glob("db?", "db10")).isFalse();
  }

  @Test
  void aliasResolvesHostNamePortUserAndIdentityFile() throws Exception {
    Path key = keygen("cfg_key", "ecdsa", "", null);
    SshTestServer s = trustedServer(key);
    Files.writeString(sshDir.resolve("config"), """
        Host db*
          HostName 127.0.0.1
          Port %d
          User deploy
          IdentityFile ~/.ssh/cfg_key
        """.formatted(s.port()));
    ConnectionSpec spec = new ConnectionSpec("ssh", null, null, null, null, null, null, null,
        HostKeyChecking.STRICT, null, ConnectionSpec.DEFAULT_CONNECT_TIMEOUT, ConnectionSpec.DEFAULT_COMMAND_TIMEOUT,
        false, null);
    assertEchoes(new Target("db1", spec), "ok");
  }

  @Test
  void inventoryValuesWinOverSshConfig() throws Exception {
    Path key = keygen("id_ed25519", "ed25519", "", null);
    SshTestServer s = trustedServer(key);
    Files.writeString(sshDir.resolve("config"), "Host *\n  Port 1\n  User nobody-here\n");
    Spec spec = spec(s.port());
    assertEchoes(host("web01", spec), "ok");
    assertThat(s.commands()).isNotEmpty();
  }

  @Test
  void jumpHostFromInventory() throws Exception {
    Path key = keygen("id_ed25519", "ed25519", "", null);
    SshTestServer bastion = trustedServer(key);
    SshTestServer target = trustedServer(key);
    Spec spec = spec(target.port());
    spec.jump = "jumper@127.0.0.1:" + bastion.port();
    assertEchoes(host("app01", spec), "via");
    assertThat(bastion.forwards()).containsExactly("127.0.0.1:" + target.port());
    assertThat(bastion.commands()).isEmpty();
    assertThat(target.commands()).hasSize(1);
  }

  @Test
  void jumpHostFromSshConfigProxyJumpIsHostKeyChecked() throws Exception {
    Path key = keygen("id_ed25519", "ed25519", "", null);
    SshTestServer bastion = server(key).start();
    SshTestServer target = trustedServer(key);
    Files.writeString(sshDir.resolve("config"), """
        Host bastion
          HostName 127.0.0.1
          Port %d
        Host app*
          ProxyJump bastion
        """.formatted(bastion.port()));
    Spec spec = spec(target.port());
    spec.address = null;
    spec.port = target.port();
    // The bastion's key is not trusted yet: refused, naming the jump host.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> factory().open(host("app01", spec)))
        .hasMessageContaining("app01 via jump host bastion (127.0.0.1:" + bastion.port() + "): host key unknown");
    trust(bastion);
    // The jump host opens the tunnel to the target's HostName, so the config must give one.
    Files.writeString(sshDir.resolve("config"), """
        Host bastion
          HostName 127.0.0.1
          Port %d
        Host app*
          HostName 127.0.0.1
          ProxyJump bastion
        """.formatted(bastion.port()));
    assertEchoes(host("app01", spec), "via");
    assertThat(bastion.forwards()).containsExactly("127.0.0.1:" + target.port());
  }
}
