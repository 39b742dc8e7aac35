package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.HostOption;
import io.jprov.testfleet.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code jprov doctor} as a separate process on the test fleet (docs/doctor.md): CentOS 7 hosts converged by {@code
 * jprov apply}, then broken for real, one way each — a daemon.json dockerd refuses and a restart (docker failed), docker
 * stopped, the data root full (a 2 MiB tmpfs filled), the bridge sysctl reset to 0, a registry mirror that does not
 * answer — beside a healthy one and a host that is down. One doctor run examines them all: the exit code, each
 * host's status and the verdict of the check each fault concerns, from the JSON report; doctor changes nothing.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class DoctorIT extends FleetTestBase {
  static final String OK = "el7-ok";
  static final String BAD_JSON = "el7-bad-json";
  static final String STOPPED = "el7-stopped";
  static final String FULL = "el7-full";
  static final String BRIDGE = "el7-bridge";
  static final String MIRROR = "el7-mirror";
  /** A registry mirror the hosts cannot reach: the fleet's mirror on a port nothing listens on. */
  static final String DEAD_MIRROR = "http://mirror:5999";

  /** {@code jprov doctor -i INVENTORY --no-color --json REPORT args...} as a process: exit code, output, report. */
  record DoctorRun(int code, String output, JsonNode report) {
    JsonNode host(String name) {
      return ApplyRun.host(report, name);
    }

    /** The findings of check {@code name} on {@code host} (a check may report several times). */
    List<JsonNode> checks(String host, String name) {
      List<JsonNode> out = new ArrayList<>();
      host(host).get("checks").forEach(c -> {
        if (c.get("name").asText().equals(name)) {
          out.add(c);
        }
      });
      return out;
    }

    /** The verdict of check {@code name} on {@code host}: its worst finding's; "missing" when it did not report. */
    String status(String host, String name) {
      List<String> s = checks(host, name).stream().map(c -> c.get("status").asText()).toList();
      return s.isEmpty() ? "missing" : s.contains("fail") ? "fail" : s.contains("warn") ? "warn" : "ok";
    }

    /** The evidence of check {@code name}'s first finding on {@code host}, "" when it did not report. */
    String evidence(String host, String name) {
      List<JsonNode> c = checks(host, name);
      return c.isEmpty() ? "" : c.get(0).get("evidence").asText();
    }

    /** Every check's verdict on {@code host}, by name, for messages. */
    Map<String, String> verdicts(String host) {
      Map<String, String> m = new LinkedHashMap<>();
      host(host).get("checks").forEach(c -> m.merge(c.get("name").asText(), c.get("status").asText()
          + ": " + c.get("evidence").asText(), (a, b) -> a + " | " + b));
      return m;
    }

    @Override
    public String toString() {
      return "exit " + code + "\n" + output;
    }
  }

  DoctorRun doctor(Path inventory, String... extra) throws Exception {
    Path report = tmp.resolve("doctor-" + System.nanoTime() + ".json");
    List<String> args = new ArrayList<>(List.of("doctor", "-i", inventory.toString(), "--no-color", "--json",
        report.toString()));
    args.addAll(List.of(extra));
    Process p = JprovProcess.start(tmp, args.toArray(String[]::new));
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("jprov doctor finished").isTrue();
    String output = JprovProcess.output(p);
    return new DoctorRun(p.exitValue(), output, Files.exists(report) ? JprovProcess.json(report) : null);
  }

  @Test
  void aHealthyHostIsOkAndEachFaultMadeForRealIsFoundByItsCheck() throws Exception {
    try (TestFleet fleet = TestFleet.builder()
        .host(OK, Variant.FRESH)
        .host(BAD_JSON, Variant.FRESH)
        .host(STOPPED, Variant.FRESH)
        .host(FULL, Variant.FRESH, HostOption.tmpfsDataRoot("4m"))
        .host(BRIDGE, Variant.FRESH)
        .host(MIRROR, Variant.FRESH)
        .start()) {
      // the mirror host's daemon.json names a mirror that does not answer (Docker uses it only to pull); a host
      // that is down is in the inventory too
      String yaml = fleet.inventoryYaml(TestFleet.InventoryOptions.defaults())
          .replace("    " + MIRROR + ": {", "    " + MIRROR + ": {docker: {registry_mirrors: [\"" + DEAD_MIRROR
              + "\"]}, ")
          + "    gone: {address: 127.0.0.1, ssh_port: 1, connect_timeout: 2}\n";
      Path inventory = fleet.dir().resolve("doctor.yml");
      Files.writeString(inventory, yaml);

      ApplyRun applied = jprov(inventory, "--limit", "!gone");
      assertThat(applied.code()).as(applied.toString()).isZero();

      // healthy: before any fault, doctor on the converged hosts finds nothing that fails, and changes nothing
      FleetHost ok = fleet.host(OK);
      Map<String, String> before = ok.stateSnapshot();
      DoctorRun healthy = doctor(inventory, "--limit", OK);
      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(healthy.code()).as(healthy.toString()).isZero();
      soft.assertThat(healthy.host(OK).get("status").asText()).as(healthy.verdicts(OK).toString()).isEqualTo("ok");
      // users.sessions: the sudo of doctor's own read (ops, effective uid root) is not a login of ops
      for (String check : List.of("services.docker", "services.containerd", "daemon-json.syntax", "daemon-json.keys",
          "storage.space", "net.br_netfilter", "net.bridge-nf", "net.bridge-nf-boot", "net.ip-forward",
          "packages.versions", "packages.holds", "packages.repo", "users.group", "users.sessions",
          "restart.pending")) {
        soft.assertThat(healthy.status(OK, check)).as(check + ": " + healthy.verdicts(OK)).isEqualTo("ok");
      }
      soft.assertThat(ok.stateSnapshot()).as("doctor is read-only").isEqualTo(before);

      // the faults, for real
      FleetHost badJson = fleet.host(BAD_JSON);
      badJson.shOk("printf '{\"log-level\": \"warn\",\\n' > /etc/docker/daemon.json");
      assertThat(badJson.sh("systemctl restart docker").exitCode()).as("dockerd refuses the file").isNotZero();
      fleet.host(STOPPED).shOk("systemctl stop docker");
      fleet.host(FULL).fillDataRoot();
      fleet.host(BRIDGE).shOk("sysctl -w net.bridge.bridge-nf-call-iptables=0");

      DoctorRun all = doctor(inventory);
      soft.assertThat(all.code()).as("a check failed (beats the unreachable host)\n" + all).isEqualTo(3);
      JsonNode summary = all.report().get("summary");
      soft.assertThat(summary.get("hosts").asInt()).isEqualTo(7);
      soft.assertThat(summary.get("unreachable").asInt()).isEqualTo(1);
      soft.assertThat(all.host("gone").get("status").asText()).isEqualTo("unreachable");
      soft.assertThat(all.host("gone").get("message").asText()).contains("connection refused");
      soft.assertThat(all.host(OK).get("status").asText()).isEqualTo("ok");

      soft.assertThat(all.status(BAD_JSON, "services.docker")).as(all.verdicts(BAD_JSON).toString()).isEqualTo("fail");
      soft.assertThat(all.evidence(BAD_JSON, "services.docker")).contains("daemon.json");
      soft.assertThat(all.status(BAD_JSON, "daemon-json.syntax")).as(all.verdicts(BAD_JSON).toString()).isEqualTo("fail");
      soft.assertThat(all.status(STOPPED, "services.docker")).as(all.verdicts(STOPPED).toString()).isEqualTo("fail");
      soft.assertThat(all.status(STOPPED, "daemon-json.syntax")).as(all.verdicts(STOPPED).toString()).isEqualTo("ok");
      soft.assertThat(all.status(FULL, "storage.space")).as(all.verdicts(FULL).toString()).isEqualTo("fail");
      soft.assertThat(all.status(FULL, "services.docker")).as(all.verdicts(FULL).toString()).isEqualTo("ok");
      soft.assertThat(all.status(BRIDGE, "net.bridge-nf")).as(all.verdicts(BRIDGE).toString()).isNotEqualTo("ok");
      soft.assertThat(all.status(BRIDGE, "net.ip-forward")).as(all.verdicts(BRIDGE).toString()).isEqualTo("ok");
      soft.assertThat(all.status(MIRROR, "registry.mirrors")).as(all.verdicts(MIRROR).toString()).isEqualTo("fail");
      soft.assertThat(all.evidence(MIRROR, "registry.mirrors")).contains(DEAD_MIRROR);
      for (String broken : List.of(BAD_JSON, STOPPED, FULL, MIRROR)) {
        soft.assertThat(all.host(broken).get("status").asText()).as(broken).isEqualTo("fail");
      }
      // people's output: each failing check with its fix, the recap
      soft.assertThat(all.output()).contains(BAD_JSON + "  FAIL").contains("fail  services.docker: ").contains("fix: ")
          .contains("doctor: 7 hosts in ");

      // only the healthy host and the one that is down: exit 4
      DoctorRun down = doctor(inventory, "--limit", OK + ",gone");
      soft.assertThat(down.code()).as(down.toString()).isEqualTo(4);
      soft.assertAll();
    }
  }
}
