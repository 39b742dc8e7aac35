package io.jprov.inventory;

import io.jprov.InputException;
import io.jprov.transport.ConnectionSpec;
import io.jprov.Location;
import io.jprov.yaml.Keys;
import io.jprov.yaml.YNode;
import io.jprov.yaml.YamlLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads and validates inventory YAML. The rules it implements:
 *
 * <ul>
 *   <li>The document is a mapping with exactly one key, {@code all}. A group has only {@code
 *       vars}, {@code hosts} and {@code children}; a host maps to nothing or to its variables.
 *   <li>A group written more than once (under different parents) is one group: its children and
 *       hosts are the union, its variables are deep-merged in document order (a later definition
 *       wins per key). The same rule applies to a host listed in several groups, except that two
 *       different {@code address} values are an error naming both places.
 *   <li>A name cannot be both a group and a host (a pattern could not tell them apart); {@code all}
 *       cannot be a child; group cycles are errors.
 *   <li>Variables of a host merge in this order, later wins: its groups sorted by depth (longest
 *       path from {@code all}, so {@code all} first, parents before children), groups of equal
 *       depth by name; then the host's own variables; then {@code -e}. {@link Host#groups()} lists
 *       the groups in exactly that order (direct groups and their ancestors).
 *   <li>Hosts are in document order of first appearance.
 * </ul>
 *
 * Not thread-safe; one instance per load.
 */
final class InventoryLoader {
  private static final List<String> GROUP_KEYS = List.of("vars", "hosts", "children");
  private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final Pattern BAD_HOST_CHAR = Pattern.compile("[\\s,:!&*?\\[\\]]");
  /**
   * A host name is also the address when none is given, and it appears in messages, log file
   * names and patterns: ASCII letters, digits, {@code . _ -}, not starting with {@code -} or
   * {@code .} (no control character, whitespace, quote or shell character).
   */
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

  private static final class GroupDef {
    final String name;
    final Location location;
    final Set<String> children = new LinkedHashSet<>();
    final Set<String> hosts = new LinkedHashSet<>();
    final Set<String> parents = new LinkedHashSet<>();
    final Map<String, Location> childLocations = new HashMap<>();
    final List<Map<String, Object>> vars = new ArrayList<>();
    final List<VarNode.VMap> varNodes = new ArrayList<>();
    int depth = -1;

    GroupDef(String name, Location location) {
      this.name = name;
      this.location = location;
    }
  }

  private static final class HostDef {
    final String name;
    final Location location;
    final Set<String> groups = new LinkedHashSet<>();
    final List<Map<String, Object>> vars = new ArrayList<>(1);
    final List<VarNode.VMap> varNodes = new ArrayList<>(1);
    VarNode address;

    HostDef(String name, Location location) {
      this.name = name;
      this.location = location;
    }
  }

  private final Map<String, GroupDef> groups = new LinkedHashMap<>();
  private final Map<String, HostDef> hosts = new LinkedHashMap<>();
  private final VarSchema schema;

  private InventoryLoader(VarSchema schema) {
    this.schema = schema;
  }

  static Inventory load(Path file, String displayName, Map<String, Object> extraVars, VarSchema schema) {
    return parse(YamlLoader.load(file, displayName), displayName, extraVars, schema);
  }

  static Inventory parse(YNode root, String displayName, Map<String, Object> extraVars, VarSchema schema) {
    return new InventoryLoader(schema).build(root, displayName, extraVars);
  }

  static Inventory localOnly(Map<String, Object> extraVars, VarSchema schema) {
    Map<String, Object> extra = extra(extraVars, schema);
    Map<String, Object> vars = new LinkedHashMap<>(extra);
    vars.putIfAbsent("connection", "local");
    vars.putIfAbsent("become", true);
    Map<String, Object> frozen = Vars.freezeMap(vars);
    Host host = new Host("localhost", frozen, ConnectionVars.spec(frozen, "localhost"), List.of("all"), null);
    Map<String, Host> hosts = new LinkedHashMap<>();
    hosts.put(host.name(), host);
    Group all = new Group("all", List.of(), List.of("localhost"), Map.of(), null);
    return new Inventory("--local", Map.of("all", all), hosts, schema,
        Map.of("localhost", extraLayers(extraVars)));
  }

  private static Map<String, Object> extra(Map<String, Object> extraVars, VarSchema schema) {
    if (extraVars == null || extraVars.isEmpty()) {
      return Map.of();
    }
    Vars.validate(extraNode(extraVars), schema);
    return Vars.freezeMap(extraVars);
  }

  /** The {@code -e} layer with where each value was given; empty when there is none. */
  private static List<VarNode.VMap> extraLayers(Map<String, Object> extraVars) {
    return extraVars == null || extraVars.isEmpty() ? List.of() : List.of(extraNode(extraVars));
  }

  private static VarNode.VMap extraNode(Map<String, Object> extraVars) {
    return (VarNode.VMap) VarNode.ofExtra(extraVars, "");
  }

  private Inventory build(YNode root, String displayName, Map<String, Object> extraVars) {
    YNode.YMap top = Keys.map(root, "inventory");
    for (YNode.Entry e : top.entries().values()) {
      if (!e.key().equals("all")) {
        throw InputException.at(e.keyLocation(), "unknown top-level key '" + e.key() + "'"
            + Keys.hint(e.key(), List.of("all"))
            + "; an inventory has one top-level key, all, with groups under all: children:");
      }
    }
    YNode.Entry all = top.entries().get("all");
    if (all == null) {
      throw InputException.at(top.location(), "empty inventory: expected 'all:' with hosts or children");
    }
    Map<String, Object> extra = extra(extraVars, schema);
    defineGroup("all", all.keyLocation(), all.value(), null);
    computeDepths();
    for (HostDef h : hosts.values()) {
      GroupDef g = groups.get(h.name);
      if (g != null) {
        throw InputException.at(h.location, "'" + h.name + "' is both a host and a group (group at "
            + g.location + "); rename one, since --limit could not tell them apart");
      }
    }
    return assemble(displayName, extra, extraLayers(extraVars));
  }

  private void defineGroup(String name, Location keyLoc, YNode body, String parent) {
    GroupDef g = groups.computeIfAbsent(name, n -> new GroupDef(n, keyLoc));
    if (parent != null) {
      g.parents.add(parent);
      GroupDef p = groups.get(parent);
      p.children.add(name);
      p.childLocations.putIfAbsent(name, keyLoc);
    }
    if (isNull(body)) {
      return;
    }
    YNode.YMap m = Keys.map(body, "group '" + name + "'");
    for (YNode.Entry e : m.entries().values()) {
      if (!GROUP_KEYS.contains(e.key())) {
        throw InputException.at(e.keyLocation(), "unknown group key '" + e.key() + "'"
            + groupKeyHint(e.key()) + "; a group has vars, hosts and children");
      }
    }
    YNode vars = m.get("vars");
    if (!isNull(vars)) {
      VarNode v = VarNode.of(Keys.map(vars, "vars of group '" + name + "'"));
      Vars.validate((VarNode.VMap) v, schema);
      g.vars.add(Vars.freezeMap(castMap(v.plain())));
      g.varNodes.add((VarNode.VMap) v);
    }
    YNode hostsNode = m.get("hosts");
    if (!isNull(hostsNode)) {
      String what = "hosts of group '" + name + "'";
      for (YNode.Entry e : namedEntries(hostsNode, what, "host names (one 'web01:' per line)")) {
        defineHosts(e, name);
      }
    }
    YNode children = m.get("children");
    if (!isNull(children)) {
      String what = "children of group '" + name + "'";
      for (YNode.Entry e : namedEntries(children, what, "group names (one 'web:' per line)")) {
        String child = e.key();
        if (child.equals("all")) {
          throw InputException.at(e.keyLocation(), "'all' is the root group and cannot be a child");
        }
        if (!GROUP_NAME.matcher(child).matches()) {
          throw InputException.at(e.keyLocation(), "bad group name '" + child
              + "': use letters, digits, _ and - (starting with a letter or _)");
        }
        defineGroup(child, e.keyLocation(), e.value(), name);
      }
    }
  }

  /**
   * " (did you mean 'children'?)" for a near miss of a group key: {@link Keys#hint}, else a key
   * sharing its first four letters with exactly one group key ({@code childs}, {@code childrens}),
   * else the name other tools use ({@code groups} for children, {@code variables} for vars).
   */
  static String groupKeyHint(String key) {
    String hint = Keys.hint(key, GROUP_KEYS);
    if (!hint.isEmpty()) {
      return hint;
    }
    String k = key.toLowerCase(java.util.Locale.ROOT);
    List<String> same = GROUP_KEYS.stream()
        .filter(g -> k.length() >= 4 && g.startsWith(k.substring(0, 4))).toList();
    String to = same.size() == 1 ? same.get(0)
        : switch (k) {
          case "groups", "subgroups", "child_groups" -> "children";
          case "variables", "group_vars", "var" -> "vars";
          case "host", "members", "nodes", "servers" -> "hosts";
          default -> null;
        };
    return to == null ? "" : " (did you mean '" + to + "'?)";
  }

  /**
   * The entries of a group's {@code hosts} or {@code children}, which must be a mapping keyed by
   * {@code names}; a list there is the usual slip, so its error says how to write the mapping.
   */
  private static Collection<YNode.Entry> namedEntries(YNode node, String what, String names) {
    if (node instanceof YNode.YSeq) {
      throw InputException.at(node.location(), what + ": expected a mapping of " + names + ", found a list");
    }
    return Keys.map(node, what).entries().values();
  }

  private void defineHosts(YNode.Entry e, String group) {
    String spec = e.key();
    List<String> names;
    try {
      names = HostRange.expand(spec);
    } catch (IllegalArgumentException ex) {
      throw InputException.at(e.keyLocation(), ex.getMessage());
    }
    for (String n : names) {
      java.util.regex.Matcher bad = BAD_HOST_CHAR.matcher(n);
      if (n.isEmpty() || bad.find()) {
        throw InputException.at(e.keyLocation(), "bad host name '" + io.jprov.util.Text.shown(n) + "'"
            + (n.isEmpty() ? "" : ": '" + io.jprov.util.Text.shown(bad.group()) + "' is not allowed in host names"));
      }
      if (!HOST_NAME.matcher(n).matches()) {
        throw InputException.at(e.keyLocation(), "bad host name '" + io.jprov.util.Text.shown(n)
            + "': use ASCII letters, digits, '.', '_' and '-', not starting with '-' or '.'"
            + " (set the real address with address: when it differs)");
      }
    }
    Map<String, Object> vars = null;
    VarNode.VMap varNode = null;
    VarNode address = null;
    YNode value = e.value();
    if (!isNull(value)) {
      if (!(value instanceof YNode.YMap m)) {
        throw InputException.at(value.location(), "host '" + spec
            + "': expected its variables as a mapping, or nothing, found " + value.kind());
      }
      for (YNode.Entry ve : m.entries().values()) {
        if (GROUP_KEYS.contains(ve.key())) {
          throw InputException.at(ve.keyLocation(), "'" + ve.key() + "' is a group key; host '"
              + spec + "' takes its variables directly (address: ..., ssh_port: ...)");
        }
      }
      VarNode.VMap v = (VarNode.VMap) VarNode.of(m);
      Vars.validate(v, schema);
      vars = Vars.freezeMap(castMap(v.plain()));
      varNode = v;
      VarNode a = v.get("address");
      address = a == null || a.plain() == null ? null : a;
    }
    GroupDef g = groups.get(group);
    for (String n : names) {
      HostDef h = hosts.get(n);
      if (h == null) {
        h = new HostDef(n, e.keyLocation());
        hosts.put(n, h);
      }
      h.groups.add(group);
      g.hosts.add(n);
      if (vars != null) {
        h.vars.add(vars);
        h.varNodes.add(varNode);
      }
      if (address != null) {
        if (h.address != null && !h.address.plain().equals(address.plain())) {
          throw Vars.error(address.where(), "host '" + n + "' is defined twice with different"
              + " addresses: '" + h.address.plain() + "' at " + h.address.where() + " and '"
              + address.plain() + "' here");
        }
        h.address = address;
      }
    }
  }

  private void computeDepths() {
    checkCycles(groups.get("all"), new LinkedHashSet<>(), new HashSet<>());
    for (GroupDef g : groups.values()) {
      depthOf(g);
    }
  }

  private void checkCycles(GroupDef g, Set<String> path, Set<String> done) {
    if (done.contains(g.name)) {
      return;
    }
    path.add(g.name);
    for (String c : g.children) {
      if (path.contains(c)) {
        throw InputException.at(g.childLocations.get(c), "group '" + c
            + "' is its own ancestor (cycle: " + String.join(" > ", path) + " > " + c + ")");
      }
      checkCycles(groups.get(c), path, done);
    }
    path.remove(g.name);
    done.add(g.name);
  }

  /** Longest path from all, so that every group sorts after all of its parents. */
  private int depthOf(GroupDef g) {
    if (g.depth < 0) {
      int d = 0;
      for (String p : g.parents) {
        d = Math.max(d, depthOf(groups.get(p)) + 1);
      }
      g.depth = d;
    }
    return g.depth;
  }

  private Inventory assemble(String displayName, Map<String, Object> extra, List<VarNode.VMap> extraLayers) {
    Map<String, Group> outGroups = new LinkedHashMap<>();
    Map<String, Map<String, Object>> groupVars = new HashMap<>();
    for (GroupDef g : groups.values()) {
      Map<String, Object> v = Map.of();
      for (Map<String, Object> layer : g.vars) {
        v = Vars.merge(v, layer);
      }
      groupVars.put(g.name, v);
      outGroups.put(g.name, new Group(g.name, List.copyOf(g.children), List.copyOf(g.hosts), v,
          g.location));
    }
    Comparator<GroupDef> order = Comparator.<GroupDef>comparingInt(g -> g.depth)
        .thenComparing(g -> g.name);
    Map<List<String>, List<String>> chains = new HashMap<>();
    Map<List<String>, Map<String, Object>> chainVars = new HashMap<>();
    Map<List<String>, Map<String, Object>> sharedVars = new HashMap<>();
    Map<Map<String, Object>, ConnectionSpec> specs = new IdentityHashMap<>();
    Map<String, Host> outHosts = new LinkedHashMap<>();
    Map<List<String>, List<VarNode.VMap>> chainLayers = new HashMap<>();
    Map<String, List<VarNode.VMap>> hostLayers = new HashMap<>();
    for (HostDef h : hosts.values()) {
      List<String> direct = List.copyOf(h.groups);
      List<String> chain = chains.computeIfAbsent(direct, d -> {
        Set<GroupDef> closure = new LinkedHashSet<>();
        d.forEach(n -> ancestors(groups.get(n), closure));
        return closure.stream().sorted(order).map(x -> x.name).toList();
      });
      Map<String, Object> vars;
      if (h.vars.isEmpty()) {
        vars = sharedVars.computeIfAbsent(chain, c -> Vars.merge(chainVars(c, chainVars, groupVars), extra));
      } else {
        vars = chainVars(chain, chainVars, groupVars);
        for (Map<String, Object> layer : h.vars) {
          vars = Vars.merge(vars, layer);
        }
        vars = Vars.merge(vars, extra);
      }
      ConnectionSpec spec = specs.get(vars);
      if (spec == null) {
        spec = ConnectionVars.spec(vars, h.name);
        specs.put(vars, spec);
      }
      outHosts.put(h.name, new Host(h.name, vars, spec, chain, h.location));
      // the same layers as vars, with where each value was written (Inventory#checkEffective)
      List<VarNode.VMap> layers = chainLayers.computeIfAbsent(chain, c -> {
        List<VarNode.VMap> l = new ArrayList<>();
        c.forEach(g -> l.addAll(groups.get(g).varNodes));
        l.addAll(extraLayers);
        return List.copyOf(l);
      });
      if (!h.varNodes.isEmpty()) {
        List<VarNode.VMap> l = new ArrayList<>(layers.subList(0, layers.size() - extraLayers.size()));
        l.addAll(h.varNodes);
        l.addAll(extraLayers);
        layers = List.copyOf(l);
      }
      hostLayers.put(h.name, layers);
    }
    return new Inventory(displayName, outGroups, outHosts, schema, hostLayers);
  }

  private static Map<String, Object> chainVars(List<String> chain,
      Map<List<String>, Map<String, Object>> cache, Map<String, Map<String, Object>> groupVars) {
    Map<String, Object> v = cache.get(chain);
    if (v == null) {
      v = Map.of();
      for (String g : chain) {
        v = Vars.merge(v, groupVars.get(g));
      }
      cache.put(chain, v);
    }
    return v;
  }

  private void ancestors(GroupDef g, Set<GroupDef> out) {
    if (out.add(g)) {
      for (String p : g.parents) {
        ancestors(groups.get(p), out);
      }
    }
  }

  private static boolean isNull(YNode n) {
    return n == null || (n instanceof YNode.YScalar s && s.value() == null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }
}
