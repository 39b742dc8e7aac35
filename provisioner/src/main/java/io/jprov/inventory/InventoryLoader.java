package io.jprov.inventory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads inventory YAML. (Skeleton: to be completed.) */
final class InventoryLoader {
  private InventoryLoader() {}

  static Inventory load(Path file, String displayName, Map<String, Object> extraVars) {
    throw new UnsupportedOperationException("inventory loading not implemented yet");
  }

  static Inventory localOnly(Map<String, Object> extraVars) {
    Map<String, Object> vars = new LinkedHashMap<>(extraVars);
    vars.putIfAbsent("connection", "local");
    Host host = new Host("localhost", Map.copyOf(vars), ConnectionSpec.local(true), List.of("all"), null);
    Map<String, Host> hosts = new LinkedHashMap<>();
    hosts.put(host.name(), host);
    Group all = new Group("all", List.of(), List.of("localhost"), Map.of(), null);
    return new Inventory("--local", Map.of("all", all), hosts);
  }
}
