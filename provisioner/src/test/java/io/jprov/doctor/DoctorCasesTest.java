package io.jprov.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jprov.facts.Fact;
import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostFacts;
import io.jprov.modules.CaseYaml;
import io.jprov.modules.ModuleCasesTest;
import io.jprov.yaml.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every doctor check group against recorded host output: {@code src/test/resources/doctor/<group>/<case>.yml}
 * (format: that folder's README). Each case gives the facts the group reads and the verdicts it must
 * reach, exactly; and every check of every group is shown both ok and not ok by some case.
 */
class DoctorCasesTest {
  static final Path RESOURCES = Path.of("src/test/resources");
  static final Path CASES = RESOURCES.resolve("doctor");
  /** The controller's clock of a case without {@code now}: 2026-12-01T00:00:00Z. */
  static final long DEFAULT_NOW = 1764547200L;

  @TestFactory
  Stream<DynamicNode> cases() throws IOException {
    List<DynamicNode> out = new ArrayList<>();
    for (DoctorCheck group : DoctorChecks.ALL) {
      List<Path> files = files(group);
      out.add(DynamicContainer.dynamicContainer(group.name(), files.stream().map(f ->
          DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> run(group, f)))));
    }
    return out.stream();
  }

  /** Each check of each group is shown ok by some case and warn or fail by another. */
  @Test
  void everyCheckHasCasesForBothVerdicts() throws Exception {
    List<String> missing = new ArrayList<>();
    for (DoctorCheck group : DoctorChecks.ALL) {
      assertTrue(!group.checks().isEmpty(), group.name() + ": no checks");
      Set<String> ok = new HashSet<>();
      Set<String> bad = new HashSet<>();
      for (Path f : files(group)) {
        for (Map<String, Object> e : expected(load(f))) {
          ("ok".equals(e.get("status")) ? ok : bad).add(String.valueOf(e.get("name")));
        }
      }
      for (String check : group.checks().keySet()) {
        if (!check.startsWith(group.name() + ".")) {
          missing.add(check + ": not named " + group.name() + ".*");
        }
        if (!ok.contains(check)) {
          missing.add(check + ": no case where it is ok");
        }
        if (!bad.contains(check)) {
          missing.add(check + ": no case where it warns or fails");
        }
      }
    }
    assertEquals(List.of(), missing);
  }

  private static List<Path> files(DoctorCheck group) throws IOException {
    Path dir = CASES.resolve(group.name());
    if (!Files.isDirectory(dir)) {
      fail("no cases for doctor check group '" + group.name() + "' under " + dir);
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
      if (files.isEmpty()) {
        fail("no cases for doctor check group '" + group.name() + "' under " + dir);
      }
      return files;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(Path file) throws Exception {
    return (Map<String, Object>) YamlLoader.load(file, file.toString()).toPlain();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> expected(Map<String, Object> c) {
    return (List<Map<String, Object>>) c.getOrDefault("expect", List.of());
  }

  @SuppressWarnings("unchecked")
  private static void run(DoctorCheck group, Path file) throws Exception {
    Map<String, Object> c = load(file);
    for (String k : c.keySet()) {
      if (!List.of("platform", "vars", "now", "facts", "expect").contains(k)) {
        fail(file + ": unknown case key '" + k + "'");
      }
    }
    Map<String, Object> vars = (Map<String, Object>) c.getOrDefault("vars", new LinkedHashMap<>());
    long now = c.containsKey("now") ? ((Number) c.get("now")).longValue() : DEFAULT_NOW;
    DoctorContext ctx = new DoctorContext("host1", vars, now);
    Map<String, FactOutput> outputs = new LinkedHashMap<>();
    outputs.put(HostFacts.PLATFORM.key(), ModuleCasesTest.factOutput(HostFacts.PLATFORM.key(),
        c.getOrDefault("platform", Map.of("from", "facts/platform/centos7.yml"))));
    Map<String, Object> given = (Map<String, Object>) c.getOrDefault("facts", Map.of());
    for (Map.Entry<String, Object> e : given.entrySet()) {
      outputs.put(e.getKey(), ModuleCasesTest.factOutput(e.getKey(), e.getValue()));
    }
    List<Fact<?>> declared = group.facts(ctx);
    TreeSet<String> want = new TreeSet<>(declared.stream().map(Fact::key).toList());
    if (!want.equals(new TreeSet<>(given.keySet()))) {
      StringBuilder sb = new StringBuilder(file + ": facts given " + new TreeSet<>(given.keySet())
          + " but the group reads:\n");
      declared.forEach(f -> sb.append("  \"").append(f.key()).append("\": {rc: 0, output: ''}   # ")
          .append(f.command()).append('\n'));
      fail(sb.toString());
    }
    List<Finding> findings = group.evaluate(FactSet.of(outputs), ctx);
    List<Map<String, Object>> actual = new ArrayList<>();
    for (Finding f : findings) {
      if (!group.checks().containsKey(f.name())) {
        fail(file + ": finding '" + f.name() + "' is not one of the group's checks " + group.checks().keySet());
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("status", f.status().toString());
      m.put("evidence", f.evidence());
      if (!f.fix().isEmpty()) {
        m.put("fix", f.fix());
      }
      actual.add(m);
    }
    assertEquals(CaseYaml.dump(expected(c)), CaseYaml.dump(actual), file + ": verdicts differ; actual:\n"
        + CaseYaml.dump(Map.of("expect", actual)));
  }
}
