package io.jprov.cli;

import static io.jprov.cli.CliTest.assertOneLineError;
import static io.jprov.cli.CliTest.jprov;
import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -e} (docs/cli.md): keys, quoted keys, JSON values, and errors that name what was typed. */
class ExtraVarsTest {
  @TempDir Path tmp;
  String inv;

  @BeforeEach
  void inventory() throws Exception {
    Path f = tmp.resolve("inv.yml");
    // a host that cannot be reached: every error here must come before any connection attempt
    Files.writeString(f, "all:\n  hosts:\n    web1: {address: 127.0.0.1, ssh_port: 1, connect_timeout: 1}\n");
    inv = f.toString();
  }

  private JprovRun host(String... extra) {
    String[] args = new String[4 + 2 * extra.length];
    args[0] = "inventory";
    args[1] = "-i";
    args[2] = inv;
    args[3] = "--host=web1";
    for (int i = 0; i < extra.length; i++) {
      args[4 + 2 * i] = "-e";
      args[5 + 2 * i] = extra[i];
    }
    return jprov(args);
  }

  private static String compact(String json) {
    return json.replaceAll("\\s+", "");
  }

  @Test
  void aQuotedKeySetsOnePackagePinOfAVersionSet() {
    // docker_sets is EL7's data (playbooks/docker-ce/el7.yml): shown for --family el7
    JprovRun r = jprov("inventory", "-i", inv, "--host=web1", "--family", "el7",
        "-e", "docker_sets.\"24.0.9\".docker-compose-plugin=2.24.99-1.el7");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(compact(r.out())).contains("\"24.0.9\":{\"docker-ce\":\"3:24.0.9-1.el7\"")
        .contains("\"docker-compose-plugin\":\"2.24.99-1.el7\"");
  }

  @Test
  void keysBelowAVariableMayHoldDashesAndQuotedAnything() {
    JprovRun r = host("docker.daemon.log-opts.max-size=10m", "free.\"a.b \\\"c\\\"\"=1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(compact(r.out())).contains("\"daemon\":{\"log-opts\":{\"max-size\":\"10m\"}}")
        .contains("\"free\":{\"a.b\\\"c\\\"\":1}");
  }

  @Test
  void jsonValuesForMapsAndLists() {
    JprovRun r = host("docker={\"users\": [\"ops\"], \"daemon\": {\"debug\": true}}");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(compact(r.out())).contains("\"users\":[\"ops\"]").contains("\"daemon\":{\"debug\":true}");
    r = host("docker.users=[\"ops\", \"ci\"]");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(compact(r.out())).contains("\"users\":[\"ops\",\"ci\"]");
    // the old list form stays: items are strings
    r = host("docker.users=[ops,ci]", "nums=[1,2]");
    assertThat(compact(r.out())).contains("\"users\":[\"ops\",\"ci\"]").contains("\"nums\":[\"1\",\"2\"]");
  }

  @Test
  void aJsonObjectOfVariablesLikeAnsible() {
    JprovRun r = host("{\"docker\": {\"users\": [\"ops\"]}}", "docker.channel=test");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(compact(r.out())).contains("\"users\":[\"ops\"]").contains("\"channel\":\"test\"");
  }

  @Test
  void aDottedVersionWithoutQuotesSaysWhereAndHowToQuoteIt() {
    assertOneLineError(host("docker_sets.24.0.9.docker-compose-plugin=2.24.5-1.el7"), 2,
        "-e docker_sets.24.0.9.docker-compose-plugin=2.24.5-1.el7: bad variable name"
            + " 'docker_sets.24.0.9.docker-compose-plugin': '2' at character 13: a key starting with a digit"
            + " or - is quoted: docker_sets.\"24.0.9\".docker-compose-plugin");
  }

  @Test
  void badKeysNameTheCharacterAndWhere() {
    assertOneLineError(host("docker-x.y=1"), 2,
        "-e docker-x.y=1: bad variable name 'docker-x.y': '-' at character 7: a variable name holds letters,"
            + " digits and _");
    assertOneLineError(host("docker..x=1"), 2, "'.' at character 8: empty key");
    assertOneLineError(host("docker.\"a=1"), 2, "'\"' at character 8: this quote is not closed");
    assertOneLineError(host("docker.\"a\"b=1"), 2, "'b' at character 11: expected '.' or '=' after the quoted key");
    assertOneLineError(host("docker.a b=1"), 2, "' ' at character 9: a key holding anything but letters, digits,"
        + " _ and - is quoted");
  }

  @Test
  void badJsonSaysWhere() {
    assertOneLineError(host("docker.users=[\"ops\""), 2, "-e docker.users=[\"ops\": invalid JSON at 1:");
    assertOneLineError(host("{\"docker\": {\"users\": [\"ops\"]}"), 2, "invalid JSON at 1:");
    assertOneLineError(host("docker={\"users\": 1, \"users\": 2}"), 2, "Duplicate field 'users'");
    assertOneLineError(host("{\"bad-name\": 1}"), 2, "bad variable name 'bad-name'");
  }

  @Test
  void aDockerVersionWithoutASetNamesTheOptionAndTheValue() {
    for (String v : new String[] {"25.0.0-1", "24.x"}) {
      JprovRun r = jprov("plan", "-i", inv, "-e", "docker.version=" + v);
      assertOneLineError(r, 2, "-e docker.version=" + v + ": not a Docker version (27.3.1, or a prefix such as 27.3"
          + " or 27) and no such Docker version set; known: 26.1.4, 24.0.9 (docker_sets)");
      assertThat(r.err()).doesNotContain("quote it").doesNotContain("docker-ce.yml");
      assertThat(r.out()).doesNotContain("PLAY");
    }
  }

  @Test
  void aDockerVersionWithoutASetNamesTheInventoryLine() throws Exception {
    Path f = tmp.resolve("v.yml");
    Files.writeString(f, "all:\n  hosts:\n    web1: {address: 127.0.0.1, ssh_port: 1}\n"
        + "  vars:\n    docker:\n      version: \"25.0.0-1\"\n");
    JprovRun r = jprov("plan", "-i", f.toString());
    assertOneLineError(r, 2, f + ":6:16: docker.version '25.0.0-1': not a Docker version (27.3.1, or a prefix such"
        + " as 27.3 or 27) and no such Docker version set; known: 26.1.4, 24.0.9 (docker_sets)");
    assertThat(r.out()).doesNotContain("PLAY");
    // the versions of the lock file beside the inventory are known too (docs/lock.md)
    Files.writeString(tmp.resolve("docker-lock.yml"), "format: 1\ndocker:\n  '27.3':\n    centos-9-x86_64:\n"
        + "      version: 27.3.1\n      repo: http://m/linux/centos/9/x86_64/stable\n"
        + "      packages: {docker-ce: '3:27.3.1-1.el9'}\n");
    assertOneLineError(jprov("plan", "-i", f.toString()), 2, "known: 26.1.4, 24.0.9 (docker_sets), 27.3"
        + " (docker-lock.yml)");
  }

  @Test
  void aVersionSetAddedInTheInventoryIsKnown() throws Exception {
    Path f = tmp.resolve("v.yml");
    Files.writeString(f, "all:\n  hosts:\n    web1: {address: 127.0.0.1, ssh_port: 1, connect_timeout: 1}\n"
        + "  vars:\n    docker_sets:\n      \"25.0.0\": {docker-ce: \"3:25.0.0-1.el7\"}\n");
    JprovRun r = jprov("plan", "-i", f.toString(), "-e", "docker.version=25.0.0");
    assertThat(r.err()).doesNotContain("no such Docker version set");
    assertThat(r.out()).contains("PLAY");
  }
}
