package io.jprov.util;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Real OpenPGP keys made by GnuPG for tests, with the fingerprint gpg itself reports: an oracle
 * independent of {@link OpenPgp}. Skips the test when gpg is not installed.
 */
public final class GpgKeys {
  /** An exported public key and gpg's fingerprint of it. */
  public record Key(String armoured, String fingerprint) {}

  private GpgKeys() {}

  public static Key generate(Path work, String uid) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/gpg")), "gpg not installed");
    Path home = work.resolve("gnupg-" + uid.replaceAll("[^a-z0-9]", "_"));
    Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      run(home, "gpg", "--batch", "--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "never");
      String armoured = run(home, "gpg", "--batch", "--armor", "--export", uid);
      String fpr = null;
      for (String line : run(home, "gpg", "--batch", "--with-colons", "--list-keys", uid).split("\n")) {
        if (line.startsWith("fpr:")) {
          fpr = line.split(":")[9];
          break;
        }
      }
      return new Key(armoured, fpr);
    } finally {
      // gpg starts an agent per home: stop it, it would outlive the test
      run(home, "gpgconf", "--kill", "gpg-agent");
    }
  }

  private static String run(Path home, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(cmd)));
    pb.environment().put("GNUPGHOME", home.toString());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed");
    }
    return out;
  }
}
