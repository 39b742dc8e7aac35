package io.jprov.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Expands host-name ranges: {@code web[01:20].example.com} (numeric, zero-padded when the bounds
 * are written with leading zeros), {@code db[a:c]} (letters), an optional step {@code [1:10:2]},
 * several ranges in one name (cartesian product, left to right). Stateless.
 */
final class HostRange {
  /** More hosts than this from one name is a typo, not a fleet. */
  static final int MAX_HOSTS = 100_000;

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
  private static final Pattern LETTER = Pattern.compile("[A-Za-z]");

  private HostRange() {}

  /** True when the name contains range brackets. */
  static boolean hasRange(String name) {
    return name.indexOf('[') >= 0 || name.indexOf(']') >= 0;
  }

  /**
   * The names a possibly ranged name stands for, in order.
   *
   * @throws IllegalArgumentException with a message (without location) for a bad range
   */
  static List<String> expand(String name) {
    int open = name.indexOf('[');
    int close = name.indexOf(']');
    if (open < 0 && close < 0) {
      return List.of(name);
    }
    if (open < 0 || close < open) {
      throw new IllegalArgumentException("unbalanced brackets in host range '" + name + "'");
    }
    String prefix = name.substring(0, open);
    List<String> items = items(name.substring(open + 1, close));
    List<String> tails = expand(name.substring(close + 1));
    long total = (long) items.size() * tails.size();
    if (total > MAX_HOSTS) {
      throw new IllegalArgumentException(
          "host range '" + name + "' expands to " + total + " hosts (at most " + MAX_HOSTS + ")");
    }
    List<String> out = new ArrayList<>((int) total);
    for (String item : items) {
      for (String tail : tails) {
        out.add(prefix + item + tail);
      }
    }
    return out;
  }

  private static List<String> items(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw malformed(spec);
    }
    String a = parts[0];
    String b = parts[1];
    int step = 1;
    if (parts.length == 3) {
      if (!DIGITS.matcher(parts[2]).matches() || Integer.parseInt(parts[2]) == 0) {
        throw new IllegalArgumentException(
            "bad step '" + parts[2] + "' in host range [" + spec + "]: expected a positive integer");
      }
      step = Integer.parseInt(parts[2]);
    }
    boolean da = DIGITS.matcher(a).matches();
    boolean db = DIGITS.matcher(b).matches();
    boolean la = LETTER.matcher(a).matches();
    boolean lb = LETTER.matcher(b).matches();
    if (da && db) {
      return numbers(spec, a, b, step);
    }
    if (la && lb) {
      if (Character.isUpperCase(a.charAt(0)) != Character.isUpperCase(b.charAt(0))) {
        throw new IllegalArgumentException(
            "host range [" + spec + "] mixes upper- and lower-case letters");
      }
      char s = a.charAt(0);
      char e = b.charAt(0);
      if (s > e) {
        throw after(spec, a, b);
      }
      List<String> out = new ArrayList<>();
      for (int c = s; c <= e; c += step) {
        out.add(String.valueOf((char) c));
      }
      return out;
    }
    if ((da || la) && (db || lb)) {
      throw new IllegalArgumentException("host range [" + spec + "] mixes numbers and letters");
    }
    throw malformed(spec);
  }

  private static List<String> numbers(String spec, String a, String b, int step) {
    boolean padded = (a.length() > 1 && a.charAt(0) == '0') || (b.length() > 1 && b.charAt(0) == '0');
    if (padded && a.length() != b.length()) {
      throw new IllegalArgumentException(
          "zero-padded host range [" + spec + "] needs bounds of equal width (e.g. [01:20])");
    }
    long s = Long.parseLong(a);
    long e = Long.parseLong(b);
    if (s > e) {
      throw after(spec, a, b);
    }
    long count = (e - s) / step + 1;
    if (count > MAX_HOSTS) {
      throw new IllegalArgumentException(
          "host range [" + spec + "] expands to " + count + " hosts (at most " + MAX_HOSTS + ")");
    }
    List<String> out = new ArrayList<>((int) count);
    for (long n = s; n <= e; n += step) {
      String digits = Long.toString(n);
      out.add(padded ? "0".repeat(Math.max(0, a.length() - digits.length())) + digits : digits);
    }
    return out;
  }

  private static IllegalArgumentException after(String spec, String a, String b) {
    return new IllegalArgumentException(
        "host range [" + spec + "]: start '" + a + "' is after end '" + b + "'");
  }

  private static IllegalArgumentException malformed(String spec) {
    return new IllegalArgumentException(
        "malformed host range [" + spec + "]: expected [start:end] or [start:end:step] with numbers"
            + " (web[01:20]) or single letters (db[a:c])");
  }
}
