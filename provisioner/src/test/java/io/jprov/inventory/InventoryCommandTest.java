package io.jprov.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.JprovRun;
import io.jprov.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jprov inventory} through {@link Main#run}. */
class InventoryCommandTest {
  @TempDir Path dir;

  private String inventory(String yaml) throws IOException {
    Path f = dir.resolve("inv.yml");
    Files.writeString(f, yaml);
    return f.toString();
  }

  private static final String INV = """
      all:
        vars:
          ssh_user: ops
          docker: {version: "26.1.4", channel: stable}
        children:
          web:
            vars: {docker: {channel: test}}
            hosts:
              web[01:02]:
          db:
            hosts:
              db1: {address: 10.0.0.21, ssh_port: 2222}
      """;

  @Test
  void mirrorCredentialsAreMaskedInTheOutput() throws IOException {
    JprovRun r = JprovRun.of("inventory", "-i", inventory(INV), "--host", "web01",
        "-e", "docker.mirror=https://jdoe:Mirr0r-Pw@mirror.example.com/docker-ce");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("https://jdoe:****@mirror.example.com/docker-ce").doesNotContain("Mirr0r-Pw");
  }

  @Test
  void listPrintsMergedVarsAndGroupsAsJson() throws IOException {
    JprovRun r = JprovRun.of("inventory", "-i", inventory(INV), "--list", "-e", "docker.version=24.0.9");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    JsonNode json = new ObjectMapper().readTree(r.out());
    JsonNode web01 = json.at("/hosts/web01");
    assertThat(web01.at("/ssh_user").asText()).isEqualTo("ops");
    assertThat(web01.at("/docker/channel").asText()).isEqualTo("test");
    assertThat(web01.at("/docker/version").asText()).isEqualTo("24.0.9");
    assertThat(web01.at("/groups").toString()).isEqualTo("[\"all\",\"web\"]");
    assertThat(json.at("/hosts/db1/ssh_port").asInt()).isEqualTo(2222);
    assertThat(json.at("/groups/all/children").toString()).isEqualTo("[\"web\",\"db\"]");
    assertThat(json.at("/groups/web/hosts").toString()).isEqualTo("[\"web01\",\"web02\"]");
    assertThat(json.at("/groups/all/hosts").toString()).isEqualTo("[]");
    assertThat(JprovRun.of("inventory", "-i", inventory(INV)).out()).as("--list is the default").isEqualTo(
        JprovRun.of("inventory", "-i", inventory(INV), "--list").out());
  }

  @Test
  void listHonoursLimit() throws IOException {
    JprovRun r = JprovRun.of("inventory", "-i", inventory(INV), "--list", "--limit", "web:!web02");
    assertThat(r.code()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.at("/hosts").fieldNames()).toIterable().containsExactly("web01");
  }

  @Test
  void graphPrintsTheTree() throws IOException {
    JprovRun r = JprovRun.of("inventory", "-i", inventory(INV), "--graph");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(String.join(System.lineSeparator(),
        "@all:",
        "  |--@web:",
        "  |  |--web01",
        "  |  |--web02",
        "  |--@db:",
        "  |  |--db1",
        ""));
  }

  @Test
  void hostPrintsOneHostsVars() throws IOException {
    JprovRun r = JprovRun.of("inventory", "-i", inventory(INV), "--host", "db1");
    assertThat(r.code()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.at("/address").asText()).isEqualTo("10.0.0.21");
    assertThat(json.at("/docker/channel").asText()).isEqualTo("stable");
    assertThat(r.out()).endsWith("}" + System.lineSeparator());
  }

  @Test
  void hostShowsThePlaybookDefaultsARunUsesAndSaysWhichTheyAre() throws IOException {
    String inv = inventory("""
        all:
          vars:
            docker_sets:
              "24.0.9": {docker-compose-plugin: "2.24.99-1.el7"}
          hosts:
            web01: {docker: {version: "24.0.9"}}
        """);
    // an EL7 host: the family's vars file (docker-ce/el7.yml, which holds docker_sets) is merged too
    JprovRun r = JprovRun.of("inventory", "-i", inv, "--host", "web01", "--family", "el7", "-e", "docker.channel=test");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    // the override, the rest of its set and the other set: what the package task is given
    assertThat(json.at("/docker_sets/24.0.9/docker-compose-plugin").asText()).isEqualTo("2.24.99-1.el7");
    assertThat(json.at("/docker_sets/24.0.9/docker-ce").asText()).isEqualTo("3:24.0.9-1.el7");
    assertThat(json.at("/docker_sets/26.1.4/docker-ce").asText()).isEqualTo("3:26.1.4-1.el7");
    assertThat(json.at("/docker/version").asText()).isEqualTo("24.0.9");
    assertThat(json.at("/docker/channel").asText()).isEqualTo("test");
    assertThat(json.at("/docker/mirror").asText()).startsWith("https://");
    JsonNode from = json.at("/from_playbook_defaults");
    assertThat(from.at("/playbook").asText()).endsWith("playbooks/docker-ce.yml");
    assertThat(from.at("/vars").toString())
        .contains("\"docker.mirror\"", "\"docker_sets.\\\"26.1.4\\\"\"", "\"docker_sets.\\\"24.0.9\\\".docker-ce\"")
        .doesNotContain("docker.version", "docker.channel", "docker-compose-plugin");
    assertThat(from.at("/family").asText()).isEqualTo("el7");
    assertThat(from.at("/vars_files").toString()).contains("docker-ce/el7.yml\":\"merged\"").doesNotContain("el9");
  }

  @Test
  void hostWithoutFamilyMergesNoFamilyFileAndSaysWhichExist() throws IOException {
    JprovRun r = JprovRun.of("inventory", "-i", inventory(INV), "--host", "db1");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.has("docker_sets")).isFalse();
    assertThat(json.has("docker_conflicts")).isFalse();
    assertThat(json.at("/docker/version").asText()).isEqualTo("26.1.4");
    JsonNode from = json.at("/from_playbook_defaults");
    assertThat(from.get("family").isNull()).isTrue();
    assertThat(from.at("/vars_files").toString()).contains("docker-ce/el9.yml\":\"not merged: pass --family el9\"");
    JprovRun rocky = JprovRun.of("inventory", "-i", inventory(INV), "--host", "db1", "--family", "el9");
    JsonNode el9 = new ObjectMapper().readTree(rocky.out());
    assertThat(el9.at("/docker_conflicts").toString()).contains("podman", "runc");
    assertThat(el9.at("/docker_hold_packages/0").asText()).isEqualTo("python3-dnf-plugin-versionlock");
    assertThat(el9.has("docker_sets")).isFalse();
    assertThat(JprovRun.of("inventory", "-i", inventory(INV), "--host", "db1", "--family", "el10").err())
        .contains("--family: expected one of el7, el8, el9, debian, ubuntu, found 'el10'");
  }

  @Test
  void hostTakesTheDefaultsOfTheGivenPlaybook() throws IOException {
    Path pb = dir.resolve("pb.yml");
    Files.writeString(pb, "name: x\nhosts: all\nvars: {greeting: hello, ssh_user: nobody}\ntasks: []\n");
    JprovRun r = JprovRun.of("inventory", "-i", inventory(INV), "--host", "db1", "--playbook", pb.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.at("/greeting").asText()).isEqualTo("hello");
    assertThat(json.at("/ssh_user").asText()).isEqualTo("ops");
    assertThat(json.has("docker_sets")).isFalse();
    assertThat(json.at("/from_playbook_defaults/vars").toString()).isEqualTo("[\"greeting\"]");
  }

  @Test
  void unknownHostIsExit2WithHint() throws IOException {
    JprovRun r = JprovRun.of("inventory", "-i", inventory(INV), "--host", "db2");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).startsWith("jprov: no host named 'db2'").endsWith("(did you mean 'db1'?)");
  }

  @Test
  void missingInventoryIsExit2() {
    JprovRun r = JprovRun.of("inventory", "--list");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("jprov: no inventory: pass -i FILE");
  }

  @Test
  void badFileIsExit2WithOneLineNamingTheLocation() throws IOException {
    String file = inventory("all:\n  children:\n    web:\n      vars:\n        ssh_usr: ops\n");
    JprovRun r = JprovRun.of("inventory", "-i", file, "--list");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).containsExactly(
        "jprov: " + file + ":5:9: unknown variable 'ssh_usr' (did you mean 'ssh_user'?)");
  }

  @Test
  void malformedYamlIsExit2WithLocationAndNoStackTrace() throws IOException {
    String file = inventory("all:\n  hosts: [web01\n");
    JprovRun r = JprovRun.of("inventory", "-i", file, "--graph");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("jprov: " + file + ":3:1: ").doesNotContain("Exception");
  }

  @Test
  void badLimitIsExit2() throws IOException {
    JprovRun r = JprovRun.of("inventory", "-i", inventory(INV), "--list", "--limit", "webs");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("jprov: --limit: no host or group named 'webs' (did you mean 'web'?)");
  }

  @Test
  void twoModesAreAUsageError() throws IOException {
    JprovRun r = JprovRun.of("inventory", "-i", inventory(INV), "--list", "--graph");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("only one of --list, --graph, --host");
  }

  @Test
  void exampleInventoryGraphs() {
    Path example = Path.of(System.getProperty("jprov.home", ".."), "inventory.example.yml");
    JprovRun r = JprovRun.of("inventory", "-i", example.toString(), "--graph");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("  |--@web:", "  |  |--web01.example.com", "  |--@db:");
  }
}
