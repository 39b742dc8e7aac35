package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.InventoryOptions;
import io.jprov.testfleet.Variant;
import io.jprov.JprovRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic modules (file, template, command, handlers) over real SSH on test-fleet hosts, as
 * the unprivileged user {@code ops} with sudo (uploads through sudo) and as {@code deploy}, whose
 * sudo asks for a password; and {@code jprov facts} over SSH.
 */
class GenericPlaybookIT {
  private static final Path PLAYBOOK = Path.of("src/test/resources/playbooks/local-e2e.yml");
  private static TestFleet fleet;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    TestFleet.assumeDocker();
    fleet = TestFleet.start(Variant.FRESH, 2);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static JprovRun jprov(String... args) {
    return JprovRun.shown(args);
  }

  @Test
  void factsOverSsh() throws Exception {
    JprovRun r = jprov("facts", "-i", fleet.inventory().toString());
    assertThat(r.code()).isZero();
    JsonNode facts = new ObjectMapper().readTree(r.out());
    for (FleetHost h : fleet.hosts()) {
      assertThat(facts.at("/" + h.name() + "/os/id").asText()).isEqualTo("centos");
      assertThat(facts.at("/" + h.name() + "/os/version").asText()).isEqualTo("7");
      assertThat(facts.at("/" + h.name() + "/arch").asText()).isEqualTo("x86_64");
      assertThat(facts.at("/" + h.name() + "/uid").asInt()).isZero();
    }
  }

  @Test
  void checkThenApplyTwiceThroughSudo() throws Exception {
    FleetHost h = fleet.host(0);
    String inv = fleet.inventory().toString();
    Map<String, String> before = h.stateSnapshot();
    JprovRun check = jprov("apply", PLAYBOOK.toString(), "-i", inv, "--limit", h.name(), "-e", "root=/opt/app", "--check");
    assertThat(check.code()).isEqualTo(10);
    assertThat(h.sh("test -e /opt/app").exitCode()).isNotZero();
    assertThat(h.stateSnapshot()).isEqualTo(before);

    Path json = tmp.resolve("r.json");
    JprovRun first = jprov("apply", PLAYBOOK.toString(), "-i", inv, "--limit", h.name(), "-e", "root=/opt/app", "--json", json.toString());
    assertThat(first.code()).isZero();
    assertThat(h.file("/opt/app/etc/motd")).contains("managed by jprov\n");
    assertThat(h.shOk("stat -c '%a %U' /opt/app/etc/app.conf").strip()).isEqualTo("640 root");
    assertThat(h.file("/opt/app/var/reloads")).contains("reloaded\n");

    JprovRun second = jprov("apply", PLAYBOOK.toString(), "-i", inv, "--limit", h.name(), "-e", "root=/opt/app", "--json", json.toString());
    assertThat(second.code()).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.at("/summary/changed").asInt()).isZero();
    assertThat(report.at("/hosts/0/round_trips").asInt()).isLessThanOrEqualTo(3);
  }

  @Test
  void sudoWithAPasswordFromTheEnvironmentIsNeverShown() throws Exception {
    FleetHost h = fleet.host(1);
    Path good = fleet.writeInventory("deploy.yml", InventoryOptions.defaults().withSshUser(TestFleet.DEPLOY_USER)
        .withBecomePasswordEnv("JPROV_TEST_DEPLOY_SUDO"));
    Path bad = fleet.writeInventory("deploy-wrong.yml", InventoryOptions.defaults().withSshUser(TestFleet.DEPLOY_USER)
        .withBecomePasswordEnv("JPROV_TEST_WRONG_SUDO"));
    Path logs = tmp.resolve("logs");
    Path json = tmp.resolve("deploy.json");

    long t0 = System.nanoTime();
    JprovRun wrong = jprov("apply", PLAYBOOK.toString(), "-i", bad.toString(), "--limit", h.name(), "-e", "root=/opt/d");
    assertThat(wrong.code()).isEqualTo(3);
    assertThat(wrong.out()).contains("incorrect password");
    assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(60);
    assertThat(h.sh("test -e /opt/d").exitCode()).isNotZero();

    JprovRun right = jprov("apply", PLAYBOOK.toString(), "-i", good.toString(), "--limit", h.name(), "-e", "root=/opt/d",
        "--log-dir", logs.toString(), "--json", json.toString(), "-v");
    assertThat(right.code()).as(right.out()).isZero();
    assertThat(h.shOk("stat -c %U /opt/d/etc/motd").strip()).isEqualTo("root");
    String secret = TestFleet.DEPLOY_PASSWORD;
    assertThat(right.out() + right.err()).doesNotContain(secret).doesNotContain("not-the-password");
    assertThat(java.nio.file.Files.readString(json)).doesNotContain(secret);
    assertThat(java.nio.file.Files.readString(logs.resolve(h.name() + ".log"))).doesNotContain(secret).contains("TASK");
    // what the host saw: no process or shell history ever held the password on a command line
    assertThat(h.sh("grep -rl " + secret + " /var/log /home/deploy 2>/dev/null").stdout()).isEmpty();
  }
}
