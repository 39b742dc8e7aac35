package io.jprov.modules.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jprov.facts.AccountFacts;
import io.jprov.facts.Fact;
import io.jprov.facts.FactGatherer;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileContentFacts;
import io.jprov.facts.KernelFacts;
import io.jprov.facts.NetFacts;
import io.jprov.facts.RpmFacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker CE fact commands run for real through {@link FactGatherer}'s one-round-trip script with
 * {@code sh} on this machine, and their outputs parse. Checks for tools the machine lacks are skipped.
 */
class DockerFactsRealShTest {
  @TempDir Path dir;

  private static boolean has(String tool) throws Exception {
    return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
  }

  private FactSet gather(List<Fact<?>> facts) throws Exception {
    FactGatherer g = new FactGatherer("t1");
    Process p = new ProcessBuilder("sh", "-c", g.script(facts)).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    FactSet set = new FactSet();
    g.parse(facts, out).forEach(set::put);
    return set;
  }

  @Test
  void fileContentIsExactWithItsSha256() throws Exception {
    String text = "[base]\nname=CentOS-$releasever – Base\nno trailing newline";
    Path f = Files.writeString(dir.resolve("a b.repo"), text);
    Path g = Files.writeString(dir.resolve("empty.conf"), "");
    var fa = FileContentFacts.of(f.toString());
    var fg = FileContentFacts.of(g.toString());
    var missing = FileContentFacts.of(dir.resolve("missing").toString());
    FactSet s = gather(List.of(fa, fg, missing));
    assertThat(s.get(fa).content()).isEqualTo(text);
    assertThat(s.get(fa).sha256()).isEqualTo(HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))));
    assertThat(s.get(fg).exists()).isTrue();
    assertThat(s.get(fg).content()).isEmpty();
    assertThat(s.get(missing).exists()).isFalse();
  }

  @Test
  void accountsFromGetentAndId() throws Exception {
    assumeTrue(has("getent") && has("id"));
    var root = AccountFacts.group("root");
    var none = AccountFacts.group("jprov-no-such-group");
    var rootGroups = AccountFacts.groupsOf("root");
    var ghost = AccountFacts.groupsOf("jprov-no-such-user");
    FactSet s = gather(List.of(root, none, rootGroups, ghost));
    assertThat(s.get(root)).hasValueSatisfying(e -> assertThat(e.gid()).isEqualTo("0"));
    assertThat(s.get(none)).isEmpty();
    assertThat(s.get(rootGroups)).hasValueSatisfying(gs -> assertThat(gs).contains("root"));
    assertThat(s.get(ghost)).isEmpty();
  }

  @Test
  void kernelRpmAndResolution() throws Exception {
    assumeTrue(has("sysctl") && has("rpm") && has("getent"));
    var ostype = KernelFacts.sysctl("kernel.ostype");
    var nokey = KernelFacts.sysctl("net.jprov.no_such_key");
    var nomod = KernelFacts.moduleLoaded("jprov_no_such_module");
    var rpm = RpmFacts.query(List.of("jprov-no-such-a", "jprov-no-such-b"));
    var local = NetFacts.resolves("localhost");
    var nowhere = NetFacts.resolves("jprov-no-such-host.invalid");
    FactSet s = gather(List.of(ostype, nokey, nomod, rpm, local, nowhere));
    assertThat(s.get(ostype)).isEqualTo(Optional.of("Linux"));
    assertThat(s.get(nokey)).isEmpty();
    assertThat(s.get(nomod)).isFalse();
    assertThat(s.get(rpm).installed()).isEmpty();
    assertThat(s.get(rpm).missing()).containsExactly("jprov-no-such-a", "jprov-no-such-b");
    assertThat(s.get(local)).isTrue();
    assertThat(s.get(nowhere)).isFalse();
  }
}
