package io.jprov.inventory;

import io.jprov.InputException;
import io.jprov.yaml.Keys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed {@code --limit} / {@code hosts:} pattern (SPEC §4). Terms are separated by {@code ,} or
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

  private record Term(Op op, String text) {}

  private final String text;
  private final List<Term> terms;

  private HostPattern(String text, List<Term> terms) {
    this.text = text;
    this.terms = terms;
  }

  /**
   * Parses a pattern.
   *
   * @throws InputException for an empty pattern or an empty term
   */
  public static HostPattern parse(String text) {
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
        throw new InputException("--limit: empty term in pattern '" + text + "'");
      }
      terms.add(new Term(op, t));
    }
    if (terms.isEmpty()) {
      throw new InputException("--limit: empty pattern");
    }
    return new HostPattern(text, List.copyOf(terms));
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
      Set<String> m = match(t.text(), inventory);
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

  private static Set<String> match(String term, Inventory inv) {
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
        throw new InputException("--limit: " + e.getMessage());
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
    if (term.indexOf('*') >= 0 || term.indexOf('?') >= 0 || term.indexOf('[') >= 0) {
      Pattern glob = glob(term);
      for (String g : inv.groups().keySet()) {
        if (glob.matcher(g).matches()) {
          addGroup(g, inv, out);
        }
      }
      for (Host h : inv.hosts()) {
        if (glob.matcher(h.name()).matches()) {
          out.add(h.name());
        }
      }
      return out;
    }
    List<String> names = new ArrayList<>(inv.groups().keySet());
    inv.hosts().forEach(h -> names.add(h.name()));
    throw new InputException("--limit: no host or group named '" + term + "'"
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

  private static Pattern glob(String term) {
    StringBuilder re = new StringBuilder();
    boolean inClass = false;
    for (char c : term.toCharArray()) {
      if (inClass) {
        if (c == ']') {
          inClass = false;
          re.append(']');
        } else if (c == '-' || Character.isLetterOrDigit(c)) {
          re.append(c);
        } else {
          re.append('\\').append(c);
        }
      } else if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '[') {
        inClass = true;
        re.append('[');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (inClass) {
      throw new InputException("--limit: unclosed '[' in pattern '" + term + "'");
    }
    return Pattern.compile(re.toString());
  }
}
