package io.jprov.inventory;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated inventory (docs/inventory.md): groups, hosts with merged variables, pattern selection.
 * Immutable and thread-safe.
 */
public final class Inventory {
  private final String source;
  private final Map<String, Group> groups;
  private final Map<String, Host> hosts;
  private final List<Host> hostList;
  private final VarSchema schema;
  /** Per host, its variable layers in merge order with where each value was written. */
  private final Map<String, List<VarNode.VMap>> layers;

  /**
   * @param groups groups by name, iterated in the given order ({@code all} first)
   * @param hosts hosts by name, iterated in the given order (inventory order)
   */
  public Inventory(String source, Map<String, Group> groups, Map<String, Host> hosts) {
    this(source, groups, hosts, VarSchema.NONE, Map.of());
  }

  Inventory(String source, Map<String, Group> groups, Map<String, Host> hosts, VarSchema schema,
      Map<String, List<VarNode.VMap>> layers) {
    this.source = source;
    this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    this.hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    this.hostList = List.copyOf(hosts.values());
    this.schema = schema;
    this.layers = Map.copyOf(layers);
  }

  /**
   * Checks every host's variables as a run sees them: {@code defaults} (a playbook's {@code vars})
   * under the inventory's and {@code -e}'s, with the schema's {@link VarSchema#effective} check, so
   * that a value that is wrong only together with others (a {@code docker.version} that is no key
   * of {@code docker_sets}) is an input error naming where it was written before any host is
   * contacted.
   *
   * @param defaults the lowest layer, merged under each host's variables
   * @param defaultsWhere where they were written, for messages (the playbook file)
   * @throws io.jprov.InputException naming where the offending value was written
   */
  public void checkEffective(Map<String, Object> defaults, String defaultsWhere) {
    if (schema.effective() == null) {
      return;
    }
    VarNode base = VarNode.ofPlain(defaults, defaultsWhere);
    Map<List<VarNode.VMap>, Boolean> done = new java.util.IdentityHashMap<>();
    for (Host h : hostList) {
      List<VarNode.VMap> l = layers.getOrDefault(h.name(), List.of());
      if (done.put(l, Boolean.TRUE) != null) {
        continue;
      }
      VarNode merged = base;
      for (VarNode.VMap layer : l) {
        merged = VarNode.merge(merged, layer);
      }
      if (merged instanceof VarNode.VMap m) {
        schema.effective().check(m);
      }
    }
  }

  /**
   * Loads and validates an inventory file.
   *
   * @param file the file
   * @param displayName the file as the user named it, for messages
   * @param extraVars {@code -e} variables (highest precedence)
   * @param schema the variables beyond the connection variables that are checked where they are
   *     written (the playbook's), or {@link VarSchema#NONE}
   * @throws io.jprov.InputException for any invalid input, naming file:line:column
   */
  public static Inventory load(Path file, String displayName, Map<String, Object> extraVars, VarSchema schema) {
    return InventoryLoader.load(file, displayName, extraVars, schema);
  }

  /**
   * The one-host inventory of {@code --local}: host {@code localhost}, connection local; {@code
   * extraVars} checked as in {@link #load}.
   */
  public static Inventory localOnly(Map<String, Object> extraVars, VarSchema schema) {
    return InventoryLoader.localOnly(extraVars, schema);
  }

  /** Where it came from, for messages. */
  public String source() {
    return source;
  }

  /** All groups by name, including {@code all}, in document order ({@code all} first). */
  public Map<String, Group> groups() {
    return groups;
  }

  /** All hosts in inventory order. */
  public List<Host> hosts() {
    return hostList;
  }

  /** The host of that name, or null. */
  public Host host(String name) {
    return hosts.get(name);
  }

  /**
   * Hosts matching a pattern (docs/inventory.md: names, groups, globs, {@code !exclude}, {@code &intersect},
   * comma or colon separated), in inventory order.
   *
   * @throws io.jprov.InputException when the pattern names a group or host that does not exist
   */
  public List<Host> select(String pattern) {
    return HostPattern.parse(pattern).select(this);
  }

  /**
   * {@link #select(String)} with errors naming {@code what} instead of {@code --limit}, e.g. where
   * a playbook's {@code hosts} is written.
   */
  public List<Host> select(String pattern, String what) {
    return HostPattern.parse(pattern, what).select(this);
  }
}
