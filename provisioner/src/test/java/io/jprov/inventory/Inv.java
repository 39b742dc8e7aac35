package io.jprov.inventory;

import io.jprov.modules.docker.DockerVars;
import io.jprov.yaml.YamlLoader;
import java.util.Map;

/** Test helper: inventories from text. */
final class Inv {
  private Inv() {}

  static Inventory of(String yaml) {
    return of(yaml, Map.of());
  }

  static Inventory of(String yaml, Map<String, Object> extra) {
    return InventoryLoader.parse(YamlLoader.parse(yaml, "inv.yml"), "inv.yml", extra, DockerVars.SCHEMA);
  }
}
