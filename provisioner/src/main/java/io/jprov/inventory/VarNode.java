package io.jprov.inventory;

import io.jprov.InputException;
import io.jprov.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A variable value together with where it was written, so that validation can name the offending
 * value: {@code file:line:column} for inventory values, {@code -e docker.channel} for extra vars.
 * Used while loading, and by {@link Inventory#checkEffective} for the checks that need every layer
 * merged; the variables a host is given are plain Java values.
 */
public sealed interface VarNode permits VarNode.VMap, VarNode.VList, VarNode.VScalar {

  /** Where the value was written, e.g. {@code inv.yml:3:12} or {@code -e ssh_port}. */
  String where();

  /** A short human name of the kind, for "expected X, found Y". */
  String kind();

  /** The value as plain Java objects (maps, lists, scalars). */
  Object plain();

  /** An input error about this value: the message prefixed with where it was written. */
  default InputException error(String message) {
    return Vars.error(where(), message);
  }

  /**
   * The value as text.
   *
   * @param name the variable as users write it, for the message ({@code docker.mirror})
   * @throws InputException unless the value is a string
   */
  default String string(String name) {
    if (plain() instanceof String s) {
      return s;
    }
    throw error(name + ": expected a string, found " + Vars.describe(plain()));
  }

  /**
   * The value as a list.
   *
   * @throws InputException unless the value is a list
   */
  default VList list(String name) {
    if (this instanceof VList l) {
      return l;
    }
    throw error(name + ": expected a list, found " + kind());
  }

  /**
   * A mapping.
   *
   * @param entries values by key, in document order
   * @param keyWhere where each key was written
   */
  record VMap(Map<String, VarNode> entries, Map<String, String> keyWhere, String where)
      implements VarNode {
    @Override
    public String kind() {
      return "a mapping";
    }

    VarNode get(String key) {
      return entries.get(key);
    }

    /** An input error about one key (a misspelt one, say): prefixed with where the key was written. */
    public InputException keyError(String key, String message) {
      return Vars.error(keyWhere.getOrDefault(key, where), message);
    }

    @Override
    public Object plain() {
      Map<String, Object> out = new LinkedHashMap<>();
      entries.forEach((k, v) -> out.put(k, v.plain()));
      return out;
    }
  }

  /** A list. */
  record VList(List<VarNode> items, String where) implements VarNode {
    @Override
    public String kind() {
      return "a list";
    }

    @Override
    public Object plain() {
      List<Object> out = new ArrayList<>();
      items.forEach(i -> out.add(i.plain()));
      return out;
    }
  }

  /** A scalar: String, Integer, Long, Double, Boolean or null. */
  record VScalar(Object value, String where) implements VarNode {
    @Override
    public String kind() {
      return io.jprov.util.Text.kind(value);
    }

    @Override
    public Object plain() {
      return value;
    }
  }

  /** Wraps a YAML node, keeping its locations. */
  static VarNode of(YNode node) {
    if (node instanceof YNode.YMap m) {
      Map<String, VarNode> entries = new LinkedHashMap<>();
      Map<String, String> keys = new LinkedHashMap<>();
      for (YNode.Entry e : m.entries().values()) {
        entries.put(e.key(), of(e.value()));
        keys.put(e.key(), e.keyLocation().toString());
      }
      return new VMap(entries, keys, m.location().toString());
    }
    if (node instanceof YNode.YSeq s) {
      List<VarNode> items = new ArrayList<>();
      s.items().forEach(i -> items.add(of(i)));
      return new VList(items, s.location().toString());
    }
    YNode.YScalar s = (YNode.YScalar) node;
    return new VScalar(s.value(), s.location().toString());
  }

  /**
   * Wraps plain values that were all written in one place (a playbook's {@code vars}): every part
   * says {@code where}.
   */
  @SuppressWarnings("unchecked")
  static VarNode ofPlain(Object value, String where) {
    if (value instanceof Map<?, ?> m) {
      Map<String, VarNode> entries = new LinkedHashMap<>();
      Map<String, String> keys = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, v) -> {
        entries.put(k, ofPlain(v, where));
        keys.put(k, where);
      });
      return new VMap(entries, keys, where);
    }
    if (value instanceof List<?> l) {
      List<VarNode> items = new ArrayList<>();
      l.forEach(i -> items.add(ofPlain(i, where)));
      return new VList(items, where);
    }
    return new VScalar(value, where);
  }

  /**
   * {@code over} merged onto {@code base} as variable layers merge (docs/inventory.md): mappings key
   * by key, anything else replaced; each part keeps where it was written.
   */
  static VarNode merge(VarNode base, VarNode over) {
    if (base instanceof VMap b && over instanceof VMap o) {
      Map<String, VarNode> entries = new LinkedHashMap<>(b.entries());
      Map<String, String> keys = new LinkedHashMap<>(b.keyWhere());
      o.entries().forEach((k, v) -> {
        VarNode old = entries.get(k);
        entries.put(k, old == null ? v : merge(old, v));
        String kw = o.keyWhere().get(k);
        if (kw != null) {
          keys.put(k, kw);
        }
      });
      return new VMap(entries, keys, o.where());
    }
    return over;
  }

  /**
   * Wraps {@code -e} values; {@code path} is the variable name so far as {@code -e} writes it (empty
   * at the root, keys joined by {@link #pathSegment}). A scalar not in a list says where it was
   * given as {@code -e path=value}, the way it can be typed.
   */
  @SuppressWarnings("unchecked")
  static VarNode ofExtra(Object value, String path) {
    String where = path.isEmpty() ? "-e" : "-e " + path;
    if (value instanceof Map<?, ?> m) {
      Map<String, VarNode> entries = new LinkedHashMap<>();
      Map<String, String> keys = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, v) -> {
        String p = path.isEmpty() ? k : path + "." + pathSegment(k);
        entries.put(k, ofExtra(v, p));
        keys.put(k, "-e " + p);
      });
      return new VMap(entries, keys, where);
    }
    if (value instanceof List<?> l) {
      List<VarNode> items = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        items.add(ofExtra(l.get(i), path + "[" + i + "]"));
      }
      return new VList(items, where);
    }
    boolean inList = path.endsWith("]");
    return new VScalar(value, inList || value == null ? where
        : where + "=" + io.jprov.util.Text.shown(String.valueOf(value)));
  }

  /** A key below a variable as {@code -e} writes it: bare when it is a name, else quoted ({@code "24.0.9"}). */
  public static String pathSegment(String key) {
    if (BARE_KEY.matcher(key).matches()) {
      return key;
    }
    return '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** A key {@code -e} writes without quotes: letters, digits, {@code _} and {@code -}, not starting with a digit or {@code -}. */
  java.util.regex.Pattern BARE_KEY = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
}
