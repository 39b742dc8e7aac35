package io.jprov.modules;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The modules a playbook may use, by name. Immutable, thread-safe. */
public final class ModuleRegistry {
  private final Map<String, Module> modules = new LinkedHashMap<>();

  public ModuleRegistry(List<Module> modules) {
    for (Module m : modules) {
      this.modules.put(m.name(), m);
    }
  }

  /** Every built-in module; {@code templates} renders template files for the template module. */
  public static ModuleRegistry builtin(io.jprov.template.Templates templates) {
    return new ModuleRegistry(List.of());
  }

  /** The module of that name, or null. */
  public Module get(String name) {
    return modules.get(name);
  }

  public Collection<String> names() {
    return modules.keySet();
  }
}
