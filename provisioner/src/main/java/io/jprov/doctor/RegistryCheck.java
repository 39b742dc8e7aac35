package io.jprov.doctor;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileContentFacts;
import io.jprov.facts.FileContentFacts.FileContent;
import io.jprov.facts.FileStat;
import io.jprov.facts.RepoCheckFacts;
import io.jprov.facts.RepoCheckFacts.ProxyEnv;
import io.jprov.facts.RepoCheckFacts.RegistryAnswer;
import io.jprov.json.Json;
import io.jprov.util.Secrets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Doctor checks {@code registry.*}: registry mirrors answer, proxy settings agree, clock skew.
 *
 * <p>{@code registry.mirrors}: each mirror daemon.json should list ({@code docker.registry_mirrors}, or
 * {@code docker.daemon["registry-mirrors"]} which the template lets win) is asked {@code GET /v2/} from
 * the host with curl, through the proxy dockerd would use for it (daemon.json {@code proxies}, else the
 * unit's environment); 200 or 401 (a registry asking for a token, as Docker Hub does) is ok, any other
 * status (404: not a v2 registry at that URL) or no answer fails, no curl on the host warns; and
 * daemon.json listing other mirrors warns ("run jprov apply"). {@code registry.proxy}: the drop-in
 * {@code http-proxy.conf} says what {@code docker.http_proxy/https_proxy/no_proxy} say, systemd has
 * loaded it, the running dockerd started with it, and daemon.json's {@code proxies} (which win over
 * the environment) do not say otherwise. {@code registry.clock}: the host's clock against the
 * controller's when the read began (the read's own duration counts as skew, so a few seconds are
 * normal): warn above {@value #CLOCK_WARN} s, fail above {@value #CLOCK_FAIL} s, where TLS refuses
 * certificates "not yet valid" after a renewal and apt refuses a Release file "not valid yet".
 */
final class RegistryCheck implements DoctorCheck {
  static final String MIRRORS = "registry.mirrors";
  static final String PROXY = "registry.proxy";
  static final String CLOCK = "registry.clock";
  /** Where the playbook (steps 8c-8e) writes dockerd's proxy. */
  static final String DROP_IN = "/etc/systemd/system/docker.service.d/http-proxy.conf";
  static final String DAEMON_JSON = "/etc/docker/daemon.json";
  static final long CLOCK_WARN = 60;
  static final long CLOCK_FAIL = 300;
  private static final List<String> NAMES = List.of("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY");
  private static final Map<String, String> CHECKS = checkNames();

  private static Map<String, String> checkNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MIRRORS, "each registry mirror answers GET /v2/ from the host (200 or 401) through dockerd's proxy, and"
        + " daemon.json lists the mirrors the inventory asks for");
    m.put(PROXY, "the proxy drop-in, the docker unit, the running dockerd and daemon.json proxies agree with"
        + " docker.http_proxy/https_proxy/no_proxy");
    m.put(CLOCK, "the host's clock is within " + CLOCK_WARN + " s of the controller's (else warn; fail beyond "
        + CLOCK_FAIL + " s): TLS and apt refuse certificates and Release files dated in the host's future");
    return java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public String name() {
    return "registry";
  }

  @Override
  public Map<String, String> checks() {
    return CHECKS;
  }

  @Override
  public List<Fact<?>> facts(DoctorContext ctx) {
    List<Fact<?>> out = new ArrayList<>();
    // the clock first: the later facts (curl with timeouts) must not delay it
    out.add(RepoCheckFacts.HOST_CLOCK);
    for (String m : mirrors(ctx)) {
      if (isUrl(m)) {
        out.add(RepoCheckFacts.registryV2(m));
      }
    }
    out.add(RepoCheckFacts.DOCKER_PROXY_ENV);
    out.add(FileContentFacts.of(DROP_IN));
    out.add(FileStat.of(DAEMON_JSON, true)); // as daemon-json.* reads it: one read
    return out;
  }

  @Override
  public List<Finding> evaluate(FactSet facts, DoctorContext ctx) {
    List<Finding> out = new ArrayList<>();
    out.addAll(mirrors(facts, ctx));
    out.add(proxy(facts, ctx));
    out.add(clock(facts, ctx));
    return out.stream().map(PackagesCheck::oneLine).toList();
  }

  /**
   * The mirrors daemon.json gets: {@code docker.daemon["registry-mirrors"]} when set (the template lets
   * docker.daemon's keys win), else {@code docker.registry_mirrors}.
   */
  static List<String> mirrors(DoctorContext ctx) {
    if (ctx.docker("daemon") instanceof Map<?, ?> daemon && daemon.get("registry-mirrors") instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    return ctx.registryMirrors();
  }

  /** An http(s) URL with a host: what dockerd accepts as a registry mirror. */
  private static boolean isUrl(String mirror) {
    return mirror.strip().matches("(?i)https?://[^/\\s]+.*");
  }

  private static List<String> normalized(List<?> urls) {
    return urls.stream().map(u -> String.valueOf(u).strip().replaceAll("/+$", "")).toList();
  }

  private static List<Finding> mirrors(FactSet facts, DoctorContext ctx) {
    List<String> mirrors = mirrors(ctx);
    Finding configured = configuredMirrors(facts.get(FileStat.of(DAEMON_JSON, true)), mirrors);
    if (mirrors.isEmpty()) {
      return List.of(configured != null ? configured
          : Finding.ok(MIRRORS, "no registry mirror configured (docker.registry_mirrors is empty)"));
    }
    List<Finding> out = new ArrayList<>();
    if (configured != null) {
      out.add(configured);
    }
    for (String m : mirrors) {
      if (!isUrl(m)) {
        // dockerd refuses to start with such an entry (invalid mirror): it is not asked
        out.add(Finding.fail(MIRRORS, "registry mirror '" + m + "' is not an http(s) URL",
            "write it as http(s)://host[:port] in docker.registry_mirrors, then run jprov apply"));
        continue;
      }
      RegistryAnswer a = facts.get(RepoCheckFacts.registryV2(m));
      String url = m.strip().replaceAll("/+$", "") + "/v2/";
      String via = a.proxy().isEmpty() || a.proxy().equals("none") ? "direct" : "via proxy " + a.proxy();
      String evidence = Secrets.mask(url + ": " + a.answer().why() + " (" + via + ")");
      if (a.answer().unknown()) {
        out.add(Finding.warn(MIRRORS, Secrets.mask(url + ": not asked, curl is not installed on the host"),
            "install curl on the host (" + installCommand(facts) + ") so that doctor can ask the mirror"));
      } else if (a.ok()) {
        out.add(Finding.ok(MIRRORS, evidence));
      } else if (a.answer().reached()) {
        out.add(Finding.fail(MIRRORS, evidence, "no registry API answers at " + Secrets.mask(m)
            + " (" + a.answer().why() + " for /v2/): docker.registry_mirrors must name the URL a registry serves /v2/"
            + " under (scheme://host[:port]), then run jprov apply"));
      } else if (a.answer().error().contains("certificate") || a.answer().error().contains("SSL")) {
        out.add(Finding.fail(MIRRORS, evidence, "the host does not trust the mirror's certificate: put its CA in"
            + " /etc/docker/certs.d/" + hostPort(url) + "/ca.crt (or the system's trust store), and check"
            + " registry.clock"));
      } else {
        out.add(Finding.fail(MIRRORS, evidence, "make " + Secrets.mask(m) + " reachable from the host (DNS,"
            + " firewall, docker's proxy and NO_PROXY) or remove it from docker.registry_mirrors, then run"
            + " jprov apply"));
      }
    }
    return out;
  }

  /** A warning when daemon.json's registry-mirrors are not {@code mirrors} (trailing slashes aside), else null. */
  private static Finding configuredMirrors(FileStat file, List<String> mirrors) {
    List<String> have = List.of();
    if (file.exists() && file.content() == null) {
      return null; // not a regular file, or too big to read: daemon-json.syntax's finding
    }
    if (file.exists()) {
      try {
        if (!(Json.parse(file.content()) instanceof Map<?, ?> m)) {
          return null;
        }
        if (m.get("registry-mirrors") instanceof List<?> l) {
          have = normalized(l);
        }
      } catch (IllegalArgumentException e) {
        return null; // daemon-json.syntax's finding
      }
    }
    if (have.equals(normalized(mirrors))) {
      return null;
    }
    return Finding.warn(MIRRORS, (file.exists() ? DAEMON_JSON + " has registry-mirrors " + have : "no " + DAEMON_JSON)
        + "; the inventory asks for " + normalized(mirrors), "run jprov apply");
  }

  private static String hostPort(String url) {
    try {
      java.net.URI u = java.net.URI.create(url);
      return u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
    } catch (IllegalArgumentException e) {
      return "HOST:PORT";
    }
  }

  /** How to install curl on this host's family. */
  private static String installCommand(FactSet facts) {
    String id = facts.get(io.jprov.facts.HostFacts.PLATFORM).osId();
    return id.equals("debian") || id.equals("ubuntu") ? "apt-get install -y curl" : "yum install -y curl";
  }

  /** The proxy settings as docker.* asks for them: HTTP_PROXY, HTTPS_PROXY, NO_PROXY → value ("" = unset). */
  static Map<String, String> wanted(DoctorContext ctx) {
    Map<String, String> want = new LinkedHashMap<>();
    want.put("HTTP_PROXY", ctx.httpProxy().strip());
    want.put("HTTPS_PROXY", ctx.httpsProxy().strip());
    Object np = ctx.docker("no_proxy");
    want.put("NO_PROXY", np instanceof List<?> l
        ? String.join(",", l.stream().map(String::valueOf).toList()) : ctx.noProxy().strip());
    return want;
  }

  /** The proxy variables of a drop-in ({@code Environment="K=V"} lines, the template's escapes undone). */
  static Map<String, String> dropIn(String content) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : content.split("\n")) {
      String t = line.strip();
      if (!t.startsWith("Environment=")) {
        continue;
      }
      String v = t.substring("Environment=".length());
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
        v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
      }
      v = v.replace("%%", "%");
      int eq = v.indexOf('=');
      if (eq > 0 && v.substring(0, eq).matches("(?i)(https?|no)_proxy")) {
        out.put(v.substring(0, eq), v.substring(eq + 1));
      }
    }
    return out;
  }

  /** HTTP_PROXY, HTTPS_PROXY, NO_PROXY as dockerd reads them from {@code env} (upper case first). */
  private static Map<String, String> resolved(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : NAMES) {
      out.put(n, ProxyEnv.get(env, n));
    }
    return out;
  }

  private static String show(Map<String, String> env) {
    List<String> parts = new ArrayList<>();
    env.forEach((k, v) -> {
      if (!v.isEmpty()) {
        parts.add(k + "=" + v);
      }
    });
    return parts.isEmpty() ? "no proxy" : String.join(" ", parts);
  }

  private static Finding proxy(FactSet facts, DoctorContext ctx) {
    Map<String, String> want = wanted(ctx);
    boolean wantProxy = !want.get("HTTP_PROXY").isEmpty() || !want.get("HTTPS_PROXY").isEmpty();
    if (!wantProxy) {
      // the playbook writes no drop-in then (8e removes it): NO_PROXY alone configures nothing
      want.put("NO_PROXY", "");
    }
    FileContent file = facts.get(FileContentFacts.of(DROP_IN));
    Map<String, String> dropIn = file.exists() ? resolved(dropIn(file.content())) : resolved(Map.of());
    if (!dropIn.equals(want)) {
      String have = file.exists() ? DROP_IN + " has " + show(dropIn) : "no " + DROP_IN;
      return Finding.warn(PROXY, Secrets.mask(have + "; docker.http_proxy/https_proxy/no_proxy ask for " + show(want)),
          "run jprov apply");
    }
    Map<String, String> daemonJson = daemonJsonProxies(facts.get(FileStat.of(DAEMON_JSON, true)));
    for (String n : NAMES) {
      String j = daemonJson.getOrDefault(n, "");
      if (!j.isEmpty() && wantProxy && !j.equals(want.get(n))) {
        return Finding.warn(PROXY, Secrets.mask(DAEMON_JSON + " proxies." + n.toLowerCase().replace('_', '-')
                + " is " + j + " and wins over the drop-in's " + (want.get(n).isEmpty() ? "unset " + n : n + "="
                + want.get(n))),
            "set the proxy in one place: docker.http_proxy/https_proxy/no_proxy, or docker.daemon.proxies,"
                + " then run jprov apply");
      }
    }
    ProxyEnv env = facts.get(RepoCheckFacts.DOCKER_PROXY_ENV);
    Map<String, String> unit = env.unit() == null ? null : resolved(env.unit());
    if (unit != null && !unit.equals(want)) {
      return Finding.warn(PROXY, Secrets.mask("systemd has " + show(unit) + " for docker, the drop-in "
              + show(want) + " (another drop-in, or no systemctl daemon-reload since it changed)"),
          "check systemctl cat docker for other proxy settings, then systemctl daemon-reload && systemctl restart"
              + " docker");
    }
    Map<String, String> daemon = resolved(env.daemon());
    if (env.running() && unit != null && !daemon.equals(unit)) {
      return Finding.warn(PROXY, Secrets.mask("dockerd runs with " + show(daemon) + ", its unit now has "
              + show(unit) + ": docker has not been restarted since"),
          "restart docker to apply it: systemctl restart docker (or jprov apply with docker.restart: always;"
              + " see restart.pending)");
    }
    Map<String, String> effective = new LinkedHashMap<>(want);
    daemonJson.forEach((k, v) -> {
      if (!v.isEmpty()) {
        effective.put(k, v);
      }
    });
    String where = !daemonJson.isEmpty() ? " (daemon.json proxies)" : wantProxy ? " (drop-in http-proxy.conf)" : "";
    String state = env.running() ? "dockerd runs with " : "docker is not running; it will start with ";
    return Finding.ok(PROXY, Secrets.mask(state + show(effective) + where));
  }

  /** daemon.json's {@code proxies} as HTTP_PROXY, HTTPS_PROXY, NO_PROXY (only those it sets); empty when none or unreadable. */
  static Map<String, String> daemonJsonProxies(FileStat file) {
    Map<String, String> out = new LinkedHashMap<>();
    if (file.content() == null) {
      return out;
    }
    try {
      if (Json.parse(file.content()) instanceof Map<?, ?> m && m.get("proxies") instanceof Map<?, ?> p) {
        for (String n : NAMES) {
          Object v = p.get(n.toLowerCase().replace('_', '-'));
          if (v instanceof String s && !s.isEmpty()) {
            out.put(n, s);
          }
        }
      }
    } catch (IllegalArgumentException e) {
      // invalid JSON is daemon-json.syntax's finding
    }
    return out;
  }

  private static Finding clock(FactSet facts, DoctorContext ctx) {
    Long host = facts.get(RepoCheckFacts.HOST_CLOCK);
    if (host == null) {
      return Finding.warn(CLOCK, "the host did not print its clock (date -u +%s)",
          "check that date works on the host");
    }
    long now = ctx.controllerEpochSeconds();
    long skew = host - now;
    String evidence = "host clock " + Instant.ofEpochSecond(host) + ", controller " + Instant.ofEpochSecond(now)
        + ": " + (skew == 0 ? "same second" : Math.abs(skew) + " s " + (skew > 0 ? "ahead" : "behind"));
    String fix = "sync the host's clock with NTP: chronyc makestep (chronyd), or timedatectl set-ntp true"
        + " (systemd-timesyncd)";
    if (Math.abs(skew) > CLOCK_FAIL) {
      return Finding.fail(CLOCK, evidence, fix);
    }
    if (Math.abs(skew) > CLOCK_WARN) {
      return Finding.warn(CLOCK, evidence, fix);
    }
    return Finding.ok(CLOCK, evidence);
  }
}
