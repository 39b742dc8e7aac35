package io.jprov.cli;

import io.jprov.InputException;
import io.jprov.json.Json;
import io.jprov.util.Maps;
import io.jprov.util.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code -e} (docs/cli.md). An item is {@code key=value} or a JSON object of variables
 * ({@code -e '{"docker": {"users": ["ops"]}}'}). The key is a variable name, then keys below it
 * separated by {@code .}; a key holding anything but letters, digits, {@code _} and {@code -}, or
 * starting with a digit, is written in double quotes ({@code docker_sets."24.0.9".docker-ce}).
 * Values are strings, except {@code true}/{@code false}, integers, {@code [a,b]} lists of
 * strings, and JSON: a value starting with {@code {}, or a {@code [...]} list holding {@code "},
 * {@code [} or {@code {}. Maps merge with earlier items and with the inventory's maps.
 */
final class ExtraVars {
  private ExtraVars() {}

  static Map<String, Object> parse(List<String> items) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String item : items) {
      if (item.strip().startsWith("{")) {
        if (!(json(item, item.strip()) instanceof Map<?, ?> m)) {
          throw new InputException("-e " + item + ": expected a JSON object of variables");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = (Map<String, Object>) m;
        for (String name : vars.keySet()) {
          if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new InputException("-e " + item + ": bad variable name '" + Text.shown(name)
                + "': a variable name holds letters, digits and _, and does not start with a digit");
          }
        }
        out = Maps.deepMerge(out, vars);
        continue;
      }
      int eq = keyEnd(item);
      if (eq < 0 && item.indexOf('=') > 0) {
        path(item, item.substring(0, item.indexOf('='))); // says which quote is not closed
      }
      if (eq <= 0) {
        throw new InputException("-e " + item + ": expected key=value (or a JSON object of variables)");
      }
      List<String> path = path(item, item.substring(0, eq));
      put(out, path, 0, value(item, item.substring(eq + 1)));
    }
    return out;
  }

  /** The index of the {@code =} that ends the key: the first one outside double quotes. */
  private static int keyEnd(String item) {
    boolean quoted = false;
    for (int i = 0; i < item.length(); i++) {
      char c = item.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '=' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The keys of {@code key}: a variable name ({@code [A-Za-z_][A-Za-z0-9_]*}), then keys separated by
   * {@code .}, each bare ({@code [A-Za-z_][A-Za-z0-9_-]*}) or in double quotes ({@code \"} and
   * {@code \\} escape).
   *
   * @throws InputException naming the character and its position (1-based) in the key
   */
  static List<String> path(String item, String key) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (true) {
      boolean first = out.isEmpty();
      if (i >= key.length() || key.charAt(i) == '.') {
        throw bad(item, key, i, first && i == 0 ? "the variable name is empty"
            : "empty key (a '.' at the end, or two in a row)");
      }
      if (key.charAt(i) == '"') {
        if (first) {
          throw bad(item, key, i, "the variable name is not quoted (letters, digits and _); only keys below it may be");
        }
        int open = i;
        StringBuilder sb = new StringBuilder();
        i++;
        while (true) {
          if (i >= key.length()) {
            throw bad(item, key, open, "this quote is not closed");
          }
          char c = key.charAt(i);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            if (i + 1 >= key.length() || (key.charAt(i + 1) != '"' && key.charAt(i + 1) != '\\')) {
              throw bad(item, key, i, "in a quoted key only \\\" and \\\\ are escapes");
            }
            i++;
            c = key.charAt(i);
          } else if (Character.isISOControl(c)) {
            throw bad(item, key, i, "control characters are not allowed in keys");
          }
          sb.append(c);
          i++;
        }
        if (sb.isEmpty()) {
          throw bad(item, key, open, "empty quoted key");
        }
        out.add(sb.toString());
        i++;
        if (i < key.length() && key.charAt(i) != '.') {
          throw bad(item, key, i, "expected '.' or '=' after the quoted key");
        }
      } else {
        int start = i;
        while (i < key.length() && key.charAt(i) != '.') {
          char c = key.charAt(i);
          boolean ok = c < 128 && (Character.isLetter(c) || c == '_'
              || (i > start && (Character.isDigit(c) || (!first && c == '-'))));
          if (!ok) {
            throw bad(item, key, i, reason(key, c, i == start, first));
          }
          i++;
        }
        out.add(key.substring(start, i));
      }
      if (i >= key.length()) {
        return out;
      }
      i++; // the '.'
    }
  }

  private static String reason(String key, char c, boolean atStart, boolean first) {
    if (first) {
      return atStart && Character.isDigit(c)
          ? "a variable name does not start with a digit"
          : "a variable name holds letters, digits and _";
    }
    String quoted = quotedSuggestion(key);
    return (atStart && (Character.isDigit(c) || c == '-')
        ? "a key starting with a digit or - is quoted"
        : "a key holding anything but letters, digits, _ and - is quoted")
        + (quoted == null ? ": a.\"b.c\".d" : ": " + quoted);
  }

  /**
   * The key with each run of keys that start with a digit quoted together ({@code
   * docker_sets.24.0.9.docker-ce} → {@code docker_sets."24.0.9".docker-ce}), or null when that
   * does not give a valid key.
   */
  private static String quotedSuggestion(String key) {
    if (key.indexOf('"') >= 0) {
      return null;
    }
    String[] parts = key.split("\\.", -1);
    StringBuilder sb = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      sb.append('.');
      if (!parts[i].isEmpty() && !parts[i].matches("[A-Za-z_][A-Za-z0-9_-]*")) {
        int j = i;
        while (j + 1 < parts.length && parts[j + 1].matches("[0-9].*")) {
          j++;
        }
        sb.append('"').append(String.join(".", List.of(parts).subList(i, j + 1))).append('"');
        i = j;
      } else {
        sb.append(parts[i]);
      }
    }
    return sb.toString();
  }

  private static InputException bad(String item, String key, int at, String why) {
    String what = at < key.length() ? "'" + Text.shown(String.valueOf(key.charAt(at))) + "' at character " + (at + 1)
        : "at character " + (at + 1) + " (the end)";
    return new InputException("-e " + item + ": bad variable name '" + Text.shown(key) + "': " + what + ": " + why);
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> map, List<String> path, int i, Object value) {
    String key = path.get(i);
    if (i == path.size() - 1) {
      Object old = map.get(key);
      map.put(key, old instanceof Map<?, ?> om && value instanceof Map<?, ?> nm
          ? Maps.deepMerge((Map<String, Object>) om, (Map<String, Object>) nm) : value);
      return;
    }
    Object child = map.get(key);
    if (!(child instanceof Map)) {
      child = new LinkedHashMap<String, Object>();
      map.put(key, child);
    } else if (!(child instanceof LinkedHashMap)) {
      child = new LinkedHashMap<>((Map<String, Object>) child);
      map.put(key, child);
    }
    put((Map<String, Object>) child, path, i + 1, value);
  }

  private static Object value(String item, String raw) {
    if (raw.equals("true") || raw.equals("false")) {
      return Boolean.parseBoolean(raw);
    }
    if (raw.matches("-?[0-9]{1,9}")) {
      return Integer.parseInt(raw);
    }
    if (raw.startsWith("{")) {
      return json(item, raw);
    }
    if (raw.startsWith("[")) {
      String rest = raw.substring(1);
      if (rest.indexOf('"') >= 0 || rest.indexOf('[') >= 0 || rest.indexOf('{') >= 0) {
        return json(item, raw);
      }
      if (raw.endsWith("]")) {
        String inner = raw.substring(1, raw.length() - 1).strip();
        return inner.isEmpty() ? List.of() : List.of(inner.split("\\s*,\\s*"));
      }
    }
    return raw;
  }

  private static Object json(String item, String text) {
    try {
      return Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InputException("-e " + item + ": " + e.getMessage()
          + " (a value starting with { is a JSON object; [...] holding \" is a JSON list)");
    }
  }
}
