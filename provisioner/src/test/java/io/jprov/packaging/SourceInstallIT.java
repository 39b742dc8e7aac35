package io.jprov.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build-from-source install of the README (docs/install.md): after {@code mvn -B -q -DskipTests package}, the
 * checkout's own {@code ./jprov} launcher runs from any working directory, answers {@code version}, lists the
 * example inventory and plans Docker CE on a test-fleet host over SSH.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SourceInstallIT {
  private static TestFleet fleet;

  @TempDir Path cwd;

  @BeforeAll
  static void start() {
    TestFleet.assumeDocker();
    fleet = TestFleet.start(Variant.FRESH, 1);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  /** The checkout: the parent of the provisioner module the tests run in. */
  private static Path checkout() {
    return Path.of(System.getProperty("jprov.home", "..")).toAbsolutePath().normalize();
  }

  private record Run(int exit, String out, String err) {}

  /** {@code <checkout>/jprov ARGS} from an unrelated working directory, with the test JVM's Java. */
  private Run jprov(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(checkout().resolve("jprov").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Path out = cwd.resolve("out.txt");
    Path err = cwd.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
        Path.of("/dev/null").toFile()));
    Process p = pb.start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("jprov %s finished", String.join(" ", args)).isTrue();
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theCheckoutsLauncherWorksFromAnyDirectory() throws Exception {
    Run version = jprov("version");
    assertThat(version.exit()).as(version.toString()).isZero();
    assertThat(version.out()).startsWith("jprov ");
    assertThat(version.err()).isEmpty();

    Run list = jprov("inventory", "-i", checkout().resolve("inventory.example.yml").toString(), "--list");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out()).contains("\"web01.example.com\"");

    // the default playbook is found next to the launcher, not in the working directory
    Run plan = jprov("apply", "--check", "--no-color", "-i", fleet.inventory().toString());
    assertThat(plan.exit()).as(plan.toString()).isEqualTo(10);
    assertThat(plan.out()).contains(fleet.host(0).name()).doesNotContain("Exception");
  }
}
