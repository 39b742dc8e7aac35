package io.jprov.modules;

import io.jprov.util.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The type of one module argument: what values it accepts, how they convert to the Java value a
 * module reads, and how the module reference (docs/modules.md) names it. Conversions are pure and
 * check the whole value; a problem is a {@link ModuleArgsException} worded "must be ..., found ..."
 * without the argument's name (the {@link ArgSpec} adds it).
 *
 * @param <T> the Java type the module reads
 */
public final class ArgType<T> {
  /** Longest path accepted (Linux's PATH_MAX). */
  public static final int MAX_PATH = 4096;
  /** Longest name accepted (systemd's limit for unit names; user names and packages are shorter). */
  public static final int MAX_NAME = 256;

  private static final Pattern OCTAL = Pattern.compile("0?[0-7]{3,4}");
  private static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?");
  private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+@-]*");

  private final String description;
  private final Function<Object, T> convert;

  private ArgType(String description, Function<Object, T> convert) {
    this.description = description;
    this.convert = convert;
  }

  /** How the module reference names this type ("absolute path", "list of package names"). */
  public String description() {
    return description;
  }

  /**
   * Converts and checks a value (never null: absent arguments take their default).
   *
   * @throws ModuleArgsException "must be ..., found ..." without the argument's name
   */
  public T convert(Object value) {
    return convert.apply(value);
  }

  /** A scalar as text: a string, or a number or boolean written as YAML would; no NUL. */
  public static final ArgType<String> STRING = new ArgType<>("string", ArgType::scalar);

  /** {@link #STRING} that must not be blank. */
  public static final ArgType<String> NON_EMPTY = STRING.check("non-empty string", s -> !s.isBlank(), s -> "must not be empty");

  /** {@code true} or {@code false}, also written as the strings "true"/"false" (what {@code ${}} yields inside text). */
  public static final ArgType<Boolean> BOOL = new ArgType<>("boolean", v -> {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw wrong("true or false", v);
  });

  /** An absolute path: no control characters, no {@code ..} segment, at most {@link #MAX_PATH}. */
  public static final ArgType<String> PATH = STRING.check("absolute path", ArgType::pathProblem);

  /**
   * A directory on the host that is walked component by component as root (the offline bundle's):
   * a {@link #PATH} with no {@code .} component either.
   */
  public static final ArgType<String> HOST_DIR = PATH.check("absolute directory path", p -> {
    for (String seg : p.split("/")) {
      if (seg.equals(".")) {
        return "must not contain '.' segments, found '" + Text.shown(p) + "'";
      }
    }
    return null;
  });

  /** An octal mode written as a quoted string ("0644"), normalised to four digits. */
  public static final ArgType<String> MODE = new ArgType<>("octal mode such as \"0644\"", v -> {
    if (v instanceof Number n) {
      throw new ModuleArgsException("must be an octal string; write it quoted: \"0" + n + "\" (an unquoted " + n
          + " is a decimal number)");
    }
    if (!(v instanceof String s)) {
      throw wrong("an octal string such as \"0644\"", v);
    }
    if (!OCTAL.matcher(s).matches()) {
      throw new ModuleArgsException("must be an octal mode such as \"0644\", found '" + Text.shown(s) + "'");
    }
    return String.format("%04o", Integer.parseInt(s, 8));
  });

  /** A user or group name (or numeric id), as useradd accepts them. */
  public static final ArgType<String> ACCOUNT = named("user or group name", ACCOUNT_NAME);

  /** A package, unit or image-like name: letters, digits and {@code _ . + @ -}, not starting with a punctuation mark. */
  public static final ArgType<String> NAME = named("name", PACKAGE_NAME);

  /** A name matching {@code pattern} (at most {@link #MAX_NAME} characters). */
  public static ArgType<String> named(String description, Pattern pattern) {
    return STRING.check(description, s -> {
      if (s.length() > MAX_NAME) {
        return "is longer than " + MAX_NAME + " characters";
      }
      return pattern.matcher(s).matches() ? null : "is not a valid " + description + ": '" + Text.shown(s) + "'";
    });
  }

  /** One of {@code choices}, with a "did you mean" hint. */
  public static ArgType<String> oneOf(List<String> choices) {
    return STRING.check("one of " + String.join(", ", choices), s -> choices.contains(s) ? null
        : "must be one of " + String.join(", ", choices) + ", found '" + Text.shown(s) + "'"
            + io.jprov.yaml.Keys.hint(s, choices));
  }

  /**
   * A list of {@code item}s; a single scalar is a one-element list (stripped; a blank one is the
   * empty list).
   */
  public static <E> ArgType<List<E>> listOf(ArgType<E> item) {
    return new ArgType<>("list of " + plural(item.description), v -> {
      if (v instanceof List<?> l) {
        List<E> out = new ArrayList<>(l.size());
        for (Object o : l) {
          if (o == null) {
            throw new ModuleArgsException("must be a list of " + plural(item.description) + ", found an empty item");
          }
          out.add(item.convert(o));
        }
        return List.copyOf(out);
      }
      if (v instanceof Map<?, ?>) {
        throw wrong("a " + item.description + " or a list of " + plural(item.description), v);
      }
      String s = scalar(v).strip();
      return s.isEmpty() ? List.of() : List.of(item.convert(s));
    });
  }

  /** A mapping of string keys to {@code value}s, in the order written. */
  public static <V> ArgType<Map<String, V>> mapOf(ArgType<V> value) {
    return new ArgType<>("mapping of " + value.description + " values", v -> {
      if (!(v instanceof Map<?, ?> m)) {
        throw wrong("a mapping", v);
      }
      Map<String, V> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        try {
          out.put(key, value.convert(e.getValue() == null ? "" : e.getValue()));
        } catch (ModuleArgsException x) {
          throw new ModuleArgsException("value of '" + Text.shown(key) + "' " + x.getMessage());
        }
      }
      return java.util.Collections.unmodifiableMap(out);
    });
  }

  /**
   * This type with one more check; {@code problem} returns null when the value is fine, else what
   * is wrong ("must ...").
   */
  public ArgType<T> check(String description, Function<T, String> problem) {
    return new ArgType<>(description, v -> {
      T t = convert(v);
      String p = problem.apply(t);
      if (p != null) {
        throw new ModuleArgsException(p);
      }
      return t;
    });
  }

  /** This type restricted to values {@code ok} accepts, with {@code why} saying what is wrong. */
  public ArgType<T> check(String description, Predicate<T> ok, Function<T, String> why) {
    return check(description, t -> ok.test(t) ? null : why.apply(t));
  }

  /** Null when {@code p} is a path a command may safely be given, else what is wrong with it. */
  static String pathProblem(String p) {
    if (!p.startsWith("/")) {
      return "must be an absolute path, found '" + Text.shown(p) + "'";
    }
    if (Text.hasControl(p)) {
      return "must not contain control characters (newline, NUL, ...), found '" + Text.shown(p) + "'";
    }
    if (p.length() > MAX_PATH) {
      return "is longer than " + MAX_PATH + " characters";
    }
    for (String seg : p.split("/")) {
      if (seg.equals("..")) {
        return "must not contain '..' segments, found '" + Text.shown(p) + "'";
      }
    }
    return null;
  }

  private static String scalar(Object v) {
    if (v instanceof String s) {
      if (s.indexOf('\0') >= 0) {
        throw new ModuleArgsException("contains a NUL character");
      }
      return s;
    }
    if (v instanceof Number || v instanceof Boolean) {
      return String.valueOf(v);
    }
    throw wrong("a string", v);
  }

  private static ModuleArgsException wrong(String expected, Object found) {
    return new ModuleArgsException("must be " + expected + ", found " + Text.describe(found));
  }

  /** "absolute path" → "absolute paths": every item type's description ends in its noun. */
  private static String plural(String description) {
    return description.endsWith("s") ? description : description + "s";
  }

  // file, template, command

  /**
   * Text written as a YAML string (file content): any string, taken as it is; a number or boolean
   * is refused rather than turned into text, since YAML would already have changed it (0644 → 644).
   */
  public static final ArgType<String> TEXT = new ArgType<>("string", v -> {
    if (v instanceof String s) {
      return s;
    }
    throw wrong("a string (quote it)", v);
  });

  /**
   * A version of dot-separated numbers written quoted ("3.10"); an unquoted 3.10 is refused, as YAML
   * reads it as the number 3.1. A whole number (4) is accepted.
   */
  public static final ArgType<String> VERSION = new ArgType<>("version such as \"3.10\"", v -> {
    if (v instanceof Double || v instanceof Float) {
      throw new ModuleArgsException("must be a quoted version such as \"3.10\", found the number " + v
          + " (YAML reads an unquoted 3.10 as 3.1)");
    }
    String s = scalar(v);
    if (!s.matches("\\d+(\\.\\d+)*")) {
      throw new ModuleArgsException("must be a version such as \"3.10\", found '" + Text.shown(s) + "'");
    }
    return s;
  });

  // package, rpm_key, bundle_upload

  /**
   * A path relative to a directory it must stay inside (a file of a bundle, under both the local
   * directory and the host's): not empty, no leading {@code /} or {@code -}, no {@code ..} segment,
   * no control characters, at most {@link #MAX_PATH}.
   */
  public static final ArgType<String> RELATIVE_PATH = STRING.check("relative path", p -> p.isEmpty()
      || p.length() > MAX_PATH || p.startsWith("/") || p.startsWith("-") || Text.hasControl(p)
      || List.of(p.split("/")).contains("..")
      ? "must be a relative path (no leading / or -, no '..' segments, no control characters, at most " + MAX_PATH
          + " characters), found '" + Text.shown(p) + "'" : null);

  /** A sha256 as 64 hex digits (a bundle manifest's), normalised to lower case. */
  public static final ArgType<String> SHA256 = new ArgType<>("sha256 (64 hex digits)", v -> {
    String s = scalar(v);
    if (!s.matches("[0-9a-fA-F]{64}")) {
      throw new ModuleArgsException("must be a sha256 of 64 hex digits, found '" + Text.shown(s) + "'");
    }
    return s.toLowerCase(java.util.Locale.ROOT);
  });

  /**
   * A type of one module's own that the combinators above cannot express (a value that is either a
   * string or a mapping): {@code convert} checks the whole value and throws {@link
   * ModuleArgsException} worded "must be ..., found ..." (see {@link Text#describe}).
   */
  public static <T> ArgType<T> custom(String description, Function<Object, T> convert) {
    return new ArgType<>(description, convert);
  }
}
