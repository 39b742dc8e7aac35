package io.jprov.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jprov.InputException;
import io.jprov.facts.Fact;
import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.template.Templates;
import io.jprov.yaml.YamlLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code src/test/resources/modules/<module>/<case>.yml} as one test. A case:
 *
 * <pre>
 * args: {...}            # module arguments, as after interpolation
 * vars: {...}            # optional: host variables (template model)
 * become: true           # optional, default false
 * facts:                 # by fact key; each value one of:
 *   KEY: "raw output"                       # exit code 0
 *   KEY: {rc: 1, output: "..."}
 *   KEY: {from: facts/platform/centos7.yml} # a recorded fact case (its rc and output)
 *   KEY: {file: {content: "...", mode: "0644", owner: root, group: root}}  # stat facts only
 *   KEY: {directory: {mode: "0755", owner: root, group: root}}           # stat facts only
 * expect: ok                                # or {ok: "message part"}
 * expect: {fail: "message part"}
 * expect: {error: "message part"}           # plan throws an InputException
 * expect: {commands: [...], kind: verify, message: "part", diff: "exact"}
 * </pre>
 *
 * Commands are {@code {sh: script, stdin: text}} or {@code {upload: path, content, mode, owner,
 * group}} (nulls left out). Template files are looked up in the case's directory.
 */
class GenericCasesTest {
  static final Path RESOURCES = Path.of("src/test/resources");
  static final Path CASES = RESOURCES.resolve("modules");

  private final ModuleRegistry registry = ModuleRegistry.builtin(new Templates(List.of()));

  @TestFactory
  Stream<DynamicTest> cases() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(CASES)) {
      files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    if (files.isEmpty()) {
      fail("no cases under " + CASES);
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(
        CASES.relativize(f).toString(), f.toUri(), () -> run(f)));
  }

  @SuppressWarnings("unchecked")
  private void run(Path file) throws Exception {
    String moduleName = file.getParent().getFileName().toString();
    if (!(registry.get(moduleName) instanceof Legacy)) {
      return; // converted: ModuleCasesTest runs it
    }
    Module module = ((Legacy) registry.get(moduleName)).old();
    Map<String, Object> c = (Map<String, Object>) YamlLoader.load(file, file.toString()).toPlain();
    Map<String, Object> args = (Map<String, Object>) c.getOrDefault("args", new LinkedHashMap<>());
    Map<String, Object> vars = (Map<String, Object>) c.getOrDefault("vars", new LinkedHashMap<>());
    boolean become = Boolean.TRUE.equals(c.get("become"));
    TaskContext ctx = new TaskContext("host1", vars, become, Path.of("target/no-home"), file.getParent());
    Object expect = c.get("expect");

    Plan plan;
    try {
      module.validate(args);
      List<Fact<?>> needed = module.facts(args, ctx);
      Map<String, Object> given = (Map<String, Object>) c.getOrDefault("facts", Map.of());
      Map<String, FactOutput> outputs = new LinkedHashMap<>();
      List<String> missing = new ArrayList<>();
      for (Fact<?> f : needed) {
        if (!given.containsKey(f.key())) {
          missing.add("  \"" + f.key() + "\": ...   # command: " + f.command());
        } else {
          outputs.put(f.key(), factOutput(f.key(), given.get(f.key())));
        }
      }
      if (!missing.isEmpty()) {
        fail("case lacks facts the module needs:\n" + String.join("\n", missing));
      }
      plan = module.plan(args, FactSet.of(outputs), ctx);
    } catch (InputException e) {
      if (expect instanceof Map<?, ?> m && m.containsKey("error")) {
        String part = (String) m.get("error");
        if (!e.getMessage().contains(part)) {
          fail("error message lacks '" + part + "':\n" + e.getMessage());
        }
        return;
      }
      throw e;
    }
    check(expect, plan);
  }

  private static void check(Object expect, Plan plan) {
    Map<String, Object> actual = describe(plan);
    String shown = "\nactual plan (paste as expect:):\n" + CaseYaml.dump(actual);
    if ("ok".equals(expect)) {
      assertEquals(Plan.Kind.OK, plan.kind(), shown);
      return;
    }
    if (!(expect instanceof Map<?, ?> e)) {
      fail("expect must be ok or a mapping" + shown);
      return;
    }
    if (e.containsKey("ok")) {
      assertEquals(Plan.Kind.OK, plan.kind(), shown);
      contains(plan.message(), (String) e.get("ok"), shown);
    } else if (e.containsKey("fail")) {
      assertEquals(Plan.Kind.FAIL, plan.kind(), shown);
      contains(plan.message(), (String) e.get("fail"), shown);
    } else if (e.containsKey("error")) {
      fail("expected an error containing '" + e.get("error") + "'" + shown);
    } else {
      Plan.Kind kind = "verify".equals(e.get("kind")) ? Plan.Kind.VERIFY : Plan.Kind.CHANGE;
      assertEquals(kind, plan.kind(), shown);
      assertEquals(e.get("commands"), actual.get("commands"), "commands differ" + shown);
      if (e.containsKey("message")) {
        contains(plan.message(), (String) e.get("message"), shown);
      }
      if (e.containsKey("diff")) {
        assertEquals(e.get("diff"), plan.diff(), "diff differs" + shown);
      }
    }
  }

  private static void contains(String actual, String part, String shown) {
    if (actual == null || !actual.contains(part)) {
      fail("message lacks '" + part + "'" + shown);
    }
  }

  static Map<String, Object> describe(Plan plan) {
    Map<String, Object> out = new LinkedHashMap<>();
    switch (plan.kind()) {
      case OK -> out.put("ok", plan.message());
      case FAIL -> out.put("fail", plan.message());
      default -> {
        if (plan.kind() == Plan.Kind.VERIFY) {
          out.put("kind", "verify");
        }
        List<Object> cmds = new ArrayList<>();
        for (Command cmd : plan.commands()) {
          Map<String, Object> m = new LinkedHashMap<>();
          if (cmd instanceof Command.Shell sh) {
            m.put("sh", sh.script());
            if (sh.stdin() != null) {
              m.put("stdin", new String(sh.stdin(), StandardCharsets.UTF_8));
            }
          } else if (cmd instanceof Command.Upload up) {
            m.put("upload", up.path());
            m.put("content", new String(up.content(), StandardCharsets.UTF_8));
            putIf(m, "mode", up.mode());
            putIf(m, "owner", up.owner());
            putIf(m, "group", up.group());
          }
          cmds.add(m);
        }
        out.put("commands", cmds);
        out.put("message", plan.message());
        if (plan.diff() != null) {
          out.put("diff", plan.diff());
        }
      }
    }
    return out;
  }

  private static void putIf(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  @SuppressWarnings("unchecked")
  static FactOutput factOutput(String key, Object v) throws Exception {
    if (v instanceof String s) {
      return new FactOutput(0, s);
    }
    Map<String, Object> m = (Map<String, Object>) v;
    if (m.containsKey("from")) {
      Path p = RESOURCES.resolve((String) m.get("from"));
      Map<String, Object> rec = (Map<String, Object>) YamlLoader.load(p, p.toString()).toPlain();
      return new FactOutput((Integer) rec.getOrDefault("rc", 0), (String) rec.get("output"));
    }
    if (m.containsKey("file") || m.containsKey("directory")) {
      boolean dir = m.containsKey("directory");
      Map<String, Object> f = (Map<String, Object>) (dir ? m.get("directory") : m.get("file"));
      String content = (String) f.getOrDefault("content", "");
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      String mode = String.valueOf(f.getOrDefault("mode", dir ? "0755" : "0644")).replaceFirst("^0(?=\\d{3})", "");
      StringBuilder out = new StringBuilder();
      out.append(dir ? "directory" : bytes.length == 0 ? "regular empty file" : "regular file")
          .append('|').append(mode).append('|').append(f.getOrDefault("owner", "root"))
          .append('|').append(f.getOrDefault("group", "root")).append('|').append(dir ? 4096 : bytes.length)
          .append('\n');
      if (!dir) {
        out.append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).append('\n');
        if (key.startsWith("stat+content:")) {
          out.append("::jprov-content::\n").append(content);
        }
      }
      return new FactOutput(0, out.toString());
    }
    return new FactOutput((Integer) m.getOrDefault("rc", 0), (String) m.getOrDefault("output", ""));
  }
}
