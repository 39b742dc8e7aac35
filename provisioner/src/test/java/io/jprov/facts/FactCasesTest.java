package io.jprov.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jprov.yaml.YamlLoader;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fact parsers against recorded outputs: {@code src/test/resources/facts/<fact>/<case>.yml} with
 * {@code output}, optional {@code rc} and {@code expect} (accessor name → value, compared as
 * strings; null means null). Plus the fact commands run for real with the local {@code sh}.
 */
class FactCasesTest {
  private static final Path CASES = Path.of("src/test/resources/facts");
  private static final Map<String, Function<FactOutput, ?>> PARSERS =
      Map.of("platform", Platform::parse, "stat", FileStat::parse);

  @TestFactory
  Stream<DynamicTest> recordedOutputs() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(CASES)) {
      files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(CASES.relativize(f).toString(), f.toUri(), () -> run(f)));
  }

  @SuppressWarnings("unchecked")
  private static void run(Path file) throws Exception {
    String fact = file.getParent().getFileName().toString();
    Function<FactOutput, ?> parser = PARSERS.get(fact);
    if (parser == null) {
      fail("no parser for fact directory " + fact);
    }
    Map<String, Object> c = (Map<String, Object>) YamlLoader.load(file, file.toString()).toPlain();
    Object parsed = parser.apply(new FactOutput((Integer) c.getOrDefault("rc", 0), (String) c.get("output")));
    Map<String, Object> expect = (Map<String, Object>) c.get("expect");
    for (Map.Entry<String, Object> e : expect.entrySet()) {
      Method m = parsed.getClass().getMethod(e.getKey());
      Object actual = m.invoke(parsed);
      assertEquals(e.getValue() == null ? null : String.valueOf(e.getValue()),
          actual == null ? null : String.valueOf(actual), e.getKey() + " of " + parsed);
    }
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
