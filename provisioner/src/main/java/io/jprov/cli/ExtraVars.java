package io.jprov.cli;

import io.jprov.InputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code -e key=value}. Values are strings, except {@code true}/{@code false}, integers,
 * and {@code [a,b]} lists; a dotted key sets a nested value and merges with the inventory's maps.
 */
final class ExtraVars {
  private ExtraVars() {}

  static Map<String, Object> parse(List<String> items) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new InputException("-e " + item + ": expected key=value");
      }
      String key = item.substring(0, eq);
      if (!key.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
        throw new InputException("-e " + item + ": invalid variable name '" + key + "'");
      }
      put(out, key.split("\\."), 0, value(item.substring(eq + 1)));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> map, String[] path, int i, Object value) {
    if (i == path.length - 1) {
      map.put(path[i], value);
      return;
    }
    Object child = map.get(path[i]);
    if (!(child instanceof Map)) {
      child = new LinkedHashMap<String, Object>();
      map.put(path[i], child);
    }
    put((Map<String, Object>) child, path, i + 1, value);
  }

  private static Object value(String raw) {
    if (raw.equals("true") || raw.equals("false")) {
      return Boolean.parseBoolean(raw);
    }
    if (raw.matches("-?[0-9]{1,9}")) {
      return Integer.parseInt(raw);
    }
    if (raw.startsWith("[") && raw.endsWith("]")) {
      String inner = raw.substring(1, raw.length() - 1).strip();
      return inner.isEmpty() ? List.of() : List.of(inner.split("\\s*,\\s*"));
    }
    return raw;
  }
}
