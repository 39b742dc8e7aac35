package io.jprov.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.modules.ModuleRegistry;
import io.jprov.template.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every playbook shipped under {@code playbooks/} says in words why each conditional task may be
 * skipped: a skipped task's message is its {@code skip_reason}, never the condition's source.
 */
class ShippedPlaybooksTest {
  private static final Path DIR = Path.of("..", "playbooks");

  @Test
  void everyConditionalTaskHasASkipReasonInWords() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    PlaybookLoader loader = new PlaybookLoader(ModuleRegistry.builtin(new Templates(List.of(Path.of("..", "templates")))));
    int conditional = 0;
    List<String> missing = new ArrayList<>();
    for (Path f : files) {
      Playbook pb = loader.load(f, "playbooks/" + f.getFileName());
      List<Task> all = new ArrayList<>(pb.tasks());
      all.addAll(pb.handlers());
      for (Task t : all) {
        if (t.when() == null) {
          continue;
        }
        conditional++;
        if (t.skipReason() == null) {
          missing.add(t.location() + ": " + t.name());
          continue;
        }
        // words, not the condition again: no FreeMarker operators, no variable paths
        assertThat(t.skipReason()).as(t.location() + ": " + t.name())
            .doesNotContain("??", "!=", "==", "&&", "||", "${", "facts.")
            .isNotEqualTo(t.when())
            .matches(".*[a-z]{3}.*");
      }
    }
    assertThat(missing).as("tasks with 'when' but no 'skip_reason'").isEmpty();
    assertThat(conditional).isGreaterThan(10);
  }

  @Test
  void aSkippedTaskSaysItsReasonOrThatItsConditionIsNotMet() {
    Task withReason = new Task("8d", "file", java.util.Map.of(), "x", "no proxy configured", List.of(), List.of(),
        null, null);
    Task without = new Task("8d", "file", java.util.Map.of(), "(docker.http_proxy!'') != ''", List.of(), List.of(),
        null, null);
    assertThat(withReason.skipMessage()).isEqualTo("no proxy configured");
    assertThat(without.skipMessage()).isEqualTo("condition not met");
  }
}
