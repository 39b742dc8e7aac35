package io.jprov.util;

/**
 * Debian package versions ({@code [epoch:]upstream[-revision]}) compared as dpkg does
 * ({@code dpkg --compare-versions}; deb-version(7)): epochs numerically, then upstream and revision
 * by alternating non-digit parts (a {@code ~} sorts before anything, even the end; letters before
 * other characters) and digit parts (numerically).
 */
public final class DebVersion {
  private DebVersion() {}

  /** Negative, zero or positive as {@code a} is lower than, equal to or higher than {@code b}. */
  public static int compare(String a, String b) {
    String[] x = split(a);
    String[] y = split(b);
    int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
    if (c != 0) {
      return c;
    }
    c = verrevcmp(x[1], y[1]);
    return c != 0 ? c : verrevcmp(x[2], y[2]);
  }

  /** The upstream part: {@code 27.3.1} of {@code 5:27.3.1-1~debian.12~bookworm}. */
  public static String upstream(String v) {
    return split(v)[1];
  }

  /** {epoch, upstream, revision}; epoch "0" and revision "" when absent. */
  private static String[] split(String v) {
    String s = v.strip();
    String epoch = "0";
    int colon = s.indexOf(':');
    if (colon > 0 && s.substring(0, colon).chars().allMatch(Character::isDigit)) {
      epoch = s.substring(0, colon);
      s = s.substring(colon + 1);
    }
    int dash = s.lastIndexOf('-');
    String rev = "";
    if (dash >= 0) {
      rev = s.substring(dash + 1);
      s = s.substring(0, dash);
    }
    return new String[] {epoch, s, rev};
  }

  private static int order(int c) {
    if (Character.isDigit(c)) {
      return 0;
    }
    if (Character.isLetter(c)) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    return c != 0 ? c + 256 : 0;
  }

  private static int verrevcmp(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int firstDiff = 0;
      while ((i < a.length() && !Character.isDigit(a.charAt(i))) || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
        int ac = i < a.length() ? order(a.charAt(i)) : 0;
        int bc = j < b.length() ? order(b.charAt(j)) : 0;
        if (ac != bc) {
          return ac - bc;
        }
        i++;
        j++;
      }
      while (i < a.length() && a.charAt(i) == '0') {
        i++;
      }
      while (j < b.length() && b.charAt(j) == '0') {
        j++;
      }
      while (i < a.length() && Character.isDigit(a.charAt(i)) && j < b.length() && Character.isDigit(b.charAt(j))) {
        if (firstDiff == 0) {
          firstDiff = a.charAt(i) - b.charAt(j);
        }
        i++;
        j++;
      }
      if (i < a.length() && Character.isDigit(a.charAt(i))) {
        return 1;
      }
      if (j < b.length() && Character.isDigit(b.charAt(j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return firstDiff;
      }
    }
    return 0;
  }
}
