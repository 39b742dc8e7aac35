package io.jprov.modules.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.inventory.Inventory;
import io.jprov.modules.YumRepoModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerVarsTest {
  @TempDir Path tmp;

  @Test
  void oneAnswerToWhetherAChannelIsRetired() {
    assertThat(DockerVars.retiredChannel("nightly")).isEqualTo("the nightly channel no longer exists; use stable or test");
    assertThat(DockerVars.retiredChannel("stable")).isNull();
    assertThat(DockerVars.retiredChannel("test")).isNull();
    // the inventory variable and the module argument say the same thing
    assertThatThrownBy(() -> YumRepoModule.checkChannel("nightly"))
        .hasMessage("yum_repo: argument 'channel' names a retired channel: " + DockerVars.retiredChannel("nightly"));
    assertThatThrownBy(() -> Inventory.localOnly(Map.of("docker", Map.of("channel", "nightly")), DockerVars.SCHEMA))
        .hasMessage("-e docker.channel=nightly: docker.channel: " + DockerVars.retiredChannel("nightly"));
  }

  @Test
  void theSchemaChecksDockerAndBaseReposMirrorWhereWritten() throws Exception {
    assertThat(DockerVars.SCHEMA.checks()).containsOnlyKeys("docker", "base_repos_mirror");
    Path inv = tmp.resolve("inv.yml");
    Files.writeString(inv, "all:\n  vars:\n    docker: {daemon: {containerd: /run/c.sock}}\n  hosts:\n    web01:\n");
    assertThatThrownBy(() -> Inventory.load(inv, "inv.yml", Map.of(), DockerVars.SCHEMA))
        .hasMessageStartingWith("inv.yml:3:23: docker.daemon.containerd: the docker unit already passes --containerd");
    Files.writeString(inv, "all:\n  vars:\n    dockr: {}\n");
    assertThatThrownBy(() -> Inventory.load(inv, "inv.yml", Map.of(), DockerVars.SCHEMA))
        .hasMessage("inv.yml:3:5: unknown variable 'dockr' (did you mean 'docker'?)");
  }

  @Test
  void theRestartPolicyIsOneOfThree() {
    for (String p : List.of("if-idle", "always", "never")) {
      assertThat(Inventory.localOnly(Map.of("docker", Map.of("restart", p)), DockerVars.SCHEMA)).isNotNull();
    }
    assertThatThrownBy(() -> Inventory.localOnly(Map.of("docker", Map.of("restart", "if_idle")), DockerVars.SCHEMA))
        .hasMessage("-e docker.restart=if_idle: docker.restart: expected if-idle, always or never, found 'if_idle'"
            + " (did you mean 'if-idle'?)");
    assertThatThrownBy(() -> Inventory.localOnly(Map.of("docker", Map.of("restart", true)), DockerVars.SCHEMA))
        .hasMessageContaining("docker.restart: expected if-idle, always or never, found");
  }

  private static final Map<String, Object> DEFAULTS = defaults();

  private static Map<String, Object> defaults() {
    Map<String, Object> sets = new java.util.LinkedHashMap<>();
    sets.put("26.1.4", Map.of("docker-ce", "3:26.1.4-1.el7"));
    sets.put("24.0.9", Map.of("docker-ce", "3:24.0.9-1.el7"));
    return Map.of("docker", Map.of("version", "26.1.4"), "docker_sets", sets);
  }

  @Test
  void theVersionThatWinsIsCheckedAgainstTheMergedSetsNamingWhereItWasWritten() throws Exception {
    Path inv = tmp.resolve("inv.yml");
    Files.writeString(inv, """
        all:
          children:
            old:
              vars: {docker: {version: "25.0.0-1"}}
              hosts:
                a: {docker: {version: "24.0.9"}}
                b:
            new:
              vars: {docker_sets: {"25.0.0-1": {docker-ce: "3:25.0.0-1.el7"}}}
              hosts:
                c: {docker: {version: "25.0.0-1"}}
        """);
    Inventory i = Inventory.load(inv, "inv.yml", Map.of(), DockerVars.SCHEMA);
    // a overrides the group's version, c adds the set; b keeps the group's, which no set has and which is
    // not a version jprov can resolve from the mirror (docs/lock.md)
    assertThatThrownBy(() -> i.checkEffective(DEFAULTS, "pb.yml"))
        .hasMessage("inv.yml:4:32: docker.version '25.0.0-1': not a Docker version (27.3.1, or a prefix such as 27.3"
            + " or 27) and no such Docker version set; known: 26.1.4, 24.0.9 (docker_sets)");
    // -e wins over every layer, and is named as typed
    Inventory e = Inventory.load(inv, "inv.yml", Map.of("docker", Map.of("version", "24.0.10-1")), DockerVars.SCHEMA);
    assertThatThrownBy(() -> e.checkEffective(DEFAULTS, "pb.yml"))
        .hasMessageStartingWith("-e docker.version=24.0.10-1: not a Docker version (27.3.1, or a prefix such as 27.3"
            + " or 27) and no such Docker version set; known: 26.1.4, 24.0.9 (docker_sets)");
    // the lock file's versions are known too
    Inventory locked = Inventory.load(inv, "inv.yml", Map.of("docker", Map.of("version", "24.0.10-1")),
        DockerVars.schema(List.of("27.3", "24.0.9")));
    assertThatThrownBy(() -> locked.checkEffective(DEFAULTS, "pb.yml"))
        .hasMessageEndingWith("known: 26.1.4, 24.0.9 (docker_sets), 27.3 (docker-lock.yml)");
    // a full version or a prefix is resolved from the mirror when no set has it
    for (String v : List.of("25.0.0", "24.0.10", "27.3", "27")) {
      Inventory.load(inv, "inv.yml", Map.of("docker", Map.of("version", v)), DockerVars.SCHEMA)
          .checkEffective(DEFAULTS, "pb.yml");
    }
    // without docker_sets (the EL8/EL9/apt families) only the form is checked
    assertThatThrownBy(() -> i.checkEffective(Map.of(), "pb.yml"))
        .hasMessage("inv.yml:4:32: docker.version '25.0.0-1': not a Docker version (27.3.1, or a prefix such as 27.3"
            + " or 27) and no such Docker version set");
    Inventory.load(inv, "inv.yml", Map.of("docker", Map.of("version", "24.0.9")), DockerVars.SCHEMA)
        .checkEffective(DEFAULTS, "pb.yml");
  }

  @Test
  void theHoldTheLookupMirrorAndTheFingerprintsAreCheckedWhereWritten() {
    Inventory ok = Inventory.localOnly(Map.of("docker", Map.of("hold", false, "lookup_mirror", "",
        "gpg_fingerprints", Map.of("apt", java.util.List.of("9DC8 5822 9FC7 DD38 854A E2D8 8D81 803C 0EBF CD88")))),
        DockerVars.SCHEMA);
    assertThat(ok.hosts()).hasSize(1);
    assertThatThrownBy(() -> Inventory.localOnly(Map.of("docker", Map.of("hold", "yes")), DockerVars.SCHEMA))
        .hasMessageContaining("docker.hold: expected true or false, found");
    assertThatThrownBy(() -> Inventory.localOnly(Map.of("docker", Map.of("lookup_mirror", "mirror:8080")), DockerVars.SCHEMA))
        .hasMessageContaining("docker.lookup_mirror: expected an http:// or https:// URL");
    assertThatThrownBy(() -> Inventory.localOnly(Map.of("docker", Map.of("gpg_fingerprints",
        Map.of("rpm", java.util.List.of("0EBFCD88")))), DockerVars.SCHEMA))
        .hasMessageContaining("docker.gpg_fingerprints.rpm: expected an OpenPGP fingerprint of 40 hex digits, found '0EBFCD88'");
    assertThatThrownBy(() -> Inventory.localOnly(Map.of("docker", Map.of("gpg_fingerprints",
        Map.of("deb", java.util.List.of()))), DockerVars.SCHEMA))
        .hasMessageContaining("unknown key 'deb' in docker.gpg_fingerprints (known: rpm, apt)");
  }
}
