package io.jprov.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.bundle.install.BundleLayout;
import io.jprov.bundle.install.BundleLayout.Artifact;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning of {@code bundle_upload} from the remote-files fact, and {@code rpm_key}'s key ids. */
class BundleUploadModuleTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final String C = "c".repeat(64);
  private static final BundleLayout LAYOUT = new BundleLayout(Path.of("/b"), "26.1.4", List.of(
      new Artifact("rpms/docker-ce.rpm", "rpm", "docker-ce", "3:26.1.4-1.el7", 1000, A),
      new Artifact("keys/gpg", "key", "docker-ce-stable", null, 100, B),
      new Artifact("images/hello-world.tar", "image", "hello-world:latest", null, 50, C)));
  private static final String DEST = "/var/tmp/jprov-bundle";

  private static BundleUploadModule.Remote remote(String factOutput) {
    return BundleUploadModule.parse(factOutput);
  }

  @Test
  void everythingPresentIsOkAndUploadsNothing() {
    Plan p = BundleUploadModule.plan(LAYOUT, DEST, remote(
        A + "  ./rpms/docker-ce.rpm\n" + B + "  ./keys/gpg\n" + C + "  ./images/hello-world.tar\n"));
    assertThat(p.kind()).isEqualTo(Plan.Kind.OK);
    assertThat(p.message()).contains("3 files (1150 bytes)").contains("0 bytes uploaded");
  }

  @Test
  void emptyHostUploadsEverything() {
    Plan p = BundleUploadModule.plan(LAYOUT, DEST, remote(""));
    assertThat(p.kind()).isEqualTo(Plan.Kind.CHANGE);
    assertThat(p.message()).isEqualTo("upload 3 of 3 files, 1150 bytes to " + DEST);
    assertThat(p.commands()).containsExactly(
        new Command.Copy(Path.of("/b/rpms/docker-ce.rpm"), DEST + "/rpms/docker-ce.rpm", "0644", 1000, A),
        new Command.Copy(Path.of("/b/keys/gpg"), DEST + "/keys/gpg", "0644", 100, B),
        new Command.Copy(Path.of("/b/images/hello-world.tar"), DEST + "/images/hello-world.tar", "0644", 50, C));
    assertThat(p.commands().get(0).describe()).isEqualTo("copy " + DEST + "/rpms/docker-ce.rpm (1000 bytes)");
  }

  @Test
  void mismatchedFileIsSentAgainAndAPartialOneResumes() {
    Plan p = BundleUploadModule.plan(LAYOUT, DEST, remote(
        "part 400 rpms/docker-ce.rpm.part\n" + A + "  ./keys/gpg\n" + C + "  ./images/hello-world.tar\n"));
    assertThat(p.kind()).isEqualTo(Plan.Kind.CHANGE);
    assertThat(p.message()).isEqualTo("upload 2 of 3 files, 700 bytes (1 resumed) to " + DEST);
    assertThat(p.commands()).hasSize(2);
  }

  @Test
  void aPartAsLongAsTheFileIsNotCountedAsResumed() {
    Plan p = BundleUploadModule.plan(LAYOUT, DEST, remote(
        "part 1000 rpms/docker-ce.rpm.part\n" + B + "  ./keys/gpg\n" + C + "  ./images/hello-world.tar\n"));
    assertThat(p.message()).isEqualTo("upload 1 of 3 files, 1000 bytes to " + DEST);
  }

  @Test
  void factCommandListsChecksumsAndPartSizesInOneCommand() {
    String cmd = BundleUploadModule.remote(DEST).command();
    assertThat(cmd).contains("sha256sum").contains("-name '*.part' -printf 'part %s %P\\n'").contains(DEST);
  }

  @Test
  void interpretSumsTheTransferredBytes() {
    Plan p = BundleUploadModule.plan(LAYOUT, DEST, remote(""));
    Outcome o = new BundleUploadModule().interpret(Map.of("src", "/b"), p, List.of(
        new io.jprov.transport.CommandResult(0, "copied 600 bytes (resumed at 400)\n", "", 1),
        new io.jprov.transport.CommandResult(0, "copied 100 bytes\n", "", 1),
        new io.jprov.transport.CommandResult(0, "copied 50 bytes\n", "", 1)));
    assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED);
    assertThat(o.message()).startsWith("uploaded 3 files, 750 bytes transferred");
  }

  @Test
  void missingSrcIsAnArgumentError() {
    assertThatThrownBy(() -> new BundleUploadModule().validate(Map.of("dest", DEST)))
        .hasMessageContaining("'src'");
    assertThatThrownBy(() -> new BundleUploadModule().preflight(Map.of("src", "/nonexistent-bundle")))
        .hasMessageContaining("no such bundle directory");
  }

  @Test
  void rpmKeyIdIsTheLastEightHexDigitsOfTheV4Fingerprint() throws Exception {
    String armoured = new String(BundleUploadModuleTest.class.getResourceAsStream("/bundle/test-key.asc").readAllBytes());
    // gpg --with-colons: pub:u:2048:1:ABFC6D1BA2A22868:...
    assertThat(RpmKeyModule.shortKeyId(armoured)).isEqualTo("a2a22868");
    assertThatThrownBy(() -> RpmKeyModule.shortKeyId("not a key")).isInstanceOf(IllegalArgumentException.class);
  }
}
