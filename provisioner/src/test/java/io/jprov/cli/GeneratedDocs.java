package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * The real packaging/gen-docs.sh, run once per test JVM on the test class path into
 * {@code target/gen-docs} (man pages, completion scripts), and a {@code jprov} launcher for the
 * shells the completion tests start, so that the completion can ask the hidden {@code __complete}
 * command as it does once installed.
 */
final class GeneratedDocs {
  private static Path dir;
  private static Path bin;

  private GeneratedDocs() {}

  static Path home() {
    return Path.of(System.getProperty("jprov.home", "..")).toAbsolutePath().normalize();
  }

  static Path target() {
    return home().resolve("provisioner/target");
  }

  /** The class path jprov runs on in the tests; gen-docs.sh accepts one in place of the jar. */
  static String classPath() {
    return System.getProperty("java.class.path");
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The picocli-codegen jar of the test class path (a test dependency of provisioner/pom.xml). */
  static String codegenJar() {
    return Arrays.stream(classPath().split(File.pathSeparator))
        .filter(p -> Path.of(p).getFileName().toString().startsWith("picocli-codegen-"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("picocli-codegen is not on the test class path"));
  }

  /** The output directory of gen-docs.sh (generated on the first call). */
  static synchronized Path dir() {
    if (dir == null) {
      Path out = target().resolve("gen-docs");
      Result r = run(Map.of("PICOCLI_CODEGEN_JAR", codegenJar()), home(), 300,
          home().resolve("packaging/gen-docs.sh").toString(), classPath(), out.toString());
      assertThat(r.code()).as("gen-docs.sh: " + r.err()).isZero();
      dir = out;
    }
    return dir;
  }

  /** A directory holding {@code jprov}: a launcher of io.jprov.Main on the test class path. */
  static synchronized Path bin() {
    if (bin == null) {
      try {
        Path b = Files.createDirectories(target().resolve("completion-bin"));
        Path launcher = b.resolve("jprov");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java() + "' -Xshare:auto -XX:TieredStopAtLevel=1 -cp '"
            + classPath() + "' io.jprov.Main \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        bin = b;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bin;
  }

  /** The command tree as jprov runs it. */
  static CommandLine tree() {
    return Cli.commandLine(System.out, System.err, false);
  }

  /** Every command of the tree that is not hidden, the root included, depth first. */
  static List<CommandLine> visibleCommands() {
    List<CommandLine> all = new ArrayList<>();
    walk(tree(), all);
    return all;
  }

  private static void walk(CommandLine cl, List<CommandLine> all) {
    all.add(cl);
    cl.getSubcommands().values().stream()
        .filter(sub -> !sub.getCommandSpec().usageMessage().hidden())
        .distinct()
        .forEach(sub -> walk(sub, all));
  }

  record Result(int code, String out, String err) {}

  /** Runs {@code cmd} in {@code cwd} with {@code env} added, at most {@code seconds}. */
  static Result run(Map<String, String> env, Path cwd, int seconds, String... cmd) {
    try {
      Path o = Files.createTempFile("gendocs", ".out");
      Path e = Files.createTempFile("gendocs", ".err");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
          .redirectOutput(o.toFile()).redirectError(e.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + ": still running after " + seconds + " s");
      }
      Result r = new Result(p.exitValue(), Files.readString(o), Files.readString(e));
      Files.delete(o);
      Files.delete(e);
      return r;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ex);
    }
  }
}
