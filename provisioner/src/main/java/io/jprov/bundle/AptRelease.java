package io.jprov.bundle;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An apt suite's {@code Release} file ({@code dists/SUITE/Release}, or the clear-signed {@code InRelease}):
 * the index files it lists in its {@code SHA256} field with their sizes. Pure.
 *
 * <p>Only the text is read here; the signature is {@link ReleaseSignature}'s (checked by the fetcher for
 * Docker's archive before this list is used; every {@code Packages} file and {@code .deb} is then checked
 * against the list).
 *
 * @param entries path relative to {@code dists/SUITE/} (e.g. {@code main/binary-amd64/Packages.gz}) to its
 *     sha256 and size
 */
public record AptRelease(Map<String, Entry> entries) {
  /** One index file of the suite. */
  public record Entry(String sha256, long size) {}

  /**
   * Parses a {@code Release} or {@code InRelease} file; for {@code InRelease} the signed text (between
   * the cleartext header and the signature, dash-escaping removed).
   *
   * @param what the URL, for messages
   * @throws JprovException (exit 2) when the file has no SHA256 field
   */
  public static AptRelease parse(byte[] body, String what) {
    String text = signedText(new String(body, StandardCharsets.UTF_8));
    Map<String, Entry> out = new LinkedHashMap<>();
    boolean inSha = false;
    for (String line : text.split("\n")) {
      if (!line.startsWith(" ") && !line.startsWith("\t")) {
        inSha = line.regionMatches(true, 0, "SHA256:", 0, 7);
        continue;
      }
      if (!inSha) {
        continue;
      }
      String[] f = line.strip().split("\\s+");
      if (f.length == 3 && f[0].matches("[0-9a-fA-F]{64}") && f[1].matches("\\d+")) {
        out.put(f[2], new Entry(f[0].toLowerCase(Locale.ROOT), Long.parseLong(f[1])));
      }
    }
    if (out.isEmpty()) {
      throw new JprovException(ExitCodes.INPUT, what + ": no SHA256 index list in the Release file");
    }
    return new AptRelease(Map.copyOf(out));
  }

  /** The text an {@code InRelease} signs (RFC 4880 §7), or {@code text} itself when it is not clear-signed. */
  static String signedText(String text) {
    String t = text.replace("\r\n", "\n");
    if (!t.startsWith("-----BEGIN PGP SIGNED MESSAGE-----")) {
      return t;
    }
    int blank = t.indexOf("\n\n");
    int sig = t.indexOf("\n-----BEGIN PGP SIGNATURE-----");
    if (blank < 0 || sig < 0 || sig < blank) {
      return t;
    }
    StringBuilder b = new StringBuilder();
    for (String line : t.substring(blank + 2, sig + 1).split("\n", -1)) {
      b.append(line.startsWith("- ") ? line.substring(2) : line).append('\n');
    }
    return b.toString();
  }

  /**
   * The best {@code Packages} file of a component that this reader can use: {@code Packages.gz}, else the
   * uncompressed {@code Packages} ({@code .xz} only is not readable here), as a path under {@code dists/SUITE/}.
   *
   * @return null when the Release lists neither
   */
  public String packagesPath(String component, String debArch) {
    String base = component + "/binary-" + debArch + "/Packages";
    for (String p : new String[] {base + ".gz", base}) {
      if (entries.containsKey(p)) {
        return p;
      }
    }
    return null;
  }
}
