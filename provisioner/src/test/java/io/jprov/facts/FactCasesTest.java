package io.jprov.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.jprov.yaml.Keys;
import io.jprov.yaml.YNode;
import io.jprov.yaml.YamlLoader;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fact against recorded host output: {@code src/test/resources/facts/<fact>/<case>.yml}, where
 * {@code <fact>} is a {@link Facts#names() fact name} (the prefix of the fact's key). A case:
 *
 * <pre>
 * fact: rpmq                      # the directory's name
 * arg: [docker-ce, containerd.io] # the factory's argument (a string, a list, or none for platform)
 * command: "rpm -q --qf ..."      # the exact command the fact runs
 * output: |                       # stdout and stderr as the host prints them
 *   ...
 * rc: 0                           # the command's exit code (default 0)
 * expect: {...}                   # the parsed value, compared exactly: a record is a mapping of
 *                                 # its components, Optional.empty null, an enum its name
 * derived: {exists: true}         # optional: no-argument methods of the value → their result
 * </pre>
 *
 * A case of facts read together ({@link Fact.Batch}: one command for all the package or unit facts
 * of a gather) has {@code batch} instead of {@code arg}:
 *
 * <pre>
 * fact: rpmq
 * batch: [[docker, docker-ce], [glibc]] # the facts' arguments, in gather order
 * command: "rpm -q --qf ..."             # the one command the gatherer runs for all of them (nonce n1)
 * output: |                              # what it printed, and its exit code (rc)
 *   ...
 * own:                                   # optional: what each fact's own command printed on the same
 *   - {output: "...", rc: 1}             # host; the batch's split must give exactly that
 * expect: [{...}, {...}]                 # each fact's parsed value
 * </pre>
 *
 * Plus: every fact factory of the package (found by reflection) has a name and at least three
 * cases, no fact is made outside the package, and the stat and platform commands run for real with
 * the local {@code sh}.
 */
class FactCasesTest {
  private static final Path CASES = Path.of("src/test/resources/facts");
  private static final Set<String> KEYS =
      Set.of("fact", "arg", "batch", "own", "key", "command", "output", "rc", "expect", "derived");
  private static final int MIN_CASES = 3;

  @TestFactory
  Stream<DynamicTest> recordedOutputs() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(CASES)) {
      files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    if (files.isEmpty()) {
      fail("no cases under " + CASES);
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(CASES.relativize(f).toString(), f.toUri(), () -> run(f)));
  }

  @SuppressWarnings("unchecked")
  private static void run(Path file) throws Exception {
    String dir = file.getParent().getFileName().toString();
    YNode.YMap node = Keys.map(YamlLoader.load(file, file.toString()), "fact case");
    Keys.requireKnown(node, KEYS, "fact case");
    Map<String, Object> c = (Map<String, Object>) node.toPlain();
    for (String required : List.of("fact", "command", "output", "expect")) {
      if (!c.containsKey(required)) {
        fail(file + ": missing '" + required + "'");
      }
    }
    assertEquals(dir, c.get("fact"), "fact name must be the case's directory");
    if (c.containsKey("batch")) {
      runBatch(c);
      return;
    }

    Fact<?> fact = Facts.byName((String) c.get("fact"), c.get("arg"));
    assertThat(fact.key()).as("key of the fact").isEqualTo(c.containsKey("key") ? c.get("key")
        : c.get("arg") == null ? dir : dir + ":" + keyArg(c.get("arg")));
    assertEquals(c.get("command"), fact.command(), "command of " + fact.key());

    FactOutput output = new FactOutput((Integer) c.getOrDefault("rc", 0), (String) c.get("output"));
    // as the gathering script frames it: the output comes back exactly
    String framed = "\n::jprov:n1:0:begin::\n" + output.output() + "\n::jprov:n1:0:rc=" + output.exitCode() + "::\n";
    assertEquals(output, new FactGatherer("n1").parse(List.of(fact), framed).get(fact.key()), "framed output");
    Object parsed = fact.parse(output);
    Object actual = plain(parsed);
    assertEquals(plain(c.get("expect")), actual, "parsed value of " + fact.key() + " (actual: " + actual + ")");

    Map<String, Object> derived = (Map<String, Object>) c.getOrDefault("derived", Map.of());
    for (Map.Entry<String, Object> e : derived.entrySet()) {
      Method m = parsed.getClass().getMethod(e.getKey());
      assertEquals(plain(e.getValue()), plain(m.invoke(parsed)), e.getKey() + "() of " + parsed);
    }
  }

  /**
   * Facts read together: the gatherer runs the case's one command for all of them (one frame), and
   * splits what it printed into each fact's own output and value.
   */
  @SuppressWarnings("unchecked")
  private static void runBatch(Map<String, Object> c) throws Exception {
    List<Object> args = (List<Object>) c.get("batch");
    assertThat(args).as("a batch reads at least two facts").hasSizeGreaterThanOrEqualTo(2);
    List<Fact<?>> facts = new ArrayList<>();
    for (Object arg : args) {
      facts.add(Facts.byName((String) c.get("fact"), arg));
    }
    FactGatherer gatherer = new FactGatherer("n1");
    assertEquals("printf '\\n::jprov:n1:0:begin::\\n'\n( " + c.get("command") + "\n) </dev/null 2>&1\n"
        + "printf '\\n::jprov:n1:0:rc=%d::\\n' $?\n", gatherer.script(facts), "the one command of the batch");
    String framed = "\n::jprov:n1:0:begin::\n" + c.get("output") + "\n::jprov:n1:0:rc="
        + c.getOrDefault("rc", 0) + "::\n";
    Map<String, FactOutput> outputs = gatherer.parse(facts, framed);
    List<Object> own = (List<Object>) c.get("own");
    List<Object> expect = (List<Object>) c.get("expect");
    assertThat(expect).as("one expected value per fact").hasSize(facts.size());
    if (own != null) {
      assertThat(own).as("one own output per fact").hasSize(facts.size());
    }
    for (int i = 0; i < facts.size(); i++) {
      Fact<?> fact = facts.get(i);
      FactOutput output = outputs.get(fact.key());
      if (own != null) {
        Map<String, Object> o = (Map<String, Object>) own.get(i);
        assertEquals(new FactOutput((Integer) o.getOrDefault("rc", 0), (String) o.get("output")), output,
            "the share of " + fact.key() + " is what its own command printed");
      }
      Object actual = plain(fact.parse(output));
      assertEquals(plain(expect.get(i)), actual, "parsed value of " + fact.key() + " (actual: " + actual + ")");
    }
  }

  /** The argument as the key spells it: rpmq's names deduplicated and sorted, joined by commas. */
  private static String keyArg(Object arg) {
    if (arg instanceof List<?> l) {
      return String.join(",", new TreeSet<>(l.stream().map(String::valueOf).toList()));
    }
    return String.valueOf(arg);
  }

  /**
   * A parsed value (or a YAML value) as plain data: records as mappings of their components,
   * Optional unwrapped, enums by name, whole numbers as Long, sets and lists as lists.
   */
  static Object plain(Object v) throws Exception {
    if (v == null) {
      return null;
    }
    if (v instanceof Optional<?> o) {
      return plain(o.orElse(null));
    }
    if (v instanceof Record r) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (RecordComponent rc : r.getClass().getRecordComponents()) {
        m.put(rc.getName(), plain(rc.getAccessor().invoke(r)));
      }
      return m;
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        m.put(String.valueOf(e.getKey()), plain(e.getValue()));
      }
      return m;
    }
    if (v instanceof Collection<?> col) {
      List<Object> l = new ArrayList<>();
      for (Object o : col) {
        l.add(plain(o));
      }
      return l;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      return ((Number) v).longValue();
    }
    return v;
  }

  /**
   * Every public static fact factory and constant of io.jprov.facts, called with sample arguments,
   * gives a fact whose name {@link Facts#byName} knows and that has cases; and every name has cases.
   */
  @Test
  void everyFactOfThePackageHasCases() throws Exception {
    Map<String, String> namesFound = new TreeMap<>();
    for (JavaClass jc : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.jprov.facts")) {
      Class<?> type = jc.reflect();
      if (type == Facts.class) {
        continue; // the lookup by name, not a factory
      }
      for (Method m : type.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())
            && Fact.class.isAssignableFrom(m.getReturnType())) {
          for (Object[] args : samples(m.getParameterTypes(), 0)) {
            namesFound.put(name((Fact<?>) m.invoke(null, args)), type.getSimpleName() + "." + m.getName());
          }
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers()) && Modifier.isStatic(f.getModifiers())
            && Fact.class.isAssignableFrom(f.getType())) {
          namesFound.put(name((Fact<?>) f.get(null)), type.getSimpleName() + "." + f.getName());
        }
      }
    }
    assertThat(namesFound).as("fact factories found by reflection").isNotEmpty();
    assertThat(Facts.names()).as("Facts.names() against the factories of the package " + namesFound)
        .containsExactlyInAnyOrderElementsOf(namesFound.keySet());
    List<String> dirs;
    try (Stream<Path> s = Files.list(CASES)) {
      dirs = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(dirs).as("case directories under " + CASES).containsExactlyInAnyOrderElementsOf(Facts.names());
    for (String name : Facts.names()) {
      try (Stream<Path> s = Files.list(CASES.resolve(name))) {
        assertThat(s.filter(p -> p.toString().endsWith(".yml")).count())
            .as("cases for fact " + name + " (" + namesFound.get(name) + ")").isGreaterThanOrEqualTo(MIN_CASES);
      }
    }
  }

  /**
   * A fact made elsewhere (a module's own {@code new Fact<>(...)}) would escape the check above and
   * have no cases: facts are made in this package only.
   */
  @Test
  void factsAreMadeOnlyInThisPackage() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
        .that().resideOutsideOfPackage("io.jprov.facts")
        .should().callConstructor(Fact.class, String.class, String.class, java.util.function.Function.class)
        .orShould().callConstructor(Fact.class, String.class, String.class, java.util.function.Function.class,
            Fact.Batch.class)
        .because("every fact has cases under " + CASES + " (everyFactOfThePackageHasCases)")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jprov"));
  }

  private static String name(Fact<?> fact) {
    int colon = fact.key().indexOf(':');
    return colon < 0 ? fact.key() : fact.key().substring(0, colon);
  }

  /** Every combination of sample values for the parameter types from index {@code i} on. */
  private static List<Object[]> samples(Class<?>[] types, int i) {
    if (i == types.length) {
      List<Object[]> one = new ArrayList<>();
      one.add(new Object[types.length]);
      return one;
    }
    List<Object> values;
    if (types[i] == String.class) {
      values = List.of("/x"); // absolute: some factories take a path
    } else if (types[i] == boolean.class || types[i] == Boolean.class) {
      values = List.of(false, true);
    } else if (types[i] == List.class || types[i] == Collection.class) {
      values = List.of(List.of("x"));
    } else if (types[i] == Set.class) {
      values = List.of(Set.of("x"));
    } else {
      throw new AssertionError("no sample value for a fact factory parameter of type " + types[i]
          + ": add one to FactCasesTest.samples");
    }
    List<Object[]> out = new ArrayList<>();
    for (Object[] rest : samples(types, i + 1)) {
      for (Object v : values) {
        Object[] args = rest.clone();
        args[i] = v;
        out.add(args);
      }
    }
    return out;
  }

  @Test
  void byNameRefusesUnknownNamesAndWrongArguments() {
    assertThrows(IllegalArgumentException.class, () -> Facts.byName("rpm", List.of("a")));
    assertThrows(IllegalArgumentException.class, () -> Facts.byName("rpmq", "a"));
    assertThrows(IllegalArgumentException.class, () -> Facts.byName("stat", null));
    assertThrows(IllegalArgumentException.class, () -> Facts.byName("platform", "x"));
  }

  private static FactOutput runLocally(Fact<?> fact) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "( " + fact.command() + "\n) </dev/null 2>&1")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new FactOutput(p.waitFor(), out);
  }

  @Test
  void statCommandRunsWithLocalShell(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("it's a file.conf");
    Files.writeString(f, "a\nb\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    FileStat stat = FileStat.parse(runLocally(FileStat.of(f.toString(), true)));
    assertThat(stat.type()).isEqualTo(FileStat.Type.FILE);
    assertThat(stat.mode()).isEqualTo("0640");
    assertThat(stat.size()).isEqualTo(4);
    assertThat(stat.sha256()).isEqualTo(sha("a\nb\n"));
    assertThat(stat.content()).isEqualTo("a\nb\n");

    FileStat noContent = FileStat.parse(runLocally(FileStat.of(f.toString(), false)));
    assertThat(noContent.content()).isNull();
    assertThat(noContent.sha256()).isEqualTo(sha("a\nb\n"));

    assertThat(FileStat.parse(runLocally(FileStat.of(dir.resolve("missing").toString(), true))).exists()).isFalse();
    assertThat(FileStat.parse(runLocally(FileStat.of(dir.toString(), true))).type()).isEqualTo(FileStat.Type.DIRECTORY);

    Path empty = dir.resolve("empty");
    Files.createFile(empty);
    FileStat e = FileStat.parse(runLocally(FileStat.of(empty.toString(), true)));
    assertThat(e.type()).isEqualTo(FileStat.Type.FILE);
    assertThat(e.content()).isEqualTo("");

    Path noNewline = dir.resolve("nonl");
    Files.writeString(noNewline, "x");
    assertThat(FileStat.parse(runLocally(FileStat.of(noNewline.toString(), true))).content()).isEqualTo("x");
  }

  @Test
  void platformCommandRunsWithLocalShell() throws Exception {
    Platform p = Platform.parse(runLocally(HostFacts.PLATFORM));
    assertThat(p.arch()).isNotEmpty();
    assertThat(p.kernel()).isNotEmpty();
    assertThat(p.uid()).isGreaterThanOrEqualTo(0);
    assertThat(p.user()).isNotEmpty();
    assertThat(p.toModel()).containsKeys("os", "arch", "kernel", "uid", "user");
  }

  private static String sha(String s) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
