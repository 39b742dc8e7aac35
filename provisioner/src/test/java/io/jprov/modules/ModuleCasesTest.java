package io.jprov.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jprov.facts.Fact;
import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostFacts;
import io.jprov.platform.Distro;
import io.jprov.platform.Distros;
import io.jprov.platform.RepoLookup;
import io.jprov.template.Templates;
import io.jprov.template.UndefinedVariableException;
import io.jprov.transport.CommandResult;
import io.jprov.transport.FileCopy;
import io.jprov.yaml.YamlLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One data-driven runner for every registered module: each {@code
 * src/test/resources/modules/<module>/<case>.yml} is one test, and every module of {@link
 * ModuleRegistry#builtin} must have at least one case. The format is described in
 * src/test/resources/modules/README.md: arguments, facts by key with their raw output, and the exact
 * plan (kind, message, commands, diff), optionally the commands' results and the exact outcome.
 * On a mismatch the actual plan is printed as YAML to paste after review.
 */
public class ModuleCasesTest {
  static final Path RESOURCES = Path.of("src/test/resources");
  static final Path CASES = RESOURCES.resolve("modules");

  private final ModuleRegistry registry = ModuleRegistry.builtin(
      new Templates(List.of(Path.of(System.getProperty("jprov.home", ".."), "templates"))));

  @TestFactory
  Stream<DynamicNode> cases() throws Exception {
    List<DynamicNode> out = new ArrayList<>();
    for (String name : registry.names()) {
      Path dir = CASES.resolve(name);
      List<Path> files = Files.isDirectory(dir)
          ? Files.list(dir).filter(p -> p.toString().endsWith(".yml")).sorted().toList() : List.of();
      if (files.isEmpty()) {
        out.add(DynamicTest.dynamicTest(name, () -> fail("module " + name + " has no cases under " + dir)));
        continue;
      }
      out.add(DynamicContainer.dynamicContainer(name, files.stream().map(f ->
          DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> run(registry.get(name), f)))));
    }
    return out.stream();
  }

  @SuppressWarnings("unchecked")
  private static void run(TaskModule<?> module, Path file) throws Exception {
    Map<String, Object> c = (Map<String, Object>) YamlLoader.load(file, file.toString()).toPlain();
    for (String k : c.keySet()) {
      if (!List.of("args", "vars", "become", "platform", "lookup", "facts", "expect", "results", "outcome").contains(k)) {
        fail(file + ": unknown case key '" + k + "'");
      }
    }
    Map<String, Object> args = (Map<String, Object>) c.getOrDefault("args", new LinkedHashMap<>());
    Map<String, Object> vars = (Map<String, Object>) c.getOrDefault("vars", new LinkedHashMap<>());
    boolean become = !Boolean.FALSE.equals(c.get("become"));
    Distro distro = null;
    if (c.containsKey("platform")) {
      // the host's platform fact, as the engine reads it before any task: ctx.distro() comes from it
      distro = Distros.of(HostFacts.PLATFORM.parse(factOutput(HostFacts.PLATFORM.key(), c.get("platform"))));
      if (distro == null) {
        fail(file + ": 'platform' is not a supported platform");
      }
    }
    TaskContext ctx = new TaskContext("host1", vars, become, Path.of(System.getProperty("jprov.home", "..")),
        file.getParent(), distro, c.containsKey("lookup")
            ? new CaseLookup(file, (Map<String, Object>) c.get("lookup")) : RepoLookup.NONE);
    Map<String, Object> expect = (Map<String, Object>) c.get("expect");
    if (expect == null) {
      fail(file + ": no expect");
    }
    ModuleCall<?> call;
    try {
      module.checkAtLoad(args);
      call = ModuleCall.bind(module, args);
      try {
        call.preflight(ctx);
      } catch (UndefinedVariableException e) {
        if (!e.root().equals("facts")) {
          throw e; // as in the engine: only what needs facts waits for the host
        }
      }
    } catch (ModuleArgsException e) {
      if (!expect.containsKey("error")) {
        throw e;
      }
      assertEquals(expect.get("error"), e.getMessage(), file + ": error differs");
      return;
    }
    Map<String, Object> given = (Map<String, Object>) c.getOrDefault("facts", Map.of());
    Map<String, FactOutput> outputs = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : given.entrySet()) {
      outputs.put(e.getKey(), factOutput(e.getKey(), e.getValue()));
    }
    List<Fact<?>> declared = new ArrayList<>(call.facts(ctx));
    try {
      // second-round facts depend on the first ones, as the engine reads them
      declared.addAll(call.moreFacts(FactSet.of(outputs), ctx));
    } catch (RuntimeException e) {
      // a first-round fact is missing from the case: reported next
    }
    TreeSet<String> want = new TreeSet<>(declared.stream().map(Fact::key).toList());
    if (!want.equals(new TreeSet<>(outputs.keySet()))) {
      StringBuilder sb = new StringBuilder(file + ": facts given " + new TreeSet<>(outputs.keySet())
          + " but the module reads:\n");
      declared.forEach(f -> sb.append("  \"").append(f.key()).append("\": {rc: 0, output: ''}   # ")
          .append(f.command()).append('\n'));
      fail(sb.toString());
    }
    Plan plan;
    try {
      plan = call.plan(FactSet.of(outputs), ctx);
    } catch (ModuleArgsException e) {
      if (!expect.containsKey("error")) {
        throw e;
      }
      assertEquals(expect.get("error"), e.getMessage(), file + ": error differs");
      return;
    }
    Map<String, Object> actual = describe(plan);
    String shown = "\n" + file + "\nactual plan (review, then paste as expect:):\n" + CaseYaml.dump(actual);
    if (expect.containsKey("error")) {
      fail("expected the error '" + expect.get("error") + "'" + shown);
    }
    assertEquals(new TreeSet<>(expect.keySet()), new TreeSet<>(actual.keySet()), "plan keys differ" + shown);
    assertEquals(expect, actual, "plan differs" + shown);

    if (c.containsKey("results") != c.containsKey("outcome")) {
      fail(file + ": 'results' and 'outcome' go together");
    }
    if (c.containsKey("results")) {
      List<CommandResult> results = new ArrayList<>();
      for (Map<String, Object> r : (List<Map<String, Object>>) c.get("results")) {
        if (r.containsKey("copied")) {
          // what the transport returns for a Command.Copy: typed, with the line shown to people
          results.add(CommandResult.of(new FileCopy.Result(((Number) r.get("copied")).longValue(),
              ((Number) r.getOrDefault("resumed_from", 0)).longValue()), 1));
          continue;
        }
        results.add(new CommandResult(((Number) r.getOrDefault("rc", 0)).intValue(),
            String.valueOf(r.getOrDefault("stdout", "")), String.valueOf(r.getOrDefault("stderr", "")), 1));
      }
      Outcome o = call.interpret(plan, results);
      Map<String, Object> got = new LinkedHashMap<>();
      got.put("status", o.status().name().toLowerCase());
      got.put("message", o.message());
      if (o.changed() != (o.status() == Outcome.Status.CHANGED)) {
        got.put("changed", o.changed());
      }
      assertEquals(c.get("outcome"), got, "outcome differs\n" + file + "\nactual outcome:\n" + CaseYaml.dump(got));
    }
  }

  /**
   * The controller's lookups as a case gives them ({@code lookup:}): {@code fetch} maps a URL to the
   * bytes it serves (a string, {@code {file: path under src/test/resources}}, or {@code {error:
   * message}}, a {@link RepoLookup.LookupException}); {@code resolve} maps a version as asked to
   * {@code {version, pins, source}} or {@code {error: message}}. A URL or version the case does not
   * list fails the call saying so, like {@link RepoLookup#NONE}.
   */
  static final class CaseLookup implements RepoLookup {
    private final Path file;
    private final Map<String, Object> fetch;
    private final Map<String, Object> resolve;

    @SuppressWarnings("unchecked")
    CaseLookup(Path file, Map<String, Object> lookup) {
      this.file = file;
      for (String k : lookup.keySet()) {
        if (!List.of("fetch", "resolve").contains(k)) {
          fail(file + ": unknown lookup key '" + k + "' (known: fetch, resolve)");
        }
      }
      this.fetch = (Map<String, Object>) lookup.getOrDefault("fetch", Map.of());
      this.resolve = (Map<String, Object>) lookup.getOrDefault("resolve", Map.of());
    }

    @Override
    @SuppressWarnings("unchecked")
    public byte[] fetch(String url) {
      Object v = fetch.get(url);
      if (v == null) {
        throw new LookupException("the case has no lookup.fetch for " + url);
      }
      if (v instanceof String s) {
        return s.getBytes(StandardCharsets.UTF_8);
      }
      Map<String, Object> m = (Map<String, Object>) v;
      if (m.containsKey("error")) {
        throw new LookupException(io.jprov.ExitCodes.NETWORK, String.valueOf(m.get("error")), null,
            Boolean.TRUE.equals(m.get("pending")));
      }
      try {
        return Files.readAllBytes(RESOURCES.resolve(String.valueOf(m.get("file"))));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(file + ": lookup.fetch file: " + e.getMessage(), e);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Resolved resolve(Distro distro, String mirror, String channel, String version, List<String> names) {
      Map<String, Object> m = (Map<String, Object>) resolve.get(version);
      if (m == null) {
        throw new LookupException("the case has no lookup.resolve for " + version);
      }
      if (m.containsKey("error")) {
        throw new LookupException(String.valueOf(m.get("error")));
      }
      Map<String, String> pins = new LinkedHashMap<>();
      ((Map<String, Object>) m.get("pins")).forEach((k, x) -> pins.put(k, String.valueOf(x)));
      return new Resolved(String.valueOf(m.get("version")), pins, String.valueOf(m.getOrDefault("source", mirror)));
    }
  }

  /** The plan as a case writes it. */
  static Map<String, Object> describe(Plan plan) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", plan.kind().name().toLowerCase());
    out.put("message", plan.message());
    if (!plan.commands().isEmpty()) {
      List<Object> cmds = new ArrayList<>();
      for (Command cmd : plan.commands()) {
        if (cmd instanceof Command.Shell sh && sh.stdin() == null && sh.description().equals(sh.script())) {
          cmds.add(sh.script());
          continue;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (cmd instanceof Command.Shell sh) {
          m.put("sh", sh.script());
          if (!sh.description().equals(sh.script())) {
            m.put("description", sh.description());
          }
          if (sh.stdin() != null) {
            m.put("stdin", new String(sh.stdin(), StandardCharsets.UTF_8));
          }
        } else if (cmd instanceof Command.Upload up) {
          m.put("upload", up.path());
          m.put("content", new String(up.content(), StandardCharsets.UTF_8));
          putIf(m, "mode", up.mode());
          putIf(m, "owner", up.owner());
          putIf(m, "group", up.group());
        } else if (cmd instanceof Command.Copy cp) {
          m.put("copy", cp.path());
          m.put("local", cp.local().getFileName().toString());
          putIf(m, "mode", cp.mode());
          m.put("size", cp.size() <= Integer.MAX_VALUE ? (Object) (int) cp.size() : cp.size()); // as YAML reads it
          m.put("sha256", cp.sha256());
        }
        cmds.add(m);
      }
      out.put("commands", cmds);
    }
    if (plan.diff() != null) {
      out.put("diff", plan.diff());
    }
    return out;
  }

  private static void putIf(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  /**
   * A fact's raw output as a case gives it: a string (exit 0), {@code {rc, output}}, {@code {from:
   * facts/...yml}} (a recorded fact case's rc and output), or, for stat facts only, {@code {file:
   * {content, mode, owner, group}}} / {@code {directory: {...}}} (the output {@code FileStat}'s
   * command prints for such a file).
   */
  @SuppressWarnings("unchecked")
  /** A case file's fact value (text, {rc, output}, {from: recorded case}, or a stat {file|directory}) as its command's output. */
  public static FactOutput factOutput(String key, Object v) throws Exception {
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
    return new FactOutput(((Number) m.getOrDefault("rc", 0)).intValue(), (String) m.getOrDefault("output", ""));
  }
}
