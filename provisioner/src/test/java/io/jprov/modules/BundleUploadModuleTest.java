package io.jprov.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.bundle.install.BundleLayout;
import io.jprov.bundle.install.BundleLayout.Artifact;
import io.jprov.facts.FileDigests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  private static FileDigests remote(String factOutput) {
    return FileDigests.parse(factOutput);
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
    String cmd = FileDigests.under(DEST).command();
    assertThat(cmd).contains("sha256sum").contains("-name '*.part' -printf 'part %s %P\\n'").contains(DEST);
  }

  @Test
  void interpretSumsTheTransferredBytes() {
    Plan p = BundleUploadModule.plan(LAYOUT, DEST, remote(""));
    Outcome o = new BundleUploadModule().interpret(new BundleUploadModule.Arguments("/b", DEST, null), p, List.of(
        io.jprov.transport.CommandResult.of(new io.jprov.transport.FileCopy.Result(600, 400), 1),
        io.jprov.transport.CommandResult.of(new io.jprov.transport.FileCopy.Result(100, 0), 1),
        // the count comes from the typed result, not from the text shown to people
        new io.jprov.transport.CommandResult(0, "copied 9999 bytes\n", "", 1,
            new io.jprov.transport.FileCopy.Result(50, 0))));
    assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED);
    assertThat(o.message()).startsWith("uploaded 3 files, 750 bytes transferred");
  }

  @Test
  void bundleDirectoriesWithDotOrDotDotComponentsAreArgumentErrorsInEveryBundleModule() {
    io.jprov.facts.FactSet keys = io.jprov.facts.FactSet.of(Map.of(io.jprov.facts.RpmFacts.GPG_PUBKEYS.key(),
        new io.jprov.facts.FactOutput(0, "")));
    for (String bad : List.of("/var/tmp/./b", "/var/tmp/../etc", "/var/tmp/b/.", "relative/b", "/var/tmp/b\nx")) {
      assertThatThrownBy(() -> new BundleUploadModule().bind(Map.of("src", "/b", "dest", bad)))
          .as(bad).isInstanceOf(ModuleArgsException.class).hasMessageContaining("dest");
      assertThatThrownBy(() -> new RpmKeyModule().bind(Map.of("src", "/b", "keys", List.of("k"), "dest", bad)))
          .as(bad).isInstanceOf(ModuleArgsException.class).hasMessageContaining("dest");
      Map<String, Object> pkg = Map.of("version", Map.of("docker-ce", "3:26.1.4-1.el7"),
          "files", Map.of("docker-ce", "rpms/d.rpm"), "from", bad, "sha256", Map.of("rpms/d.rpm", A));
      assertThatThrownBy(() -> new PackageModule().bind(pkg))
          .as(bad).isInstanceOf(ModuleArgsException.class).hasMessageContaining("from");
    }
    // bundle_upload: not / itself, and no '..' even inside a name
    for (String bad : List.of("/", "/var/tmp/a..b")) {
      assertThatThrownBy(() -> new BundleUploadModule().bind(Map.of("src", "/b", "dest", bad)))
          .as(bad).isInstanceOf(ModuleArgsException.class).hasMessageContaining("other than /");
    }
  }

  @Test
  void missingSrcIsAnArgumentError() {
    BundleUploadModule m = new BundleUploadModule();
    assertThatThrownBy(() -> m.bind(Map.of("dest", DEST)))
        .hasMessageContaining("'src'");
    assertThatThrownBy(() -> m.preflight(m.bind(Map.of("src", "/nonexistent-bundle")), null))
        .hasMessageContaining("no such bundle directory");
  }

  @Test
  void anUnsafeDestinationFailsThePlanNamingItAndUploadsNothing() {
    Plan p = BundleUploadModule.plan(LAYOUT, DEST, remote("unsafe /var/tmp/jprov-bundle is a symlink owned by nobody (uid 65534)\n"));
    assertThat(p.kind()).isEqualTo(Plan.Kind.FAIL);
    assertThat(p.commands()).isEmpty();
    assertThat(p.message()).startsWith("refusing the bundle directory: /var/tmp/jprov-bundle is a symlink owned by nobody")
        .contains("nothing was uploaded");
  }

  /** The fact's command against real directories: a planted symlink is reported and not read. */
  @Test
  void theFactReportsAPlantedSymlinkWithoutReadingThroughIt(@TempDir Path tmp) throws Exception {
    assumeRoot();
    Path pub = Files.createDirectories(tmp.resolve("pub"));
    Path victim = Files.createDirectories(tmp.resolve("victim"));
    Files.writeString(victim.resolve("secret"), "x");
    Path link = Files.createSymbolicLink(pub.resolve("jprov-bundle"), victim);
    sh("chmod 1777 " + pub + " && chown -h 65534 " + link);
    Sh r = sh(FileDigests.under(link.toString()).command());
    assertThat(r.out).isEqualTo("unsafe " + link + " is a symlink owned by nobody (uid 65534)\n");
    FileDigests remote = FileDigests.parse(r.out);
    assertThat(remote.unsafe()).isEqualTo(link + " is a symlink owned by nobody (uid 65534)");
    assertThat(remote.sha256()).isEmpty();
    // a root-owned 0700 directory is read
    Path ok = Files.createDirectories(tmp.resolve("ok"));
    Files.writeString(ok.resolve("f"), "");
    assertThat(FileDigests.parse(sh(FileDigests.under(ok.toString()).command()).out).sha256())
        .containsOnlyKeys("f");
  }

  @Test
  void rpmKeyImportsOnlyAfterTheHostsCopyMatchedTheManifestAsRoot(@TempDir Path tmp) throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/keys"));
    Files.write(src.resolve("gpg"), BundleUploadModuleTest.class.getResourceAsStream("/bundle/test-key.asc").readAllBytes());
    String sha = io.jprov.util.Sha256.of(src.resolve("gpg"));
    Path dest = Files.createDirectories(tmp.resolve("dest/keys"));
    sh("chmod 700 " + dest.getParent() + " " + dest);
    Files.copy(src.resolve("gpg"), dest.resolve("gpg"));
    Map<String, Object> args = Map.of("src", tmp.resolve("src").toString(), "keys", List.of("keys/gpg"),
        "dest", dest.getParent().toString(), "sha256", Map.of("keys/gpg", sha));
    io.jprov.facts.FactSet facts = io.jprov.facts.FactSet.of(Map.of(io.jprov.facts.RpmFacts.GPG_PUBKEYS.key(),
        new io.jprov.facts.FactOutput(0, "f4a80eb5\n")));
    RpmKeyModule m = new RpmKeyModule();
    Plan p = m.plan(m.bind(args), facts, null);
    assertThat(p.kind()).isEqualTo(Plan.Kind.CHANGE);
    String script = ((Command.Shell) p.commands().get(0)).script();
    assertThat(script.indexOf("sha256sum -c")).isPositive().isLessThan(script.indexOf("rpm --import"));
    // run it with a fake rpm that records what it was asked to import
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(bin.resolve("rpm"), "#!/bin/sh\necho \"$@\" >> " + tmp.resolve("imported") + "\n");
    sh("chmod 755 " + bin.resolve("rpm"));
    String withFake = "PATH=" + bin + ":$PATH\n" + script;
    assertThat(sh(withFake).rc).isZero();
    assertThat(Files.readString(tmp.resolve("imported"))).contains("--import " + dest.resolve("gpg"));
    Files.delete(tmp.resolve("imported"));
    // the host's copy was swapped: nothing is imported
    Files.writeString(dest.resolve("gpg"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\nsomeone else's key\n");
    Sh bad = sh(withFake);
    assertThat(bad.rc).isEqualTo(1);
    assertThat(bad.err).contains("jprov: " + dest.resolve("gpg") + " is missing or its sha256 differs from the bundle manifest");
    assertThat(Files.exists(tmp.resolve("imported"))).isFalse();
    // a local key that differs from the manifest is an argument error
    Map<String, Object> wrong = new java.util.HashMap<>(args);
    wrong.put("sha256", Map.of("keys/gpg", A));
    assertThatThrownBy(() -> m.plan(m.bind(wrong), facts, null)).hasMessageContaining("differs from the manifest's " + A);
  }

  @Test
  void rpmKeyReadsTheLocalKeysInPreflightBeforeAnyHostIsContacted(@TempDir Path tmp) throws Exception {
    Files.write(tmp.resolve("gpg"), BundleUploadModuleTest.class.getResourceAsStream("/bundle/test-key.asc").readAllBytes());
    RpmKeyModule m = new RpmKeyModule();
    m.preflight(m.bind(Map.of("src", tmp.toString(), "keys", List.of("gpg"), "dest", DEST)), null);
    assertThatThrownBy(() -> m.preflight(m.bind(Map.of("src", tmp.toString(), "keys", List.of("gpg", "missing.asc"),
        "dest", DEST)), null)).isInstanceOf(ModuleArgsException.class)
        .hasMessage("rpm_key: cannot read the key id of " + tmp.resolve("missing.asc") + ": no such file");
    assertThatThrownBy(() -> m.preflight(m.bind(Map.of("src", tmp.toString(), "keys", List.of("gpg"), "dest", DEST,
        "sha256", Map.of("gpg", A))), null)).isInstanceOf(ModuleArgsException.class)
        .hasMessageContaining("differs from the manifest's " + A);
  }

  @Test
  void rpmKeyRefusesADestinationSomeoneElseOwns(@TempDir Path tmp) throws Exception {
    assumeRoot();
    Path src = Files.createDirectories(tmp.resolve("src/keys"));
    Files.write(src.resolve("gpg"), BundleUploadModuleTest.class.getResourceAsStream("/bundle/test-key.asc").readAllBytes());
    Path dest = Files.createDirectories(tmp.resolve("dest/keys"));
    Files.copy(src.resolve("gpg"), dest.resolve("gpg"));
    sh("chown -R 65534 " + dest.getParent());
    Map<String, Object> args = Map.of("src", tmp.resolve("src").toString(), "keys", List.of("keys/gpg"),
        "dest", dest.getParent().toString());
    RpmKeyModule m = new RpmKeyModule();
    RpmKeyModule.Arguments parsed = m.bind(args);
    Plan p = m.plan(parsed, io.jprov.facts.FactSet.of(Map.of(io.jprov.facts.RpmFacts.GPG_PUBKEYS.key(),
        new io.jprov.facts.FactOutput(0, ""))), null);
    Sh r = sh(((Command.Shell) p.commands().get(0)).script().replace("rpm --import", "echo IMPORTED"));
    assertThat(r.rc).isEqualTo(3);
    assertThat(r.out).doesNotContain("IMPORTED");
    io.jprov.transport.CommandResult result = new io.jprov.transport.CommandResult(r.rc, r.out, r.err, 1);
    assertThat(m.interpret(parsed, p, List.of(result)).message())
        .startsWith("refusing an unsafe directory: " + dest.getParent() + " is owned by nobody (uid 65534), not by root");
  }

  @Test
  void offlinePackageInstallChecksEveryFileAsRootBeforeYum(@TempDir Path tmp) throws Exception {
    Path from = Files.createDirectories(tmp.resolve("bundle"));
    sh("chmod 700 " + from);
    Files.createDirectories(from.resolve("rpms"));
    Files.writeString(from.resolve("rpms/a.rpm"), "rpm-a");
    Files.writeString(from.resolve("rpms/b.rpm"), "rpm-b");
    Map<String, Object> args = Map.of("version", Map.of("pkg-a", "1.0-1", "pkg-b", "2.0-1"),
        "files", Map.of("pkg-a", "rpms/a.rpm", "pkg-b", "rpms/b.rpm"), "from", from.toString(),
        "sha256", Map.of("rpms/a.rpm", io.jprov.util.Sha256.of(from.resolve("rpms/a.rpm")),
            "rpms/b.rpm", io.jprov.util.Sha256.of(from.resolve("rpms/b.rpm"))));
    PackageModule m = new PackageModule();
    PackageModule.Arguments parsed = m.bind(args);
    io.jprov.facts.Fact<?> rpmFact = m.facts(parsed, null).get(0);
    io.jprov.facts.FactSet facts = io.jprov.facts.FactSet.of(Map.of(rpmFact.key(), new io.jprov.facts.FactOutput(1,
        "package pkg-a is not installed\npackage pkg-b is not installed\n")));
    Plan p = m.plan(parsed, facts, null);
    String script = ((Command.Shell) p.commands().get(0)).script();
    assertThat(script.indexOf(from + "/rpms/b.rpm | sha256sum -c")).isPositive().isLessThan(script.indexOf("yum "));
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(bin.resolve("yum"), "#!/bin/sh\necho ran >> " + tmp.resolve("yum-ran") + "\n");
    sh("chmod 755 " + bin.resolve("yum"));
    Files.writeString(from.resolve("rpms/b.rpm"), "tampered");
    Sh r = sh("PATH=" + bin + ":$PATH\n" + script);
    assertThat(r.rc).isEqualTo(1);
    assertThat(r.err).contains(from + "/rpms/b.rpm is missing or its sha256 differs");
    assertThat(Files.exists(tmp.resolve("yum-ran"))).isFalse();
    Map<String, Object> noSha = new java.util.HashMap<>(args);
    noSha.remove("sha256");
    assertThatThrownBy(() -> m.bind(noSha)).hasMessageContaining("'from' needs 'sha256'");
  }

  @Test
  void theBundleVariableCarriesEveryManifestSha256() {
    Map<String, Object> v = LAYOUT.vars(DEST);
    assertThat(v.get("sha256")).isEqualTo(Map.of("rpms/docker-ce.rpm", A, "keys/gpg", B, "images/hello-world.tar", C));
    assertThat(v.get("image_sha256")).isEqualTo(C);
  }

  private record Sh(int rc, String out, String err) {}

  private static Sh sh(String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes());
    String err = new String(p.getErrorStream().readAllBytes());
    return new Sh(p.waitFor(), out, err);
  }

  private static void assumeRoot() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(sh("id -u").out.strip().equals("0"), "needs root to chown");
  }

  @Test
  void rpmKeyIdIsTheLastEightHexDigitsOfTheV4Fingerprint() throws Exception {
    String armoured = new String(BundleUploadModuleTest.class.getResourceAsStream("/bundle/test-key.asc").readAllBytes());
    // gpg --with-colons: pub:u:2048:1:ABFC6D1BA2A22868:...
    assertThat(RpmKeyModule.shortKeyId(armoured)).isEqualTo("a2a22868");
    assertThatThrownBy(() -> RpmKeyModule.shortKeyId("not a key")).isInstanceOf(IllegalArgumentException.class);
  }
}
