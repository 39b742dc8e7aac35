package io.jprov.cli;

import io.jprov.ExitCodes;
import io.jprov.InputException;
import io.jprov.inventory.Group;
import io.jprov.inventory.Host;
import io.jprov.inventory.Inventory;
import io.jprov.inventory.VarNode;
import io.jprov.modules.ModuleRegistry;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.PlaybookLoader;
import io.jprov.template.Templates;
import io.jprov.util.Maps;
import java.util.ArrayList;
import java.util.List;
import io.jprov.yaml.Keys;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jprov inventory --list | --graph | --host NAME}: shows the loaded inventory, like
 * ansible-inventory. {@code --list} (the default) prints {@code {"hosts": {name: {merged vars...,
 * "groups": [...]}}, "groups": {name: {"children": [...], "hosts": [...]}}}}; {@code --graph} the
 * group tree; {@code --host} one host's variables as a run sees them: the playbook's defaults
 * ({@code --playbook}, else the Docker CE playbook) under the inventory's and {@code -e}'s, and under
 * the key {@value #FROM_PLAYBOOK} which of them come from the playbook. A playbook's per-family
 * {@code vars_files} are merged for the family {@code --family} names (a host's family is known only
 * once it is contacted); without it none is, and {@value #FROM_PLAYBOOK} lists them as not merged. {@code --limit} restricts
 * the hosts shown by {@code --list} and {@code --graph}. Output is deterministic (document order).
 */
@Command(name = "inventory", description = "Show the inventory: --list (JSON), --graph (tree), --host NAME (JSON).", mixinStandardHelpOptions = true)
public final class InventoryCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand JprovCommand parent;
  @Mixin CommonOptions common;

  @Option(names = "--list", description = "Every host with its merged variables, as JSON (the default).") boolean list;
  @Option(names = "--graph", description = "The group tree.") boolean graph;
  @Option(names = "--host", paramLabel = "NAME", description = "One host's variables as a run sees them (the"
      + " playbook's defaults under the inventory and -e), as JSON; " + FROM_PLAYBOOK + " lists those from the playbook.")
  String host;
  @Option(names = "--playbook", paramLabel = "PLAYBOOK", description = "Whose defaults --host merges in;"
      + " default: playbooks/docker-ce.yml of the jprov install.") String playbook;
  @Option(names = "--family", paramLabel = "FAMILY", description = "With --host: merge the playbook's vars_files"
      + " of this platform family (el7, el8, el9, debian, ubuntu) too; a host's family is known only once it is"
      + " contacted (jprov facts shows it).") String family;

  /** The key of {@code --host}'s output that says which variables are the playbook's defaults. */
  static final String FROM_PLAYBOOK = "from_playbook_defaults";

  @Override
  public Integer call() {
    if ((list ? 1 : 0) + (graph ? 1 : 0) + (host != null ? 1 : 0) > 1) {
      throw new InputException("inventory: pass only one of --list, --graph, --host NAME");
    }
    if (common.inventory == null) {
      throw new InputException("no inventory: pass -i FILE");
    }
    Inventory inv = Inventory.load(Path.of(common.inventory), common.inventory, common.extraVarsMap(), Inventories.SCHEMA);
    if (host != null) {
      Host h = inv.host(host);
      if (h == null) {
        throw new InputException("no host named '" + host + "' in " + inv.source()
            + Keys.hint(host, inv.hosts().stream().map(Host::name).toList()));
      }
      parent.out.println(json(effective(h)));
      return ExitCodes.OK;
    }
    Set<String> shown = new LinkedHashSet<>();
    (common.limit == null ? inv.hosts() : inv.select(common.limit)).forEach(h -> shown.add(h.name()));
    parent.out.print(graph ? graph(inv, shown) : json(list(inv, shown)) + System.lineSeparator());
    return ExitCodes.OK;
  }

  /**
   * The host's variables with the playbook's defaults merged under them, as the engine merges them,
   * and under {@link #FROM_PLAYBOOK} the playbook and the variables (as {@code -e} writes them) whose
   * value is entirely the playbook's.
   */
  private Map<String, Object> effective(Host h) {
    if (playbook != null && playbook.isEmpty()) {
      throw new InputException("--playbook: expected a playbook file");
    }
    Path home = Home.find();
    Path file = playbook != null ? Path.of(playbook) : home.resolve("playbooks/docker-ce.yml");
    String name = playbook != null ? playbook : file.toString();
    Playbook pb = new PlaybookLoader(ModuleRegistry.builtin(new Templates(PlaybookRun.templateDirs(home, file))))
        .load(file, name);
    List<String> families = java.util.Arrays.stream(io.jprov.platform.Family.values())
        .map(io.jprov.platform.Family::key).toList();
    if (family != null && !families.contains(family)) {
      throw new InputException("--family: expected one of " + String.join(", ", families) + ", found '"
          + io.jprov.util.Text.shown(family) + "'" + Keys.hint(family, families));
    }
    Map<String, Object> playDefaults = pb.defaults(family);
    Map<String, Object> out = new LinkedHashMap<>(Maps.deepMerge(playDefaults, h.vars()));
    List<String> defaults = new ArrayList<>();
    fromDefaults(playDefaults, h.vars(), "", defaults);
    Map<String, Object> from = new LinkedHashMap<>();
    from.put("playbook", name);
    if (pb.varsFiles().stream().anyMatch(Playbook.VarsFile::perFamily)) {
      // which file applies depends on the host's platform, known only once it is contacted: the
      // operator names the family, or sees which files exist and that none was merged
      from.put("family", family);
      Map<String, Object> files = new LinkedHashMap<>();
      for (Playbook.VarsFile vf : pb.varsFiles()) {
        if (family != null || !vf.perFamily()) {
          Playbook.Loaded l = vf.forFamily(family);
          if (l != null) {
            files.put(l.shown(), "merged");
          }
        } else {
          vf.files().forEach((fam, l) -> files.put(l.shown(), "not merged: pass --family " + fam));
        }
      }
      from.put("vars_files", files);
    }
    from.put("vars", defaults);
    out.put(FROM_PLAYBOOK, from);
    return out;
  }

  /** Adds the paths of {@code defaults} that {@code vars} does not set (wholly or in part) to {@code out}. */
  @SuppressWarnings("unchecked")
  private static void fromDefaults(Map<String, Object> defaults, Map<String, Object> vars, String path,
      List<String> out) {
    for (Map.Entry<String, Object> e : defaults.entrySet()) {
      String p = path.isEmpty() ? e.getKey() : path + "." + VarNode.pathSegment(e.getKey());
      if (!vars.containsKey(e.getKey())) {
        out.add(p);
      } else if (e.getValue() instanceof Map<?, ?> d && vars.get(e.getKey()) instanceof Map<?, ?> v) {
        fromDefaults((Map<String, Object>) d, (Map<String, Object>) v, p, out);
      }
    }
  }

  private static Map<String, Object> list(Inventory inv, Set<String> shown) {
    Map<String, Object> hosts = new LinkedHashMap<>();
    for (Host h : inv.hosts()) {
      if (shown.contains(h.name())) {
        Map<String, Object> v = new LinkedHashMap<>(h.vars());
        v.put("groups", h.groups());
        hosts.put(h.name(), v);
      }
    }
    Map<String, Object> groups = new LinkedHashMap<>();
    for (Group g : inv.groups().values()) {
      Map<String, Object> gv = new LinkedHashMap<>();
      gv.put("children", g.children());
      gv.put("hosts", g.hosts().stream().filter(shown::contains).toList());
      groups.put(g.name(), gv);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hosts", hosts);
    out.put("groups", groups);
    return out;
  }

  private static String graph(Inventory inv, Set<String> shown) {
    StringBuilder sb = new StringBuilder("@all:").append(System.lineSeparator());
    graph(inv, inv.groups().get("all"), "  ", shown, sb);
    return sb.toString();
  }

  private static void graph(Inventory inv, Group g, String prefix, Set<String> shown, StringBuilder sb) {
    for (String c : g.children()) {
      sb.append(prefix).append("|--@").append(c).append(':').append(System.lineSeparator());
      graph(inv, inv.groups().get(c), prefix + "|  ", shown, sb);
    }
    for (String h : g.hosts()) {
      if (shown.contains(h)) {
        sb.append(prefix).append("|--").append(h).append(System.lineSeparator());
      }
    }
  }

  private static String json(Object value) {
    return io.jprov.report.JsonReport.toJson(value);
  }

}
