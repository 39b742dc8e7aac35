package io.jprov.bundle;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A GnuPG home for tests that sign apt Release files with gpg itself (an oracle independent of
 * {@link ReleaseSignature}). Skips the test when gpg is not installed; {@link #close} stops its agent.
 */
final class TestGpg implements AutoCloseable {
  final Path home;

  TestGpg(Path home) throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/gpg")), "gpg not installed");
    this.home = home;
    Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  String run(String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("GNUPGHOME", home.toString());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed");
    }
    return out;
  }

  /** Makes a key ({@code algo} primary with {@code usage}, optionally a signing subkey) and returns it armoured. */
  String key(String uid, String algo, String usage, String subAlgo) throws Exception {
    run("gpg", "--batch", "--passphrase", "", "--quick-gen-key", uid, algo, usage, "never");
    if (subAlgo != null) {
      run("gpg", "--batch", "--passphrase", "", "--quick-add-key", fingerprint(uid), subAlgo, "sign", "never");
    }
    return run("gpg", "--batch", "--armor", "--export", uid);
  }

  String fingerprint(String uid) throws Exception {
    for (String l : run("gpg", "--batch", "--with-colons", "--list-keys", uid).split("\n")) {
      if (l.startsWith("fpr:")) {
        return l.split(":")[9];
      }
    }
    throw new IllegalStateException("no fingerprint for " + uid);
  }

  String clearsign(String uid, String text) throws Exception {
    Path in = Files.createTempFile(home, "in", ".txt");
    Files.writeString(in, text);
    return run("gpg", "--batch", "--local-user", uid, "--digest-algo", "SHA512", "--armor", "--clearsign",
        "--output", "-", in.toString());
  }

  String detach(String uid, String text) throws Exception {
    Path in = Files.createTempFile(home, "in", ".txt");
    Files.writeString(in, text);
    return run("gpg", "--batch", "--local-user", uid, "--armor", "--detach-sign", "--output", "-", in.toString());
  }

  @Override
  public void close() throws Exception {
    run("gpgconf", "--kill", "gpg-agent");
  }
}
