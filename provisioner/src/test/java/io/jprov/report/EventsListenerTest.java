package io.jprov.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.JprovException;
import io.jprov.engine.Engine;
import io.jprov.engine.EngineOptions;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.inventory.Host;
import io.jprov.modules.Command;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.Plan;
import io.jprov.modules.RawTestModule;
import io.jprov.modules.TaskContext;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.Task;
import io.jprov.template.Templates;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.TransportException;
import io.jprov.transport.local.LocalConnectionFactory;
import io.jprov.util.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON Lines event stream, written by a real engine run over the local connection. */
class EventsListenerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @AfterEach
  void forget() {
    Secrets.clearForTests();
  }

  /** {@code sh: {cmd: C}}: runs C, a change; a non-zero exit fails the task. */
  static final class ShModule extends RawTestModule {
    @Override
    public String name() {
      return "sh";
    }

    @Override
    public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
      return List.of();
    }

    @Override
    public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
      String cmd = (String) args.get("cmd");
      return Plan.change("run " + args.get("say"), List.of(new Command.Shell(cmd, "run " + args.get("say"))));
    }
  }

  private static Task sh(String name, String cmd) {
    return new Task(name, "sh", Map.of("cmd", cmd, "say", name), null, List.of(), List.of(), null, null);
  }

  private static Host host(String name) {
    return new Host(name, Map.of(), ConnectionSpec.local(false), List.of("all"), null);
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(JSON.readTree(line)); // each line one whole JSON object
    }
    return out;
  }

  @Test
  void aRunThroughTheEngineStreamsEachEventAsItHappens() throws Exception {
    Path gate = tmp.resolve("gate");
    Path events = tmp.resolve("events.jsonl");
    // web02's second task waits for the gate: the run is blocked until the test opens it
    Playbook pb = new Playbook("test", null, "all", null, null, Map.of(), List.of(
        sh("one", "true"),
        sh("two", "true"),
        sh("gate", "n=0; while [ ! -e " + gate + " ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n+1)); done"),
        sh("four", "echo failing >&2; exit 3")), List.of(), null);
    ConnectionFactory local = new LocalConnectionFactory();
    ConnectionFactory f = target -> {
      if (target.name().equals("down")) {
        throw new TransportException("down (10.9.9.9:22): connection refused", true, null);
      }
      return local.open(target);
    };
    EventsListener listener = EventsListener.toFile(events);
    Engine engine = new Engine(new ModuleRegistry(List.of(new ShModule())), new Templates(List.of()), f, listener,
        new EngineOptions(false, false, Set.of(), Set.of(), 4, null, tmp));
    CompletableFuture<RunResult> run =
        CompletableFuture.supplyAsync(() -> engine.run(pb, List.of(host("web01"), host("down"), host("web02"))));

    // while every host waits at the gate, what happened so far is already in the file
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<JsonNode> seen;
    do {
      Thread.sleep(20);
      seen = lines(events);
    } while (seen.stream().filter(e -> e.get("event").asText().equals("task")).count() < 4
        && System.nanoTime() < deadline);
    assertThat(run).isNotDone();
    assertThat(seen).extracting(e -> e.get("event").asText())
        .contains("run_start", "host_start", "task", "host_end").doesNotContain("run_end");
    assertThat(seen.stream().filter(e -> e.get("event").asText().equals("task")))
        .extracting(e -> e.get("host").asText() + ":" + e.get("task").asText())
        .containsExactlyInAnyOrder("web01:one", "web01:two", "web02:one", "web02:two");

    Files.createFile(gate);
    RunResult result = run.get(30, TimeUnit.SECONDS);
    listener.close();

    List<JsonNode> all = lines(events);
    assertThat(all.get(0).get("event").asText()).isEqualTo("run_start");
    assertThat(all.get(0).get("hosts").asInt()).isEqualTo(3);
    JsonNode end = all.get(all.size() - 1);
    assertThat(end.get("event").asText()).isEqualTo("run_end");
    assertThat(end.get("summary").get("hosts").asInt()).isEqualTo(3);
    assertThat(end.get("summary").get("failed").asInt()).isEqualTo(2);
    assertThat(end.get("summary").get("unreachable").asInt()).isEqualTo(1);
    for (JsonNode e : all) {
      assertThat(Instant.parse(e.get("time").asText())).isNotNull();
    }

    // per host: host_start, then its tasks, then host_end
    for (String h : List.of("web01", "web02", "down")) {
      List<String> order = all.stream().filter(e -> h.equals(e.path("host").asText()))
          .map(e -> e.get("event").asText() + (e.has("task") ? ":" + e.get("task").asText() : "")).toList();
      assertThat(order).as(h).containsExactlyElementsOf(h.equals("down")
          ? List.of("host_start", "host_end")
          : List.of("host_start", "task:one", "task:two", "task:gate", "task:four", "host_end"));
    }
    JsonNode failed = all.stream().filter(e -> "four".equals(e.path("task").asText())).findFirst().orElseThrow();
    assertThat(failed.get("module").asText()).isEqualTo("sh");
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("changed").asBoolean()).isFalse();
    assertThat(failed.get("message").asText()).contains("failing");
    assertThat(failed.get("duration_ms").isIntegralNumber()).isTrue();
    JsonNode downEnd = all.stream().filter(e -> "down".equals(e.path("host").asText())
        && e.get("event").asText().equals("host_end")).findFirst().orElseThrow();
    assertThat(downEnd.get("status").asText()).isEqualTo("unreachable");
    assertThat(downEnd.get("message").asText()).contains("connection refused");
    assertThat(downEnd.get("round_trips").asInt()).isZero();
    assertThat(result.hostsWithStatus(HostResult.Status.FAILED)).isEqualTo(2);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(events))).isEqualTo("rw-------");
  }

  @Test
  void everyLineIsFlushedAndMaskedAndControlCharactersStayInsideTheLine() throws Exception {
    Secrets.register("sudo-Pw-5521");
    List<Integer> flushedAt = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        bytes.write(b);
      }

      @Override
      public void flush() {
        flushedAt.add(bytes.size());
      }
    }, false, StandardCharsets.UTF_8);
    EventsListener l = EventsListener.toStream(out);
    l.runStarted("pb", true, 1);
    l.hostStarted("web01");
    l.taskFinished("web01", new TaskResult("t", "command", TaskResult.Status.FAILED, 5,
        "said sudo-Pw-5521\n\u001b[31mred\u0000", null, List.of()));
    l.notice("batch 1 of 2: stopped");
    HostResult h = new HostResult("web01", HostResult.Status.FAILED, 9, List.of(), 2, "t failed: sudo-Pw-5521");
    l.hostFinished(h);
    l.runFinished(new RunResult("pb", true, Instant.EPOCH, Instant.EPOCH, List.of(h), null));
    l.close();

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("sudo-Pw-5521").doesNotContain("\u001b").doesNotContain("\u0000");
    List<String> lines = text.lines().toList();
    assertThat(lines).hasSize(6);
    Map<String, JsonNode> byEvent = new HashMap<>();
    for (String line : lines) {
      JsonNode e = JSON.readTree(line);
      byEvent.put(e.get("event").asText(), e);
    }
    assertThat(byEvent).containsOnlyKeys("run_start", "host_start", "task", "notice", "host_end", "run_end");
    assertThat(byEvent.get("task").get("message").asText()).isEqualTo("said ****\n\u001b[31mred\u0000");
    assertThat(byEvent.get("host_end").get("message").asText()).isEqualTo("t failed: ****");
    assertThat(byEvent.get("run_start").get("check_mode").asBoolean()).isTrue();
    // each line reached the stream's flush the moment it was written
    int end = 0;
    List<Integer> lineEnds = new ArrayList<>();
    for (String line : lines) {
      end += line.getBytes(StandardCharsets.UTF_8).length + 1;
      lineEnds.add(end);
    }
    assertThat(flushedAt).containsAll(lineEnds);
  }

  @Test
  void hostEndCountsTheDeferredTasksAndTheTaskEventSaysDeferred() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EventsListener l = EventsListener.toStream(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    TaskResult deferred = new TaskResult("restart docker", "docker_restart", TaskResult.Status.DEFERRED, 5,
        "restart deferred: 2 running containers (docker.restart: if-idle)", null, List.of());
    l.taskFinished("web01", deferred);
    HostResult h = new HostResult("web01", HostResult.Status.OK, 9, List.of(deferred), 2, null);
    l.hostFinished(h);
    l.runFinished(new RunResult("pb", false, Instant.EPOCH, Instant.EPOCH, List.of(h), null));
    List<JsonNode> events = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).lines().toList()) {
      events.add(JSON.readTree(line));
    }
    assertThat(events.get(0).get("status").asText()).isEqualTo("deferred");
    assertThat(events.get(0).get("changed").asBoolean()).isFalse();
    assertThat(events.get(1).get("status").asText()).isEqualTo("ok");
    assertThat(events.get(1).get("deferred").asInt()).isEqualTo(1);
    assertThat(events.get(2).get("summary").get("deferred").asInt()).isEqualTo(1);
  }

  @Test
  void aFailedWriteStopsTheStreamAndIsReportedAtClose() {
    PrintStream broken = new PrintStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("Broken pipe");
      }
    }, true, StandardCharsets.UTF_8);
    EventsListener l = EventsListener.toStream(broken);
    l.runStarted("pb", false, 1);
    l.hostStarted("web01");
    assertThatThrownBy(l::close).isInstanceOf(JprovException.class)
        .hasMessage("cannot write events to standard output: write failed");
  }

  @Test
  void theFileReplacesWhatWasThereWithoutFollowingALink() throws Exception {
    Path victim = tmp.resolve("victim");
    Files.writeString(victim, "keep\n");
    Path file = tmp.resolve("events.jsonl");
    Files.createSymbolicLink(file, victim);
    EventsListener l = EventsListener.toFile(file);
    l.hostStarted("web01");
    l.close();
    assertThat(Files.readString(victim)).isEqualTo("keep\n");
    assertThat(Files.isSymbolicLink(file)).isFalse();
    assertThat(JSON.readTree(Files.readString(file)).get("host").asText()).isEqualTo("web01");
  }
}
