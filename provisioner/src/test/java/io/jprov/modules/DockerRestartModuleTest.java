package io.jprov.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.facts.DockerFacts;
import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine hooks of docker_restart (the plans are module cases under modules/docker_restart). */
class DockerRestartModuleTest {
  private final DockerRestartModule module = new DockerRestartModule(new io.jprov.template.Templates(List.of()));
  private final DockerRestartModule.Arguments args = module.bind(Map.of("name", "docker"));

  @Test
  void dueWhileTheMarkerSaysARestartIsPending() {
    FactSet facts = FactSet.of(Map.of("restart-pending:docker", new FactOutput(0,
        "pending\nsince=2026-11-30T22:15:03Z\nreason=daemon.json changed (log-level)\npolicy=if-idle\ncontainers=2\n")));
    assertThat(module.due(args, facts, null))
        .isEqualTo("pending since 2026-11-30T22:15:03Z");
  }

  @Test
  void notDueWithoutAMarker() {
    FactSet facts = FactSet.of(Map.of("restart-pending:docker", new FactOutput(0, "none\n")));
    assertThat(module.due(args, facts, null)).isNull();
  }

  @Test
  void dueFactsAreTheMarkerAndTheUnitIsTheOneItRestarts() {
    assertThat(module.dueFacts(args, null)).containsExactly(DockerFacts.pendingRestart("docker"));
    assertThat(module.restartsUnit(module.bind(Map.of("name", "docker.service")))).isEqualTo("docker.service");
  }

  @Test
  void defaultsAreThePlaybooksHandler() {
    assertThat(args.policy()).isEqualTo(DockerRestartModule.Policy.IF_IDLE);
    assertThat(args.config()).isEqualTo("/etc/docker/daemon.json");
    assertThat(args.reloadable()).contains("registry-mirrors", "live-restore", "debug").doesNotContain("log-level",
        "features", "storage-driver");
  }

  @Test
  void changedKeysAreTopLevelDifferences() {
    assertThat(DockerRestartModule.changedKeys("{\"a\": 1, \"b\": {\"x\": 1}, \"c\": 3}",
        "{\"b\": {\"x\": 2}, \"a\": 1, \"d\": 4}")).isEqualTo(List.of("b", "d", "c"));
    assertThat(DockerRestartModule.changedKeys("[]", "{}")).isNull();
  }
}
