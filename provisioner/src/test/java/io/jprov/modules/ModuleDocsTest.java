package io.jprov.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.template.Templates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/modules.md is generated from the modules' argument specs; this fails when it is out of date
 * (run with {@code -Djprov.writeDocs=true} to rewrite it, then review the diff).
 */
class ModuleDocsTest {
  static final Path DOC = Path.of("..", "docs", "modules.md");

  @Test
  void moduleReferenceIsCurrent() throws Exception {
    ModuleRegistry registry = ModuleRegistry.builtin(new Templates(List.of()));
    String generated = ModuleDocs.markdown(registry);
    if (Boolean.getBoolean("jprov.writeDocs")) {
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(DOC)).as(DOC + " exists").isTrue();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/modules.md is out of date: run mvn -q test -Dtest=ModuleDocsTest -Djprov.writeDocs=true")
        .isEqualTo(generated);
    for (String name : registry.names()) {
      assertThat(generated).as("every registered module is documented").contains("\n## " + name + "\n");
    }
  }

  @Test
  void everyArgumentIsDocumented() {
    ModuleRegistry registry = ModuleRegistry.builtin(new Templates(List.of()));
    for (String name : registry.names()) {
      TaskModule<?> m = registry.get(name);
      assertThat(m.spec().summary()).as(name + " summary").isNotBlank();
      for (ArgSpec.Param p : m.spec().params()) {
        assertThat(p.doc()).as(name + "." + p.name() + " doc").isNotBlank().endsWith(".");
      }
    }
  }
}
