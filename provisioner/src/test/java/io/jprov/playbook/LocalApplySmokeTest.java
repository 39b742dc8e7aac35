package io.jprov.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.facts.Fact;
import io.jprov.facts.FactGatherer;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostFacts;
import io.jprov.modules.Command;
import io.jprov.modules.ModuleCall;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.Outcome;
import io.jprov.modules.Plan;
import io.jprov.modules.TaskContext;
import io.jprov.template.Templates;
import io.jprov.transport.CommandResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applies {@code playbooks/local-e2e.yml} with a minimal stand-in for the engine (local {@code
 * sh}, java.nio uploads): proves the modules' fact commands and planned shell work for real and
 * that a second run plans nothing. The real engine's end-to-end test lives with the engine.
 */
class LocalApplySmokeTest {
  private static final Path DIR = Path.of("src/test/resources/playbooks");

  private final Templates templates = new Templates(List.of());
  private final ModuleRegistry registry = ModuleRegistry.builtin(templates);

  @Test
  void applyTwiceThenNothingChanges(@TempDir Path root) throws Exception {
    Playbook pb = new PlaybookLoader(registry).load(DIR.resolve("local-e2e.yml"), "local-e2e.yml");
    List<Outcome.Status> first = apply(pb, root, false);
    assertThat(first).contains(Outcome.Status.CHANGED).doesNotContain(Outcome.Status.FAILED);
    assertThat(Files.readString(root.resolve("etc/app.conf")))
        .isEqualTo("# managed by jprov: demo\nname=demo\nport=8080\nuser.0=alice\nuser.1=bob\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/app.conf"))))
        .isEqualTo("rw-r-----");
    assertThat(Files.readString(root.resolve("var/reloads"))).isEqualTo("reloaded\n");
    assertThat(root.resolve("etc/port-8080")).hasContent("yes");

    List<Outcome.Status> second = apply(pb, root, false);
    assertThat(second).containsOnly(Outcome.Status.OK);
    assertThat(Files.readString(root.resolve("var/reloads"))).isEqualTo("reloaded\n");
  }

  @Test
  void checkModeOnAFreshDirectoryChangesNothing(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("fresh");
    Playbook pb = new PlaybookLoader(registry).load(DIR.resolve("local-e2e.yml"), "local-e2e.yml");
    List<Outcome.Status> statuses = apply(pb, root, true);
    assertThat(statuses).contains(Outcome.Status.CHANGED);
    assertThat(root).doesNotExist();
  }

  /** Statuses of every task and handler that ran; in check mode CHANGE plans count as CHANGED. */
  private List<Outcome.Status> apply(Playbook pb, Path root, boolean check) throws Exception {
    Map<String, Object> vars = new LinkedHashMap<>(pb.vars());
    vars.put("root", root.toString());
    FactGatherer gatherer = new FactGatherer("n0nce");
    vars.put("facts", gather(gatherer, List.of(HostFacts.PLATFORM)).get(HostFacts.PLATFORM).toModel());
    TaskContext ctx = new TaskContext("local", Map.copyOf(vars), false, Path.of("target/no-home"), DIR);
    List<Outcome.Status> statuses = new ArrayList<>();
    Set<String> notified = new LinkedHashSet<>();
    for (Task t : pb.tasks()) {
      statuses.add(run(t, vars, ctx, gatherer, check, notified));
    }
    for (Task h : pb.handlers()) {
      if (notified.contains(h.name())) {
        statuses.add(run(h, vars, ctx, gatherer, check, notified));
      }
    }
    return statuses;
  }

  @SuppressWarnings("unchecked")
  private Outcome.Status run(Task t, Map<String, Object> vars, TaskContext ctx, FactGatherer gatherer,
      boolean check, Set<String> notified) throws Exception {
    String where = t.location() + ": task '" + t.name() + "'";
    if (t.when() != null && !templates.condition(t.when(), vars, where)) {
      return Outcome.Status.OK;
    }
    Map<String, Object> args = (Map<String, Object>) templates.interpolate(t.args(), vars, where);
    ModuleCall<?> m = ModuleCall.bind(registry.get(t.module()), args);
    FactSet facts = gather(gatherer, m.facts(ctx));
    List<Fact<?>> more = m.moreFacts(facts, ctx);
    if (!more.isEmpty()) {
      List<Fact<?>> all = new ArrayList<>(m.facts(ctx));
      all.addAll(more);
      facts = gather(gatherer, all);
    }
    Plan plan = m.plan(facts, ctx);
    assertThat(plan.kind()).as(where + ": " + plan.message()).isNotEqualTo(Plan.Kind.FAIL);
    if (plan.kind() == Plan.Kind.OK) {
      return Outcome.Status.OK;
    }
    if (check) {
      return plan.kind() == Plan.Kind.CHANGE ? Outcome.Status.CHANGED : Outcome.Status.OK;
    }
    List<CommandResult> results = new ArrayList<>();
    for (Command c : plan.commands()) {
      CommandResult r = execute(c);
      results.add(r);
      if (!r.ok()) {
        break;
      }
    }
    Outcome outcome = m.interpret(plan, results);
    assertThat(outcome.status()).as(where + ": " + outcome.message()).isNotEqualTo(Outcome.Status.FAILED);
    if (outcome.status() == Outcome.Status.CHANGED) {
      notified.addAll(t.notifies());
    }
    return outcome.status();
  }

  private static FactSet gather(FactGatherer gatherer, List<Fact<?>> facts) throws Exception {
    List<Fact<?>> distinct = FactGatherer.distinct(facts);
    CommandResult r = sh(gatherer.script(distinct), null);
    return FactSet.of(gatherer.parse(distinct, r.stdout()));
  }

  private static CommandResult execute(Command c) throws Exception {
    if (c instanceof Command.Shell s) {
      return sh(s.script(), s.stdin());
    }
    Command.Upload u = (Command.Upload) c;
    Path target = Path.of(u.path());
    Path tmp = Files.createTempFile(target.getParent(), ".jprov", ".tmp");
    Files.write(tmp, u.content());
    if (u.mode() != null) {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(rwx(u.mode())));
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new CommandResult(0, "", "", 0);
  }

  private static String rwx(String mode) {
    int bits = Integer.parseInt(mode, 8);
    String s = "";
    for (int shift = 6; shift >= 0; shift -= 3) {
      int b = (bits >> shift) & 7;
      s += ((b & 4) != 0 ? "r" : "-") + ((b & 2) != 0 ? "w" : "-") + ((b & 1) != 0 ? "x" : "-");
    }
    return s;
  }

  private static CommandResult sh(String script, byte[] stdin) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin);
    }
    p.getOutputStream().close();
    byte[] err = new byte[0];
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    err = p.getErrorStream().readAllBytes();
    return new CommandResult(p.waitFor(), out, new String(err, StandardCharsets.UTF_8), 0);
  }
}
