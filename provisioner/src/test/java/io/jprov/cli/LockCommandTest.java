package io.jprov.cli;

import static io.jprov.cli.CliTest.assertOneLineError;
import static io.jprov.cli.CliTest.jprov;
import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import io.jprov.bundle.Http;
import io.jprov.platform.Distro;
import io.jprov.platform.Family;
import io.jprov.resolve.LockFile;
import io.jprov.resolve.MirrorFixture;
import io.jprov.resolve.MirrorLookup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jprov lock} against a local mirror serving el9 repodata and a bookworm Packages index. */
class LockCommandTest {
  @TempDir Path tmp;
  MirrorFixture mirror;
  Path inv;
  Path lock;

  @BeforeEach
  void start() throws Exception {
    mirror = new MirrorFixture(tmp.resolve("mirror"), false);
    Path dir = Files.createDirectories(tmp.resolve("site"));
    inv = dir.resolve("inv.yml");
    lock = dir.resolve("docker-lock.yml");
    Files.writeString(inv, "all:\n  hosts:\n    web1: {address: 127.0.0.1, ssh_port: 1}\n"
        + "  vars:\n    docker:\n      version: \"27.3\"\n      mirror: " + mirror.url() + "\n");
  }

  @AfterEach
  void stop() {
    mirror.close();
  }

  JprovRun lock(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("lock", "-i", inv.toString()));
    args.addAll(List.of(more));
    return JprovRun.of(args);
  }

  @Test
  void resolvesThePlatformsNamedAndWritesTheLockBesideTheInventory() throws Exception {
    JprovRun r = lock("--platform", "el9", "--platform", "debian-12");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("27.3            centos-9-x86_64        27.3.1    3:27.3.1-1.el9")
        .contains("debian-bookworm-amd64  27.3.1    5:27.3.1-1~debian.12~bookworm  added")
        .contains(lock + ": written (2 entries resolved from the mirror)");
    LockFile l = LockFile.read(lock, "docker-lock.yml");
    assertThat(l.get("27.3", "centos-9-x86_64").pins()).containsEntry("docker-ce-cli", "1:27.3.1-1.el9")
        .containsEntry("containerd.io", "1.7.22-3.1.el9").hasSize(6);
    assertThat(l.get("27.3", "debian-bookworm-amd64").repo()).isEqualTo(mirror.url() + "/linux/debian");
    String written = Files.readString(lock);

    // again: the lock answers, the mirror is not asked, the file is unchanged
    int asked = mirror.requests.size();
    JprovRun again = lock("--platform", "el9", "--platform", "debian-12");
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("kept").contains(lock + ": unchanged");
    assertThat(mirror.requests).hasSize(asked);
    assertThat(Files.readString(lock)).isEqualTo(written);

    // --update resolves every platform of the file again
    JprovRun update = lock("--update");
    assertThat(update.code()).as(update.err()).isZero();
    assertThat(update.out()).contains("centos-9-x86_64").contains("debian-bookworm-amd64").contains("unchanged")
        .contains(lock + ": unchanged");
    assertThat(mirror.requests.size()).isGreaterThan(asked);
    // the same sets keep their entries, dates included
    assertThat(Files.readString(lock)).isEqualTo(written);
    // a new release of the prefix moves its entry on --update only
    mirror.addDebs("Package: docker-ce\nArchitecture: amd64\nVersion: 5:27.3.2-1~debian.12~bookworm\n\n"
        + "Package: docker-ce-cli\nArchitecture: amd64\nVersion: 5:27.3.2-1~debian.12~bookworm\n");
    assertThat(lock("--platform", "debian-12").out()).contains("5:27.3.1-1~debian.12~bookworm  kept");
    JprovRun moved = lock("--update");
    assertThat(moved.out()).contains("debian-bookworm-amd64  27.3.2    5:27.3.2-1~debian.12~bookworm  updated (was"
        + " 27.3.1)").contains(lock + ": written (1 entry resolved from the mirror)");
    LockFile after = LockFile.read(lock, "docker-lock.yml");
    assertThat(after.get("27.3", "debian-bookworm-amd64").pins()).containsEntry("docker-ce-cli",
        "5:27.3.2-1~debian.12~bookworm").containsEntry("docker-ce-rootless-extras", "5:27.3.1-1~debian.12~bookworm");
    assertThat(after.get("27.3", "centos-9-x86_64")).isEqualTo(l.get("27.3", "centos-9-x86_64"));

    // another version adds its entries and keeps the others
    assertThat(lock("-e", "docker.version=26", "--platform", "rhel-9").code()).isEqualTo(5);
    JprovRun v26 = lock("-e", "docker.version=26", "--platform", "centos-9-x86_64");
    assertThat(v26.code()).as(v26.err()).isZero();
    LockFile both = LockFile.read(lock, "docker-lock.yml");
    assertThat(both.entries()).containsOnlyKeys("26", "27.3");
    assertThat(both.get("26", "centos-9-x86_64").pins()).containsEntry("docker-ce", "3:26.1.4-1.el9");
  }

  @Test
  void anUnknownVersionExits3NamingTheNearestAndWritesNothing() {
    JprovRun r = lock("-e", "docker.version=25.0.0", "--platform", "el9", "--platform", "debian-12");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("jprov: docker.version 25.0.0 is not in " + mirror.url()
        + "/linux/centos/9/x86_64/stable; nearest: 24.0.9, 26.1.4")
        .contains("jprov: docker.version 25.0.0 is not in " + mirror.url() + "/linux/debian; nearest: 24.0.9, 26.1.4")
        .contains("not written (2 of 2 sets not resolved)");
    assertThat(lock).doesNotExist();
  }

  @Test
  void anUnreachableMirrorExits5() {
    JprovRun r = lock("-e", "docker.mirror=http://127.0.0.1:9", "--platform", "el9");
    assertThat(r.code()).isEqualTo(5);
    assertThat(r.err()).contains("jprov: cannot resolve docker.version 27.3 for centos-9-x86_64: network error: GET"
        + " http://127.0.0.1:9/linux/centos/9/x86_64/stable/repodata/repomd.xml: cannot connect");
    assertThat(lock).doesNotExist();
  }

  @Test
  void badInputExits2() throws Exception {
    assertOneLineError(lock(), 2, "lock: name the platforms to resolve for: --platform el9");
    assertOneLineError(lock("--platform", "el6"), 2, "--platform el6: not a supported platform; known: el7, rhel-7,"
        + " el8, rhel-8, el9, rhel-9, debian-11, debian-12, ubuntu-22.04, ubuntu-24.04");
    Files.writeString(lock, "format: 1\ndocker:\n  '27.3':\n    centos-9-x86_64: {version: 27.3.1}\n");
    assertOneLineError(lock("--platform", "el9"), 2, lock + ":4:22: docker.27.3.centos-9-x86_64: 'repo' is missing");
    // a run reads the lock first, and the same error stops it before any host is contacted
    JprovRun plan = jprov("plan", "-i", inv.toString());
    assertOneLineError(plan, 2, lock + ":4:22: docker.27.3.centos-9-x86_64: 'repo' is missing");
    assertThat(plan.out()).doesNotContain("PLAY");
  }

  @Test
  void platformKeysAndLockKeysNameTheSameRepositories() {
    assertThat(io.jprov.resolve.LockPlatforms.parse("el9").lockKey()).isEqualTo("centos-9-x86_64");
    assertThat(io.jprov.resolve.LockPlatforms.parse("rhel-8").lockKey()).isEqualTo("rhel-8-x86_64");
    assertThat(io.jprov.resolve.LockPlatforms.parse("el7").lockKey()).isEqualTo("centos-7-x86_64");
    assertThat(io.jprov.resolve.LockPlatforms.parse("ubuntu-24.04").lockKey()).isEqualTo("ubuntu-noble-amd64");
    assertThat(io.jprov.resolve.LockPlatforms.parse("debian-bookworm-amd64").key()).isEqualTo("debian-12");
    assertThat(io.jprov.resolve.LockPlatforms.parse("rhel-9-x86_64").dockerRepoDistro()).isEqualTo("rhel");
  }

  @Test
  void aRunWritesWhatItResolvedAndCheckModeOnlySaysSo() throws Exception {
    Distro rocky = new Distro(Family.EL9, "rocky", "9.4", "9", "", "x86_64");
    for (boolean check : new boolean[] {true, false}) {
      MirrorLookup l = new MirrorLookup(new Http(), LockFile.read(lock, "site/docker-lock.yml"), check, false,
          Clock.systemUTC());
      l.resolve(rocky, mirror.url(), "stable", "27.3", List.of("docker-ce", "docker-ce-cli"));
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      LockCommand.recordAdded(new PrintStream(b, true, StandardCharsets.UTF_8), l, lock, "site/docker-lock.yml", check);
      String out = b.toString(StandardCharsets.UTF_8);
      if (check) {
        assertThat(out).isEqualTo("site/docker-lock.yml: would add 27.3 for centos-9-x86_64 (docker-ce"
            + " 3:27.3.1-1.el9) (check mode: not written)\n");
        assertThat(lock).doesNotExist();
      } else {
        assertThat(out).startsWith("site/docker-lock.yml: added 27.3 for centos-9-x86_64 (docker-ce 3:27.3.1-1.el9);"
            + " commit it");
        assertThat(LockFile.read(lock, "x").get("27.3", "centos-9-x86_64").pins()).hasSize(2);
      }
    }
    // a lock file that cannot be written is a warning: the run's outcome stands
    MirrorLookup l = new MirrorLookup(new Http(), LockFile.EMPTY, false, false, Clock.systemUTC());
    l.resolve(rocky, mirror.url(), "stable", "26", List.of("docker-ce"));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Path nowhere = tmp.resolve("gone/docker-lock.yml");
    LockCommand.recordAdded(new PrintStream(b, true, StandardCharsets.UTF_8), l, nowhere, "gone/docker-lock.yml", false);
    assertThat(b.toString(StandardCharsets.UTF_8)).startsWith("warning: gone/docker-lock.yml: cannot write the lock"
        + " file: ").endsWith("; the versions resolved are not recorded\n");
  }
}
