package io.jprov.resolve;

import io.jprov.platform.VersionMatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.ExitCodes;
import io.jprov.bundle.Http;
import io.jprov.platform.Distro;
import io.jprov.platform.Family;
import io.jprov.platform.RepoLookup;
import io.jprov.platform.RepoLookup.LookupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MirrorLookup} against {@link MirrorFixture}: metadata read once, the lock first, failures classified. */
class MirrorLookupTest {
  static final List<String> NAMES = io.jprov.platform.VersionMatchTest.NAMES;
  static final Distro ROCKY = new Distro(Family.EL9, "rocky", "9.4", "9", "", "x86_64");
  static final Distro RHEL = new Distro(Family.EL9, "rhel", "9.4", "9", "", "x86_64");
  static final Distro BOOKWORM = new Distro(Family.DEBIAN, "debian", "12", "12", "bookworm", "x86_64");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T01:02:03.456Z"), ZoneOffset.UTC);
  static final String PRIMARY_PREFIX = "/linux/centos/9/x86_64/stable/repodata/";

  @TempDir Path dir;

  MirrorLookup lookup(LockFile lock, boolean check) {
    return new MirrorLookup(new Http(), lock, check, false, CLOCK);
  }

  @Test
  void resolvesRpmAndAptSetsAndRemembersThemForTheLock() throws Exception {
    try (MirrorFixture m = new MirrorFixture(dir, false)) {
      MirrorLookup l = lookup(LockFile.EMPTY, false);
      RepoLookup.Resolved el9 = l.resolve(ROCKY, m.url() + "/", "stable", "27.3", NAMES);
      assertThat(el9.version()).isEqualTo("27.3.1");
      assertThat(el9.pins()).containsEntry("docker-ce", "3:27.3.1-1.el9").containsEntry("containerd.io",
          "1.7.22-3.1.el9");
      assertThat(el9.source()).isEqualTo(m.url() + "/linux/centos/9/x86_64/stable");
      RepoLookup.Resolved deb = l.resolve(BOOKWORM, m.url(), "stable", "27.3", NAMES);
      assertThat(deb.pins()).containsEntry("docker-ce", "5:27.3.1-1~debian.12~bookworm")
          .containsEntry("containerd.io", "1.7.22-1");
      assertThat(m.requests).contains("/linux/debian/dists/bookworm/stable/binary-amd64/Packages.gz")
          .doesNotContain("/linux/debian/dists/bookworm/stable/binary-amd64/Packages");
      Map<String, Map<String, LockFile.Entry>> added = l.added();
      assertThat(added.get("27.3")).containsOnlyKeys("centos-9-x86_64", "debian-bookworm-amd64");
      LockFile.Entry e = added.get("27.3").get("centos-9-x86_64");
      assertThat(e.version()).isEqualTo("27.3.1");
      assertThat(e.repo()).isEqualTo(el9.source());
      assertThat(e.resolvedAt()).isEqualTo("2026-12-01T01:02:03Z");
      assertThat(e.pins()).isEqualTo(el9.pins());
    }
  }

  @Test
  void manyHostsAtOnceFetchEachUrlOnceAndGetTheSameSet() throws Exception {
    try (MirrorFixture m = new MirrorFixture(dir, false)) {
      MirrorLookup l = lookup(LockFile.EMPTY, false);
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<RepoLookup.Resolved>> all = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        // the rhel tree is another repository: fetched once too
        Distro d = i % 3 == 0 ? ROCKY : i % 3 == 1 ? BOOKWORM : ROCKY;
        String v = i % 2 == 0 ? "27.3" : "26";
        all.add(pool.submit(() -> l.resolve(d, m.url(), "stable", v, NAMES)));
      }
      for (Future<RepoLookup.Resolved> f : all) {
        assertThat(f.get().pins()).hasSize(6);
      }
      pool.shutdown();
      assertThat(m.count(PRIMARY_PREFIX + "repomd.xml")).isEqualTo(1);
      assertThat(m.requests.stream().filter(r -> r.endsWith("-primary.xml.gz")).count()).isEqualTo(1);
      assertThat(m.count("/linux/debian/dists/bookworm/stable/binary-amd64/Packages.gz")).isEqualTo(1);
      assertThat(l.added().get("26").get("centos-9-x86_64").pins()).containsEntry("docker-ce", "3:26.1.4-1.el9");
    }
  }

  @Test
  void theLockWinsAndNeedsNoMirror() throws Exception {
    LockFile lock = LockFile.EMPTY.with(Map.of("27.3", Map.of("centos-9-x86_64", new LockFile.Entry("27.3.0",
        Map.of("docker-ce", "3:27.3.0-1.el9", "docker-ce-cli", "1:27.3.0-1.el9"), "http://old/linux/centos/9/x86_64/stable",
        "2026-11-01T00:00:00Z"))));
    MirrorLookup l = lookup(lock, false);
    // nothing listens there: the lock's entry is the answer
    RepoLookup.Resolved r = l.resolve(ROCKY, "http://127.0.0.1:9", "stable", "27.3", List.of("docker-ce", "docker-ce-cli"));
    assertThat(r.pins()).containsExactly(Map.entry("docker-ce", "3:27.3.0-1.el9"),
        Map.entry("docker-ce-cli", "1:27.3.0-1.el9"));
    assertThat(r.source()).isEqualTo("docker-lock.yml");
    assertThat(l.added()).isEmpty();
    try (MirrorFixture m = new MirrorFixture(dir, false)) {
      // an entry without every name asked for is resolved again; --update ignores the lock
      assertThat(l.resolve(ROCKY, m.url(), "stable", "27.3", NAMES).pins()).containsEntry("docker-ce", "3:27.3.1-1.el9");
      assertThat(new MirrorLookup(new Http(), lock, false, true, CLOCK)
          .resolve(ROCKY, m.url(), "stable", "27.3", List.of("docker-ce")).pins())
          .containsEntry("docker-ce", "3:27.3.1-1.el9");
    }
  }

  @Test
  void aPlainPackagesIndexIsReadWhenThereIsNoGzip() throws Exception {
    try (MirrorFixture m = new MirrorFixture(dir, true)) {
      assertThat(lookup(LockFile.EMPTY, false).resolve(BOOKWORM, m.url(), "stable", "24", NAMES).pins())
          .containsEntry("docker-ce", "5:24.0.9-1~debian.12~bookworm");
      assertThat(m.requests).contains("/linux/debian/dists/bookworm/stable/binary-amd64/Packages.gz",
          "/linux/debian/dists/bookworm/stable/binary-amd64/Packages");
    }
  }

  @Test
  void anUnknownVersionFailsNamingTheNearest() throws Exception {
    try (MirrorFixture m = new MirrorFixture(dir, false)) {
      assertThatThrownBy(() -> lookup(LockFile.EMPTY, true).resolve(ROCKY, m.url(), "stable", "25.0.0", NAMES))
          .isInstanceOf(LookupException.class)
          .hasMessage("docker.version 25.0.0 is not in " + m.url() + "/linux/centos/9/x86_64/stable; nearest: 24.0.9,"
              + " 26.1.4")
          .satisfies(e -> assertThat(((LookupException) e).pending()).isFalse())
          .satisfies(e -> assertThat(((LookupException) e).exitCode()).isEqualTo(ExitCodes.FAILED));
      // a repository the mirror does not have (rhel tree): HTTP 404 is the mirror's answer, exit 5
      assertThatThrownBy(() -> lookup(LockFile.EMPTY, false).resolve(RHEL, m.url(), "stable", "27", NAMES))
          .hasMessage("cannot resolve docker.version 27 for rhel-9-x86_64: network error: GET " + m.url()
              + "/linux/rhel/9/x86_64/stable/repodata/repomd.xml: HTTP 404")
          .satisfies(e -> assertThat(((LookupException) e).exitCode()).isEqualTo(ExitCodes.NETWORK));
    }
  }

  @Test
  void anUnreachableMirrorIsANetworkErrorAndPendingOnlyInCheckMode() {
    String dead = "http://127.0.0.1:9";
    LookupException apply = (LookupException) org.assertj.core.api.Assertions.catchThrowable(
        () -> lookup(LockFile.EMPTY, false).resolve(ROCKY, dead, "stable", "27.3", NAMES));
    assertThat(apply.getMessage()).startsWith("cannot resolve docker.version 27.3 for centos-9-x86_64: network error:"
        + " GET http://127.0.0.1:9/linux/centos/9/x86_64/stable/repodata/repomd.xml: cannot connect");
    assertThat(apply.exitCode()).isEqualTo(ExitCodes.NETWORK);
    assertThat(apply.pending()).isFalse();
    LookupException check = (LookupException) org.assertj.core.api.Assertions.catchThrowable(
        () -> lookup(LockFile.EMPTY, true).resolve(BOOKWORM, dead, "stable", "27.3", NAMES));
    assertThat(check.pending()).isTrue();
    assertThat(check.getMessage()).contains("Packages.gz: cannot connect");
  }

  @Test
  void primaryNotMatchingRepomdIsRefused() throws Exception {
    try (MirrorFixture m = new MirrorFixture(dir, false)) {
      Path repomd = dir.resolve("linux/centos/9/x86_64/stable/repodata/repomd.xml");
      Files.writeString(repomd, Files.readString(repomd).replaceFirst("<checksum type=\"sha256\">[0-9a-f]{8}",
          "<checksum type=\"sha256\">00000000"));
      assertThatThrownBy(() -> lookup(LockFile.EMPTY, false).resolve(ROCKY, m.url(), "stable", "27", NAMES))
          .hasMessageContaining("sha256 does not match repomd.xml")
          .satisfies(e -> assertThat(((LookupException) e).exitCode()).isEqualTo(ExitCodes.FAILED));
    }
  }

  @Test
  void fetchIsOncePerUrlAndClassifiesFailures() throws Exception {
    try (MirrorFixture m = new MirrorFixture(dir, false)) {
      Files.writeString(dir.resolve("linux/centos/gpg"), "KEY");
      MirrorLookup l = lookup(LockFile.EMPTY, false);
      assertThat(new String(l.fetch(m.url() + "/linux/centos/gpg"))).isEqualTo("KEY");
      assertThat(new String(l.fetch(m.url() + "/linux/centos/gpg"))).isEqualTo("KEY");
      assertThat(m.count("/linux/centos/gpg")).isEqualTo(1);
      assertThatThrownBy(() -> l.fetch(m.url() + "/linux/debian/gpg"))
          .isInstanceOf(LookupException.class).hasMessageEndingWith("/linux/debian/gpg: HTTP 404");
    }
  }
}
