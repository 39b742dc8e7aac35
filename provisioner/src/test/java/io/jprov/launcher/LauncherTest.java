package io.jprov.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jprov} launcher (repository root), copied into a temporary install with a jar: with a
 * stand-in {@code java} that logs its arguments, which class-data sharing or AOT cache flags it
 * passes for the JDK's version (read from the JDK's {@code release} file); and with a real JDK 25
 * when one is installed, that the AOT cache is made and used and its messages stay off stdout.
 */
class LauncherTest {
  private static final Path LAUNCHER = Path.of("../jprov").toAbsolutePath().normalize();
  /** A stand-in java: logs one line of arguments per call, writes the cache files the JVM would. */
  private static final String FAKE_JAVA = """
      #!/bin/sh
      echo "$*" >> "$FAKE_LOG"
      for a do
        case $a in
          -XX:AOTCacheOutput=*) [ -n "$FAKE_TRAIN_FAILS" ] && exit 1; echo aot > "${a#*=}"; echo "AOTCache creation is complete" ;;
          -XX:ArchiveClassesAtExit=*) echo jsa > "${a#*=}" ;;
        esac
      done
      echo "ran"
      """;

  @TempDir Path tmp;
  private Path home;
  private Path target;
  private Path log;

  @BeforeEach
  void install() throws IOException {
    home = tmp.resolve("home");
    target = home.resolve("provisioner/target");
    Files.createDirectories(target);
    Files.copy(LAUNCHER, home.resolve("jprov"));
    Files.writeString(target.resolve("jprov.jar"), "not a jar");
    Files.setLastModifiedTime(target.resolve("jprov.jar"), FileTime.from(Instant.now().minusSeconds(60)));
    Files.writeString(home.resolve("inventory.example.yml"), "all: {}\n");
    log = tmp.resolve("java.log");
  }

  private Path fakeJdk(String version) throws IOException {
    Path jdk = tmp.resolve("jdk-" + version);
    Files.createDirectories(jdk.resolve("bin"));
    Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    Path java = jdk.resolve("bin/java");
    Files.writeString(java, FAKE_JAVA);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return jdk;
  }

  private record Run(int exit, String stdout, List<String> calls) {}

  private Run run(Path javaHome, String path, String... env) throws Exception {
    Files.deleteIfExists(log);
    ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("sh", home.resolve("jprov").toString()),
        Stream.of("version")).toList()).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("JPROV_JAVA_OPTS");
    if (javaHome != null) {
      pb.environment().put("JAVA_HOME", javaHome.toString());
    }
    if (path != null) {
      pb.environment().put("PATH", path + ":/usr/bin:/bin");
    }
    pb.environment().put("FAKE_LOG", log.toString());
    for (int i = 0; i < env.length; i += 2) {
      pb.environment().put(env[i], env[i + 1]);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    return new Run(exit, out, Files.exists(log) ? Files.readAllLines(log) : List.of());
  }

  @Test
  void jdk17KeepsClassDataSharing() throws Exception {
    Path jdk = fakeJdk("17.0.15");
    Run first = run(jdk, null);
    assertThat(first.calls()).hasSize(1);
    assertThat(first.calls().get(0)).startsWith("-XX:ArchiveClassesAtExit=" + target.resolve("jprov.jsa")
        + " -Xlog:cds=off -Xlog:cds+dynamic=off -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djprov.home=")
        .endsWith("-jar " + target.resolve("jprov.jar") + " version");
    Run second = run(jdk, null);
    assertThat(second.calls()).singleElement().asString()
        .startsWith("-XX:SharedArchiveFile=" + target.resolve("jprov.jsa") + " -Xshare:auto -Xlog:cds=off");
    assertThat(Files.list(target).map(f -> f.getFileName().toString())).noneMatch(n -> n.contains("aot"));
  }

  @Test
  void jdk25TrainsAnAotCacheOnceInSilenceThenUsesIt() throws Exception {
    Path jdk = fakeJdk("25.0.3");
    Path aot = target.resolve("jprov-25.0.3.aot");
    Run first = run(jdk, null);
    assertThat(first.exit()).isZero();
    assertThat(first.stdout()).as("the training run prints nothing").isEqualTo("ran\n");
    assertThat(first.calls()).hasSize(2);
    assertThat(first.calls().get(0)).matches("-XX:AOTCacheOutput=" + aot + "\\.\\d+\\.tmp -Xlog:aot=off "
        + "-XX:TieredStopAtLevel=1 -XX:\\+UseSerialGC --sun-misc-unsafe-memory-access=allow -Djprov.home=\\S+ -jar \\S+ inventory -i "
        + home.resolve("inventory.example.yml") + " --list");
    assertThat(first.calls().get(1)).isEqualTo("-XX:AOTCache=" + aot + " -Xlog:aot=off -Xlog:cds=off "
        + "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow -Djprov.home=" + home + " -jar " + target.resolve("jprov.jar")
        + " version");
    assertThat(aot).hasContent("aot");
    assertThat(Files.list(target).map(f -> f.getFileName().toString()))
        .containsExactlyInAnyOrder("jprov.jar", "jprov-25.0.3.aot");

    Run second = run(jdk, null);
    assertThat(second.calls()).singleElement().asString().startsWith("-XX:AOTCache=" + aot + " ");

    // a new jar: the cache is made again (the JVM would still map the old one)
    Files.setLastModifiedTime(target.resolve("jprov.jar"), FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(run(jdk, null).calls()).hasSize(2).first().asString().startsWith("-XX:AOTCacheOutput=");
  }

  @Test
  void jdk25FoundThroughPathSymlinksToo() throws Exception {
    Path jdk = fakeJdk("26");
    Path bin = tmp.resolve("bin");
    Files.createDirectories(bin);
    Files.createSymbolicLink(bin.resolve("java"), Path.of("../jdk-26/bin/java"));
    Run first = run(null, bin.toString());
    assertThat(first.calls()).hasSize(2);
    assertThat(first.calls().get(1)).startsWith("-XX:AOTCache=" + target.resolve("jprov-26.aot") + " ");
  }

  @Test
  void aFailedTrainingRunsWithoutACacheAndIsNotRetriedForTheSameJar() throws Exception {
    Path jdk = fakeJdk("25.0.3");
    Run first = run(jdk, null, "FAKE_TRAIN_FAILS", "1");
    assertThat(first.exit()).isZero();
    assertThat(first.calls()).hasSize(2);
    assertThat(first.calls().get(1)).startsWith("-Xlog:aot=off -Xlog:cds=off -XX:TieredStopAtLevel=1");
    assertThat(target.resolve("jprov-25.0.3.aot")).doesNotExist();
    assertThat(Files.list(target).map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    assertThat(run(jdk, null, "FAKE_TRAIN_FAILS", "1").calls()).singleElement().asString()
        .startsWith("-Xlog:aot=off");
  }

  /** A real JDK 25 or newer, if one is installed (/usr/lib/jvm/*temurin*25*, or JDK25_HOME). */
  private static Path realJdk25() throws IOException {
    String env = System.getenv("JDK25_HOME");
    if (env != null && Files.isExecutable(Path.of(env, "bin/java"))) {
      return Path.of(env);
    }
    Path jvm = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvm)) {
      return null;
    }
    try (Stream<Path> s = Files.list(jvm)) {
      return s.filter(p -> p.getFileName().toString().matches(".*temurin-2[5-9].*|.*temurin-[3-9]\\d.*"))
          .filter(p -> Files.isExecutable(p.resolve("bin/java"))).sorted().findFirst().orElse(null);
    }
  }

  @Test
  void realJdk25MakesTheCacheAndKeepsStdoutClean() throws Exception {
    Path jdk = realJdk25();
    Assumptions.assumeTrue(jdk != null, "no JDK 25 installed");
    // a small real jar: LauncherProbe prints its arguments
    Path jar = target.resolve("jprov.jar");
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
      String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
      out.putNextEntry(new JarEntry(entry));
      try (var in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
        in.transferTo(out);
      }
    }
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    Run first = run(jdk, null);
    assertThat(first.exit()).isZero();
    assertThat(first.stdout()).isEqualTo("probe version\n");
    String version = Files.readAllLines(jdk.resolve("release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
        .findFirst().orElseThrow().replaceAll("JAVA_VERSION=\"([0-9.]+).*", "$1");
    Path aot = target.resolve("jprov-" + version + ".aot");
    assertThat(aot).isNotEmptyFile();
    Run second = run(jdk, null);
    assertThat(second.stdout()).isEqualTo("probe version\n");
    // a cache the JVM cannot use (here: cut short) is skipped in silence
    byte[] all = Files.readAllBytes(aot);
    try (OutputStream o = Files.newOutputStream(aot)) {
      o.write(all, 0, all.length / 2);
    }
    assertThat(run(jdk, null).stdout()).isEqualTo("probe version\n");
  }
}
