package io.jprov.util;

import java.util.LinkedHashMap;
import java.util.Map;

/** Variable-map helpers. */
public final class Maps {
  private Maps() {}

  /**
   * Deep merge: keys of {@code over} win; where both values are maps they merge recursively; lists
   * and scalars replace. Neither input is modified.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    for (Map.Entry<String, Object> e : over.entrySet()) {
      Object old = out.get(e.getKey());
      if (old instanceof Map && e.getValue() instanceof Map) {
        out.put(e.getKey(), deepMerge((Map<String, Object>) old, (Map<String, Object>) e.getValue()));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }
}
