package io.jprov.bundle;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.util.Evr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An rpm rich (boolean) dependency as primary.xml writes it: {@code (iptables or nftables)},
 * {@code (container-selinux >= 2:2.74 if selinux-policy)}, nested in parentheses (rpm 4.13+; EL8/EL9). Pure.
 *
 * @param op the operator; {@code ATOM} for a plain dependency
 * @param atom the plain dependency (ATOM only)
 * @param args the operands (IF/UNLESS: then, condition[, else])
 */
public record RichDep(Op op, RpmPackage.Dep atom, List<RichDep> args) {
  /** The boolean operators of rpm's rich dependencies. */
  public enum Op { ATOM, AND, OR, IF, UNLESS, WITH, WITHOUT }

  private static final Pattern TOKEN = Pattern.compile("\\(|\\)|[^\\s()]+");

  /**
   * Parses a rich dependency.
   *
   * @throws JprovException (exit 2) naming the expression when it is not well formed
   */
  public static RichDep parse(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      tokens.add(m.group());
    }
    int[] pos = {0};
    RichDep d = term(tokens, pos, text);
    if (pos[0] != tokens.size()) {
      throw bad(text);
    }
    return d;
  }

  private static RichDep term(List<String> t, int[] pos, String text) {
    if (pos[0] >= t.size()) {
      throw bad(text);
    }
    if (!t.get(pos[0]).equals("(")) {
      String name = t.get(pos[0]++);
      if (pos[0] + 1 < t.size() && t.get(pos[0]).matches("<=|>=|=|<|>|==")) {
        String op = t.get(pos[0]++);
        Evr evr = Evr.parse(t.get(pos[0]++));
        String flags = switch (op) {
          case "<" -> "LT";
          case "<=" -> "LE";
          case ">" -> "GT";
          case ">=" -> "GE";
          default -> "EQ";
        };
        return new RichDep(Op.ATOM, new RpmPackage.Dep(name, flags, evr), List.of());
      }
      return new RichDep(Op.ATOM, new RpmPackage.Dep(name, null, null), List.of());
    }
    pos[0]++;
    List<RichDep> args = new ArrayList<>();
    args.add(term(t, pos, text));
    Op op = null;
    while (pos[0] < t.size() && !t.get(pos[0]).equals(")")) {
      String word = t.get(pos[0]++).toUpperCase(Locale.ROOT);
      Op next;
      if (word.equals("ELSE") && (op == Op.IF || op == Op.UNLESS) && args.size() == 2) {
        next = op;
      } else {
        try {
          next = Op.valueOf(word);
        } catch (IllegalArgumentException e) {
          throw bad(text);
        }
        if (next == Op.ATOM || (op != null && op != next) || ((next == Op.IF || next == Op.UNLESS) && args.size() > 1)) {
          throw bad(text);
        }
      }
      op = next;
      args.add(term(t, pos, text));
    }
    if (pos[0] >= t.size()) {
      throw bad(text);
    }
    pos[0]++;
    if (op == null) {
      return args.get(0);
    }
    return new RichDep(op, null, List.copyOf(args));
  }

  private static JprovException bad(String text) {
    return new JprovException(ExitCodes.INPUT, "cannot read the rich dependency '" + text + "'");
  }

  @Override
  public String toString() {
    if (op == Op.ATOM) {
      return atom.toString();
    }
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        String word = (op == Op.IF || op == Op.UNLESS) && i == 2 ? "else" : op.name().toLowerCase(Locale.ROOT);
        b.append(' ').append(word).append(' ');
      }
      b.append(args.get(i));
    }
    return b.append(')').toString();
  }
}
