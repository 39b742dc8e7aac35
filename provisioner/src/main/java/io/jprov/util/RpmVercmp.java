package io.jprov.util;

/** rpm's version comparison ({@code rpmvercmp}), for epochs, versions and releases. Pure. */
public final class RpmVercmp {
  private RpmVercmp() {}

  /** Negative, zero or positive like {@link Comparable}, with rpm's segment rules. */
  public static int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      while (i < a.length() && !Character.isLetterOrDigit(a.charAt(i)) && a.charAt(i) != '~') {
        i++;
      }
      while (j < b.length() && !Character.isLetterOrDigit(b.charAt(j)) && b.charAt(j) != '~') {
        j++;
      }
      boolean ta = i < a.length() && a.charAt(i) == '~';
      boolean tb = j < b.length() && b.charAt(j) == '~';
      if (ta || tb) {
        if (!ta) {
          return 1;
        }
        if (!tb) {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (i >= a.length() || j >= b.length()) {
        break;
      }
      boolean numeric = Character.isDigit(a.charAt(i));
      int si = i;
      int sj = j;
      if (numeric) {
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
      } else {
        while (i < a.length() && Character.isLetter(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isLetter(b.charAt(j))) {
          j++;
        }
      }
      String sa = a.substring(si, i);
      String sb = b.substring(sj, j);
      if (sb.isEmpty()) {
        return numeric ? 1 : -1;
      }
      if (numeric) {
        sa = sa.replaceFirst("^0+(?=.)", "");
        sb = sb.replaceFirst("^0+(?=.)", "");
        if (sa.length() != sb.length()) {
          return sa.length() > sb.length() ? 1 : -1;
        }
      }
      int c = sa.compareTo(sb);
      if (c != 0) {
        return c < 0 ? -1 : 1;
      }
    }
    boolean endA = i >= a.length();
    boolean endB = j >= b.length();
    if (endA && endB) {
      return 0;
    }
    return endA ? -1 : 1;
  }
}
