package io.jprov.facts;

import io.jprov.transport.SafeDir;
import io.jprov.util.Sh;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files under a directory only root controls: the sha256 of every complete file and the size
 * of every {@code .part} left by an interrupted upload (what {@code bundle_upload} compares with a
 * bundle's manifest).
 *
 * @param sha256 relative path → sha256 of complete files
 * @param parts relative path of the final file → size of its {@code .part}
 * @param unsafe why the directory cannot be trusted ({@link SafeDir}), or null
 */
public record FileDigests(Map<String, String> sha256, Map<String, Long> parts, String unsafe) {
  private static final Pattern SHA256_LINE = Pattern.compile("^([0-9a-f]{64}) [ *]\\./(.+)$");

  /**
   * The fact: whether {@code dir} can be trusted ({@link SafeDir}: not a symlink planted by
   * someone else, owned by root, writable only by root), and if so the sha256 of complete files
   * and the sizes of {@code .part} files under it. An unsafe directory is not read at all; a
   * missing one has no files.
   *
   * @param dir absolute directory without {@code .} or {@code ..} components
   */
  public static Fact<FileDigests> under(String dir) {
    String cmd = SafeDir.walk(dir, false)
        + "if [ -n \"$bad\" ]; then printf 'unsafe %s\\n' \"$bad\"; exit 0; fi\n"
        + "if [ -d " + Sh.quote(dir) + " ]; then cd " + Sh.quote(dir)
        + " && find . -type f ! -name '*.part' -exec sha256sum {} + ;"
        + " find . -type f -name '*.part' -printf 'part %s %P\\n'; fi";
    return new Fact<>("bundle-files:" + dir, cmd, o -> parse(o.output()));
  }

  /** Parses the output of {@link #under}; lines it does not know are ignored. */
  public static FileDigests parse(String output) {
    Map<String, String> sha = new HashMap<>();
    Map<String, Long> parts = new HashMap<>();
    String unsafe = null;
    for (String line : output.split("\n")) {
      if (line.startsWith("unsafe ")) {
        unsafe = line.substring("unsafe ".length()).strip();
        continue;
      }
      if (line.startsWith("part ")) {
        String[] f = line.split(" ", 3);
        // at most 18 digits: parseLong never throws (a fact's parser must not)
        if (f.length == 3 && f[1].matches("\\d{1,18}") && f[2].endsWith(".part")) {
          parts.put(f[2].substring(0, f[2].length() - ".part".length()), Long.parseLong(f[1]));
        }
        continue;
      }
      Matcher m = SHA256_LINE.matcher(line);
      if (m.matches()) {
        sha.put(m.group(2), m.group(1));
      }
    }
    return new FileDigests(sha, parts, unsafe);
  }
}
