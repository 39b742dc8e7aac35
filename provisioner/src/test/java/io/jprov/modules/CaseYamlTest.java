package io.jprov.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.yaml.YamlLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaseYamlTest {
  @Test
  void aDumpedPlanLoadsBackAsTheSameValues() {
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("kind", "change");
    plan.put("message", "install docker-ce: \"quoted\", yes");
    plan.put("commands", List.of("yum -y install 'docker-ce-3:26.1.4-1.el7'", "printf 'a\\tb'\n"));
    plan.put("diff", "--- /etc/f\n+++ /etc/f\n@@ -1 +1 @@\n-a\n+b\n");
    plan.put("version", "1.10");
    plan.put("changed", true);
    plan.put("none", null);
    plan.put("empty", List.of());
    String yaml = CaseYaml.dump(plan);
    assertThat(YamlLoader.parse(yaml, "dump").toPlain()).isEqualTo(plan);
    assertThat(yaml).startsWith("kind: change\n").contains("\ncommands:\n  - ");
  }
}
