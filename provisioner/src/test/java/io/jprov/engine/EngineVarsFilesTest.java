package io.jprov.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.InputException;
import io.jprov.inventory.Host;
import io.jprov.modules.ModuleRegistry;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.PlaybookLoader;
import io.jprov.report.RunListener;
import io.jprov.report.RunResult;
import io.jprov.report.TaskResult;
import io.jprov.template.Templates;
import io.jprov.transport.ConnectionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A play's {@code vars_files: ["x/${facts.family}.yml"]}: each host gets its family's file once its
 * platform fact is read, layered play vars &lt; vars file &lt; inventory; before that, a variable only
 * the files define waits for the facts like {@code facts} does. Hosts are this machine through the
 * local transport, saying they run Rocky Linux 9.4 or CentOS 7 ({@link TestConnections#localWithOsRelease}).
 */
class EngineVarsFilesTest {
  @TempDir Path tmp;

  private static final String ROCKY = """
      NAME="Rocky Linux"
      VERSION="9.4 (Blue Onyx)"
      ID="rocky"
      ID_LIKE="rhel centos fedora"
      VERSION_ID="9.4"
      PLATFORM_ID="platform:el9"
      PRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"
      """;
  private static final String CENTOS = """
      NAME="CentOS Linux"
      VERSION="7 (Core)"
      ID="centos"
      ID_LIKE="rhel fedora"
      VERSION_ID="7"
      PRETTY_NAME="CentOS Linux 7 (Core)"
      """;

  private final ModuleRegistry modules = new ModuleRegistry(List.of(new EngineTest.TouchModule()));
  private final Templates templates = new Templates(List.of());

  /** A playbook in {@code tmp} whose tasks each touch a file named after the variables it sees. */
  private Playbook playbook(String... paths) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("pb"));
    Files.createDirectories(dir.resolve("fam"));
    for (String f : List.of("el7", "el8", "el9", "debian", "ubuntu")) {
      // each family's file: its own a and b, and a variable the play does not define at all
      Files.writeString(dir.resolve("fam/" + f + ".yml"), "a: " + f + "\nb: " + f + "\nonly_in_files: [x-" + f + "]\n"
          + "nested: {from_file: " + f + "}\nsame: s\n");
    }
    Files.writeString(dir.resolve("play.yml"), """
        name: layered
        vars: {a: play, b: play, c: play, nested: {from_play: play}}
        vars_files: ["fam/${facts.family}.yml"]
        tasks:
        """ + java.util.Arrays.stream(paths).map(p -> "  - name: record\n    touch:\n      path: \"" + p + "\"\n")
        .collect(java.util.stream.Collectors.joining()));
    return new PlaybookLoader(modules).load(dir.resolve("play.yml"), "pb/play.yml");
  }

  private RunResult run(Playbook pb, List<Host> hosts, AtomicInteger opened) throws IOException {
    return run(pb, hosts, opened, new RunListener() {});
  }

  private RunResult run(Playbook pb, List<Host> hosts, AtomicInteger opened, RunListener l) throws IOException {
    Path rocky = Files.writeString(tmp.resolve("rocky.os-release"), ROCKY);
    Path centos = Files.writeString(tmp.resolve("centos.os-release"), CENTOS);
    var local = TestConnections.localWithOsRelease(Map.of("rocky9-1", rocky, "el7-1", centos));
    EngineOptions o = new EngineOptions(false, false, Set.of(), Set.of(), 2, null, tmp);
    return new Engine(modules, templates, target -> {
      opened.incrementAndGet();
      return local.open(target);
    }, l, o).run(pb, hosts);
  }

  private Host host(String name, Map<String, Object> vars) {
    Map<String, Object> v = new java.util.LinkedHashMap<>(vars);
    v.put("dir", tmp.toString());
    return new Host(name, v, ConnectionSpec.local(false), List.of("all"), null);
  }

  @Test
  void eachHostGetsItsFamilysFileBetweenThePlayVarsAndTheInventory() throws IOException {
    Playbook pb = playbook("${dir}/${inventory_hostname}-${a}-${b}-${c}-${only_in_files[0]}-"
        + "${nested.from_play}-${nested.from_file}");
    RunResult r = run(pb, List.of(host("rocky9-1", Map.of("b", "inv")), host("el7-1", Map.of())), new AtomicInteger());
    assertThat(r.hosts()).extracting(h -> h.status().toString()).containsOnly("changed");
    // Rocky 9.4 is el9: the file's a, the inventory's b over the file's, the play's c; maps merge
    assertThat(tmp.resolve("rocky9-1-el9-inv-play-x-el9-play-el9")).exists();
    assertThat(tmp.resolve("el7-1-el7-el7-play-x-el7-play-el7")).exists();
  }

  @Test
  void theFirstReadGuessesTheFactsOfEachFamilySoAnUnchangedHostNeedsOneRoundTrip() throws IOException {
    // the task's fact depends on the family's file: the first read carries it for every family,
    // each family's part run only where os-release names that family
    // the second task's fact is the same for every family: each family's part carries it
    Playbook pb = playbook("${dir}/${inventory_hostname}-${a}", "${dir}/${inventory_hostname}-${same}");
    List<Host> hosts = List.of(host("rocky9-1", Map.of()), host("el7-1", Map.of()));
    java.util.List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
    RunListener l = new RunListener() {
      @Override
      public void commandRan(String host, String description, io.jprov.transport.CommandResult result) {
        commands.add(host + ": " + description);
      }
    };
    RunResult first = run(pb, hosts, new AtomicInteger(), l);
    assertThat(tmp.resolve("rocky9-1-el9")).exists();
    assertThat(tmp.resolve("el7-1-el7")).exists();
    assertThat(tmp.resolve("el7-1-s")).exists();
    // the platform, the play vars' guess (…-play, as before any family is known) and this host's
    // family's part, both facts (the other four did not run); then the two touches, the first
    // carrying the second's fact again (touch moves every fact)
    assertThat(commands).contains("rocky9-1: gather 4 facts", "el7-1: gather 4 facts").hasSize(8);
    assertThat(first.hosts()).extracting(h -> h.roundTrips()).containsOnly(3);
    RunResult second = run(pb, hosts, new AtomicInteger(), l);
    assertThat(second.hosts()).extracting(h -> h.status().toString()).containsOnly("ok");
    assertThat(second.hosts()).extracting(h -> h.roundTrips()).containsOnly(1);
  }

  @Test
  void eachFamilysGuessRunsOnlyWhereOsReleaseNamesIt() throws Exception {
    Map<String, String> samples = new java.util.LinkedHashMap<>();
    samples.put(CENTOS, "el7");
    samples.put("ID=\"rhel\"\nVERSION_ID=\"7.9\"\n", "el7");
    samples.put("ID=\"almalinux\"\nVERSION_ID=\"8.10\"\n", "el8");
    samples.put(ROCKY, "el9");
    samples.put("ID=\"centos\"\nVERSION_ID=\"9\"\n", "el9"); // CentOS Stream 9
    samples.put("ID=debian\nVERSION_ID=\"12\"\n", "debian");
    samples.put("ID=ubuntu\nVERSION_ID=\"24.04\"\n", "ubuntu");
    samples.put("ID=fedora\nVERSION_ID=40\n", "none");
    samples.put("ID=ubuntu\nVERSION_ID=\"20.04\"\n", "none");
    for (Map.Entry<String, String> e : samples.entrySet()) {
      Path f = Files.writeString(tmp.resolve("os-release"), e.getKey());
      List<String> matched = new java.util.ArrayList<>();
      for (io.jprov.platform.Distros.Row row : io.jprov.platform.Distros.SUPPORTED) {
        Process p = new ProcessBuilder("/bin/sh", "-c", HostRunner.osReleaseIs(row, f.toString())).start();
        if (p.waitFor() == 0) {
          matched.add(row.family().key());
        }
      }
      assertThat(matched).as(e.getKey()).isEqualTo(e.getValue().equals("none") ? List.of() : List.of(e.getValue()));
    }
  }

  @Test
  void aVariableOnlyTheFilesDefineWaitsForTheFactsInsteadOfFailingThePreflight() throws IOException {
    Playbook pb = playbook("${dir}/${inventory_hostname}-${only_in_files?join(',')}");
    assertThat(pb.familyVarNames()).contains("only_in_files", "a", "nested");
    RunResult r = run(pb, List.of(host("rocky9-1", Map.of())), new AtomicInteger());
    assertThat(r.hosts().get(0).tasks()).extracting(TaskResult::status).containsExactly(TaskResult.Status.CHANGED);
    assertThat(tmp.resolve("rocky9-1-x-el9")).exists();
  }

  @Test
  void aVariableNeitherThePlayNorAnyFileDefinesIsStillAnInputErrorBeforeAnyConnection() throws IOException {
    Playbook pb = playbook("${dir}/${nosuch}");
    AtomicInteger opened = new AtomicInteger();
    assertThatThrownBy(() -> run(pb, List.of(host("rocky9-1", Map.of())), opened))
        .isInstanceOf(InputException.class).hasMessageContaining("nosuch");
    assertThat(opened).hasValue(0);
  }

  @Test
  void needsFactsAcceptsTheFilesVariablesOnly() {
    InputException files = catchInput(() -> templates.interpolate("${docker_conflicts}", Map.of(), "w"));
    InputException other = catchInput(() -> templates.interpolate("${docker_conflictz}", Map.of(), "w"));
    Set<String> fromFiles = Set.of("docker_conflicts");
    assertThat(Engine.needsFacts(files, fromFiles)).isTrue();
    assertThat(Engine.needsFacts(new InputException("task 'x': " + files.getMessage(), files), fromFiles)).isTrue();
    assertThat(Engine.needsFacts(other, fromFiles)).isFalse();
    assertThat(Engine.needsFacts(files)).isFalse();
  }

  private static InputException catchInput(Runnable r) {
    try {
      r.run();
    } catch (InputException e) {
      return e;
    }
    throw new AssertionError("no InputException");
  }
}
