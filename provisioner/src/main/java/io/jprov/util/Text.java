package io.jprov.util;

/**
 * User-supplied values shown inside one-line messages: control characters escaped ({@code \n},
 * {@code \x00}, ...) so a hostile value cannot add lines to a message or a log, and long values
 * cut so a 100 KB value does not become a 100 KB error.
 */
public final class Text {
  /** Longest value shown in a message, in characters, before it is cut. */
  public static final int MAX_SHOWN = 200;

  private Text() {}

  /** {@code value} with control characters escaped and cut to {@link #MAX_SHOWN} characters. */
  public static String shown(String value) {
    if (value == null) {
      return "null";
    }
    String escaped = escapeControls(value.length() > MAX_SHOWN * 2 ? value.substring(0, MAX_SHOWN * 2) : value);
    if (escaped.length() > MAX_SHOWN || value.length() > MAX_SHOWN * 2) {
      return escaped.substring(0, Math.min(MAX_SHOWN, escaped.length())) + "… (" + value.length() + " characters)";
    }
    return escaped;
  }

  /** {@code text} on one line: every control character (newline included) escaped, nothing cut. */
  public static String escapeControls(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String esc = switch (c) {
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
            ? String.format("\\x%02x", (int) c) : null;
      };
      if (esc != null && sb == null) {
        sb = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (sb != null) {
        if (esc != null) {
          sb.append(esc);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? text : sb.toString();
  }

  /**
   * The kind of a plain value (YAML, JSON, template results), the one wording of every "expected X,
   * found Y" message: {@code nothing} (null), {@code a string}, {@code a number}, {@code a boolean},
   * {@code a list}, {@code a mapping}.
   */
  public static String kind(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof java.util.List<?>) {
      return "a list";
    }
    if (value instanceof java.util.Map<?, ?>) {
      return "a mapping";
    }
    return "a " + value.getClass().getSimpleName();
  }

  /**
   * {@link #kind} with a scalar's value: {@code the string 'x'} ({@link #shown}), {@code the number
   * 5}, {@code the boolean true}; lists, mappings and nothing as {@link #kind} words them.
   */
  public static String describe(Object value) {
    if (value instanceof String s) {
      return "the string '" + shown(s) + "'";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return "the " + kind(value).substring(2) + " " + value;
    }
    return kind(value);
  }

  /** Whether {@code s} holds a control character or any kind of whitespace. */
  public static boolean hasControlOrSpace(String s) {
    return s.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c)
        || Character.isSpaceChar(c) || c == 0x2028 || c == 0x2029);
  }

  /** Whether {@code s} holds a control character (newline and NUL included). */
  public static boolean hasControl(String s) {
    return s.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
  }

  /**
   * {@code text} broken at spaces into lines of at most {@code first} characters for the first line and {@code
   * rest} for the others (a word longer than its line stays whole); runs of spaces count as one.
   */
  public static java.util.List<String> wrap(String text, int first, int rest) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    int width = first;
    for (String word : text.split(" +")) {
      if (word.isEmpty()) {
        continue;
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
        width = rest;
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
