package io.jprov.cli;

import static io.jprov.cli.CliTest.assertOneLineError;
import static io.jprov.cli.CliTest.jprov;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.JprovRun;
import io.jprov.doctor.DoctorChecks;
import io.jprov.inventory.Shard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jprov doctor} through the command line: the checks in {@code --help}, the JSON report, exit codes for an
 * unreachable host, an empty shard and bad input. What a host's findings are is {@link DoctorExamineTest}'s
 * (test checks on local connections) and DoctorCasesTest's (every real check); here the real checks run on this
 * machine, so only the report's shape is asserted.
 */
class DoctorCommandTest {
  @TempDir Path tmp;

  static JsonNode json(Path file) throws Exception {
    return new ObjectMapper().readTree(file.toFile());
  }

  Path inventory(String body) throws Exception {
    Path inv = tmp.resolve("inv.yml");
    Files.writeString(inv, "all:\n  hosts:\n" + body);
    return inv;
  }

  @Test
  void helpListsEveryCheckWithWhatItChecks() {
    for (JprovRun r : List.of(jprov("doctor", "--help"), jprov("help", "doctor"))) {
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("Usage: jprov doctor").contains("Checks (docs/doctor.md):").contains("--json")
          .contains("--shard").contains("--local").contains("--limit");
      assertThat(r.out().lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
      // the descriptions are wrapped under their column: as one line, each name is followed by what it checks
      String flat = r.out().replaceAll("\\s+", " ");
      DoctorChecks.names().forEach((name, what) -> assertThat(flat).contains(" " + name + " " + what + " "));
    }
  }

  @Test
  void checksHelpAlignsTheNamesAndKeepsAPercentSignLiteral() {
    String[] lines = DoctorCommand.checksHelp(new java.util.LinkedHashMap<>(Map.of("a.b", "x")));
    assertThat(lines).containsExactly("", "Checks (docs/doctor.md):", "  a.b  x");
    String long70 = "word ".repeat(14).strip();
    assertThat(DoctorCommand.checksHelp(Map.of("a.b", long70 + " " + long70))).containsExactly("",
        "Checks (docs/doctor.md):", "  a.b  " + long70, "       " + long70);
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("storage.space", "free space: warn at 85% used");
    m.put("net.ip-forward", "net.ipv4.ip_forward = 1");
    // picocli formats the footer: %% prints as %, a lone % would be an error
    assertThat(DoctorCommand.checksHelp(m)).containsExactly("", "Checks (docs/doctor.md):",
        "  storage.space   free space: warn at 85%% used", "  net.ip-forward  net.ipv4.ip_forward = 1");
  }

  @Test
  void localHostReportsEveryCheckAsJsonOwnerOnly() throws Exception {
    Path report = tmp.resolve("doctor.json");
    JprovRun r = jprov("doctor", "--local", "--no-color", "--json", report.toString());
    // this machine's own state decides ok, warn or fail; never unreachable, never an internal error
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 3);
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("localhost").contains("doctor: 1 host in ").doesNotContain("internal error");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-------");
    JsonNode j = json(report);
    assertThat(j.get("command").asText()).isEqualTo("doctor");
    assertThat(j.get("started").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(j.get("duration_ms").isNumber()).isTrue();
    assertThat(j.has("shard")).isFalse();
    assertThat(j.get("summary").get("hosts").asInt()).isEqualTo(1);
    JsonNode host = j.get("hosts").get(0);
    assertThat(host.get("name").asText()).isEqualTo("localhost");
    assertThat(host.get("status").asText()).isIn("ok", "warn", "fail");
    assertThat(j.get("summary").get(host.get("status").asText()).asInt()).isEqualTo(1);
    assertThat(host.has("message")).isFalse();
    List<String> names = new ArrayList<>();
    host.get("checks").forEach(c -> {
      names.add(c.get("name").asText());
      assertThat(c.get("status").asText()).isIn("ok", "warn", "fail");
      assertThat(c.has("evidence")).isTrue();
      assertThat(c.has("fix")).isTrue();
    });
    assertThat(DoctorChecks.names().keySet()).containsAll(names);
    assertThat(r.code()).isEqualTo(host.get("status").asText().equals("fail") ? 3 : 0);
  }

  @Test
  void anUnreachableHostIsReportedAndExits4() throws Exception {
    Path inv = inventory("    gone:\n      address: 127.0.0.1\n      ssh_port: 1\n      connect_timeout: 2\n");
    Path report = tmp.resolve("doctor.json");
    JprovRun r = jprov("doctor", "-i", inv.toString(), "--json", report.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4);
    assertThat(r.out()).contains("gone  UNREACHABLE  gone (127.0.0.1:1): connection refused")
        .contains("doctor: 1 host in ").contains(": 1 unreachable");
    JsonNode host = json(report).get("hosts").get(0);
    assertThat(host.get("status").asText()).isEqualTo("unreachable");
    assertThat(host.get("message").asText()).startsWith("gone (127.0.0.1:1): connection refused");
    assertThat(host.get("checks")).isEmpty();
    assertThat(json(report).get("summary").get("unreachable").asInt()).isEqualTo(1);
  }

  @Test
  void anEmptyShardExaminesNothingWritesItsReportAndExits0() throws Exception {
    Path inv = inventory("    only: {address: 10.255.255.1, connect_timeout: 1}\n");
    int n = 5;
    int empty = IntStream.rangeClosed(1, n).filter(k -> Shard.of("only", n) != k).findFirst().orElseThrow();
    Path report = tmp.resolve("doctor.json");
    JprovRun r = jprov("doctor", "-i", inv.toString(), "--shard", empty + "/" + n, "--json", report.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("shard " + empty + "/" + n + ": none of the 1 selected host is in this shard");
    JsonNode j = json(report);
    assertThat(j.get("shard").get("index").asInt()).isEqualTo(empty);
    assertThat(j.get("shard").get("count").asInt()).isEqualTo(n);
    assertThat(j.get("hosts")).isEmpty();
    assertThat(j.get("summary").get("hosts").asInt()).isZero();
  }

  @Test
  void badInputExits2BeforeAnyHostIsContacted() throws Exception {
    assertOneLineError(jprov("doctor"), 2, "no inventory");
    assertOneLineError(jprov("doctor", "--local", "-i", "x.yml"), 2, "--local and -i");
    assertOneLineError(jprov("doctor", "--local", "--forks", "0"), 2, "--forks");
    assertOneLineError(jprov("doctor", "--local", "--shard", "3/2"), 2, "--shard");
    assertOneLineError(jprov("doctor", "--local", "--json", tmp.toString()), 2, "--json", "is a directory");
    Path inv = inventory("    web1: {connection: local}\n");
    assertOneLineError(jprov("doctor", "-i", inv.toString(), "--limit", "db*"), 2, "no hosts matched --limit 'db*'");
    assertOneLineError(jprov("doctor", "-i", inv.toString(), "-e", "docker.registry_mirrors=5"), 2,
        "docker.registry_mirrors");
  }

  @Test
  void limitFromAReportExaminesItsFailedAndUnreachableHosts() throws Exception {
    Path inv = inventory("    web1: {connection: local}\n    web2:\n      address: 127.0.0.1\n      ssh_port: 1\n"
        + "      connect_timeout: 2\n");
    Path applied = tmp.resolve("apply.json");
    // an apply report whose only failed or unreachable host is web2
    Files.writeString(applied, """
        {"version": 1, "playbook": "p", "check_mode": false, "started": "2026-12-01T00:00:00Z",
         "finished": "2026-12-01T00:00:01Z", "summary": {},
         "hosts": [{"name": "web1", "status": "ok", "duration_ms": 1, "tasks": []},
                   {"name": "web2", "status": "unreachable", "duration_ms": 1, "message": "refused", "tasks": []}]}
        """);
    Path report = tmp.resolve("doctor.json");
    JprovRun r = jprov("doctor", "-i", inv.toString(), "--limit", "@" + applied, "--json", report.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4);
    assertThat(json(report).get("hosts")).extracting(h -> h.get("name").asText()).containsExactly("web2");
  }

  @Test
  void limitFromADoctorReportExaminesItsFailedAndUnreachableHostsOrThoseOfOneStatus() throws Exception {
    Path inv = inventory("    web1: {connection: local}\n    web2:\n      address: 127.0.0.1\n      ssh_port: 1\n"
        + "      connect_timeout: 2\n    web3: {connection: local}\n");
    Path earlier = tmp.resolve("earlier.json");
    Files.writeString(earlier, """
        {"command": "doctor", "started": "2026-12-01T00:00:00Z", "duration_ms": 1, "summary": {},
         "hosts": [{"name": "web1", "status": "warn", "checks": []},
                   {"name": "web2", "status": "unreachable", "message": "refused", "checks": []},
                   {"name": "web3", "status": "ok", "checks": []}]}
        """);
    Path report = tmp.resolve("doctor.json");
    JprovRun r = jprov("doctor", "-i", inv.toString(), "--limit", "@" + earlier, "--json", report.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4);
    assertThat(json(report).get("hosts")).extracting(h -> h.get("name").asText()).containsExactly("web2");

    r = jprov("doctor", "-i", inv.toString(), "--limit", "@" + earlier + ":warn", "--json", report.toString());
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 3);
    assertThat(json(report).get("hosts")).extracting(h -> h.get("name").asText()).containsExactly("web1");

    r = jprov("doctor", "-i", inv.toString(), "--limit", "@" + earlier + ":fail", "--json", report.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("nothing to examine: " + earlier + " has no fail host");
    assertThat(json(report).get("hosts")).isEmpty();

    assertOneLineError(jprov("doctor", "-i", inv.toString(), "--limit", "@" + earlier + ":failed"), 2,
        "unknown status 'failed'", "expected fail, warn or unreachable");
  }
}
