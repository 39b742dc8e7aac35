package io.jprov.yaml;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes plain data as one YAML document: block style, two-space indentation, keys in the
 * mappings' own iteration order (pass a {@code LinkedHashMap} for a stable order), scalars quoted
 * only where a reader would otherwise take them for something else ({@code "1.10"}, {@code "yes"},
 * {@code ": "}, control characters). Stateless and thread-safe.
 */
public final class YamlWriter {
  private YamlWriter() {}

  /**
   * The YAML text of {@code tree}.
   *
   * @param tree maps with string keys, lists, strings, numbers, booleans and nulls only
   * @param comment written first, each line after {@code "# "}; null for none
   * @throws IllegalArgumentException for any other value (it would need a tag to load back)
   */
  public static String write(Object tree, String comment) {
    check(tree, "the document");
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setWidth(Integer.MAX_VALUE);
    options.setSplitLines(false);
    options.setAllowUnicode(true);
    options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
    StringBuilder out = new StringBuilder();
    if (comment != null) {
      comment.lines().forEach(l -> out.append(l.isEmpty() ? "#" : "# " + l).append('\n'));
    }
    // a fresh Yaml per call: snakeyaml's Yaml is not thread-safe
    return out.append(new Yaml(options).dump(tree)).toString();
  }

  private static void check(Object v, String where) {
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k)) {
          throw new IllegalArgumentException(where + " has a key that is not a string: " + e.getKey());
        }
        check(e.getValue(), where + "." + k);
      }
    } else if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        check(l.get(i), where + "[" + i + "]");
      }
    } else if (v instanceof Collection<?> || !(v == null || v instanceof String || v instanceof Number
        || v instanceof Boolean)) {
      throw new IllegalArgumentException(where + " is a " + v.getClass().getSimpleName()
          + ", not a map, list, string, number, boolean or null");
    }
  }
}
