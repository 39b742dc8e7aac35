package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.transport.TransportException;
import io.jprov.util.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jump hosts authenticate with their own credentials, and every ProxyJump hop is used. */
class SshJumpTest extends SshFixture {
  static final String TARGET_PW = "target-only-Pw-7731";
  static final String JUMP_PW = "bastion-Pw-4410";


  @BeforeEach
  void setUp() throws Exception {
    Secrets.clearForTests();
  }

  @AfterEach
  void after() throws Exception {
    Secrets.clearForTests();
  }

  @Test
  void theTargetsPasswordNeverReachesTheJumpHost() throws Exception {
    SshTestServer bastion = startTrusted(server().password(JUMP_PW));
    SshTestServer target = startTrusted(server().password(TARGET_PW));
    env.put("T_PW", TARGET_PW);
    env.put("J_PW", JUMP_PW);
    Spec spec = spec(target.port());
    spec.passwordEnv = "T_PW";
    spec.jumpPasswordEnv = "J_PW";
    spec.jump = "jumper@127.0.0.1:" + bastion.port();
    assertEchoes(host("app01", spec), "via");
    assertThat(bastion.passwordsOffered()).containsExactly(JUMP_PW);
    assertThat(target.passwordsOffered()).containsExactly(TARGET_PW);
    assertThat(bastion.forwards()).containsExactly("127.0.0.1:" + target.port());
    // both values were read as secrets: masked wherever they would appear
    assertThat(Secrets.mask("a " + TARGET_PW + " b " + JUMP_PW)).isEqualTo("a **** b ****");
  }

  @Test
  void withoutJumpPasswordEnvTheJumpHostGetsNoPasswordAtAll() throws Exception {
    SshTestServer bastion = startTrusted(server().password(TARGET_PW)); // would accept it: must not see it
    SshTestServer target = startTrusted(server().password(TARGET_PW));
    env.put("T_PW", TARGET_PW);
    Spec spec = spec(target.port());
    spec.passwordEnv = "T_PW";
    spec.jump = "jumper@127.0.0.1:" + bastion.port();
    assertThatThrownBy(() -> factory().open(host("app01", spec)))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("app01 via jump host 127.0.0.1 (127.0.0.1:" + bastion.port() + "): authentication failed")
        .hasMessageNotContaining(TARGET_PW);
    assertThat(bastion.passwordsOffered()).isEmpty();
    assertThat(target.passwordsOffered()).isEmpty();
  }

  @Test
  void theInventorySshKeyAndTheJumpKeyAreOfferedToTheJumpHost() throws Exception {
    // Neither key is a default identity (~/.ssh/id_*): only the inventory can name them.
    Path fleetKey = keygen("fleet_key", "ed25519", "", null);
    Path bastionKey = keygen("bastion_key", "ed25519", "", null);
    SshTestServer viaFleetKey = trustedServer(fleetKey);
    SshTestServer viaJumpKey = trustedServer(bastionKey);
    SshTestServer target = trustedServer(fleetKey);
    Spec spec = spec(target.port()).key(fleetKey);
    spec.jump = "127.0.0.1:" + viaFleetKey.port();
    assertEchoes(host("app01", spec), "one");
    spec.jump = "127.0.0.1:" + viaJumpKey.port();
    spec.jumpKey = bastionKey.toString();
    assertEchoes(host("app01", spec), "two");
    assertThat(viaFleetKey.forwards()).containsExactly("127.0.0.1:" + target.port());
    assertThat(viaJumpKey.forwards()).containsExactly("127.0.0.1:" + target.port());
  }

  /** Two jump hosts and a target, all accepting one key, all trusted. */
  private record Chain(SshTestServer hop1, SshTestServer hop2, SshTestServer target) {
    /** hop1 forwarded to hop2 only, hop2 to the target only. */
    void assertForwardedHopByHop() {
      assertThat(hop1.forwards()).containsExactly("127.0.0.1:" + hop2.port());
      assertThat(hop2.forwards()).containsExactly("127.0.0.1:" + target.port());
    }
  }

  private Chain chain() throws Exception {
    Path key = keygen("id_ed25519", "ed25519", "", null);
    return new Chain(trustedServer(key), trustedServer(key), trustedServer(key));
  }

  @Test
  void everyProxyJumpHopIsUsedInOrder() throws Exception {
    Chain chain = chain();
    Files.writeString(sshDir.resolve("config"), """
        Host hop1
          HostName 127.0.0.1
          Port %d
        Host hop2
          HostName 127.0.0.1
          Port %d
        Host app*
          HostName 127.0.0.1
          ProxyJump hop1,hop2
        """.formatted(chain.hop1().port(), chain.hop2().port()));
    Spec spec = spec(chain.target().port());
    spec.address = null;
    assertEchoes(host("app01", spec), "via");
    chain.assertForwardedHopByHop();
    assertThat(chain.hop1().commands()).isEmpty();
    assertThat(chain.hop2().commands()).isEmpty();
    assertThat(chain.target().commands()).hasSize(1);
  }

  @Test
  void aChainFromTheInventoryToo() throws Exception {
    Chain chain = chain();
    Spec spec = spec(chain.target().port());
    spec.jump = "127.0.0.1:" + chain.hop1().port() + ",127.0.0.1:" + chain.hop2().port();
    assertEchoes(host("app01", spec), "via");
    chain.assertForwardedHopByHop();
  }
}
