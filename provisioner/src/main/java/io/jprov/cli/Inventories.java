package io.jprov.cli;

import io.jprov.InputException;
import io.jprov.inventory.Inventory;
import io.jprov.inventory.VarSchema;
import io.jprov.modules.docker.DockerVars;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads the inventory named on the command line, or the implicit one of {@code --local}, with the
 * Docker CE playbook's variables ({@code docker.*}, {@code base_repos_mirror}) checked where they
 * are written.
 */
final class Inventories {
  /** The variables checked beyond the inventory's own (connection) variables. */
  static final VarSchema SCHEMA = DockerVars.SCHEMA;

  private Inventories() {}

  static Inventory load(CommonOptions common, boolean local) {
    return load(common, local, Map.of());
  }

  /** As {@link #load(CommonOptions, boolean)}, with {@code more} variables set like {@code -e} (they win). */
  static Inventory load(CommonOptions common, boolean local, Map<String, Object> more) {
    return load(common, local, more, SCHEMA);
  }

  /** As {@link #load(CommonOptions, boolean, Map)}, checking the variables with {@code schema}. */
  static Inventory load(CommonOptions common, boolean local, Map<String, Object> more, VarSchema schema) {
    if (local) {
      if (common.inventory != null) {
        throw new InputException("--local and -i exclude each other: --local targets this machine only");
      }
      return Inventory.localOnly(extra(common, more), schema);
    }
    if (common.inventory == null) {
      throw new InputException("no inventory: pass -i INVENTORY, or --local to target this machine");
    }
    return Inventory.load(Path.of(common.inventory), common.inventory, extra(common, more), schema);
  }

  private static Map<String, Object> extra(CommonOptions common, Map<String, Object> more) {
    Map<String, Object> all = new LinkedHashMap<>(common.extraVarsMap());
    all.putAll(more);
    return all;
  }
}
