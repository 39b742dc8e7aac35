package io.jprov.yaml;

import io.jprov.InputException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Validation helpers shared by the inventory and playbook loaders. */
public final class Keys {
  private Keys() {}

  /**
   * Fails on the first key of {@code map} that is not in {@code allowed}, with a "did you mean"
   * hint when a known key is close.
   *
   * @param what what the mapping is, e.g. "group", "task"
   */
  public static void requireKnown(YNode.YMap map, Collection<String> allowed, String what) {
    for (YNode.Entry e : map.entries().values()) {
      if (!allowed.contains(e.key())) {
        throw InputException.at(e.keyLocation(), "unknown " + what + " key '" + e.key() + "'"
            + hint(e.key(), allowed));
      }
    }
  }

  /**
   * {@code " (did you mean 'x'?)"} when a candidate is within edit distance 2, or else is the only
   * one that {@code word} (3 characters or more) abbreviates ({@code dir} → {@code directory});
   * else empty.
   */
  public static String hint(String word, Collection<String> candidates) {
    return candidates.stream()
        .filter(c -> distance(word, c) <= Math.max(1, Math.min(2, c.length() / 3)))
        .min(Comparator.comparingInt(c -> distance(word, c)))
        .or(() -> {
          List<String> longer = candidates.stream().filter(c -> word.length() >= 3 && c.startsWith(word)).toList();
          return longer.size() == 1 ? java.util.Optional.of(longer.get(0)) : java.util.Optional.empty();
        })
        .map(c -> " (did you mean '" + c + "'?)")
        .orElse("");
  }

  /** Expects a mapping; fails naming the location and what was found otherwise. */
  public static YNode.YMap map(YNode node, String what) {
    if (node instanceof YNode.YMap m) {
      return m;
    }
    throw InputException.at(node.location(), what + ": expected a mapping, found " + node.kind());
  }

  /** Levenshtein distance. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
