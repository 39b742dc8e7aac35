package io.jprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.inventory.Inventory;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.docker.DockerVars;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.PlaybookLoader;
import io.jprov.template.Templates;
import io.jprov.util.Maps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every shipped example loads: the example inventory, each playbook, each template, so none can rot. */
class ExamplesTest {
  private static final Path HOME = Path.of(System.getProperty("jprov.home", "..")).toAbsolutePath().normalize();

  private static List<Path> files(String dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(HOME.resolve(dir))) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  @Test
  void exampleInventoryLoads() {
    Inventory inv = Inventory.load(HOME.resolve("inventory.example.yml"), "inventory.example.yml", Map.of(), DockerVars.SCHEMA);
    assertThat(inv.hosts()).isNotEmpty();
    // the dmz group shows the jump hosts' own credentials
    io.jprov.transport.ConnectionSpec edge = inv.host("edgea.example.com").connection();
    assertThat(edge.jumpPasswordEnv()).isEqualTo("JPROV_JUMP_PASSWORD");
    assertThat(edge.jumpKey()).endsWith("/.ssh/bastion_ed25519");
  }

  @TestFactory
  Stream<DynamicTest> everyPlaybookLoadsAndInterpolatesForTheExampleHosts() throws IOException {
    Templates templates = new Templates(List.of(HOME.resolve("templates")));
    PlaybookLoader loader = new PlaybookLoader(ModuleRegistry.builtin(templates));
    Inventory inv = Inventory.load(HOME.resolve("inventory.example.yml"), "inventory.example.yml", Map.of(), DockerVars.SCHEMA);
    return files("playbooks", ".yml").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      Playbook pb = loader.load(p, p.toString());
      assertThat(pb.tasks()).isNotEmpty();
      assertThat(inv.select(pb.hosts())).isNotEmpty();
      // every family's vars files were loaded with it, and the example hosts' variables hold under each
      for (Playbook.VarsFile vf : pb.varsFiles()) {
        for (String family : vf.files().keySet()) {
          inv.checkEffective(pb.defaults(family), p.toString());
        }
      }
    }));
  }

  /** Each template renders with the Docker CE playbook's defaults under each example host's vars. */
  @TestFactory
  Stream<DynamicTest> everyTemplateRendersForTheExampleHosts() throws IOException {
    Templates templates = new Templates(List.of(HOME.resolve("templates")));
    Playbook docker = new PlaybookLoader(ModuleRegistry.builtin(templates))
        .load(HOME.resolve("playbooks/docker-ce.yml"), "docker-ce.yml");
    Inventory inv = Inventory.load(HOME.resolve("inventory.example.yml"), "inventory.example.yml", Map.of(), DockerVars.SCHEMA);
    List<Path> ftl = files("templates", ".ftl");
    assertThat(ftl).isNotEmpty();
    return ftl.stream().flatMap(p -> inv.hosts().stream().map(h -> DynamicTest.dynamicTest(
        p.getFileName() + " for " + h.name(), () -> {
          Map<String, Object> model = Maps.deepMerge(docker.vars(), h.vars());
          String out = templates.renderFile(p.getFileName().toString(), model, "test");
          assertThat(out).isNotBlank();
        })));
  }
}
