package io.jprov.modules;

import java.util.ArrayList;
import java.util.List;

/** A small unified diff of two texts (line based, LCS, 3 lines of context). Pure. */
final class DockerDiff {
  private DockerDiff() {}

  /** The unified diff from {@code before} (null: absent) to {@code after}, or "" when equal. */
  static String unified(String path, String before, String after) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    if (a.equals(b)) {
      return "";
    }
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    // edit script: ' ', '-', '+' with line indexes in a and b
    List<char[]> ops = new ArrayList<>();
    List<int[]> idx = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        ops.add(new char[] {' '});
        idx.add(new int[] {i++, j++});
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.add(new char[] {'-'});
        idx.add(new int[] {i++, j});
      } else {
        ops.add(new char[] {'+'});
        idx.add(new int[] {i, j++});
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(before == null ? "/dev/null" : path + " (before)").append('\n');
    out.append("+++ ").append(path).append('\n');
    int k = 0;
    int ctx = 3;
    while (k < ops.size()) {
      if (ops.get(k)[0] == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - ctx);
      int end = k;
      // extend the hunk while changes are within 2*ctx of each other
      int last = k;
      while (end < ops.size()) {
        if (ops.get(end)[0] != ' ') {
          last = end;
        } else if (end - last > 2 * ctx) {
          break;
        }
        end++;
      }
      end = Math.min(ops.size(), last + ctx + 1);
      int aStart = idx.get(start)[0];
      int bStart = idx.get(start)[1];
      int aLen = 0;
      int bLen = 0;
      StringBuilder body = new StringBuilder();
      for (int x = start; x < end; x++) {
        char op = ops.get(x)[0];
        int[] p = idx.get(x);
        String line = op == '+' ? b.get(p[1]) : a.get(p[0]);
        if (op != '+') {
          aLen++;
        }
        if (op != '-') {
          bLen++;
        }
        body.append(op).append(line).append('\n');
      }
      out.append("@@ -").append(aLen == 0 ? aStart : aStart + 1).append(',').append(aLen)
          .append(" +").append(bLen == 0 ? bStart : bStart + 1).append(',').append(bLen).append(" @@\n");
      out.append(body);
      k = end;
    }
    return out.toString();
  }

  private static List<String> lines(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    return List.of(text.split("\n", -1)).subList(0, text.endsWith("\n") ? text.split("\n", -1).length - 1 : text.split("\n", -1).length);
  }
}
