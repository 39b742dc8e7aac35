package io.jprov.testfleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.inventory.Host;
import io.jprov.transport.HostKeyChecking;
import io.jprov.inventory.Inventory;
import io.jprov.modules.docker.DockerVars;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The inventory the fleet writes loads with jprov's own loader and names every host's published sshd. */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class FleetInventoryIT {

  @Test
  void inventoryLoadsWithJprovsLoaderAndReachesEveryHost() throws Exception {
    TestFleet.assumeDocker();
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, 2)) {
      Path file = fleet.writeInventory("pinned.yml", TestFleet.InventoryOptions.defaults()
          .withDocker("version", "\"24.0.9\"").withDocker("registry_mirrors", "[https://mirror.example.com]"));
      Inventory inv = Inventory.load(file, file.toString(), Map.of(), DockerVars.SCHEMA);
      assertThat(inv.hosts()).extracting(Host::name).containsExactly("el7-1", "el7-2");
      for (FleetHost fh : fleet.hosts()) {
        Host h = inv.host(fh.name());
        assertThat(h.connection().address()).isEqualTo("127.0.0.1");
        assertThat(h.connection().port()).isEqualTo(fh.sshPort());
        assertThat(h.connection().user()).isEqualTo("ops");
        assertThat(h.connection().hostKeyChecking()).isEqualTo(HostKeyChecking.OFF);
        assertThat(Path.of(h.connection().key())).isEqualTo(fleet.privateKey());
        @SuppressWarnings("unchecked")
        Map<String, Object> docker = (Map<String, Object>) h.vars().get("docker");
        assertThat(docker).containsEntry("mirror", TestFleet.DOCKER_MIRROR_URL).containsEntry("version", "24.0.9");
        assertThat(h.vars()).containsEntry("base_repos_mirror", TestFleet.BASE_REPOS_MIRROR_URL);
        // the key and port in the inventory log in
        assertThat(fh.sshRun("ops", "hostname").stdout().trim()).isEqualTo(fh.name());
      }
      assertThat(fleet.inventory()).exists();
    }
  }
}
