package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jprov.JprovRun;
import io.jprov.resolve.LockFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code jprov apply --local --check} with the shipped Docker CE playbook, on the
 * Debian 12 build machine: a real plan for apt (key, deb822 source, apt-get update, the pinned set), exit 10,
 * even though the mirror cannot be reached from here (nothing is resolved or fetched; the plan says so).
 */
class LocalPlanOnThisMachineTest {
  @Test
  void theShippedPlaybookPlansARealInstallOnThisDebianMachine() throws Exception {
    String os = LockRunTest.osRelease();
    assumeTrue(os.contains("ID=debian") && os.contains("VERSION_ID=\"12\""), "needs a Debian 12 controller");
    assumeTrue(!Files.exists(Path.of(LockFile.NAME)), "a docker-lock.yml in the working directory");
    JprovRun r = JprovRun.of("apply", "--local", "--check", "--no-color", "-e", "docker.mirror=http://127.0.0.1:9/docker-ce");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(10);
    assertThat(r.out())
        .contains("1. preflight: a supported platform")
        .containsPattern("changed \\| 5a\\. .*would fetch the key, check its fingerprint \\(pinned: 9DC8 5822 9FC7 DD38 854A"
            + " E2D8 8D81 803C 0EBF CD88\\) and write /etc/apt/keyrings/docker.asc; not checked now: ")
        .contains("would create /etc/apt/sources.list.d/docker.sources (http://127.0.0.1:9/docker-ce/linux/debian bookworm stable)")
        .contains("would install Docker 26.1.4 (docker-ce, docker-ce-cli, containerd.io")
        .doesNotContain("FAILED");
    assertThat(Path.of(LockFile.NAME)).doesNotExist();
  }
}
