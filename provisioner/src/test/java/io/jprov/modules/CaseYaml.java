package io.jprov.modules;

import java.util.List;
import java.util.Map;

/** Prints plain values as block YAML that can be pasted into a case file. */
public final class CaseYaml {
  private CaseYaml() {}

  public static String dump(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0, false);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, int indent, boolean inline) {
    String pad = " ".repeat(indent);
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(first && inline)) {
          sb.append(pad);
        }
        first = false;
        sb.append(e.getKey()).append(':');
        writeValue(sb, e.getValue(), indent + 2);
      }
    } else if (v instanceof List<?> l && !l.isEmpty()) {
      for (Object item : l) {
        sb.append(pad).append("- ");
        if (item instanceof Map<?, ?> im && !im.isEmpty()) {
          write(sb, item, indent + 2, true);
        } else {
          sb.append(scalar(item, indent + 2)).append('\n');
        }
      }
    } else {
      sb.append(pad).append(scalar(v, indent)).append('\n');
    }
  }

  private static void writeValue(StringBuilder sb, Object v, int indent) {
    if ((v instanceof Map<?, ?> m && !m.isEmpty()) || (v instanceof List<?> l && !l.isEmpty())) {
      sb.append('\n');
      write(sb, v, indent, false);
    } else {
      sb.append(' ').append(scalar(v, indent)).append('\n');
    }
  }

  private static String scalar(Object v, int indent) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map<?, ?>) {
      return "{}";
    }
    if (v instanceof List<?>) {
      return "[]";
    }
    if (!(v instanceof String s)) {
      return String.valueOf(v);
    }
    if (s.contains("\n") && !s.startsWith(" ") && !s.contains("\r") && !s.contains("\t")) {
      String chomp = s.endsWith("\n\n") ? "+" : s.endsWith("\n") ? "" : "-";
      StringBuilder b = new StringBuilder("|").append(chomp);
      String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
      for (String line : body.split("\n", -1)) {
        b.append('\n');
        if (!line.isEmpty()) {
          b.append(" ".repeat(indent)).append(line);
        }
      }
      return b.toString();
    }
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
