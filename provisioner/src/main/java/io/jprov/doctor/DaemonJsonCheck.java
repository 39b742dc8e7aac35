package io.jprov.doctor;

import io.jprov.facts.DockerDaemonFacts;
import io.jprov.facts.DockerDaemonFacts.UnitHealth;
import io.jprov.facts.DockerDaemonFacts.Validation;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileStat;
import io.jprov.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Doctor checks {@code daemon-json.*}: daemon.json valid, known keys, no key also given as a flag.
 *
 * <p>dockerd refuses to start when a daemon.json key is also given as a flag ("the following
 * directives are specified both as a flag and in the configuration file", Docker's "Troubleshooting
 * the Docker daemon"); it compares each flag's long name, its shorthand and, for list flags, the
 * option's plural name ({@code -H} → {@code hosts}) with the file's keys (moby's {@code
 * findConfigurationConflicts}). The flags are those of the unit's effective {@code ExecStart}
 * ({@code systemctl show}, drop-ins applied); flags hidden in an environment variable
 * ({@code $OPTIONS}) are not seen.
 */
final class DaemonJsonCheck implements DoctorCheck {
  static final String PATH = "/etc/docker/daemon.json";
  static final String SYNTAX = "daemon-json.syntax";
  static final String KEYS = "daemon-json.keys";
  static final String FLAGS = "daemon-json.flags";

  private static final Map<String, String> CHECKS = checkNames();

  /** Flags whose daemon.json key is not their long name: shorthands, and list flags named in the plural. */
  private static final Map<String, String> FLAG_KEYS = Map.ofEntries(
      Map.entry("H", "hosts"), Map.entry("host", "hosts"), Map.entry("D", "debug"), Map.entry("G", "group"),
      Map.entry("l", "log-level"), Map.entry("p", "pidfile"), Map.entry("s", "storage-driver"),
      Map.entry("b", "bridge"), Map.entry("registry-mirror", "registry-mirrors"),
      Map.entry("insecure-registry", "insecure-registries"), Map.entry("label", "labels"),
      Map.entry("exec-opt", "exec-opts"), Map.entry("storage-opt", "storage-opts"), Map.entry("log-opt", "log-opts"),
      Map.entry("authorization-plugin", "authorization-plugins"), Map.entry("add-runtime", "runtimes"),
      Map.entry("default-ulimit", "default-ulimits"), Map.entry("dns-opt", "dns-opts"),
      Map.entry("default-address-pool", "default-address-pools"),
      Map.entry("node-generic-resource", "node-generic-resources"), Map.entry("cdi-spec-dir", "cdi-spec-dirs"));

  private static Map<String, String> checkNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SYNTAX, PATH + " is one JSON object (no file: dockerd's defaults)");
    m.put(KEYS, "the installed dockerd accepts the file (dockerd --validate, Docker >= 23), else every key is in "
        + "docker_daemon_keys");
    m.put(FLAGS, "no key of the file is also passed as a flag by docker.service's ExecStart (dockerd would not start)");
    return Collections.unmodifiableMap(m);
  }

  @Override
  public String name() {
    return "daemon-json";
  }

  @Override
  public Map<String, String> checks() {
    return CHECKS;
  }

  @Override
  public List<Fact<?>> facts(DoctorContext ctx) {
    return List.of(FileStat.of(PATH, true), DockerDaemonFacts.validate(PATH), DockerDaemonFacts.unit("docker"));
  }

  @Override
  public List<Finding> evaluate(FactSet facts, DoctorContext ctx) {
    FileStat file = facts.get(FileStat.of(PATH, true));
    Validation validation = facts.get(DockerDaemonFacts.validate(PATH));
    UnitHealth unit = facts.get(DockerDaemonFacts.unit("docker"));
    if (!file.exists()) {
      String none = "no " + PATH + ": dockerd uses its defaults";
      return List.of(Finding.ok(SYNTAX, none), Finding.ok(KEYS, none), Finding.ok(FLAGS, none));
    }
    String rewrite = "correct " + PATH + " or run jprov apply to write it from the inventory (docker.daemon)";
    Map<String, Object> json = null;
    Finding syntax;
    if (file.type() != FileStat.Type.FILE) {
      syntax = Finding.fail(SYNTAX, PATH + " is not a regular file (" + file.type().name().toLowerCase() + ")",
          "remove it (rm -r " + PATH + ") and run jprov apply");
    } else if (file.content() == null) {
      syntax = Finding.warn(SYNTAX, PATH + " is " + file.size() + " bytes: too big to read (over "
          + FileStat.MAX_CONTENT + ")", "check it with dockerd --validate --config-file " + PATH);
    } else if (file.content().isBlank()) {
      syntax = Finding.warn(SYNTAX, PATH + " is empty (" + file.size() + " bytes)",
          "write {} into it or remove it: only newer dockerd versions accept an empty file");
    } else {
      Object parsed = null;
      String error = null;
      try {
        parsed = Json.parse(file.content());
      } catch (IllegalArgumentException e) {
        error = e.getMessage();
      }
      if (error != null) {
        syntax = Finding.fail(SYNTAX, DaemonCheckText.line(PATH + ": " + error), rewrite + "; dockerd does not start with it");
      } else if (!(parsed instanceof Map<?, ?>)) {
        syntax = Finding.fail(SYNTAX, PATH + " holds a JSON " + kind(parsed) + ", not an object",
            rewrite + "; dockerd does not start with it");
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) parsed;
        json = m;
        syntax = Finding.ok(SYNTAX, DaemonCheckText.line("valid JSON object, " + m.size() + " key(s)"
            + (m.isEmpty() ? "" : ": " + String.join(", ", m.keySet()))));
      }
    }
    if (json == null) {
      String skipped = "not checked: " + PATH + " is not a JSON object dockerd can read (" + SYNTAX + ")";
      return List.of(syntax, Finding.warn(KEYS, skipped, "fix " + SYNTAX + " first"),
          Finding.warn(FLAGS, skipped, "fix " + SYNTAX + " first"));
    }
    return List.of(syntax, keys(json, validation, ctx, rewrite), flags(json, unit));
  }

  private static Finding keys(Map<String, Object> json, Validation v, DoctorContext ctx, String rewrite) {
    switch (v.status()) {
      case VALID:
        return Finding.ok(KEYS, DaemonCheckText.line("dockerd --validate: " + v.message()));
      case INVALID:
        return Finding.fail(KEYS, DaemonCheckText.line(v.message()), rewrite + "; dockerd refuses the file as it is");
      default:
        break;
    }
    Object known = ctx.vars().get("docker_daemon_keys");
    String why = switch (v.status()) {
      case UNSUPPORTED -> v.message() + " has no --validate";
      case NO_DOCKERD -> "no dockerd to validate with (--validate: Docker >= 23)";
      default -> "dockerd could not validate";
    };
    if (!(known instanceof List<?> list) || list.isEmpty()) {
      return Finding.ok(KEYS, DaemonCheckText.line(why + "; no docker_daemon_keys to compare the keys with"));
    }
    List<String> unknown = new ArrayList<>();
    for (String k : json.keySet()) {
      if (list.stream().noneMatch(o -> String.valueOf(o).equals(k))) {
        unknown.add(k);
      }
    }
    if (unknown.isEmpty()) {
      return Finding.ok(KEYS, DaemonCheckText.line("every key is in docker_daemon_keys (" + why + ")"));
    }
    return Finding.warn(KEYS, DaemonCheckText.line("key(s) not in docker_daemon_keys: " + String.join(", ", unknown)
            + " (" + why + ")"),
        "check the key(s) against the installed Docker's dockerd reference; correct them, or add a right one to "
            + "docker_daemon_keys");
  }

  private static Finding flags(Map<String, Object> json, UnitHealth unit) {
    String argv = unit.execStart();
    if (argv.isEmpty()) {
      return Finding.ok(FLAGS, "docker.service has no ExecStart to compare with (" + (unit.exists()
          ? "none shown" : "unit not installed") + ")");
    }
    String[] words = argv.split("\\s+");
    List<String> clashes = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 1; i < words.length; i++) {
      String w = words[i];
      if (!w.startsWith("-") || w.equals("-") || w.equals("--")) {
        continue;
      }
      String name = w.replaceFirst("^--?", "");
      int eq = name.indexOf('=');
      String flag = eq < 0 ? name : name.substring(0, eq);
      String key = FLAG_KEYS.getOrDefault(flag, flag);
      if (json.containsKey(key) && !keys.contains(key)) {
        String shown = eq < 0 && i + 1 < words.length && !words[i + 1].startsWith("-")
            && !words[i + 1].startsWith("$") ? w + " " + words[i + 1] : w;
        clashes.add("\"" + key + "\" (ExecStart: " + shown + ")");
        keys.add(key);
      }
    }
    boolean hidden = argv.contains("$");
    if (clashes.isEmpty()) {
      return Finding.ok(FLAGS, DaemonCheckText.line("no key is also a flag of ExecStart: " + argv
          + (hidden ? " (flags in environment variables not seen)" : "")));
    }
    return Finding.fail(FLAGS, DaemonCheckText.line(PATH + " sets " + String.join(", ", clashes)
            + ": dockerd refuses a key that is also a flag"),
        "remove " + String.join(", ", keys.stream().map(k -> "\"" + k + "\"").toList()) + " from " + PATH
            + " (docker.daemon), or drop the flag from ExecStart with a drop-in (systemctl edit docker), then "
            + "systemctl daemon-reload && systemctl restart docker");
  }

  private static String kind(Object v) {
    if (v instanceof List<?>) {
      return "array";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    return v == null ? "null" : "number";
  }
}
