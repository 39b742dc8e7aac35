package io.jprov.modules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Argument reading for the Docker CE modules. At playbook load time ({@link LoadTime}) {@code
 * validate} sees uninterpolated arguments: a string holding {@code ${...}} is taken as "will be a
 * value". In preflight and plan every value is checked fully, whatever it contains.
 */
final class DockerArgs {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+@-]*");
  static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?");

  private final String module;
  private final Map<String, Object> args;

  DockerArgs(String module, Map<String, Object> args) {
    this.module = module;
    this.args = args == null ? Map.of() : args;
  }

  /** Whether a value is still a template: only at load time (see {@link Args#templated}). */
  static boolean templated(Object v) {
    return Args.templated(v);
  }

  ModuleArgsException error(String message) {
    return new ModuleArgsException(module + ": " + message);
  }

  void known(Collection<String> allowed) {
    for (String k : args.keySet()) {
      if (!allowed.contains(k)) {
        throw error("unknown argument '" + k + "'" + io.jprov.yaml.Keys.hint(k, allowed)
            + "; known: " + String.join(", ", allowed));
      }
    }
  }

  boolean has(String key) {
    return args.get(key) != null;
  }

  Object raw(String key) {
    return args.get(key);
  }

  void required(String key) {
    Object v = args.get(key);
    if (v == null || (v instanceof String s && s.isBlank())) {
      throw error("argument '" + key + "' is required");
    }
  }

  String string(String key, String dflt) {
    Object v = args.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Map || v instanceof List) {
      throw error("argument '" + key + "' must be a string, found " + kind(v));
    }
    String s = v.toString();
    if (s.indexOf('\0') >= 0) {
      throw error("argument '" + key + "' contains a NUL character");
    }
    return s;
  }

  boolean bool(String key, boolean dflt) {
    Object v = args.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.parseBoolean(s);
    }
    if (templated(v)) {
      return dflt;
    }
    throw error("argument '" + key + "' must be true or false, found " + kind(v));
  }

  /** A string or a list of strings, as a list; null when absent. */
  List<String> stringList(String key) {
    Object v = args.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> l) {
      List<String> out = new ArrayList<>();
      for (Object o : l) {
        if (o == null || o instanceof Map || o instanceof List) {
          throw error("argument '" + key + "' must be a list of strings, found an item " + kind(o));
        }
        if (o.toString().indexOf('\0') >= 0) {
          throw error("argument '" + key + "' contains a NUL character");
        }
        out.add(o.toString());
      }
      return out;
    }
    if (v instanceof Map) {
      throw error("argument '" + key + "' must be a string or a list of strings, found a mapping");
    }
    String s = v.toString().strip();
    return s.isEmpty() ? List.of() : List.of(s);
  }

  /** A mapping of strings to scalars (values as strings); null when absent. */
  Map<String, String> stringMap(String key) {
    Object v = args.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw error("argument '" + key + "' must be a mapping, found " + kind(v));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Object val = e.getValue();
      if (val instanceof Map || val instanceof List) {
        throw error("argument '" + key + "': value of '" + e.getKey() + "' must be a scalar, found " + kind(val));
      }
      out.put(String.valueOf(e.getKey()), val == null ? "" : val.toString());
    }
    return out;
  }

  String oneOf(String key, String dflt, List<String> allowed) {
    Object v = args.get(key);
    if (v == null) {
      return dflt;
    }
    String s = v.toString();
    if (templated(s)) {
      return s;
    }
    if (!allowed.contains(s)) {
      throw error("argument '" + key + "' must be one of " + String.join(", ", allowed) + ", found '"
          + io.jprov.util.Text.shown(s) + "'");
    }
    return s;
  }

  /** Longest name accepted (systemd's limit for unit names; user names and packages are shorter). */
  static final int MAX_NAME = 256;

  static void checkName(DockerArgs a, String what, String value, Pattern p) {
    if (!templated(value) && value.length() > MAX_NAME) {
      throw a.error(what + " '" + io.jprov.util.Text.shown(value) + "' is longer than " + MAX_NAME + " characters");
    }
    if (!templated(value) && !p.matcher(value).matches()) {
      throw a.error("invalid " + what + " '" + io.jprov.util.Text.shown(value) + "'");
    }
  }

  static String kind(Object v) {
    return io.jprov.util.Text.describe(v);
  }
}
