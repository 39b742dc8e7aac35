package io.jprov.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.InputException;
import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileStat;
import io.jprov.facts.HostFacts;
import io.jprov.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code template}'s local checks, which name directories of this machine and so are not module
 * cases: the preflight finds and renders the template before any host is contacted, and the plan
 * reports the same errors.
 */
class TemplateModuleTest {
  @TempDir Path home;
  @TempDir Path playbookDir;

  private final TemplateModule module = new TemplateModule(new Templates(List.of()));

  private TaskContext ctx(Map<String, Object> vars) {
    return new TaskContext("h1", vars, true, home, playbookDir);
  }

  @Test
  void preflightRendersTheTemplateWithTheHostsVariables() throws Exception {
    Files.writeString(playbookDir.resolve("app.conf.ftl"), "port=${app.port}\n");
    ModuleCall<?> call = ModuleCall.bind(module, Map.of("src", "app.conf.ftl", "dest", "/etc/app.conf"));

    call.preflight(ctx(Map.of("app", Map.of("port", 8080))));
    assertThatThrownBy(() -> call.preflight(ctx(Map.of("app", Map.of()))))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("template app.conf.ftl: ")
        .hasMessageContaining("app.conf.ftl:1:8: undefined variable 'app.port'");
  }

  @Test
  void templatesInTheHomeComeBeforeThePlaybooksDirectory() throws Exception {
    Files.createDirectories(home.resolve("templates"));
    Files.writeString(home.resolve("templates/app.conf.ftl"), "home\n");
    Files.writeString(playbookDir.resolve("app.conf.ftl"), "playbook\n");
    ModuleCall<?> call = ModuleCall.bind(module, Map.of("src", "app.conf.ftl", "dest", "/etc/app.conf"));
    FactSet facts = FactSet.of(Map.of(
        FileStat.of("/etc/app.conf", true).key(), new FactOutput(0, "absent\n"),
        HostFacts.PLATFORM.key(), new FactOutput(0, "")));

    Plan plan = call.plan(facts, ctx(Map.of()));

    assertThat(((Command.Upload) plan.commands().get(0)).content()).asString().isEqualTo("home\n");
  }

  @Test
  void aMissingTemplateIsAnInputErrorNamingWhereItWasLookedFor() {
    ModuleCall<?> call = ModuleCall.bind(module, Map.of("src", "nope.ftl", "dest", "/etc/app.conf"));

    assertThatThrownBy(() -> call.preflight(ctx(Map.of())))
        .isInstanceOf(ModuleArgsException.class)
        .hasMessageStartingWith("template 'nope.ftl' not found in [")
        .hasMessageContaining(home.resolve("templates").toString())
        .hasMessageContaining(playbookDir.toString());
  }

  @Test
  void aTemplateThatReadsAnUndefinedVariableFailsThePlanToo() throws Exception {
    Files.writeString(playbookDir.resolve("broken.conf.ftl"), "port=${app.prot}\n");
    ModuleCall<?> call = ModuleCall.bind(module, Map.of("src", "broken.conf.ftl", "dest", "/etc/app.conf"));
    FactSet facts = FactSet.of(Map.of(
        FileStat.of("/etc/app.conf", true).key(), new FactOutput(0, "absent\n"),
        HostFacts.PLATFORM.key(), new FactOutput(0, "")));

    assertThatThrownBy(() -> call.plan(facts, ctx(Map.of("app", Map.of("port", 1)))))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("broken.conf.ftl:1:8: undefined variable 'app.prot'");
  }
}
