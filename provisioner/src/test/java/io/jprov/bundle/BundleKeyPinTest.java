package io.jprov.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.cli.Cli;
import io.jprov.util.GpgKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import io.jprov.JprovRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle fetch} takes only pinned repository keys: a plain-HTTP mirror serving keys; the
 * keys are fetched (and refused) before any repository metadata.
 */
class BundleKeyPinTest {
  @TempDir Path tmp;
  FixtureMirror mirror;
  Map<String, byte[]> files;
  List<String> requests;

  @BeforeEach
  void start() throws Exception {
    mirror = new FixtureMirror();
    files = mirror.files;
    requests = mirror.requests;
  }

  @AfterEach
  void stop() {
    mirror.close();
  }

  private JprovRun fetch(String... extra) {
    String base = mirror.url();
    List<String> args = new ArrayList<>(List.of("bundle", "fetch", "--dir", tmp.resolve("b").toString(),
        "--mirror", base + "/docker-ce", "--base-mirror", base + "/centos", "--registry", base));
    args.addAll(List.of(extra));
    return JprovRun.of(args);
  }

  private void serveKeys(String docker, String centos) {
    files.put("/docker-ce/linux/centos/gpg", docker.getBytes(StandardCharsets.US_ASCII));
    files.put("/centos/RPM-GPG-KEY-CentOS-7", centos.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void anUnpinnedKeyIsRefusedWithExit2NamingUrlAndFingerprintBeforeAnythingElse() throws Exception {
    GpgKeys.Key k = GpgKeys.generate(tmp, "impostor@example");
    serveKeys(k.armoured(), k.armoured());
    JprovRun r = fetch();
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    String spaced = io.jprov.util.OpenPgp.display(k.fingerprint());
    assertThat(r.err()).contains("/docker-ce/linux/centos/gpg: served a GPG key with fingerprint " + spaced)
        .contains("not pinned").contains("060A 61C5 1B55 8A7F 742B 77AA C52F EB6B 621E 9F35")
        .contains("--gpg-fingerprint " + k.fingerprint()).doesNotContain("\tat ");
    assertThat(requests).containsExactly("/docker-ce/linux/centos/gpg");
    assertThat(tmp.resolve("b/keys/docker-ce.gpg")).doesNotExist();
  }

  @Test
  void aKeyAllowedByGpgFingerprintIsTakenAndTheFetchGoesOn() throws Exception {
    GpgKeys.Key k = GpgKeys.generate(tmp, "fleet@example");
    serveKeys(k.armoured(), k.armoured());
    // spaces and lower case as people paste them
    String pasted = io.jprov.util.OpenPgp.display(k.fingerprint()).toLowerCase();
    JprovRun r = fetch("--gpg-fingerprint", pasted);
    // both keys accepted; then the (absent) repository metadata fails the fetch
    assertThat(r.err()).contains("/docker-ce/linux/centos/7/x86_64/stable/repodata/repomd.xml");
    assertThat(requests).startsWith("/docker-ce/linux/centos/gpg", "/centos/RPM-GPG-KEY-CentOS-7",
        "/docker-ce/linux/centos/7/x86_64/stable/repodata/repomd.xml");
    assertThat(Files.readString(tmp.resolve("b/keys/docker-ce.gpg"))).isEqualTo(k.armoured());
  }

  @Test
  void aPinnedKeyWithAnotherKeyAppendedIsRefused() throws Exception {
    GpgKeys.Key good = GpgKeys.generate(tmp, "good@example");
    GpgKeys.Key extra = GpgKeys.generate(tmp, "extra@example");
    serveKeys(good.armoured() + extra.armoured(), good.armoured());
    JprovRun r = fetch("--gpg-fingerprint", good.fingerprint());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("fingerprint " + io.jprov.util.OpenPgp.display(extra.fingerprint()));
  }

  @Test
  void notAKeyAndABadOptionAreExit2() {
    serveKeys("<html>captive portal</html>", "");
    JprovRun r = fetch();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("/docker-ce/linux/centos/gpg: not an ASCII-armoured OpenPGP public key");
    JprovRun bad = fetch("--gpg-fingerprint", "1234");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--gpg-fingerprint: expected a key fingerprint of 40 hex digits, found '1234'");
  }

  @Test
  void mirrorCredentialsReachNeitherTheConsoleNorBundleYml() throws Exception {
    GpgKeys.Key k = GpgKeys.generate(tmp, "creds@example");
    serveKeys(k.armoured(), k.armoured());
    String base = mirror.url().replace("http://", "http://jdoe:Bund1e-Pw@");
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Cli.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
        "bundle", "fetch", "--dir", tmp.resolve("b").toString(), "--mirror", base + "/docker-ce",
        "--base-mirror", base + "/centos", "--registry", base, "--gpg-fingerprint", k.fingerprint());
    String all = o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8);
    assertThat(code).isNotZero(); // no repository metadata on this server
    assertThat(all).contains("jdoe:****@127.0.0.1").doesNotContain("Bund1e-Pw");
  }

  @Test
  void theDefaultsAreHttps() {
    assertThat(BundleFetcher.DEFAULT_MIRROR).startsWith("https://");
    assertThat(BundleFetcher.DEFAULT_BASE_MIRROR).isEqualTo("https://vault.centos.org/centos");
    assertThat(BundleFetcher.DEFAULT_REGISTRY).startsWith("https://");
  }
}
