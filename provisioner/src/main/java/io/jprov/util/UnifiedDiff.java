package io.jprov.util;

import java.util.ArrayList;
import java.util.List;

/**
 * Unified diffs of text ({@code diff -u} style, three lines of context) by Myers' O((N+M)D)
 * algorithm, after trimming the common prefix and suffix. When the texts differ in more than
 * {@link #MAX_EDITS} lines the diff degrades to "remove all, add all" instead of using quadratic
 * memory. Stateless and thread-safe.
 */
public final class UnifiedDiff {
  /** Edit distance beyond which the diff is not minimised. */
  public static final int MAX_EDITS = 1000;

  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  private enum Op {
    KEEP,
    DEL,
    ADD
  }

  private record Edit(Op op, String line) {}

  /**
   * The unified diff from {@code before} to {@code after}, or the empty string when they are
   * equal.
   *
   * @param before old text, or null for a file that does not exist yet
   * @param after new text, or null for a file that will be removed
   * @param name file name for the {@code ---}/{@code +++} header
   */
  public static String diff(String before, String after, String name) {
    String a = before == null ? "" : before;
    String b = after == null ? "" : after;
    if (a.equals(b) && (before == null) == (after == null)) {
      return "";
    }
    List<String> x = lines(a);
    List<String> y = lines(b);
    List<Edit> edits = edits(x, y);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(before == null ? "/dev/null" : name).append('\n');
    out.append("+++ ").append(after == null ? "/dev/null" : name).append('\n');
    int i = 0;
    while (i < edits.size()) {
      if (edits.get(i).op == Op.KEEP) {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      // Extend the hunk while the next change is within 2*CONTEXT unchanged lines.
      while (end < edits.size()) {
        if (edits.get(end).op != Op.KEEP) {
          end++;
          continue;
        }
        int run = end;
        while (run < edits.size() && edits.get(run).op == Op.KEEP) {
          run++;
        }
        if (run < edits.size() && run - end <= 2 * CONTEXT) {
          end = run;
        } else {
          end = Math.min(edits.size(), end + CONTEXT);
          break;
        }
      }
      appendHunk(out, edits, start, end);
      i = end;
    }
    return out.toString();
  }

  private static void appendHunk(StringBuilder out, List<Edit> edits, int start, int end) {
    int oldStart = 1;
    int newStart = 1;
    for (int k = 0; k < start; k++) {
      if (edits.get(k).op != Op.ADD) {
        oldStart++;
      }
      if (edits.get(k).op != Op.DEL) {
        newStart++;
      }
    }
    int oldLen = 0;
    int newLen = 0;
    StringBuilder body = new StringBuilder();
    for (int k = start; k < end; k++) {
      Edit e = edits.get(k);
      char sign = switch (e.op) {
        case KEEP -> ' ';
        case DEL -> '-';
        case ADD -> '+';
      };
      if (e.op != Op.ADD) {
        oldLen++;
      }
      if (e.op != Op.DEL) {
        newLen++;
      }
      String line = e.line;
      boolean noNewline = !line.endsWith("\n");
      body.append(sign).append(noNewline ? line : line.substring(0, line.length() - 1)).append('\n');
      if (noNewline) {
        body.append("\\ No newline at end of file\n");
      }
    }
    out.append("@@ -").append(range(oldLen == 0 ? oldStart - 1 : oldStart, oldLen))
        .append(" +").append(range(newLen == 0 ? newStart - 1 : newStart, newLen))
        .append(" @@\n").append(body);
  }

  private static String range(int start, int len) {
    return len == 1 ? String.valueOf(start) : start + "," + len;
  }

  /** Lines including their terminating newline, so "no newline at end" is a difference. */
  static List<String> lines(String s) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (from < s.length()) {
      int nl = s.indexOf('\n', from);
      int to = nl < 0 ? s.length() : nl + 1;
      out.add(s.substring(from, to));
      from = to;
    }
    return out;
  }

  private static List<Edit> edits(List<String> x, List<String> y) {
    int prefix = 0;
    while (prefix < x.size() && prefix < y.size() && x.get(prefix).equals(y.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < x.size() - prefix && suffix < y.size() - prefix
        && x.get(x.size() - 1 - suffix).equals(y.get(y.size() - 1 - suffix))) {
      suffix++;
    }
    List<String> a = x.subList(prefix, x.size() - suffix);
    List<String> b = y.subList(prefix, y.size() - suffix);
    List<Edit> out = new ArrayList<>();
    for (int k = 0; k < prefix; k++) {
      out.add(new Edit(Op.KEEP, x.get(k)));
    }
    out.addAll(myers(a, b));
    for (int k = x.size() - suffix; k < x.size(); k++) {
      out.add(new Edit(Op.KEEP, x.get(k)));
    }
    return out;
  }

  private static List<Edit> myers(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int max = n + m;
    List<Edit> out = new ArrayList<>();
    if (max == 0) {
      return out;
    }
    int limit = Math.min(max, MAX_EDITS);
    int offset = max;
    int[] v = new int[2 * max + 2];
    List<int[]> trace = new ArrayList<>();
    int found = -1;
    for (int d = 0; d <= limit && found < 0; d++) {
      // Keep only the diagonals reachable in d steps: O(D^2) memory in total.
      int[] snapshot = new int[2 * d + 1];
      for (int k = -d; k <= d; k += 2) {
        int xPos;
        if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) {
          xPos = v[offset + k + 1];
        } else {
          xPos = v[offset + k - 1] + 1;
        }
        int yPos = xPos - k;
        while (xPos < n && yPos < m && a.get(xPos).equals(b.get(yPos))) {
          xPos++;
          yPos++;
        }
        v[offset + k] = xPos;
        if (xPos >= n && yPos >= m) {
          found = d;
        }
      }
      for (int k = -d; k <= d; k++) {
        snapshot[k + d] = v[offset + k];
      }
      trace.add(snapshot);
    }
    if (found < 0) {
      a.forEach(l -> out.add(new Edit(Op.DEL, l)));
      b.forEach(l -> out.add(new Edit(Op.ADD, l)));
      return out;
    }
    List<Edit> reversed = new ArrayList<>();
    int xPos = n;
    int yPos = m;
    for (int d = found; d > 0; d--) {
      int[] prev = trace.get(d - 1);
      int k = xPos - yPos;
      int prevK;
      if (k == -d || (k != d && get(prev, d - 1, k - 1) < get(prev, d - 1, k + 1))) {
        prevK = k + 1;
      } else {
        prevK = k - 1;
      }
      int prevX = get(prev, d - 1, prevK);
      int prevY = prevX - prevK;
      while (xPos > prevX && yPos > prevY) {
        reversed.add(new Edit(Op.KEEP, a.get(xPos - 1)));
        xPos--;
        yPos--;
      }
      if (xPos == prevX) {
        reversed.add(new Edit(Op.ADD, b.get(yPos - 1)));
        yPos--;
      } else {
        reversed.add(new Edit(Op.DEL, a.get(xPos - 1)));
        xPos--;
      }
    }
    while (xPos > 0 && yPos > 0) {
      reversed.add(new Edit(Op.KEEP, a.get(xPos - 1)));
      xPos--;
      yPos--;
    }
    for (int k = reversed.size() - 1; k >= 0; k--) {
      out.add(reversed.get(k));
    }
    return out;
  }

  private static int get(int[] snapshot, int d, int k) {
    int idx = k + d;
    return idx >= 0 && idx < snapshot.length ? snapshot[idx] : -1;
  }
}
