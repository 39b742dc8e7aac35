package io.jprov.util;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one masking function for everything jprov shows or stores: console lines, {@code --json},
 * {@code --log-dir}, diffs, notices and error messages. It replaces with {@code ****}:
 *
 * <ul>
 *   <li>the password of a URL ({@code scheme://user:password@host} keeps {@code user});
 *   <li>the value of a key that looks like a password ({@code "password": "x"}, {@code token=x});
 *   <li>every occurrence of a secret value this run knows: the value of each {@code *_env}
 *       variable the run read (SSH, sudo and jump passwords, key passphrases), registered with
 *       {@link #register} when it is read, also in its URL-encoded form.
 * </ul>
 *
 * <p>Thread-safe; the registry lives as long as the process (one run).
 */
public final class Secrets {
  public static final String MASK = "****";

  /** Words that make a key's value a secret ({@code db_password: x}, {@code "token"="x"}). */
  private static final List<String> SECRET_WORDS = List.of("password", "passwd", "secret", "token");

  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
  private static volatile List<String> longestFirst = List.of();

  private Secrets() {}

  /**
   * Remembers a secret value so that {@link #mask} replaces it wherever it appears. Null and blank
   * values are ignored.
   *
   * @return {@code value}, for use inline where the value is read
   */
  public static String register(String value) {
    if (value == null || value.isBlank()) {
      return value;
    }
    boolean added = KNOWN.add(value);
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    added |= KNOWN.add(encoded);
    if (added) {
      synchronized (Secrets.class) {
        // Longest first, so a secret that contains another is masked whole.
        longestFirst = KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
      }
    }
    return value;
  }

  /** The text with credentials and registered secret values replaced by {@value #MASK}. */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String s = text;
    for (String secret : longestFirst) {
      if (s.contains(secret)) {
        s = s.replace(secret, MASK);
      }
    }
    return maskSecretKeys(maskUrlPasswords(s));
  }

  // Both scanners are linear in the text: masking runs on every line jprov prints, including values
  // of 100 KB that an operator (or an attacker) passed in, where a backtracking regex took minutes.

  /** {@code scheme://user:password@host} → {@code scheme://user:****@host}. */
  static String maskUrlPasswords(String s) {
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (true) {
      int sep = s.indexOf("://", from);
      if (sep < 0) {
        break;
      }
      from = sep + 3;
      // a scheme: a letter, then letters, digits, + . -
      int b = sep;
      while (b > 0 && isSchemeChar(s.charAt(b - 1))) {
        b--;
      }
      while (b < sep && !Character.isLetter(s.charAt(b))) {
        b++;
      }
      if (b == sep || !isAsciiLetter(s.charAt(b))) {
        continue;
      }
      // userinfo up to '@', before any '/', whitespace or quote; the password after the first ':'
      int colon = -1;
      int at = -1;
      for (int i = from; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '@') {
          at = i;
          break;
        }
        if (c == '/' || Character.isWhitespace(c) || c == '"' || c == '\'') {
          break;
        }
        if (c == ':' && colon < 0) {
          colon = i;
        }
      }
      if (colon < 0 || at < 0) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, copied, colon + 1).append(MASK);
      copied = at;
      from = at + 1;
    }
    return out == null ? s : out.append(s, copied, s.length()).toString();
  }

  /**
   * The value after a key that names a secret ({@code password}, {@code passwd}, {@code secret},
   * {@code token} in it, any case) and {@code :} or {@code =}. Not the {@code *_env} keys: their
   * values name an environment variable, they are not the secret.
   */
  static String maskSecretKeys(String s) {
    // ASCII lower case, char by char, so that indexes in both strings agree
    char[] folded = s.toCharArray();
    for (int k = 0; k < folded.length; k++) {
      if (folded[k] >= 'A' && folded[k] <= 'Z') {
        folded[k] = (char) (folded[k] + 32);
      }
    }
    String lower = new String(folded);
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (from < s.length()) {
      int hit = -1;
      int hitLen = 0;
      for (String w : SECRET_WORDS) {
        int i = lower.indexOf(w, from);
        if (i >= 0 && (hit < 0 || i < hit)) {
          hit = i;
          hitLen = w.length();
        }
      }
      if (hit < 0) {
        break;
      }
      int keyEnd = hit + hitLen;
      while (keyEnd < s.length() && isKeyChar(s.charAt(keyEnd))) {
        keyEnd++;
      }
      from = keyEnd;
      if (lower.startsWith("_env", keyEnd - 4)) {
        continue;
      }
      int i = keyEnd;
      if (i < s.length() && s.charAt(i) == '"') {
        i++;
      }
      while (i < s.length() && isSpace(s.charAt(i))) {
        i++;
      }
      if (i >= s.length() || (s.charAt(i) != ':' && s.charAt(i) != '=')) {
        continue;
      }
      i++;
      while (i < s.length() && isSpace(s.charAt(i))) {
        i++;
      }
      if (i < s.length() && s.charAt(i) == '"') {
        i++;
      }
      int v = i;
      while (v < s.length() && !isSpace(s.charAt(v)) && "\",}".indexOf(s.charAt(v)) < 0) {
        v++;
      }
      if (v == i) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, copied, i).append(MASK);
      copied = v;
      from = v;
    }
    return out == null ? s : out.append(s, copied, s.length()).toString();
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isSchemeChar(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
  }

  private static boolean isKeyChar(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** For tests: forgets every registered value. */
  public static void clearForTests() {
    synchronized (Secrets.class) {
      KNOWN.clear();
      longestFirst = List.of();
    }
  }
}
