package io.jprov.cli;

import io.jprov.InputException;
import io.jprov.inventory.Inventory;
import java.nio.file.Path;

/** Loads the inventory named on the command line, or the implicit one of {@code --local}. */
final class Inventories {
  private Inventories() {}

  static Inventory load(CommonOptions common, boolean local) {
    if (local) {
      if (common.inventory != null) {
        throw new InputException("--local and -i exclude each other: --local targets this machine only");
      }
      return Inventory.localOnly(common.extraVarsMap());
    }
    if (common.inventory == null) {
      throw new InputException("no inventory: pass -i INVENTORY, or --local to target this machine");
    }
    return Inventory.load(Path.of(common.inventory), common.inventory, common.extraVarsMap());
  }
}
