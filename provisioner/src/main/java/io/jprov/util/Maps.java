package io.jprov.util;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Variable-map helpers: the one deep merge (inventory layers, playbook defaults under host
 * variables) and deep freezing.
 */
public final class Maps {
  private Maps() {}

  /**
   * Deep merge: keys of {@code over} win; where both values are maps they merge recursively
   * ({@link #merged}); everything else (lists, scalars, null) replaces. Neither input is modified;
   * the result is a new top-level map the caller may add keys to, sharing unchanged values with the
   * inputs.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    for (Map.Entry<String, Object> e : over.entrySet()) {
      Object old = out.get(e.getKey());
      Object nu = e.getValue();
      if (old instanceof Map<?, ?> om && nu instanceof Map<?, ?> nm) {
        out.put(e.getKey(), merged((Map<String, Object>) om, (Map<String, Object>) nm));
      } else {
        out.put(e.getKey(), nu);
      }
    }
    return out;
  }

  /**
   * {@link #deepMerge} as an unmodifiable map: an input itself when the other is empty, so that
   * merging many layers shares what they do not change. Frozen inputs ({@link #freeze}) give a
   * frozen result.
   */
  public static Map<String, Object> merged(Map<String, Object> base, Map<String, Object> over) {
    if (over.isEmpty()) {
      return base;
    }
    if (base.isEmpty()) {
      return over;
    }
    return Collections.unmodifiableMap(deepMerge(base, over));
  }

  /** A deeply unmodifiable copy of plain values (keeps order and null values). */
  @SuppressWarnings("unchecked")
  public static Object freeze(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, x) -> out.put(k, freeze(x)));
      return Collections.unmodifiableMap(out);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(freeze(x)));
      return Collections.unmodifiableList(out);
    }
    return v;
  }
}
