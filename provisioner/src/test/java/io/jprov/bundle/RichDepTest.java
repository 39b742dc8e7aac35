package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.util.Evr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link RichDep} parsing and the {@link Resolver} following rich dependencies of EL8/EL9 packages. */
class RichDepTest {
  @Test
  void parsesOperatorsVersionsAndNesting() {
    RichDep d = RichDep.parse("(iptables or nftables)");
    assertThat(d.op()).isEqualTo(RichDep.Op.OR);
    assertThat(d.args()).extracting(a -> a.atom().name()).containsExactly("iptables", "nftables");
    RichDep v = RichDep.parse("(container-selinux >= 2:2.74 if (selinux-policy or selinux-policy-base) else foo)");
    assertThat(v.op()).isEqualTo(RichDep.Op.IF);
    assertThat(v.args().get(0).atom()).isEqualTo(new RpmPackage.Dep("container-selinux", "GE", Evr.parse("2:2.74")));
    assertThat(v.args().get(1).op()).isEqualTo(RichDep.Op.OR);
    assertThat(v.args().get(2).atom().name()).isEqualTo("foo");
    assertThat(v).hasToString("(container-selinux >= 2:2.74 if (selinux-policy or selinux-policy-base) else foo)");
    assertThat(RichDep.parse("(a and b and c)").args()).hasSize(3);
  }

  @Test
  void primaryDataInAFormatTheJdkCannotReadIsNamed() {
    byte[] zstd = {(byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd, 0, 0};
    assertThatThrownBy(() -> RepoMetadata.parsePrimary(zstd, "appstream", "http://m/9/AppStream/x86_64/os"))
        .hasMessage("appstream (http://m/9/AppStream/x86_64/os): primary.xml is compressed with zstd, which jprov "
            + "cannot read (gzip or plain only)");
    byte[] xz = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1};
    assertThatThrownBy(() -> RepoMetadata.parsePrimary(xz, "baseos", "u")).hasMessageContaining("compressed with xz");
  }

  @Test
  void malformedExpressionsAreOneLineErrors() {
    for (String bad : List.of("(a or b", "(a or b and c)", "(a foo b)", "(a or b))", "()")) {
      assertThatThrownBy(() -> RichDep.parse(bad)).hasMessage("cannot read the rich dependency '" + bad + "'");
    }
  }

  static RpmPackage pkg(String name, String evr, List<String> requires, List<String> provides) {
    Evr e = Evr.parse(evr);
    List<RpmPackage.Dep> prov = new java.util.ArrayList<>();
    prov.add(new RpmPackage.Dep(name, "EQ", e));
    provides.forEach(p -> prov.add(new RpmPackage.Dep(p, null, null)));
    return new RpmPackage("r", "http://r", name, "x86_64", e, "sha256", "0".repeat(64), 1, name + ".rpm",
        prov, requires.stream().map(r -> new RpmPackage.Dep(r, null, null)).toList(), List.of());
  }

  static List<String> resolve(List<RpmPackage> all, Set<String> assumed, String pin) {
    Map<String, String> pins = new LinkedHashMap<>();
    pins.put(pin, null);
    return new Resolver(all, assumed).resolve(pins).stream().map(RpmPackage::name).toList();
  }

  @Test
  void theResolverFollowsOrIfAndUnless() {
    List<RpmPackage> repo = List.of(
        pkg("docker-ce", "3:26.1.4-1.el9", List.of("(iptables or nftables)", "(container-selinux if selinux-policy)",
            "(fuse-overlayfs unless kernel-rt)"), List.of()),
        pkg("iptables-nft", "1.8.10-2.el9", List.of(), List.of("iptables")),
        pkg("nftables", "1:1.0.9-1.el9", List.of(), List.of()),
        pkg("container-selinux", "3:2.229.0-1.el9", List.of(), List.of()),
        pkg("fuse-overlayfs", "1.13-1.el9", List.of(), List.of()));
    // nothing assumed: the first alternative with a provider; no selinux-policy → no container-selinux
    assertThat(resolve(repo, Set.of(), "docker-ce")).containsExactly("docker-ce", "iptables-nft", "fuse-overlayfs");
    // nftables on the host meets the or; selinux-policy there pulls container-selinux; kernel-rt drops the unless
    assertThat(resolve(repo, Set.of("nftables", "selinux-policy", "kernel-rt"), "docker-ce"))
        .containsExactly("docker-ce", "container-selinux");
    List<RpmPackage> none = List.of(pkg("docker-ce", "1-1", List.of("(iptables or nftables)"), List.of()));
    assertThatThrownBy(() -> resolve(none, Set.of(), "docker-ce"))
        .hasMessage("docker-ce-1-1.x86_64 (r) requires (iptables or nftables), which no package in the repositories "
            + "provides and which is not in assumed_present");
  }
}
