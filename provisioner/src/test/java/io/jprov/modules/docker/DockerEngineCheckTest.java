package io.jprov.modules.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.engine.Engine;
import io.jprov.engine.EngineOptions;
import io.jprov.transport.ConnectionSpec;
import io.jprov.inventory.Host;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.PlaybookLoader;
import io.jprov.report.HostResult;
import io.jprov.report.RunListener;
import io.jprov.report.RunResult;
import io.jprov.report.TaskResult;
import io.jprov.template.Templates;
import io.jprov.transport.local.LocalConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker CE modules through the real engine and the local connection, in check mode (nothing
 * is changed on this machine): facts are gathered in bulk and each module plans from real output.
 */
class DockerEngineCheckTest {
  @TempDir Path tmp;

  @Test
  void checkModeOnThisMachine() throws Exception {
    Path file = Files.writeString(tmp.resolve("check.yml"), """
        name: docker-check
        hosts: all
        tasks:
          - name: group root exists
            group: {name: root}
          - name: root is in root
            user_groups: {group: root, users: [root]}
          - name: no such package
            package: {name: [jprov-no-such-pkg], state: absent}
          - name: docker-ce repo
            yum_repo: {mirror: "https://download.docker.com"}
          - name: base repos
            base_repos: {mirror: ""}
          - name: a sysctl that already holds, persisted in a new file
            sysctl: {settings: {kernel.ostype: Linux}, file: /etc/sysctl.d/99-jprov-check-test.conf}
          - name: hello-world
            docker_verify: {users: []}
        """);
    Templates templates = new Templates(List.of(DockerCePlaybookTest.TEMPLATES));
    Playbook pb = new PlaybookLoader(DockerCePlaybookTest.registry(templates)).load(file, "check.yml");
    Host host = new Host("local", Map.of(), ConnectionSpec.local(false), List.of("all"), null);
    EngineOptions options = new EngineOptions(true, true, Set.of(), Set.of(), 1, null, tmp);
    RunResult r = new Engine(DockerCePlaybookTest.registry(templates), templates, new LocalConnectionFactory(),
        new RunListener() {}, options).run(pb, List.of(host));

    HostResult h = r.hosts().get(0);
    assertThat(h.tasks()).extracting(t -> t.status().toString()).as(h.tasks().toString())
        .containsExactly("ok", "ok", "ok", "changed", "ok", "changed", "skipped");
    assertThat(h.tasks().get(3).message()).startsWith("would create /etc/yum.repos.d/docker-ce.repo");
    assertThat(h.tasks().get(5).message()).isEqualTo("would create /etc/sysctl.d/99-jprov-check-test.conf");
    // every fact, the platform included, in one bulk read
    assertThat(h.roundTrips()).isEqualTo(1);
    assertThat(tmp.resolve("etc")).doesNotExist();
    assertThat(Path.of("/etc/sysctl.d/99-jprov-check-test.conf")).doesNotExist();
  }
}
