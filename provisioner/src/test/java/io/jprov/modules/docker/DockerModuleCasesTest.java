package io.jprov.modules.docker;

import static org.junit.jupiter.api.Assertions.fail;

import io.jprov.facts.Fact;
import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.modules.BaseReposModule;
import io.jprov.modules.Command;
import io.jprov.modules.DockerVerifyModule;
import io.jprov.modules.Module;
import io.jprov.modules.ModuleArgsException;
import io.jprov.modules.Outcome;
import io.jprov.modules.Plan;
import io.jprov.modules.ServiceModule;
import io.jprov.modules.SysctlModule;
import io.jprov.modules.TaskContext;
import io.jprov.modules.UserGroupsModule;
import io.jprov.modules.YumRepoModule;
import io.jprov.transport.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Table-driven plan tests for the Docker CE modules: one YAML case per situation under {@code
 * src/test/resources/modules-docker/<module>/<case>.yml}.
 *
 * <p>Case keys: {@code args}; {@code vars} (optional host vars); {@code facts} (raw outputs by fact
 * key: {@code {rc, output}}; must be exactly the facts the module declares); {@code expect}: {@code
 * ok} | {@code {ok: message substring}} | {@code {commands: [...]}} (CHANGE) | {@code {verify: [...]}} (VERIFY) | {@code {fail:
 * substring}} (FAIL plan) | {@code {error: substring}} (ModuleArgsException), optionally with
 * {@code message} and {@code diff} substrings. A command is a shell script string, {@code
 * {contains: [substrings]}}, or {@code {upload: path, mode, content}}. Optional {@code results}
 * ({@code [{rc, stdout, stderr}]}) runs {@code interpret}, checked against {@code outcome: {status,
 * message}} (message: substring). On a mismatch the actual plan is printed as YAML to paste.
 */
class DockerModuleCasesTest {
  static final Map<String, Module> MODULES = new LinkedHashMap<>();

  static {
    for (Module m : List.of(new YumRepoModule(new io.jprov.template.Templates(List.of(java.nio.file.Path.of(System.getProperty("jprov.home", ".."), "templates")))), new BaseReposModule(), new SysctlModule(),
        new UserGroupsModule(), new ServiceModule(), new DockerVerifyModule())) {
      MODULES.put(m.name(), m);
    }
  }

  @TestFactory
  Stream<DynamicNode> cases() throws IOException, URISyntaxException {
    Path root = Paths.get(getClass().getResource("/modules-docker").toURI());
    List<DynamicNode> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.sorted().toList()) {
        String module = dir.getFileName().toString();
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
            tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> run(module, f)));
          }
        }
        out.add(DynamicContainer.dynamicContainer(module, tests));
      }
    }
    return out.stream();
  }

  @SuppressWarnings("unchecked")
  static void run(String moduleName, Path file) throws IOException {
    Module module = MODULES.get(moduleName);
    if (module == null) {
      fail("no module '" + moduleName + "' (directory name); known: " + MODULES.keySet());
    }
    Map<String, Object> c;
    try (InputStream in = Files.newInputStream(file)) {
      c = new Yaml().load(in);
    }
    Map<String, Object> args = (Map<String, Object>) c.getOrDefault("args", Map.of());
    Map<String, Object> vars = (Map<String, Object>) c.getOrDefault("vars", Map.of());
    Object expect = c.get("expect");
    Map<String, Object> exp = expect instanceof Map ? (Map<String, Object>) expect : Map.of();
    TaskContext ctx = new TaskContext("test", vars, true, Path.of("."), Path.of("."));

    Plan plan;
    try {
      module.validate(args);
      List<Fact<?>> declared = module.facts(args, ctx);
      Map<String, FactOutput> raw = new LinkedHashMap<>();
      Map<String, Object> given = (Map<String, Object>) c.getOrDefault("facts", Map.of());
      for (Map.Entry<String, Object> e : given.entrySet()) {
        Map<String, Object> o = (Map<String, Object>) e.getValue();
        raw.put(e.getKey(), new FactOutput(((Number) o.getOrDefault("rc", 0)).intValue(),
            String.valueOf(o.getOrDefault("output", ""))));
      }
      declared = new java.util.ArrayList<>(declared);
      try {
        // second-stage facts (they depend on the first ones), as the engine reads them
        declared.addAll(module.moreFacts(args, FactSet.of(raw), ctx));
      } catch (RuntimeException e) {
        // a first-stage fact is missing from the case: reported below
      }
      TreeSet<String> want = declared.stream().map(Fact::key).collect(Collectors.toCollection(TreeSet::new));
      if (!want.equals(new TreeSet<>(raw.keySet()))) {
        fail(file + ": facts given " + new TreeSet<>(raw.keySet()) + " but the module declares:\n"
            + declared.stream().map(f -> "  \"" + f.key() + "\": {rc: 0, output: ''}   # " + f.command())
                .collect(Collectors.joining("\n")));
      }
      plan = module.plan(args, FactSet.of(raw), ctx);
    } catch (ModuleArgsException e) {
      if (exp.containsKey("error")) {
        contains(file, "error", e.getMessage(), (String) exp.get("error"), null);
        return;
      }
      throw e;
    }
    String actual = dump(plan);
    if ("ok".equals(expect)) {
      same(file, plan.kind() == Plan.Kind.OK, "expected ok", actual);
    } else if (exp.containsKey("ok")) {
      same(file, plan.kind() == Plan.Kind.OK, "expected ok", actual);
      contains(file, "ok message", plan.message(), (String) exp.get("ok"), actual);
    } else if (exp.containsKey("error")) {
      fail(file + ": expected an argument error containing '" + exp.get("error") + "', got plan:\n" + actual);
    } else if (exp.containsKey("fail")) {
      same(file, plan.kind() == Plan.Kind.FAIL, "expected a FAIL plan", actual);
      contains(file, "fail", plan.message(), (String) exp.get("fail"), actual);
    } else {
      boolean verify = exp.containsKey("verify");
      same(file, plan.kind() == (verify ? Plan.Kind.VERIFY : Plan.Kind.CHANGE),
          "expected a " + (verify ? "VERIFY" : "CHANGE") + " plan", actual);
      List<Object> cmds = (List<Object>) exp.get(verify ? "verify" : "commands");
      same(file, cmds != null && cmds.size() == plan.commands().size(),
          "expected " + (cmds == null ? "a commands list" : cmds.size() + " commands"), actual);
      for (int i = 0; i < cmds.size(); i++) {
        same(file, matches(cmds.get(i), plan.commands().get(i)), "command " + (i + 1) + " differs", actual);
      }
    }
    if (exp.containsKey("message")) {
      contains(file, "message", plan.message(), (String) exp.get("message"), actual);
    }
    if (exp.containsKey("diff")) {
      contains(file, "diff", String.valueOf(plan.diff()), (String) exp.get("diff"), actual);
    }
    if (c.containsKey("results")) {
      List<CommandResult> results = new ArrayList<>();
      for (Map<String, Object> r : (List<Map<String, Object>>) c.get("results")) {
        results.add(new CommandResult(((Number) r.getOrDefault("rc", 0)).intValue(),
            String.valueOf(r.getOrDefault("stdout", "")), String.valueOf(r.getOrDefault("stderr", "")), 1));
      }
      Outcome o = module.interpret(args, plan, results);
      Map<String, Object> want = (Map<String, Object>) c.get("outcome");
      String got = "outcome: {status: " + o.status().name().toLowerCase() + ", message: " + o.message() + "}";
      same(file, want != null && o.status().name().equalsIgnoreCase((String) want.get("status")),
          "outcome status differs", got);
      if (want.containsKey("message")) {
        contains(file, "outcome message", o.message(), (String) want.get("message"), got);
      }
      if (want.containsKey("changed")) {
        same(file, o.changed() == (Boolean) want.get("changed"), "outcome changed flag differs", got + " changed=" + o.changed());
      }
    }
  }

  @SuppressWarnings("unchecked")
  static boolean matches(Object want, Command got) {
    if (want instanceof String s) {
      return got instanceof Command.Shell sh && sh.script().strip().equals(s.strip());
    }
    Map<String, Object> m = (Map<String, Object>) want;
    if (m.containsKey("upload")) {
      if (!(got instanceof Command.Upload u) || !u.path().equals(m.get("upload"))) {
        return false;
      }
      String content = new String(u.content(), StandardCharsets.UTF_8);
      return (!m.containsKey("mode") || String.valueOf(m.get("mode")).equals(u.mode()))
          && (!m.containsKey("content") || content.equals(m.get("content")))
          && (!m.containsKey("content_contains")
              || ((List<String>) m.get("content_contains")).stream().allMatch(content::contains));
    }
    if (m.containsKey("contains")) {
      return got instanceof Command.Shell sh
          && ((List<String>) m.get("contains")).stream().allMatch(sh.script()::contains);
    }
    return false;
  }

  static void same(Path file, boolean ok, String what, String actual) {
    if (!ok) {
      fail(file + ": " + what + "; actual:\n" + actual);
    }
  }

  static void contains(Path file, String what, String text, String sub, String actual) {
    if (text == null || !text.contains(sub)) {
      fail(file + ": " + what + " does not contain '" + sub + "': " + text + (actual == null ? "" : "\nactual:\n" + actual));
    }
  }

  /** The plan as a pasteable {@code expect:} block. */
  static String dump(Plan plan) {
    Map<String, Object> expect = new LinkedHashMap<>();
    switch (plan.kind()) {
      case OK -> expect.put("ok", plan.message());
      case FAIL -> expect.put("fail", plan.message());
      default -> {
        List<Object> cmds = new ArrayList<>();
        for (Command cmd : plan.commands()) {
          if (cmd instanceof Command.Shell s) {
            cmds.add(s.script());
          } else if (cmd instanceof Command.Upload u) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("upload", u.path());
            m.put("mode", u.mode());
            m.put("content", new String(u.content(), StandardCharsets.UTF_8));
            cmds.add(m);
          }
        }
        expect.put(plan.kind() == Plan.Kind.VERIFY ? "verify" : "commands", cmds);
        expect.put("message", plan.message());
        if (plan.diff() != null) {
          expect.put("diff", plan.diff());
        }
      }
    }
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
    o.setWidth(200);
    return new Yaml(o).dump(Map.of("expect", expect));
  }
}
