package io.jprov.modules;

import io.jprov.yaml.Keys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Typed access to module arguments, shared by the built-in modules. While a playbook is loaded
 * ({@link LoadTime}, before interpolation) a value that still holds {@code ${...}} is accepted as
 * it is; everywhere else (preflight, plan) every value is final and checked fully, whatever it
 * contains.
 */
final class Args {
  private Args() {}

  /** Fails on the first argument not in {@code allowed}, with a "did you mean" hint. */
  static void requireKnown(String module, Map<String, Object> args, Collection<String> allowed) {
    for (String key : args.keySet()) {
      if (!allowed.contains(key)) {
        throw new ModuleArgsException("unknown argument '" + key + "' for module " + module
            + Keys.hint(key, allowed) + "; expected one of " + String.join(", ", allowed));
      }
    }
  }

  /** Longest path accepted (Linux's PATH_MAX). */
  static final int MAX_PATH = 4096;

  /**
   * Whether a value is still a template: only while the playbook is loaded ({@link LoadTime});
   * after interpolation a {@code ${} is part of the value and is checked like the rest.
   */
  static boolean templated(Object v) {
    return LoadTime.active() && v instanceof String s && s.contains("${");
  }

  static String string(Map<String, Object> args, String key, boolean required) {
    Object v = args.get(key);
    if (v == null) {
      if (required) {
        throw new ModuleArgsException("missing required argument '" + key + "'");
      }
      return null;
    }
    if (v instanceof String s) {
      if (s.indexOf('\0') >= 0) {
        throw new ModuleArgsException("argument '" + key + "' contains a NUL character");
      }
      return s;
    }
    if (v instanceof Number || v instanceof Boolean) {
      return String.valueOf(v);
    }
    throw new ModuleArgsException("argument '" + key + "' must be a string, found " + kind(v));
  }

  /** An absolute path; at load time a templated value is accepted. */
  static String path(Map<String, Object> args, String key, boolean required) {
    String p = string(args, key, required);
    if (p == null || templated(p)) {
      return p;
    }
    checkPath(key, p);
    return p;
  }

  /**
   * An absolute path without control characters and without {@code ..} segments (a path that
   * climbs out of where it seems to point), at most {@link #MAX_PATH} long.
   */
  static void checkPath(String key, String p) {
    if (!p.startsWith("/")) {
      throw new ModuleArgsException("argument '" + key + "' must be an absolute path, found '"
          + io.jprov.util.Text.shown(p) + "'");
    }
    if (io.jprov.util.Text.hasControl(p)) {
      throw new ModuleArgsException("argument '" + key + "' must not contain control characters (newline, NUL,"
          + " ...), found '" + io.jprov.util.Text.shown(p) + "'");
    }
    if (p.length() > MAX_PATH) {
      throw new ModuleArgsException("argument '" + key + "' is longer than " + MAX_PATH + " characters");
    }
    for (String seg : p.split("/")) {
      if (seg.equals("..")) {
        throw new ModuleArgsException("argument '" + key + "' must not contain '..' segments, found '"
            + io.jprov.util.Text.shown(p) + "'");
      }
    }
  }

  /**
   * A directory on the host that {@code transport.SafeDir} walks component by component (the
   * offline bundle's): {@link #checkPath}, and no {@code .} component either.
   *
   * @throws ModuleArgsException naming the argument
   */
  static void checkHostDirectory(String key, String p) {
    checkPath(key, p);
    for (String seg : p.split("/")) {
      if (seg.equals(".")) {
        throw new ModuleArgsException("argument '" + key + "' must not contain '.' segments, found '"
            + io.jprov.util.Text.shown(p) + "'");
      }
    }
  }

  /** An octal mode string ({@code "0644"}) normalized to four digits, or null. */
  static String mode(Map<String, Object> args, String key) {
    Object v = args.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      throw new ModuleArgsException("argument '" + key + "' must be an octal string; write it quoted: "
          + key + ": \"0" + n + "\" (an unquoted " + n + " is a decimal number)");
    }
    if (!(v instanceof String s)) {
      throw new ModuleArgsException("argument '" + key + "' must be an octal string such as \"0644\", found " + kind(v));
    }
    if (templated(s)) {
      return s;
    }
    if (!s.matches("0?[0-7]{3,4}")) {
      throw new ModuleArgsException("argument '" + key + "' must be an octal mode such as \"0644\", found '"
          + io.jprov.util.Text.shown(s) + "'");
    }
    return String.format("%04o", Integer.parseInt(s, 8));
  }

  /** A user or group name (or numeric id), or null. */
  static String name(Map<String, Object> args, String key) {
    String s = string(args, key, false);
    if (s != null && !templated(s) && (s.length() > DockerArgs.MAX_NAME || !s.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?"))) {
      throw new ModuleArgsException("argument '" + key + "' is not a valid user or group name: '"
          + io.jprov.util.Text.shown(s) + "'");
    }
    return s;
  }

  static Boolean bool(Map<String, Object> args, String key) {
    Object v = args.get(key);
    if (v == null || templated(v)) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ModuleArgsException("argument '" + key + "' must be true or false, found " + kind(v));
  }

  /** A list of strings; a single string is a one-element list; null when absent. */
  static List<String> strings(Map<String, Object> args, String key) {
    Object v = args.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof List<?> l) {
      List<String> out = new ArrayList<>();
      for (Object o : l) {
        if (!(o instanceof String || o instanceof Number)) {
          throw new ModuleArgsException("argument '" + key + "' must be a list of strings, found " + kind(o) + " in it");
        }
        out.add(String.valueOf(o));
      }
      return out;
    }
    throw new ModuleArgsException("argument '" + key + "' must be a list of strings, found " + kind(v));
  }

  /** One of {@code allowed}, or {@code dflt} when absent. */
  static String choice(Map<String, Object> args, String key, List<String> allowed, String dflt) {
    String s = string(args, key, false);
    if (s == null) {
      return dflt;
    }
    if (!templated(s) && !allowed.contains(s)) {
      throw new ModuleArgsException("argument '" + key + "' must be one of " + String.join(", ", allowed)
          + ", found '" + io.jprov.util.Text.shown(s) + "'" + Keys.hint(s, allowed));
    }
    return s;
  }

  static String kind(Object v) {
    return io.jprov.util.Text.kind(v);
  }
}
