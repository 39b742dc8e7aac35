package io.jprov.modules.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.inventory.Inventory;
import io.jprov.modules.YumRepoModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerVarsTest {
  @TempDir Path tmp;

  @Test
  void oneAnswerToWhetherAChannelIsRetired() {
    assertThat(DockerVars.retiredChannel("nightly")).isEqualTo("the nightly channel no longer exists; use stable or test");
    assertThat(DockerVars.retiredChannel("stable")).isNull();
    assertThat(DockerVars.retiredChannel("test")).isNull();
    // the inventory variable and the module argument say the same thing
    assertThatThrownBy(() -> YumRepoModule.checkChannel("nightly"))
        .hasMessage("yum_repo: argument 'channel' names a retired channel: " + DockerVars.retiredChannel("nightly"));
    assertThatThrownBy(() -> Inventory.localOnly(Map.of("docker", Map.of("channel", "nightly")), DockerVars.SCHEMA))
        .hasMessage("-e docker.channel=nightly: docker.channel: " + DockerVars.retiredChannel("nightly"));
  }

  @Test
  void theSchemaChecksDockerAndBaseReposMirrorWhereWritten() throws Exception {
    assertThat(DockerVars.SCHEMA.checks()).containsOnlyKeys("docker", "base_repos_mirror");
    Path inv = tmp.resolve("inv.yml");
    Files.writeString(inv, "all:\n  vars:\n    docker: {daemon: {containerd: /run/c.sock}}\n  hosts:\n    web01:\n");
    assertThatThrownBy(() -> Inventory.load(inv, "inv.yml", Map.of(), DockerVars.SCHEMA))
        .hasMessageStartingWith("inv.yml:3:23: docker.daemon.containerd: the docker unit already passes --containerd");
    Files.writeString(inv, "all:\n  vars:\n    dockr: {}\n");
    assertThatThrownBy(() -> Inventory.load(inv, "inv.yml", Map.of(), DockerVars.SCHEMA))
        .hasMessage("inv.yml:3:5: unknown variable 'dockr' (did you mean 'docker'?)");
  }
}
