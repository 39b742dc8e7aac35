package io.jprov;

import java.util.LinkedHashMap;
import java.util.Map;

/** Literal maps for tests, mutable and in the order written (unlike {@code Map.of}), nulls allowed. */
public final class TestMaps {
  private TestMaps() {}

  /** {@code map("a", 1, "b", null)}: keys and values alternating. */
  public static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
