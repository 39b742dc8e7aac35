package io.jprov.inventory;

import io.jprov.InputException;
import io.jprov.yaml.Keys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed {@code --limit} / {@code hosts:} pattern (docs/inventory.md). Terms are separated by {@code ,} or
 * {@code :} (not inside {@code [...]}); a term is {@code all} or {@code *} (every host), a group
 * name (its hosts, including those of its descendant groups), a host name, a glob over host and
 * group names ({@code *}, {@code ?}, {@code [abc]} / {@code [1-3]}), or a host range like {@code
 * web[01:05]}. {@code !term} excludes, {@code &term} intersects; as in Ansible, the plain terms are
 * united first (every host when there are none), then intersected, then excluded. The result is in
 * inventory order. A plain name that matches nothing is an error with a "did you mean" hint; a
 * glob or range that matches nothing selects nothing. Immutable and thread-safe.
 */
public final class HostPattern {
  private enum Op { UNION, INTERSECT, EXCLUDE }

  /** A term; {@code glob} is set when the term is matched as a glob. */
  private record Term(Op op, String text, Glob glob) {}

  private final String text;
  private final String what;
  private final List<Term> terms;

  private HostPattern(String text, String what, List<Term> terms) {
    this.text = text;
    this.what = what;
    this.terms = terms;
  }

  /**
   * Parses a {@code --limit} pattern.
   *
   * @throws InputException for an empty pattern, an empty term or an unclosed {@code [}
   */
  public static HostPattern parse(String text) {
    return parse(text, "--limit");
  }

  /**
   * Parses a pattern; errors start with {@code what} ({@code --limit}, or where a playbook's
   * {@code hosts} is written: {@code site.yml:2:8: hosts}).
   *
   * @throws InputException for an empty pattern, an empty term, an unclosed {@code [} or a bad range
   */
  public static HostPattern parse(String text, String what) {
    if (text != null && io.jprov.util.Text.hasControl(text)) {
      throw new InputException(what + ": control characters in pattern '" + io.jprov.util.Text.shown(text) + "'");
    }
    List<Term> terms = new ArrayList<>();
    for (String raw : split(text == null ? "" : text)) {
      String t = raw.strip();
      Op op = Op.UNION;
      if (t.startsWith("!")) {
        op = Op.EXCLUDE;
        t = t.substring(1).strip();
      } else if (t.startsWith("&")) {
        op = Op.INTERSECT;
        t = t.substring(1).strip();
      }
      if (t.isEmpty()) {
        throw new InputException(what + ": empty term in pattern '" + text + "'");
      }
      Glob glob = null;
      if (isRange(t)) {
        try {
          HostRange.expand(t);
        } catch (IllegalArgumentException e) {
          throw new InputException(what + ": " + e.getMessage());
        }
      } else if (t.indexOf('*') >= 0 || t.indexOf('?') >= 0 || t.indexOf('[') >= 0) {
        glob = Glob.compile(t, what);
      }
      terms.add(new Term(op, t, glob));
    }
    if (terms.isEmpty()) {
      throw new InputException(what + ": empty pattern");
    }
    return new HostPattern(text, what, List.copyOf(terms));
  }

  private static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    for (char c : text.toCharArray()) {
      if (c == '[') {
        depth++;
      } else if (c == ']' && depth > 0) {
        depth--;
      }
      if ((c == ',' || c == ':') && depth == 0) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank() || !out.isEmpty()) {
      out.add(cur.toString());
    }
    return out;
  }

  /** The pattern as written. */
  public String text() {
    return text;
  }

  /**
   * The matching hosts, in inventory order.
   *
   * @throws InputException when a plain term names no host or group
   */
  public List<Host> select(Inventory inventory) {
    Set<String> union = null;
    List<Set<String>> intersect = new ArrayList<>();
    List<Set<String>> exclude = new ArrayList<>();
    for (Term t : terms) {
      Set<String> m = match(t, inventory);
      switch (t.op()) {
        case UNION -> {
          if (union == null) {
            union = new HashSet<>();
          }
          union.addAll(m);
        }
        case INTERSECT -> intersect.add(m);
        case EXCLUDE -> exclude.add(m);
        default -> throw new IllegalStateException();
      }
    }
    List<Host> out = new ArrayList<>();
    for (Host h : inventory.hosts()) {
      String n = h.name();
      if ((union == null || union.contains(n))
          && intersect.stream().allMatch(s -> s.contains(n))
          && exclude.stream().noneMatch(s -> s.contains(n))) {
        out.add(h);
      }
    }
    return out;
  }

  private Set<String> match(Term t, Inventory inv) {
    String term = t.text();
    Set<String> out = new LinkedHashSet<>();
    if (term.equals("all") || term.equals("*")) {
      inv.hosts().forEach(h -> out.add(h.name()));
      return out;
    }
    if (inv.groups().containsKey(term)) {
      addGroup(term, inv, out);
      return out;
    }
    if (inv.host(term) != null) {
      out.add(term);
      return out;
    }
    if (isRange(term)) {
      List<String> names;
      try {
        names = HostRange.expand(term);
      } catch (IllegalArgumentException e) {
        throw new InputException(what + ": " + e.getMessage());
      }
      for (String n : names) {
        if (inv.host(n) != null) {
          out.add(n);
        } else if (inv.groups().containsKey(n)) {
          addGroup(n, inv, out);
        }
      }
      return out;
    }
    if (t.glob() != null) {
      for (String g : inv.groups().keySet()) {
        if (t.glob().matches(g)) {
          addGroup(g, inv, out);
        }
      }
      for (Host h : inv.hosts()) {
        if (t.glob().matches(h.name())) {
          out.add(h.name());
        }
      }
      return out;
    }
    List<String> names = new ArrayList<>(inv.groups().keySet());
    inv.hosts().forEach(h -> names.add(h.name()));
    throw new InputException(what + ": no host or group named '" + io.jprov.util.Text.shown(term) + "'"
        + Keys.hint(term, names));
  }

  private static boolean isRange(String term) {
    int open = term.indexOf('[');
    int close = term.indexOf(']');
    return open >= 0 && close > open && term.substring(open, close).contains(":");
  }

  private static void addGroup(String group, Inventory inv, Set<String> out) {
    for (Host h : inv.hosts()) {
      if (h.groups().contains(group)) {
        out.add(h.name());
      }
    }
  }

  /**
   * A glob ({@code *}, {@code ?}, {@code [abc]}, {@code [1-3]}) matched without regular
   * expressions: the classic two-pointer match that backtracks only to the last {@code *}, so a
   * pattern like {@code *a*a*a*a*a*a*a*b} against a long name takes O(name × pattern) steps, not
   * the exponential time of a backtracking regex.
   */
  static final class Glob {
    private static final int STAR = -1;
    private static final int ANY = -2;
    /** Per pattern position: a literal char, STAR, ANY, or an index into classes encoded as -3 - i. */
    private final int[] tokens;
    private final List<String> classes;

    private Glob(int[] tokens, List<String> classes) {
      this.tokens = tokens;
      this.classes = classes;
    }

    static Glob compile(String term, String what) {
      List<Integer> tokens = new ArrayList<>();
      List<String> classes = new ArrayList<>();
      for (int i = 0; i < term.length(); i++) {
        char c = term.charAt(i);
        if (c == '*') {
          if (tokens.isEmpty() || tokens.get(tokens.size() - 1) != STAR) {
            tokens.add(STAR);
          }
        } else if (c == '?') {
          tokens.add(ANY);
        } else if (c == '[') {
          int close = term.indexOf(']', i + 1);
          if (close < 0) {
            throw new InputException(what + ": unclosed '[' in pattern '" + io.jprov.util.Text.shown(term) + "'");
          }
          tokens.add(-3 - classes.size());
          classes.add(term.substring(i + 1, close));
          i = close;
        } else {
          tokens.add((int) c);
        }
      }
      return new Glob(tokens.stream().mapToInt(Integer::intValue).toArray(), classes);
    }

    private boolean one(int token, char c) {
      if (token == ANY) {
        return true;
      }
      if (token >= 0) {
        return token == c;
      }
      String cls = classes.get(-3 - token);
      for (int i = 0; i < cls.length(); i++) {
        if (i + 2 < cls.length() && cls.charAt(i + 1) == '-') {
          if (c >= cls.charAt(i) && c <= cls.charAt(i + 2)) {
            return true;
          }
          i += 2;
        } else if (cls.charAt(i) == c) {
          return true;
        }
      }
      return false;
    }

    boolean matches(String name) {
      int p = 0;
      int n = 0;
      int starP = -1;
      int starN = 0;
      while (n < name.length()) {
        if (p < tokens.length && tokens[p] == STAR) {
          starP = p++;
          starN = n;
        } else if (p < tokens.length && one(tokens[p], name.charAt(n))) {
          p++;
          n++;
        } else if (starP >= 0) {
          p = starP + 1;
          n = ++starN;
        } else {
          return false;
        }
      }
      while (p < tokens.length && tokens[p] == STAR) {
        p++;
      }
      return p == tokens.length;
    }
  }
}
