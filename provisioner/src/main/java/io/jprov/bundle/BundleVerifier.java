package io.jprov.bundle;

import io.jprov.bundle.BundleManifest.Artifact;
import io.jprov.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code jprov bundle verify}: every artifact of a bundle present with its size and sha256. Pure reads. */
public final class BundleVerifier {
  private BundleVerifier() {}

  /**
   * The problems of a bundle, one line each, naming the file relative to the bundle directory
   * ("rpms/x.rpm: sha256 mismatch (expected …, found …)"); empty when every file is intact.
   */
  public static List<String> problems(Path dir, BundleManifest m) {
    List<String> out = new ArrayList<>();
    for (Artifact a : m.artifacts()) {
      Path p = dir.resolve(a.file());
      try {
        if (!Files.isRegularFile(p)) {
          out.add(a.file() + ": missing");
          continue;
        }
        long size = Files.size(p);
        if (size != a.size()) {
          out.add(a.file() + ": size mismatch (expected " + a.size() + " bytes, found " + size + ")");
          continue;
        }
        String sha = Sha256.of(p);
        if (!sha.equals(a.sha256())) {
          out.add(a.file() + ": sha256 mismatch (expected " + a.sha256() + ", found " + sha + ")");
        }
      } catch (IOException e) {
        out.add(a.file() + ": cannot read: " + e.getMessage());
      }
    }
    return out;
  }
}
