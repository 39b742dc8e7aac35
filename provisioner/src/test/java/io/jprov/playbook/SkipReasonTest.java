package io.jprov.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.engine.Engine;
import io.jprov.engine.EngineOptions;
import io.jprov.inventory.Host;
import io.jprov.modules.ModuleRegistry;
import io.jprov.report.RunListener;
import io.jprov.report.RunResult;
import io.jprov.report.TaskResult;
import io.jprov.template.Templates;
import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.local.LocalConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task skipped by its {@code when} says why in the playbook's words ({@code skip_reason}), or
 * "condition not met": never the condition's source (which means little to whoever reads the run
 * and may hold variable names one would rather not show).
 */
class SkipReasonTest {
  @TempDir Path tmp;

  @Test
  void skippedTasksAndFlushesSayTheReasonNotTheCondition() throws Exception {
    Path file = tmp.resolve("pb.yml");
    Files.writeString(file, """
        tasks:
          - name: proxy drop-in
            when: "(proxy!'') != ''"
            skip_reason: no proxy configured
            file: {path: "${dir}/proxy.conf", content: "x"}
          - name: no reason given
            when: "(proxy!'') != ''"
            file: {path: "${dir}/other", content: "x"}
          - name: flush now
            when: "(proxy!'') != ''"
            skip_reason: nothing to flush without a proxy
            flush_handlers: {}
        """);
    ModuleRegistry modules = ModuleRegistry.builtin();
    Playbook pb = new PlaybookLoader(modules).load(file, "pb.yml");
    assertThat(pb.tasks().get(0).skipReason()).isEqualTo("no proxy configured");
    assertThat(pb.tasks().get(1).skipReason()).isNull();

    for (boolean check : List.of(false, true)) {
      Host h = new Host("web1", Map.of("dir", tmp.toString()), ConnectionSpec.local(false), List.of("all"), null);
      RunResult r = new Engine(modules, new Templates(List.of()), new LocalConnectionFactory(), new RunListener() {},
          new EngineOptions(check, false, Set.of(), Set.of(), 1, null, tmp)).run(pb, List.of(h));
      assertThat(r.hosts().get(0).tasks()).extracting(TaskResult::status).containsOnly(TaskResult.Status.SKIPPED);
      assertThat(r.hosts().get(0).tasks()).extracting(TaskResult::message)
          .containsExactly("no proxy configured", "condition not met", "nothing to flush without a proxy");
    }
  }
}
