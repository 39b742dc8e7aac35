package io.jprov.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
  @Test
  void equalTextsHaveNoDiff() {
    assertThat(UnifiedDiff.diff("a\n", "a\n", "f")).isEmpty();
  }

  @Test
  void newFile() {
    assertThat(UnifiedDiff.diff(null, "a\nb\n", "/etc/f")).isEqualTo("""
        --- /dev/null
        +++ /etc/f
        @@ -0,0 +1,2 @@
        +a
        +b
        """);
  }

  @Test
  void removedFile() {
    assertThat(UnifiedDiff.diff("a\n", null, "/etc/f")).isEqualTo("""
        --- /etc/f
        +++ /dev/null
        @@ -1 +0,0 @@
        -a
        """);
  }

  @Test
  void contextAndSeparateHunks() {
    String before = lines(1, 20);
    String after = before.replace("l3\n", "L3\n").replace("l17\n", "l17\nnew\n");
    assertThat(UnifiedDiff.diff(before, after, "f")).isEqualTo("""
        --- f
        +++ f
        @@ -1,6 +1,6 @@
         l1
         l2
        -l3
        +L3
         l4
         l5
         l6
        @@ -15,6 +15,7 @@
         l15
         l16
         l17
        +new
         l18
         l19
         l20
        """);
  }

  @Test
  void nearbyChangesShareOneHunk() {
    String before = lines(1, 10);
    String after = before.replace("l2\n", "").replace("l8\n", "x\n");
    assertThat(UnifiedDiff.diff(before, after, "f")).isEqualTo("""
        --- f
        +++ f
        @@ -1,10 +1,9 @@
         l1
        -l2
         l3
         l4
         l5
         l6
         l7
        -l8
        +x
         l9
         l10
        """);
  }

  @Test
  void missingFinalNewline() {
    assertThat(UnifiedDiff.diff("a\nb\n", "a\nb", "f")).isEqualTo("""
        --- f
        +++ f
        @@ -1,2 +1,2 @@
         a
        -b
        +b
        \\ No newline at end of file
        """);
  }

  @Test
  void veryDifferentTextsDegradeToReplaceAll() {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      a.append("a").append(i).append('\n');
      b.append("b").append(i).append('\n');
    }
    String diff = UnifiedDiff.diff(a.toString(), b.toString(), "f");
    assertThat(diff).startsWith("--- f\n+++ f\n@@ -1,3000 +1,3000 @@\n-a0\n");
    assertThat(apply(UnifiedDiff.lines(a.toString()), diff)).isEqualTo(UnifiedDiff.lines(b.toString()));
  }

  @Test
  void randomEditsRoundTrip() {
    Random r = new Random(42);
    for (int round = 0; round < 200; round++) {
      List<String> a = randomLines(r);
      List<String> b = randomLines(r);
      String diff = UnifiedDiff.diff(String.join("", a), String.join("", b), "f");
      assertThat(apply(a, diff)).as("round %d\n%s", round, diff).isEqualTo(b);
    }
  }

  private static List<String> randomLines(Random r) {
    List<String> out = new ArrayList<>();
    int n = r.nextInt(30);
    for (int i = 0; i < n; i++) {
      out.add("v" + r.nextInt(5) + "\n");
    }
    return out;
  }

  /** Applies a diff produced for full-line texts (every line ends in a newline). */
  private static List<String> apply(List<String> a, String diff) {
    List<String> out = new ArrayList<>();
    int pos = 0;
    for (String line : diff.split("\n")) {
      if (line.startsWith("@@")) {
        int oldStart = Integer.parseInt(line.replaceAll("@@ -(\\d+).*", "$1"));
        boolean empty = line.matches("@@ -\\d+,0 .*");
        int target = empty ? oldStart : oldStart - 1;
        while (pos < target) {
          out.add(a.get(pos++));
        }
      } else if (line.startsWith(" ")) {
        assertThat(a.get(pos)).isEqualTo(line.substring(1) + "\n");
        out.add(a.get(pos++));
      } else if (line.startsWith("-") && !line.startsWith("---")) {
        assertThat(a.get(pos)).isEqualTo(line.substring(1) + "\n");
        pos++;
      } else if (line.startsWith("+") && !line.startsWith("+++")) {
        out.add(line.substring(1) + "\n");
      }
    }
    while (pos < a.size()) {
      out.add(a.get(pos++));
    }
    return out;
  }

  private static String lines(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i <= to; i++) {
      sb.append('l').append(i).append('\n');
    }
    return sb.toString();
  }
}
