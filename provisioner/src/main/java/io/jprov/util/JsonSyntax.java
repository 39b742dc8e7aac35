package io.jprov.util;

/**
 * A strict JSON syntax check (RFC 8259) for files rendered before they are uploaded, such as
 * {@code daemon.json}: no values are built, only the grammar is checked.
 */
public final class JsonSyntax {
  private final String s;
  private int i;

  private JsonSyntax(String s) {
    this.s = s;
  }

  /**
   * Checks that {@code text} is exactly one JSON value.
   *
   * @throws IllegalArgumentException naming line:column and what was expected
   */
  public static void check(String text) {
    JsonSyntax p = new JsonSyntax(text);
    p.ws();
    p.value(0);
    p.ws();
    if (p.i != text.length()) {
      throw p.error("end of document");
    }
  }

  private void value(int depth) {
    if (depth > 200) {
      throw error("less nesting");
    }
    if (i >= s.length()) {
      throw error("a value");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{' -> {
        i++;
        ws();
        if (peek('}')) {
          i++;
          return;
        }
        while (true) {
          ws();
          string();
          ws();
          expect(':');
          ws();
          value(depth + 1);
          ws();
          if (peek(',')) {
            i++;
            continue;
          }
          expect('}');
          return;
        }
      }
      case '[' -> {
        i++;
        ws();
        if (peek(']')) {
          i++;
          return;
        }
        while (true) {
          ws();
          value(depth + 1);
          ws();
          if (peek(',')) {
            i++;
            continue;
          }
          expect(']');
          return;
        }
      }
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number();
    }
  }

  private void string() {
    expect('"');
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return;
      }
      if (c < 0x20) {
        i--;
        throw error("no control character in a string");
      }
      if (c == '\\') {
        if (i >= s.length()) {
          break;
        }
        char e = s.charAt(i++);
        if (e == 'u') {
          for (int k = 0; k < 4; k++) {
            if (i >= s.length() || Character.digit(s.charAt(i++), 16) < 0) {
              throw error("four hex digits after \\u");
            }
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          i--;
          throw error("a valid escape");
        }
      }
    }
    throw error("the end of the string");
  }

  private void number() {
    int start = i;
    if (peek('-')) {
      i++;
    }
    if (peek('0')) {
      i++;
    } else if (!digits()) {
      i = start;
      throw error("a value");
    }
    if (peek('.')) {
      i++;
      if (!digits()) {
        throw error("digits after '.'");
      }
    }
    if (peek('e') || peek('E')) {
      i++;
      if (peek('+') || peek('-')) {
        i++;
      }
      if (!digits()) {
        throw error("exponent digits");
      }
    }
  }

  private boolean digits() {
    int start = i;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    return i > start;
  }

  private void literal(String word) {
    if (!s.startsWith(word, i)) {
      throw error("a value");
    }
    i += word.length();
  }

  private boolean peek(char c) {
    return i < s.length() && s.charAt(i) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("'" + c + "'");
    }
    i++;
  }

  private void ws() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private IllegalArgumentException error(String expected) {
    int line = 1;
    int col = 1;
    for (int k = 0; k < i && k < s.length(); k++) {
      if (s.charAt(k) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    String found = i >= s.length() ? "end of input" : "'" + s.charAt(i) + "'";
    return new IllegalArgumentException("invalid JSON at " + line + ":" + col + ": expected " + expected + ", found " + found);
  }
}
