package io.jprov.transport.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The subset of an OpenSSH client config ({@code ~/.ssh/config}) that jprov honours: {@code Host}
 * blocks (patterns with {@code *}, {@code ?} and {@code !negation}) and the keywords {@code
 * HostName}, {@code User}, {@code Port}, {@code IdentityFile} and {@code ProxyJump}. As in OpenSSH,
 * the first value found for a keyword wins, and {@code IdentityFile}s accumulate. {@code Match}
 * blocks and {@code Include} are not supported and are skipped.
 *
 * <p>Immutable and thread-safe.
 */
final class SshConfig {

  /** What the config says about one alias; every field may be null (IdentityFiles empty). */
  record Entry(String hostName, String user, Integer port, List<String> identityFiles, String proxyJump) {}

  private record Block(List<String> patterns, List<String[]> options) {}

  private final List<Block> blocks;
  private final Path home;

  private SshConfig(List<Block> blocks, Path home) {
    this.blocks = blocks;
    this.home = home;
  }

  static SshConfig empty() {
    return new SshConfig(List.of(), Path.of("/"));
  }

  /** Reads {@code file}; a missing file is an empty config. */
  static SshConfig load(Path file, Path home) throws IOException {
    if (!Files.isRegularFile(file)) {
      return new SshConfig(List.of(), home);
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8), home);
  }

  static SshConfig parse(String text, Path home) {
    List<Block> blocks = new ArrayList<>();
    // Options before the first Host line apply to every host, like "Host *".
    Block current = new Block(List.of("*"), new ArrayList<>());
    blocks.add(current);
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> words = words(line);
      if (words.isEmpty()) {
        continue;
      }
      String key = words.get(0).toLowerCase(Locale.ROOT);
      List<String> args = words.subList(1, words.size());
      if (key.equals("host")) {
        current = new Block(List.copyOf(args), new ArrayList<>());
        blocks.add(current);
      } else if (key.equals("match")) {
        current = new Block(List.of(), new ArrayList<>());
        blocks.add(current);
      } else if (!args.isEmpty()) {
        current.options().add(new String[] {key, String.join(" ", args)});
      }
    }
    return new SshConfig(List.copyOf(blocks), home);
  }

  /** The settings that apply to {@code alias} (the name as typed, before HostName). */
  Entry resolve(String alias) {
    String hostName = null;
    String user = null;
    Integer port = null;
    String proxyJump = null;
    List<String> identities = new ArrayList<>();
    for (Block block : blocks) {
      if (!matches(block.patterns(), alias)) {
        continue;
      }
      for (String[] opt : block.options()) {
        String v = opt[1];
        switch (opt[0]) {
          case "hostname" -> hostName = hostName != null ? hostName : v.replace("%h", alias);
          case "user" -> user = user != null ? user : v;
          case "port" -> {
            if (port == null) {
              try {
                port = Integer.parseInt(v);
              } catch (NumberFormatException e) {
                // OpenSSH rejects the file; we ignore the bad value and fall back to 22.
              }
            }
          }
          case "identityfile" -> identities.add(expandHome(v));
          case "proxyjump" -> proxyJump = proxyJump != null ? proxyJump : v;
          default -> {}
        }
      }
    }
    return new Entry(hostName, user, port, List.copyOf(identities), proxyJump);
  }

  private String expandHome(String path) {
    if (path.equals("~")) {
      return home.toString();
    }
    if (path.startsWith("~/")) {
      return home.resolve(path.substring(2)).toString();
    }
    return path.replace("%d", home.toString());
  }

  static boolean matches(List<String> patterns, String alias) {
    boolean matched = false;
    for (String p : patterns) {
      if (p.startsWith("!")) {
        if (glob(p.substring(1), alias)) {
          return false;
        }
      } else if (glob(p, alias)) {
        matched = true;
      }
    }
    return matched;
  }

  static boolean glob(String pattern, String s) {
    return glob(pattern.toLowerCase(Locale.ROOT), 0, s.toLowerCase(Locale.ROOT), 0);
  }

  private static boolean glob(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = si; k <= s.length(); k++) {
          if (glob(p, pi + 1, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }

  /** Splits a config line into words: whitespace or one '=' separates the keyword; quotes group. */
  private static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean keywordDone = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (Character.isWhitespace(c) || (c == '=' && !keywordDone))) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
          keywordDone = true;
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }
}
