package io.jprov.util;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The one place where values become POSIX shell words. Every value that reaches a remote or local
 * shell goes through {@link #quote(String)}.
 */
public final class Sh {
  private Sh() {}

  /** Quotes a value as one POSIX {@code sh} word; safe for any string, including empty. */
  public static String quote(String value) {
    if (!value.isEmpty() && value.chars().allMatch(Sh::isSafe)) {
      return value;
    }
    return "'" + value.replace("'", "'\"'\"'") + "'";
  }

  /** Quotes each value and joins them with spaces. */
  public static String join(Collection<String> values) {
    return values.stream().map(Sh::quote).collect(Collectors.joining(" "));
  }

  private static boolean isSafe(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "@%+=:,./-_".indexOf(c) >= 0;
  }
}
