package io.jprov.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.modules.docker.DockerVars;
import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.HostKeyChecking;
import io.jprov.yaml.YamlLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryLoaderTest {

  private static final String LAYERED = """
      all:
        vars:
          level: all
          only_all: 1
          list: [a, b]
          docker: {version: "26.1.4", channel: stable, users: [ops], daemon: {a: 1, b: {c: 2}}}
        children:
          parent:
            vars:
              level: parent
              docker: {channel: test, daemon: {b: {d: 3}}}
            children:
              child:
                vars:
                  level: child
                  list: [c]
                hosts:
                  h1:
                    level: host
                    docker: {users: [dev]}
                  h2:
      """;

  @Test
  void variablesMergeAllParentChildHostExtraLaterWins() {
    Inventory inv = Inv.of(LAYERED, Map.of("docker", Map.of("version", "24.0.9")));
    Host h1 = inv.host("h1");
    assertThat(h1.vars()).containsEntry("level", "host").containsEntry("only_all", 1)
        .containsEntry("list", List.of("c"));
    assertThat(inv.host("h2").vars()).containsEntry("level", "child");
    assertThat(h1.vars().get("docker")).isEqualTo(Map.of(
        "version", "24.0.9",
        "channel", "test",
        "users", List.of("dev"),
        "daemon", Map.of("a", 1, "b", Map.of("c", 2, "d", 3))));
    assertThat(h1.groups()).containsExactly("all", "parent", "child");
  }

  @Test
  void extraVarsWinOverHostVars() {
    Inventory inv = Inv.of(LAYERED, Map.of("level", "cli"));
    assertThat(inv.hosts()).allSatisfy(h -> assertThat(h.vars()).containsEntry("level", "cli"));
  }

  @Test
  void mergedVarsAreDeeplyImmutable() {
    Host h = Inv.of(LAYERED).host("h1");
    assertThatThrownBy(() -> h.vars().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> docker = (Map<String, Object>) h.vars().get("docker");
    assertThatThrownBy(() -> docker.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> users = (List<Object>) docker.get("users");
    assertThatThrownBy(() -> users.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void hostInTwoGroupsMergesByDepthThenName() {
    Inventory inv = Inv.of("""
        all:
          children:
            zeta:
              vars: {who: zeta, z: 1}
              hosts:
                h:
            alpha:
              vars: {who: alpha, a: 1}
              children:
                deep:
                  vars: {who: deep}
              hosts:
                h:
                other:
            beta:
              vars: {who: beta}
              children:
                deep:
                  hosts:
                    h:
        """);
    Host h = inv.host("h");
    // depth 1: alpha, beta, zeta (by name); depth 2: deep
    assertThat(h.groups()).containsExactly("all", "alpha", "beta", "zeta", "deep");
    assertThat(h.vars()).containsEntry("who", "deep").containsEntry("z", 1).containsEntry("a", 1);
    assertThat(inv.groups().get("deep").location().line()).isEqualTo(10);
    assertThat(inv.host("other").groups()).containsExactly("all", "alpha");
  }

  @Test
  void sameNamedGroupsFromTwoSiblingsAtOneDepthSortByName() {
    Inventory inv = Inv.of("""
        all:
          children:
            b_group:
              vars: {who: b}
              hosts: {h:}
            a_group:
              vars: {who: a}
              hosts: {h:}
        """);
    assertThat(inv.host("h").groups()).containsExactly("all", "a_group", "b_group");
    assertThat(inv.host("h").vars()).containsEntry("who", "b");
  }

  @Test
  void groupDefinedTwiceIsOneGroupWithLaterDefinitionWinningPerKey() {
    Inventory inv = Inv.of("""
        all:
          children:
            dc1:
              children:
                web:
                  vars: {port: 80, docker: {channel: stable, version: "26.1.4"}}
                  hosts: {w1:}
            dc2:
              children:
                web:
                  vars: {port: 8080, docker: {channel: test}}
                  hosts: {w2:}
        """);
    Group web = inv.groups().get("web");
    assertThat(web.hosts()).containsExactly("w1", "w2");
    assertThat(web.vars()).containsEntry("port", 8080)
        .containsEntry("docker", Map.of("channel", "test", "version", "26.1.4"));
    assertThat(inv.host("w1").groups()).containsExactly("all", "dc1", "dc2", "web");
    assertThat(inv.host("w1").vars()).containsEntry("port", 8080);
    assertThat(inv.groups().keySet()).containsExactly("all", "dc1", "web", "dc2");
    assertThat(inv.groups().get("dc2").children()).containsExactly("web");
  }

  @Test
  void hostListedTwiceMergesItsVarsAndAcceptsTheSameAddress() {
    Inventory inv = Inv.of("""
        all:
          children:
            a:
              hosts:
                db1: {address: 10.0.0.1, x: 1}
            b:
              hosts:
                db1: {address: 10.0.0.1, y: 2}
        """);
    assertThat(inv.hosts()).hasSize(1);
    Host h = inv.host("db1");
    assertThat(h.vars()).containsEntry("x", 1).containsEntry("y", 2);
    assertThat(h.connection().address()).isEqualTo("10.0.0.1");
    assertThat(h.location().line()).isEqualTo(5);
    assertThat(inv.groups().get("a").hosts()).containsExactly("db1");
    assertThat(inv.groups().get("b").hosts()).containsExactly("db1");
  }

  @Test
  void hostsAreInDocumentOrderOfFirstAppearance() {
    Inventory inv = Inv.of("""
        all:
          hosts:
            z:
          children:
            g:
              hosts:
                web[1:2]:
                a:
                z:
        """);
    assertThat(inv.hosts()).extracting(Host::name).containsExactly("z", "web1", "web2", "a");
  }

  @Test
  void emptyGroupsAndAllWithoutHostsLoad() {
    Inventory inv = Inv.of("all:\n  children:\n    empty:\n    other: {hosts: , vars: , children: }\n");
    assertThat(inv.hosts()).isEmpty();
    assertThat(inv.groups()).containsOnlyKeys("all", "empty", "other");
    assertThat(Inv.of("all:\n").hosts()).isEmpty();
  }

  @Test
  void connectionSpecDefaults() {
    ConnectionSpec c = Inv.of("all:\n  hosts:\n    web01:\n").host("web01").connection();
    assertThat(c).isEqualTo(new ConnectionSpec("ssh", null, null, null, null, null, null, null,
        HostKeyChecking.STRICT, null, Duration.ofSeconds(10), Duration.ofMinutes(30), false, null));
  }

  @Test
  void connectionSpecFromEveryVariable() {
    Inventory inv = Inv.of("""
        all:
          vars:
            ssh_user: ops
            ssh_key: ~/.ssh/id_ed25519
            known_hosts: /etc/ssh/known
            become: yes
          hosts:
            web01:
              connection: ssh
              address: 10.0.0.5
              ssh_port: 2222
              ssh_key_passphrase_env: KEY_PASS
              ssh_password_env: SSH_PASS
              host_key_checking: accept-new
              jump: ops@bastion:2200
              connect_timeout: 5
              command_timeout: 5m
              become_password_env: SUDO_PASS
            web02:
              host_key_checking: off
              connect_timeout: "750ms"
              command_timeout: 2h
              ssh_key: ~
            local1:
              connection: local
        """);
    String home = System.getProperty("user.home");
    assertThat(inv.host("web01").connection()).isEqualTo(new ConnectionSpec("ssh", "10.0.0.5", 2222,
        "ops", home + "/.ssh/id_ed25519", "KEY_PASS", "SSH_PASS", "/etc/ssh/known",
        HostKeyChecking.ACCEPT_NEW, "ops@bastion:2200", Duration.ofSeconds(5), Duration.ofMinutes(5),
        true, "SUDO_PASS"));
    ConnectionSpec web02 = inv.host("web02").connection();
    assertThat(web02.hostKeyChecking()).isEqualTo(HostKeyChecking.OFF);
    assertThat(web02.connectTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(web02.commandTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(web02.key()).as("null unsets the group's key").isNull();
    assertThat(inv.host("local1").connection().isLocal()).isTrue();
  }

  @Test
  void extraVarsSetConnectionVariables() {
    Inventory inv = Inv.of("all:\n  hosts:\n    web01:\n",
        Map.of("ssh_port", 2200, "become", true, "connect_timeout", "1m"));
    ConnectionSpec c = inv.host("web01").connection();
    assertThat(c.port()).isEqualTo(2200);
    assertThat(c.become()).isTrue();
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void userVariablesAreFreeForm() {
    Host h = Inv.of("""
        all:
          vars:
            app_port: 8080
            features: {a: true}
            docker: {daemon: {log-driver: journald, live-restore: true}}
          hosts:
            web01:
        """).host("web01");
    assertThat(h.vars()).containsKeys("app_port", "features", "docker");
  }

  @Test
  void localOnlyInventory() {
    Inventory inv = Inventory.localOnly(Map.of("docker", Map.of("version", "24.0.9")), DockerVars.SCHEMA);
    Host h = inv.host("localhost");
    assertThat(h.connection().isLocal()).isTrue();
    assertThat(h.connection().become()).isTrue();
    assertThat(h.vars()).containsEntry("docker", Map.of("version", "24.0.9"));
    assertThat(inv.select("all")).containsExactly(h);
  }

  @Test
  void variablesBeyondTheConnectionOnesAreCheckedOnlyByTheSchemaGiven() {
    String yaml = "all:\n  vars:\n    docker: {channel: nightly}\n    app: 1\n  hosts:\n    web01:\n";
    // without a schema, docker.* is a free variable like any other: the inventory does not know it
    Inventory free = InventoryLoader.parse(YamlLoader.parse(yaml, "inv.yml"), "inv.yml", Map.of(), VarSchema.NONE);
    assertThat(free.host("web01").vars()).containsEntry("docker", Map.of("channel", "nightly"));
    // a schema's check gets the value with where it was written, in the file and in -e
    VarSchema schema = new VarSchema(Map.of("app", v -> {
      if (!(v.plain() instanceof String)) {
        throw v.error("app: expected a string, found " + v.kind());
      }
    }));
    assertThatThrownBy(() -> InventoryLoader.parse(YamlLoader.parse(yaml, "inv.yml"), "inv.yml", Map.of(), schema))
        .hasMessage("inv.yml:4:10: app: expected a string, found a number");
    String ok = "all:\n  hosts:\n    web01:\n";
    assertThatThrownBy(() -> InventoryLoader.parse(YamlLoader.parse(ok, "inv.yml"), "inv.yml",
        Map.of("app", List.of("x")), schema))
        .hasMessage("-e app: app: expected a string, found a list");
    // and near misses of its names are pointed at them
    assertThatThrownBy(() -> InventoryLoader.parse(YamlLoader.parse("all:\n  vars: {apq: x}\n", "inv.yml"),
        "inv.yml", Map.of(), schema))
        .hasMessage("inv.yml:2:10: unknown variable 'apq' (did you mean 'app'?)");
  }

  @Test
  void fiveThousandHostsShareTheirMergedVariables() {
    StringBuilder yaml = new StringBuilder("all:\n  vars: {ssh_user: ops, docker: {version: \"26.1.4\"}}\n  children:\n");
    for (int g = 0; g < 10; g++) {
      yaml.append("    g").append(g).append(":\n      vars: {rack: ").append(g)
          .append("}\n      hosts:\n        r").append(g).append("-[0001:0500].example.com:\n");
    }
    yaml.append("    special:\n      hosts:\n        r0-0001.example.com: {ssh_port: 2222}\n");
    Inventory inv = Inv.of(yaml.toString());
    assertThat(inv.hosts()).hasSize(5000);
    Host a = inv.host("r3-0001.example.com");
    Host b = inv.host("r3-0500.example.com");
    assertThat(a.vars()).isSameAs(b.vars()).containsEntry("rack", 3);
    assertThat(a.connection()).isSameAs(b.connection());
    assertThat(inv.host("r0-0001.example.com").connection().port()).isEqualTo(2222);
    assertThat(inv.select("g7:&*-00?1.example.com")).hasSize(10);
  }

  @Test
  void exampleInventoryLoads() {
    Path example = Path.of(System.getProperty("jprov.home", ".."), "inventory.example.yml");
    Inventory inv = Inventory.load(example, "inventory.example.yml", Map.of(), DockerVars.SCHEMA);
    assertThat(inv.hosts()).extracting(Host::name).contains(
        "web01.example.com", "web04.example.com", "db1", "db2", "edgea.example.com", "localhost");
    Host db1 = inv.host("db1");
    assertThat(db1.connection().port()).isEqualTo(2222);
    assertThat(db1.connection().address()).isEqualTo("10.0.0.21");
    assertThat(db1.vars()).containsEntry("base_repos_mirror", "https://vault.centos.org/centos");
    @SuppressWarnings("unchecked")
    Map<String, Object> docker = (Map<String, Object>) db1.vars().get("docker");
    assertThat(docker).containsEntry("version", "26.1.4")
        .containsEntry("mirror", "https://mirrors.ustc.edu.cn/docker-ce")
        .containsEntry("channel", "stable")
        .containsEntry("users", List.of("ops", "dba"));
    assertThat(inv.host("edgeb.example.com").connection().jump()).isEqualTo("ops@bastion.example.com:22");
    assertThat(inv.host("localhost").connection().isLocal()).isTrue();
  }
}
