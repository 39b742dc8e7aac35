package io.jprov.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.JprovRun;
import io.jprov.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code jprov apply -i INVENTORY --json …} through {@link Main#run}, for end-to-end tests: exit
 * code, console output and the parsed JSON report (null when none was written).
 */
record ApplyRun(int code, String out, String err, JsonNode report) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs apply with a JSON report in {@code tmp}; the console output goes to the test's failsafe report. */
  static ApplyRun apply(Path tmp, Path inventory, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("-i", inventory.toString()));
    args.addAll(List.of(extra));
    return run(tmp, args);
  }

  /** {@code jprov apply --no-color --json REPORT args...}, echoed to stdout, with its report read back. */
  static ApplyRun run(Path tmp, List<String> args) throws IOException {
    Path report = tmp.resolve("report-" + System.nanoTime() + ".json");
    List<String> all = new ArrayList<>(List.of("apply", "--no-color", "--json", report.toString()));
    all.addAll(args);
    JprovRun r = JprovRun.shown(all.toArray(String[]::new));
    JsonNode json = Files.exists(report) ? JSON.readTree(report.toFile()) : null;
    return new ApplyRun(r.code(), r.out(), r.err(), json);
  }

  JsonNode host(String name) {
    return host(report, name);
  }

  /** The entry of host {@code name} in a JSON report's {@code hosts}. */
  static JsonNode host(JsonNode report, String name) {
    for (JsonNode h : report.get("hosts")) {
      if (h.get("name").asText().equals(name)) {
        return h;
      }
    }
    throw new AssertionError("no host " + name + " in report " + report);
  }

  JsonNode task(String host, String namePrefix) {
    for (JsonNode t : host(host).get("tasks")) {
      if (t.get("name").asText().startsWith(namePrefix)) {
        return t;
      }
    }
    throw new AssertionError("no task " + namePrefix + " on " + host + "\n" + this);
  }

  @Override
  public String toString() {
    return "exit " + code + "\n" + out + err;
  }
}
