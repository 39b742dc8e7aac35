package io.jprov.facts;

import io.jprov.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the running Docker daemon says of itself: {@code docker info --format '{{json .}}'} (the
 * Engine API's {@code /info}, field names as Docker prints them). Read by doctor (storage, registry,
 * restart checks); one read per host whoever asks.
 *
 * <p>With a format, the CLI prints the JSON on stdout even when the daemon cannot be reached: the
 * server fields are then empty and {@code ServerErrors} holds the error, which the CLI also prints
 * on stderr first (docker/cli {@code cli/command/system/info.go}; such a run may exit 0, docker/cli
 * issue 5900). Older CLIs print only the error. The output may carry other stderr lines (the
 * CLI is not an API): the JSON is the first line that starts with <code>{</code>. The command
 * is bounded by {@code timeout} so that a hung daemon does not hang the whole read.
 */
public final class DockerInfoFacts {
  /** Seconds {@code docker info} may take. */
  public static final int TIMEOUT_SECONDS = 20;

  /** The daemon's {@code docker info}, key {@code docker-info}. */
  public static final Fact<DockerInfo> INFO = new Fact<>("docker-info",
      "if ! command -v docker >/dev/null 2>&1; then echo 'jprov: docker is not installed'; exit 127; fi; "
          + "if command -v timeout >/dev/null 2>&1; then timeout " + TIMEOUT_SECONDS
          + " docker info --format '{{json .}}'; else docker info --format '{{json .}}'; fi",
      DockerInfoFacts::parse);

  private DockerInfoFacts() {}

  /**
   * The daemon's view of itself.
   *
   * @param installed whether the docker CLI is on the host
   * @param reachable whether the daemon answered (a server version came back)
   * @param error why it did not (the CLI's first error line), or null
   * @param serverVersion {@code ServerVersion}, "" when unreachable
   * @param driver {@code Driver}, the storage driver
   * @param driverStatus {@code DriverStatus}: [name, value] pairs in the daemon's order
   * @param dockerRootDir {@code DockerRootDir}
   * @param liveRestoreEnabled {@code LiveRestoreEnabled}
   * @param warnings {@code Warnings}, each as the daemon words it ({@code WARNING: ...})
   * @param registryMirrors {@code RegistryConfig.Mirrors}
   * @param httpProxy {@code HttpProxy} (credentials masked by the daemon)
   * @param httpsProxy {@code HttpsProxy}
   * @param noProxy {@code NoProxy}
   * @param securityOptions {@code SecurityOptions} ({@code name=seccomp,profile=builtin}, ...)
   * @param containersRunning {@code ContainersRunning}
   */
  public record DockerInfo(boolean installed, boolean reachable, String error, String serverVersion, String driver,
      List<List<String>> driverStatus, String dockerRootDir, boolean liveRestoreEnabled, List<String> warnings,
      List<String> registryMirrors, String httpProxy, String httpsProxy, String noProxy,
      List<String> securityOptions, int containersRunning) {

    /** The value of the {@code DriverStatus} pair named {@code name}, or null. */
    public String driverStatus(String name) {
      for (List<String> pair : driverStatus) {
        if (pair.size() == 2 && pair.get(0).equals(name)) {
          return pair.get(1);
        }
      }
      return null;
    }
  }

  static DockerInfo parse(FactOutput out) {
    String text = out.output();
    if (out.exitCode() == 127 || text.contains("jprov: docker is not installed")) {
      return unreachable(false, "docker is not installed");
    }
    Map<String, Object> json = null;
    String firstOther = null;
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (json == null && l.startsWith("{")) {
        try {
          if (Json.parse(l) instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            json = map;
            continue;
          }
        } catch (IllegalArgumentException e) {
          // not the JSON line: kept as an error line below
        }
      }
      if (firstOther == null && !l.isEmpty()) {
        firstOther = l;
      }
    }
    String error = firstOther;
    if (out.exitCode() == 124 && json == null) {
      error = "docker info did not answer within " + TIMEOUT_SECONDS + " s";
    }
    if (json == null) {
      return unreachable(true, error == null ? "docker info printed nothing (exit " + out.exitCode() + ")" : error);
    }
    List<String> serverErrors = strings(json.get("ServerErrors"));
    String version = string(json.get("ServerVersion"));
    if (!serverErrors.isEmpty() || version.isEmpty()) {
      return unreachable(true, !serverErrors.isEmpty() ? serverErrors.get(0)
          : error != null ? error : "docker info gave no server version");
    }
    List<List<String>> status = new ArrayList<>();
    if (json.get("DriverStatus") instanceof List<?> pairs) {
      for (Object p : pairs) {
        status.add(strings(p));
      }
    }
    List<String> mirrors = List.of();
    if (json.get("RegistryConfig") instanceof Map<?, ?> rc) {
      mirrors = strings(rc.get("Mirrors"));
    }
    Object running = json.get("ContainersRunning");
    return new DockerInfo(true, true, null, version, string(json.get("Driver")), List.copyOf(status),
        string(json.get("DockerRootDir")), Boolean.TRUE.equals(json.get("LiveRestoreEnabled")),
        strings(json.get("Warnings")), mirrors, string(json.get("HttpProxy")), string(json.get("HttpsProxy")),
        string(json.get("NoProxy")), strings(json.get("SecurityOptions")),
        running instanceof Number n ? n.intValue() : 0);
  }

  private static DockerInfo unreachable(boolean installed, String error) {
    return new DockerInfo(installed, false, error, "", "", List.of(), "", false, List.of(), List.of(), "", "", "",
        List.of(), 0);
  }

  private static String string(Object v) {
    return v == null ? "" : String.valueOf(v);
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      l.forEach(o -> out.add(String.valueOf(o)));
    }
    return List.copyOf(out);
  }
}
