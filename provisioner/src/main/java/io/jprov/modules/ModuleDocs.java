package io.jprov.modules;

import java.util.List;
import java.util.Map;

/**
 * Writes the module reference (docs/modules.md) from the modules' {@link ArgSpec}s, so that the
 * reference cannot drift from what the modules accept ({@code ModuleDocsTest} checks the committed
 * file is current).
 */
public final class ModuleDocs {
  private ModuleDocs() {}

  /** The whole reference, one section per module in registry order. */
  public static String markdown(ModuleRegistry registry) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Module reference\n\n")
        .append("Generated from the modules' argument specs by `ModuleDocs` (`ModuleDocsTest` fails when this file\n")
        .append("is out of date; regenerate it with `mvn -q test -Dtest=ModuleDocsTest -Djprov.writeDocs=true`).\n")
        .append("How a module plans and runs is in [architecture.md](architecture.md); how tasks use modules\n")
        .append("is in [playbooks.md](playbooks.md).\n\n")
        .append("Every argument is checked when the playbook loads if it is written literally, and fully once\n")
        .append("interpolated (before any host is contacted when it needs no facts). A list argument also\n")
        .append("accepts a single value.\n\n");
    for (String name : registry.names()) {
      sb.append("- [").append(name).append("](#").append(name).append(")\n");
    }
    for (String name : registry.names()) {
      ArgSpec spec = registry.get(name).spec();
      sb.append("\n## ").append(name).append("\n\n").append(spec.summary()).append("\n\n");
      List<ArgSpec.Param> params = spec.params();
      if (params.isEmpty()) {
        sb.append("Takes no arguments.\n");
        continue;
      }
      sb.append("| argument | type | required / default | what it is for |\n")
          .append("|---|---|---|---|\n");
      for (ArgSpec.Param p : params) {
        sb.append("| `").append(p.name()).append("` | ").append(cell(p.type().description())).append(" | ")
            .append(p.required() ? "required" : p.dflt() == null ? "" : "`" + cell(shown(p.dflt())) + "`")
            .append(" | ").append(cell(p.doc())).append(" |\n");
      }
    }
    return sb.toString();
  }

  private static String shown(Object v) {
    if (v instanceof List<?> l) {
      return l.isEmpty() ? "[]" : "[" + String.join(", ", l.stream().map(ModuleDocs::shown).toList()) + "]";
    }
    if (v instanceof Map<?, ?> m) {
      return m.isEmpty() ? "{}" : "{…}";
    }
    if (v instanceof String s && s.isEmpty()) {
      return "\"\"";
    }
    return String.valueOf(v);
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
