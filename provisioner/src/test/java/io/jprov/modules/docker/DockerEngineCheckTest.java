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

  /** Whether this machine is Debian or Ubuntu (os-release ID or ID_LIKE), i.e. its packages are apt's. */
  static boolean aptMachine() throws Exception {
    Path osRelease = Path.of("/etc/os-release");
    return Files.isRegularFile(osRelease) && Files.readAllLines(osRelease).stream()
        .anyMatch(l -> l.matches("(ID|ID_LIKE)=\"?([a-z]+ )*(debian|ubuntu)( [a-z]+)*\"?"));
  }

  @Test
  void checkModeOnThisMachine() throws Exception {
    // the repository step of this machine's family: the yum repo file on EL, the apt source on Debian/Ubuntu
    boolean apt = aptMachine();
    String repoTask = apt ? "apt_repo: {mirror: \"https://download.docker.com\"}"
        : "yum_repo: {mirror: \"https://download.docker.com\"}";
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
            REPO_TASK
          - name: base repos
            base_repos: {mirror: ""}
          - name: a sysctl that already holds, persisted in a new file
            sysctl: {settings: {kernel.ostype: Linux}, file: /etc/sysctl.d/99-jprov-check-test.conf}
          - name: hello-world
            docker_verify: {users: []}
        """.replace("REPO_TASK", repoTask));
    Templates templates = new Templates(List.of(DockerCePlaybookTest.TEMPLATES));
    Playbook pb = new PlaybookLoader(DockerCePlaybookTest.registry(templates)).load(file, "check.yml");
    Host host = new Host("local", Map.of(), ConnectionSpec.local(false), List.of("all"), null);
    EngineOptions options = new EngineOptions(true, true, Set.of(), Set.of(), 1, null, tmp);
    RunResult r = new Engine(DockerCePlaybookTest.registry(templates), templates, new LocalConnectionFactory(),
        new RunListener() {}, options).run(pb, List.of(host));

    HostResult h = r.hosts().get(0);
    assertThat(h.tasks()).extracting(t -> t.status().toString()).as(h.tasks().toString())
        .containsExactly("ok", "ok", "ok", "changed", "ok", "changed", "skipped");
    assertThat(h.tasks().get(3).message()).startsWith(apt ? "would create /etc/apt/sources.list.d/docker.sources"
        : "would create /etc/yum.repos.d/docker-ce.repo");
    assertThat(h.tasks().get(5).message()).isEqualTo("would create /etc/sysctl.d/99-jprov-check-test.conf");
    // every fact, the platform included, in one bulk read; on apt too: the package task's dpkg facts
    // depend on the platform, and the first read carries them as the guess for this machine's family
    assertThat(h.roundTrips()).isEqualTo(1);
    assertThat(tmp.resolve("etc")).doesNotExist();
    assertThat(Path.of("/etc/sysctl.d/99-jprov-check-test.conf")).doesNotExist();
  }
}
