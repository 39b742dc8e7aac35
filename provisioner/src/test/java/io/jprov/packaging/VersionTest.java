package io.jprov.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.Main;
import io.jprov.Version;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code jprov version} (docs/install.md): the version of the build without {@code -SNAPSHOT}, the git commit baked
 * in by the build (packaging/build-info.sh), and the Java runtime; {@code --version} says the same.
 */
class VersionTest {
  private static Path checkout() {
    return Path.of(System.getProperty("jprov.home", "..")).toAbsolutePath().normalize();
  }

  @Test
  void theTextHasTheVersionTheCommitAndTheRuntimeOnThreeLines() {
    assertThat(Version.text("1.2.3", "0123abc-dirty", "25.0.3+9-LTS", "Eclipse Adoptium", "/usr/lib/jprov/runtime"))
        .isEqualTo("jprov 1.2.3\ncommit: 0123abc-dirty\njava: 25.0.3+9-LTS (Eclipse Adoptium) /usr/lib/jprov/runtime");
  }

  @Test
  void theVersionIsTheMavenProjectVersionWithoutSnapshot() throws Exception {
    String pom = Files.readString(checkout().resolve("pom.xml"));
    Matcher m = Pattern.compile("<artifactId>jprov-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertThat(m.find()).as("the parent POM's version").isTrue();
    assertThat(Version.VERSION).isEqualTo(m.group(1).replace("-SNAPSHOT", ""));
  }

  @Test
  void theCommitIsOneOfTheCheckoutsCommitsOrUnknown() throws Exception {
    assertThat(Version.COMMIT).matches("[0-9a-f]{40}(-dirty)?|unknown");
    if (git("rev-parse", "HEAD") == 0) {
      // the build wrote build-info.properties from this checkout: HEAD then, HEAD or an ancestor of it now (a
      // commit made during the build moves HEAD on)
      String sha = Version.COMMIT.replace("-dirty", "");
      assertThat(git("merge-base", "--is-ancestor", sha, "HEAD")).as(sha + " is HEAD or an ancestor").isZero();
    }
  }

  private static int git(String... args) throws Exception {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = checkout().toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  @Test
  void theJavaLineNamesTheRunningRuntime() {
    String[] lines = Version.text().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).isEqualTo("jprov " + Version.VERSION);
    assertThat(lines[1]).isEqualTo("commit: " + Version.COMMIT);
    assertThat(lines[2]).isEqualTo("java: " + System.getProperty("java.runtime.version") + " ("
        + System.getProperty("java.vendor") + ") " + System.getProperty("java.home"));
  }

  @Test
  void theVersionCommandAndTheVersionOptionPrintTheSameText() {
    for (String arg : new String[] {"version", "--version"}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), arg);
      assertThat(exit).as(arg).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).as(arg).isEqualTo(Version.text() + System.lineSeparator());
      assertThat(err.toString(StandardCharsets.UTF_8)).as(arg).isEmpty();
    }
  }
}
