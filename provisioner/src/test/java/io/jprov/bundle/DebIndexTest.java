package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DebIndex}: stanzas, continuation lines, field case, relations with alternatives and constraints. */
class DebIndexTest {
  static String fixture(String name) throws Exception {
    return Files.readString(Path.of("src/test/resources/bundle/apt").resolve(name));
  }

  @Test
  void parsesEveryStanzaOfARecordedIndex() throws Exception {
    List<DebIndex.Entry> all = DebIndex.parse(fixture("docker-bookworm-Packages"));
    assertThat(all).hasSize(12);
    DebIndex.Entry ce = all.get(0);
    assertThat(ce.name()).isEqualTo("docker-ce");
    assertThat(ce.version()).isEqualTo("5:26.1.4-1~debian.12~bookworm");
    assertThat(ce.arch()).isEqualTo("amd64");
    assertThat(ce.filename()).isEqualTo("pool/stable/d/docker-ce/docker-ce_26.1.4-1~debian.12~bookworm_amd64.deb");
    assertThat(ce.size()).isEqualTo(79);
    assertThat(ce.sha256()).matches("[0-9a-f]{64}");
    // a continuation line belongs to the field above, the stanza goes on after it
    assertThat(ce.get("Description")).isEqualTo("docker-ce (test fixture)\na continuation line of the description\n.\n"
        + "another paragraph");
    assertThat(all.get(11).arch()).isEqualTo("arm64");
  }

  @Test
  void fieldNamesAreCaseInsensitiveAndMissingOnesEmpty() {
    DebIndex.Entry e = DebIndex.parse("package: x\nVERSION: 1.0\n").get(0);
    assertThat(e.name()).isEqualTo("x");
    assertThat(e.version()).isEqualTo("1.0");
    assertThat(e.get("Depends")).isEmpty();
    assertThat(e.size()).isEqualTo(-1);
    assertThat(e.relations("Depends")).isEmpty();
  }

  @Test
  void stanzasAreSeparatedByBlankLinesEvenWithTrailingSpaceAndNoFinalNewline() {
    List<DebIndex.Entry> all = DebIndex.parse("Package: a\nVersion: 1\n \n\n\nPackage: b\nVersion: 2");
    assertThat(all).extracting(DebIndex.Entry::name).containsExactly("a", "b");
  }

  @Test
  void relationsAreGroupsOfAlternativesWithConstraints() {
    DebIndex.Entry e = DebIndex.parse("""
        Package: x
        Depends: containerd.io (>= 1.6.24), debconf (>= 0.5) | debconf-2.0, libc6:any (>=2.34),
         perl [amd64] <!nocheck>, foo (<< 2~), bar (< 3), baz (> 1)
        """).get(0);
    List<List<DebIndex.Relation>> r = e.relations("Depends");
    assertThat(r).hasSize(7);
    assertThat(r.get(0)).containsExactly(new DebIndex.Relation("containerd.io", ">=", "1.6.24"));
    assertThat(r.get(1)).containsExactly(new DebIndex.Relation("debconf", ">=", "0.5"),
        new DebIndex.Relation("debconf-2.0", "", ""));
    // the architecture qualifier is dropped, a missing blank after the operator is fine
    assertThat(r.get(2)).containsExactly(new DebIndex.Relation("libc6", ">=", "2.34"));
    // architecture and build-profile restrictions are dropped
    assertThat(r.get(3)).containsExactly(new DebIndex.Relation("perl", "", ""));
    assertThat(r.get(4)).containsExactly(new DebIndex.Relation("foo", "<<", "2~"));
    // the obsolete < and > mean <= and >= (deb-control(5))
    assertThat(r.get(5)).containsExactly(new DebIndex.Relation("bar", "<=", "3"));
    assertThat(r.get(6)).containsExactly(new DebIndex.Relation("baz", ">=", "1"));
  }

  @Test
  void constraintsCompareAsDpkgDoes() {
    DebIndex.Relation ge = new DebIndex.Relation("containerd.io", ">=", "1.6.24");
    assertThat(ge.satisfiedBy("1.6.33-1")).isTrue();
    assertThat(ge.satisfiedBy("1.6.9-1")).isFalse();
    DebIndex.Relation lt = new DebIndex.Relation("docker", "<<", "1.5~");
    assertThat(lt.satisfiedBy("1.4")).isTrue();
    assertThat(lt.satisfiedBy("1.5~rc1")).isFalse();
    assertThat(new DebIndex.Relation("a", "=", "5:26.1.4-1~debian.12~bookworm")
        .satisfiedBy("5:26.1.4-1~debian.12~bookworm")).isTrue();
    assertThat(new DebIndex.Relation("a", ">>", "1:1.0").satisfiedBy("2.0")).isFalse();
    assertThat(new DebIndex.Relation("a", "<=", "1.0").satisfiedBy("1.0")).isTrue();
    assertThat(new DebIndex.Relation("a", "", "").satisfiedBy("anything")).isTrue();
  }
}
