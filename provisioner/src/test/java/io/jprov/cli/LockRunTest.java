package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jprov.JprovRun;
import io.jprov.resolve.LockFile;
import io.jprov.resolve.MirrorFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jprov plan --local} on this machine (check mode: nothing is changed, nothing written) with a
 * package task that resolves its version on the controller (docs/lock.md): the set is resolved from the
 * mirror and the run says the lock would get it; without the mirror the plan still shows the install.
 */
class LockRunTest {
  @TempDir Path tmp;

  static String osRelease() throws Exception {
    Path f = Path.of("/etc/os-release");
    return Files.exists(f) ? Files.readString(f) : "";
  }

  Path playbook(String mirror) throws Exception {
    return Files.writeString(tmp.resolve("pb.yml"), """
        name: lock-check
        hosts: all
        tasks:
          - name: docker packages
            package:
              version_set: "27.3"
              resolve: {names: [docker-ce, docker-ce-cli, containerd.io], mirror: "%s", channel: stable}
        """.formatted(mirror));
  }

  @Test
  void checkModeResolvesAndSaysTheLockWouldGetTheSet() throws Exception {
    String os = osRelease();
    assumeTrue(os.contains("ID=debian") && os.contains("VERSION_ID=\"12\""), "needs a Debian 12 controller");
    assumeTrue(!Files.exists(Path.of(LockFile.NAME)), "a docker-lock.yml in the working directory");
    try (MirrorFixture m = new MirrorFixture(tmp.resolve("mirror"), false)) {
      JprovRun r = JprovRun.of("plan", "--local", "--no-color", playbook(m.url()).toString());
      assertThat(r.out()).as(r.err()).contains("docker-lock.yml: would add 27.3 for debian-bookworm-amd64 (docker-ce"
          + " 5:27.3.1-1~debian.12~bookworm) (check mode: not written)");
      assertThat(m.requests).containsExactly("/linux/debian/dists/bookworm/stable/binary-amd64/Packages.gz");
    }
    assertThat(Path.of(LockFile.NAME)).doesNotExist();
  }

  @Test
  void checkModeWithoutTheMirrorStillPlansTheInstall() throws Exception {
    String os = osRelease();
    assumeTrue(os.contains("ID=debian") || os.contains("ID=ubuntu") || os.contains("ID=\"rocky\"")
        || os.contains("ID=\"centos\""), "needs a supported controller platform");
    assumeTrue(!Files.exists(Path.of(LockFile.NAME)), "a docker-lock.yml in the working directory");
    JprovRun r = JprovRun.of("plan", "--local", "--no-color", playbook("http://127.0.0.1:9").toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(10);
    assertThat(r.out()).contains("would install Docker 27.3 (docker-ce, docker-ce-cli, containerd.io; the exact"
        + " versions are not resolved yet: cannot resolve docker.version 27.3 for ")
        .doesNotContain("would add");
    assertThat(Path.of(LockFile.NAME)).doesNotExist();
  }
}
