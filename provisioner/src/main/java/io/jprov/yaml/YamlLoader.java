package io.jprov.yaml;

import io.jprov.InputException;
import io.jprov.Location;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads one YAML document into {@link YNode}s with locations. Safe: no object construction from
 * tags, at most {@link #MAX_ALIASES} aliases, at most {@link #MAX_NODES} nodes after alias
 * expansion (an alias bomb is an error, not a hang), duplicate keys are errors.
 */
public final class YamlLoader {
  public static final int MAX_ALIASES = 1_000;
  public static final int MAX_NODES = 200_000;
  private static final int MAX_CODE_POINTS = 8 * 1024 * 1024;

  private final String displayName;
  private int nodes;

  private YamlLoader(String displayName) {
    this.displayName = displayName;
  }

  /**
   * Loads a file. An empty file yields an empty mapping.
   *
   * @param file the file
   * @param displayName how to name it in messages (usually as the user wrote it)
   * @throws InputException for a missing file, malformed YAML, an alias bomb or duplicate keys
   */
  public static YNode load(Path file, String displayName) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputException(displayName + ": file not found");
    } catch (IOException e) {
      throw new InputException(displayName + ": cannot read: " + e.getMessage(), e);
    }
    return parse(text, displayName);
  }

  /** Loads YAML text; see {@link #load(Path, String)}. */
  public static YNode parse(String text, String displayName) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setProcessComments(false);
    Yaml yaml = new Yaml(options);
    Node root;
    try (Reader reader = new StringReader(text)) {
      root = yaml.compose(reader);
    } catch (MarkedYAMLException e) {
      throw at(displayName, e.getProblemMark(), problem(e));
    } catch (YAMLException e) {
      throw new InputException(displayName + ": " + firstLine(e.getMessage()), e);
    } catch (IOException e) {
      throw new InputException(displayName + ": " + e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new InputException(displayName + ": document nested too deeply");
    }
    YamlLoader loader = new YamlLoader(displayName);
    if (root == null) {
      return new YNode.YMap(new LinkedHashMap<>(), new Location(displayName, 1, 1));
    }
    return loader.convert(root);
  }

  private YNode convert(Node node) {
    if (++nodes > MAX_NODES) {
      throw at(displayName, node.getStartMark(),
          "document expands past " + MAX_NODES + " nodes through aliases (alias bomb?)");
    }
    Location loc = location(displayName, node.getStartMark());
    if (node instanceof MappingNode m) {
      Map<String, YNode.Entry> entries = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        Node k = t.getKeyNode();
        if (!(k instanceof ScalarNode ks)) {
          throw at(displayName, k.getStartMark(), "mapping keys must be plain strings");
        }
        if (k.getTag().equals(Tag.MERGE)) {
          throw at(displayName, k.getStartMark(), "merge keys (<<) are not supported");
        }
        String key = ks.getValue();
        Location kloc = location(displayName, k.getStartMark());
        if (entries.containsKey(key)) {
          throw InputException.at(kloc, "duplicate key '" + key + "' (first at line "
              + entries.get(key).keyLocation().line() + ")");
        }
        entries.put(key, new YNode.Entry(key, kloc, convert(t.getValueNode())));
      }
      return new YNode.YMap(entries, loc);
    }
    if (node instanceof SequenceNode s) {
      List<YNode> items = new ArrayList<>();
      for (Node n : s.getValue()) {
        items.add(convert(n));
      }
      return new YNode.YSeq(items, loc);
    }
    ScalarNode s = (ScalarNode) node;
    return new YNode.YScalar(scalarValue(s), s.getValue(), loc);
  }

  private Object scalarValue(ScalarNode s) {
    String v = s.getValue();
    Tag tag = s.getTag();
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      String l = v.toLowerCase(java.util.Locale.ROOT);
      return l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y");
    }
    if (tag.equals(Tag.INT)) {
      try {
        long n = Long.parseLong(v.replace("_", ""));
        return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? (Object) (int) n : (Object) n;
      } catch (NumberFormatException e) {
        return v;
      }
    }
    if (tag.equals(Tag.FLOAT)) {
      try {
        return Double.parseDouble(v.replace("_", ""));
      } catch (NumberFormatException e) {
        return v;
      }
    }
    if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP) || tag.equals(Tag.BINARY)) {
      return v;
    }
    throw at(displayName, s.getStartMark(), "unsupported YAML tag " + tag.getValue());
  }

  private static String problem(MarkedYAMLException e) {
    String p = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
    if (e.getContext() != null && !p.contains(e.getContext())) {
      p = p + " (" + e.getContext() + ")";
    }
    return p.replace('\n', ' ');
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid YAML";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static InputException at(String file, Mark mark, String message) {
    return InputException.at(location(file, mark), message);
  }

  static Location location(String file, Mark mark) {
    if (mark == null) {
      return new Location(file, 1, 1);
    }
    return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
  }
}
