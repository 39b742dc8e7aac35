package io.jprov.yaml;

import io.jprov.Location;
import io.jprov.util.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node that remembers where it was written, so every error can name file:line:column.
 * Produced by {@link YamlLoader}; snakeyaml never leaks past this package.
 */
public sealed interface YNode permits YNode.YMap, YNode.YSeq, YNode.YScalar {

  Location location();

  /** A human name of the node kind for "expected X, found Y" messages. */
  String kind();

  /** This node as plain Java values: LinkedHashMap, ArrayList, String, Integer/Long, Double, Boolean, null. */
  Object toPlain();

  /** One key of a mapping, with the key's own location. */
  record Entry(String key, Location keyLocation, YNode value) {}

  /** A mapping with string keys in document order. */
  record YMap(Map<String, Entry> entries, Location location) implements YNode {
    @Override
    public String kind() {
      return "a mapping";
    }

    public YNode get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }

    @Override
    public Object toPlain() {
      Map<String, Object> out = new LinkedHashMap<>();
      entries.forEach((k, e) -> out.put(k, e.value().toPlain()));
      return out;
    }
  }

  /** A sequence. */
  record YSeq(List<YNode> items, Location location) implements YNode {
    @Override
    public String kind() {
      return "a list";
    }

    @Override
    public Object toPlain() {
      List<Object> out = new ArrayList<>();
      items.forEach(i -> out.add(i.toPlain()));
      return out;
    }
  }

  /**
   * A scalar, with its value typed by YAML 1.1 core resolution.
   *
   * @param value String, Integer, Long, Double, Boolean or null
   * @param text the scalar as written
   */
  record YScalar(Object value, String text, Location location) implements YNode {
    @Override
    public String kind() {
      return Text.kind(value);
    }

    @Override
    public Object toPlain() {
      return value;
    }
  }
}
