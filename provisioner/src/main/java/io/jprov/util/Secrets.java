package io.jprov.util;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

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

  private static final Pattern URL_CREDENTIALS =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@\"']*):[^@\\s/\"']*@");
  private static final Pattern PASSWORD_KEYS =
      // not the *_env keys: their values name an environment variable, they are not the secret
      Pattern.compile("(?i)(\"?[\\w.-]*(password|passwd|secret|token)[\\w.-]*(?<!_env)\"?\\s*[:=]\\s*\"?)[^\"\\s,}]+");

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
    s = URL_CREDENTIALS.matcher(s).replaceAll("$1:" + MASK + "@");
    return PASSWORD_KEYS.matcher(s).replaceAll("$1" + MASK);
  }

  /** For tests: forgets every registered value. */
  public static void clearForTests() {
    synchronized (Secrets.class) {
      KNOWN.clear();
      longestFirst = List.of();
    }
  }
}
