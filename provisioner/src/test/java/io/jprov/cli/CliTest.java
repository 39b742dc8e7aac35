package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.Main;
import java.nio.file.Files;
import io.jprov.JprovRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line, through {@link Main#run}. */
class CliTest {
  @TempDir Path tmp;

  static JprovRun jprov(String... args) {
    return JprovRun.of(args);
  }

  static void assertOneLineError(JprovRun r, int code, String... fragments) {
    assertThat(r.code()).as("exit code; err=%s", r.err()).isEqualTo(code);
    for (String f : fragments) {
      assertThat(r.err()).contains(f);
    }
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void version() {
    JprovRun r = jprov("version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("jprov ");
  }

  @Test
  void helpOnEveryCommand() {
    for (String c : new String[] {"apply", "plan", "inventory", "facts", "bundle", "version"}) {
      JprovRun r = jprov(c, "--help");
      assertThat(r.code()).as(c).isZero();
      assertThat(r.out()).as(c).contains("Usage: jprov " + c);
    }
  }

  @Test
  void unknownOptionIsUsageError() {
    assertOneLineError(jprov("apply", "--bogus"), 2, "Unknown option: '--bogus'");
  }

  @Test
  void applyWithoutInventory() {
    assertOneLineError(jprov("apply"), 2, "no inventory");
  }

  @Test
  void localAndInventoryExcludeEachOther() {
    assertOneLineError(jprov("apply", "--local", "-i", "x.yml"), 2, "--local and -i");
  }

  @Test
  void badExtraVar() {
    assertOneLineError(jprov("apply", "--local", "-e", "novalue"), 2, "-e novalue: expected key=value");
    assertOneLineError(jprov("apply", "--local", "-e", "9x=1"), 2,
        "-e 9x=1: bad variable name '9x': '9' at character 1: a variable name does not start with a digit");
  }

  @Test
  void missingPlaybook() {
    assertOneLineError(jprov("apply", "--local", tmp.resolve("nope.yml").toString()), 2, "nope.yml", "not found");
  }

  @Test
  void forksMustBePositive() {
    assertOneLineError(jprov("apply", "--local", "--forks", "0"), 2, "--forks");
  }

  @Test
  void bundleNeedsASubcommand() {
    assertThat(jprov("bundle").code()).isEqualTo(2);
  }

  @Test
  void malformedInventoryNamesFileLineColumn() throws Exception {
    Path inv = tmp.resolve("inv.yml");
    Files.writeString(inv, "all:\n  hosts:\n    web1: {address: [\n");
    JprovRun r = jprov("apply", "-i", inv.toString());
    assertOneLineError(r, 2, inv + ":");
  }

  @Test
  void stackTraceOnlyWithVerbose() throws Exception {
    Path pb = tmp.resolve("pb.yml");
    Files.writeString(pb, "name: x\ntasks: [\n");
    JprovRun quiet = jprov("apply", "--local", pb.toString());
    assertThat(quiet.code()).isEqualTo(2);
    assertThat(quiet.err().strip().lines().count()).isEqualTo(1);
    JprovRun verbose = jprov("apply", "--local", "-v", pb.toString());
    assertThat(verbose.code()).isEqualTo(2);
    assertThat(verbose.err()).contains("\tat ");
  }

  @Test
  void badDockerValuesFailBeforeAnyHostIsTouched() throws Exception {
    Path inv = tmp.resolve("inv.yml");
    // a host that cannot be reached: an error must come before any connection attempt
    Files.writeString(inv, "all:\n  hosts:\n    web1: {address: 127.0.0.1, ssh_port: 1, connect_timeout: 1}\n");
    assertOneLineError(jprov("apply", "-i", inv.toString(), "-e", "docker.version=25.0.0-1"), 2,
        "-e docker.version=25.0.0-1: not a Docker version (27.3.1, or a prefix such as 27.3 or 27) and no such Docker"
            + " version set; known: 26.1.4, 24.0.9 (docker_sets)");
    assertOneLineError(jprov("apply", "-i", inv.toString(), "-e", "docker.mirror=mirror.example.com"), 2,
        "expected an http:// or https:// URL");
    assertOneLineError(jprov("apply", "-i", inv.toString(), "-e", "docker.channel=nightly"), 2,
        "the nightly channel no longer exists");
  }
}
