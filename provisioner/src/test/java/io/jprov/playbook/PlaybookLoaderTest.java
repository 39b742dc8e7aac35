package io.jprov.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.jprov.InputException;
import io.jprov.modules.ModuleRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Good playbooks load; every file under {@code playbooks/bad/} fails with the message in its
 * first line ({@code # expect: file:line:column: message}, a prefix of the actual message).
 */
class PlaybookLoaderTest {
  private static final Path DIR = Path.of("src/test/resources/playbooks");
  private final PlaybookLoader loader = new PlaybookLoader(ModuleRegistry.builtin());

  @Test
  void loadsTheLocalEndToEndPlaybook() {
    Playbook pb = loader.load(DIR.resolve("local-e2e.yml"), "local-e2e.yml");
    assertThat(pb.name()).isEqualTo("local-e2e");
    assertThat(pb.hosts()).isEqualTo("all");
    assertThat(pb.serial()).isNull();
    assertThat(pb.tasks()).extracting(Task::module)
        .containsExactly("file", "template", "file", "command", "command", "command", "file", "file");
    Task tpl = pb.tasks().get(1);
    assertThat(tpl.notifies()).containsExactly("app config changed");
    assertThat(tpl.args()).containsEntry("dest", "${root}/etc/app.conf").containsEntry("backup", true);
    assertThat(tpl.location().toString()).isEqualTo("local-e2e.yml:16:5");
    assertThat(pb.tasks().get(5).tags()).containsExactly("probe");
    assertThat(pb.tasks().get(7).when()).isEqualTo("app.port == 8080 && app.users?size > 1");
    assertThat(pb.handlers()).singleElement().satisfies(h -> {
      assertThat(h.name()).isEqualTo("app config changed");
      assertThat(h.args()).containsOnlyKeys("cmd");
    });
    assertThat(pb.vars()).containsKey("app");
  }

  @Test
  void loadsAnsibleStyleList() {
    Playbook pb = loader.load(DIR.resolve("good/ansible-list.yml"), "ansible-list.yml");
    assertThat(pb.name()).isEqualTo("ansible style");
    assertThat(pb.hosts()).isEqualTo("web:&prod");
    assertThat(pb.serial()).isEqualTo("25%");
    assertThat(pb.maxFailPercentage()).isEqualTo(10);
    Task first = pb.tasks().get(0);
    assertThat(first.name()).isEqualTo("command");
    assertThat(first.args()).isEqualTo(Map.of("cmd", "systemctl daemon-reload"));
    assertThat(first.tags()).containsExactly("reload");
    Task conf = pb.tasks().get(1);
    assertThat(conf.checkMode()).isFalse();
    assertThat(conf.notifies()).isEqualTo(List.of("restart"));
    assertThat(conf.when()).isEqualTo("facts.os.id == \"centos\"");
  }

  @Test
  void defaultNameIsTheFileName() throws IOException {
    Path f = Files.createTempFile("my-play", ".yml");
    try {
      Files.writeString(f, "tasks: []\n");
      Playbook pb = loader.load(f, "x.yml");
      assertThat(pb.name()).isEqualTo(f.getFileName().toString().replace(".yml", ""));
      assertThat(pb.tasks()).isEmpty();
    } finally {
      Files.delete(f);
    }
  }

  @Test
  void missingFile() {
    assertThatThrownBy(() -> loader.load(DIR.resolve("nope.yml"), "nope.yml"))
        .isInstanceOf(InputException.class).hasMessage("nope.yml: file not found");
  }

  @TestFactory
  Stream<DynamicTest> badPlaybooks() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR.resolve("bad"))) {
      files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> {
      String first = Files.readAllLines(f).get(0);
      if (!first.startsWith("# expect: ")) {
        fail(f + ": first line must be '# expect: <message prefix>'");
      }
      String expected = first.substring("# expect: ".length());
      assertThatThrownBy(() -> loader.load(f, f.getFileName().toString()))
          .isInstanceOf(InputException.class)
          .satisfies(e -> assertThat(e.getMessage()).startsWith(expected).doesNotContain("\n"));
    }));
  }
}
