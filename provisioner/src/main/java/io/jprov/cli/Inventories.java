package io.jprov.cli;

import io.jprov.InputException;
import io.jprov.inventory.Inventory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loads the inventory named on the command line, or the implicit one of {@code --local}. */
final class Inventories {
  private Inventories() {}

  static Inventory load(CommonOptions common, boolean local) {
    return load(common, local, Map.of());
  }

  /** As {@link #load(CommonOptions, boolean)}, with {@code more} variables set like {@code -e} (they win). */
  static Inventory load(CommonOptions common, boolean local, Map<String, Object> more) {
    if (local) {
      if (common.inventory != null) {
        throw new InputException("--local and -i exclude each other: --local targets this machine only");
      }
      return Inventory.localOnly(extra(common, more));
    }
    if (common.inventory == null) {
      throw new InputException("no inventory: pass -i INVENTORY, or --local to target this machine");
    }
    return Inventory.load(Path.of(common.inventory), common.inventory, extra(common, more));
  }

  private static Map<String, Object> extra(CommonOptions common, Map<String, Object> more) {
    Map<String, Object> all = new LinkedHashMap<>(common.extraVarsMap());
    all.putAll(more);
    return all;
  }
}
