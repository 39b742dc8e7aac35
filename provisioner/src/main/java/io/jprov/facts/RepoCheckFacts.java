package io.jprov.facts;

import io.jprov.util.Sh;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What doctor's {@code registry} and {@code packages} checks read besides package and file facts:
 * whether a registry mirror answers {@code /v2/} from the host through the proxy dockerd uses, the
 * proxy environment of the docker unit and of the running daemon, the host's clock, and the Docker
 * package repository the host's package manager is configured with (and whether it answers).
 * Every command runs on every supported family (EL7/8/9, Debian, Ubuntu) and prints something its
 * parser understands when a tool or file is missing.
 */
public final class RepoCheckFacts {
  /** systemd's view of the docker unit's environment, and the running dockerd's own. */
  public static final Fact<ProxyEnv> DOCKER_PROXY_ENV = new Fact<>("docker-proxy-env",
      "systemctl show -p Environment docker 2>/dev/null | sed -n 's/^Environment=/unit /p'; "
          + "pid=$(systemctl show -p MainPID docker 2>/dev/null | sed -n 's/^MainPID=//p'); "
          + "if [ -n \"$pid\" ] && [ \"$pid\" != 0 ] && [ -r /proc/$pid/environ ]; then echo \"running $pid\"; "
          + "tr '\\000' '\\n' < /proc/$pid/environ | grep -E '^(HTTPS?_PROXY|https?_proxy|NO_PROXY|no_proxy)=' "
          + "| sed 's/^/env /'; else echo stopped; fi",
      RepoCheckFacts::parseProxyEnv);

  /** The host's clock, seconds since the epoch ({@code date -u +%s}); null when it printed something else. */
  public static final Fact<Long> HOST_CLOCK = new Fact<>("host-clock", "date -u +%s", o -> {
    String s = o.output().strip();
    return o.exitCode() == 0 && s.matches("\\d{1,12}") ? Long.valueOf(s) : null;
  });

  /**
   * The Docker CE repository as the host's package manager has it, and what its metadata URL
   * answers: {@code /etc/yum.repos.d/docker-ce.repo} (section {@code [docker-ce-stable]}'s {@code
   * baseurl}, with {@code $basearch} = {@code uname -m} and {@code $releasever} = the major of
   * os-release's {@code VERSION_ID}; probed: {@code repodata/repomd.xml}, through the proxy of
   * {@code /etc/yum.conf} or {@code /etc/dnf/dnf.conf}), else {@code
   * /etc/apt/sources.list.d/docker.sources} (deb822 {@code URIs}, {@code Suites}) or the one-line
   * {@code docker.list} (probed: {@code dists/<suite>/InRelease}, through apt's {@code
   * Acquire::http(s)::Proxy}). Prints {@code file=none} when there is none.
   */
  public static final Fact<DockerRepo> DOCKER_REPO = new Fact<>("docker-repo", String.join("\n",
      "u=''; s=''; p=''",
      "if [ -f /etc/yum.repos.d/docker-ce.repo ]; then",
      "  f=/etc/yum.repos.d/docker-ce.repo",
      "  u=$(sed -n '/^\\[docker-ce-stable\\]/,/^\\[/s/^baseurl[[:space:]]*=[[:space:]]*//p' \"$f\" | head -n 1)",
      "  a=$(uname -m); r=$(. /etc/os-release 2>/dev/null; echo \"${VERSION_ID%%.*}\")",
      "  probe=$(printf '%s\\n' \"$u\" | sed -e \"s|\\$basearch|$a|g\" -e \"s|\\$releasever|$r|g\" -e 's|/*$||')/repodata/repomd.xml",
      "  p=$(sed -n 's/^[[:space:]]*proxy[[:space:]]*=[[:space:]]*//p' /etc/yum.conf /etc/dnf/dnf.conf 2>/dev/null | tail -n 1)",
      "elif [ -f /etc/apt/sources.list.d/docker.sources ]; then",
      "  f=/etc/apt/sources.list.d/docker.sources",
      "  u=$(sed -n 's/^URIs:[[:space:]]*//p' \"$f\" | head -n 1 | cut -d ' ' -f 1)",
      "  s=$(sed -n 's/^Suites:[[:space:]]*//p' \"$f\" | head -n 1 | cut -d ' ' -f 1)",
      "elif [ -f /etc/apt/sources.list.d/docker.list ]; then",
      "  f=/etc/apt/sources.list.d/docker.list",
      "  set -- $(sed -n 's/^[[:space:]]*deb[[:space:]]\\{1,\\}//p' \"$f\" | head -n 1 | sed 's/\\[[^]]*\\]//')",
      "  u=${1:-}; s=${2:-}",
      "else",
      "  echo file=none; exit 0",
      "fi",
      "if [ -n \"$s\" ]; then",
      "  probe=\"${u%/}/dists/$s/InRelease\"",
      "  case \"$u\" in https:*) k=https ;; *) k=http ;; esac",
      "  p=$(apt-config dump 2>/dev/null | sed -n \"s/^Acquire::$k::Proxy \\\"\\(.*\\)\\\";\\$/\\1/p\" | tail -n 1)",
      "  [ -n \"$p\" ] || [ $k = http ] || p=$(apt-config dump 2>/dev/null | sed -n 's/^Acquire::http::Proxy \"\\(.*\\)\";$/\\1/p' | tail -n 1)",
      "fi",
      "echo \"file=$f\"; echo \"url=$u\"; echo \"suite=$s\"; echo \"probe=$probe\"",
      "case \"$p\" in ''|_none_|DIRECT) set -- ;; *) set -- -x \"$p\" ;; esac",
      "command -v curl >/dev/null 2>&1 || { echo 'curl not found'; exit 127; }",
      "curl -sS -L -o /dev/null -w 'http=%{http_code}\\n' --connect-timeout 5 --max-time 20 \"$@\" \"$probe\""),
      RepoCheckFacts::parseRepo);

  private RepoCheckFacts() {}

  /**
   * What {@code GET <mirror>/v2/} gets from the host, through the proxy dockerd would use for that
   * URL: {@code proxies} of {@code /etc/docker/daemon.json} (https-proxy or http-proxy, and
   * no-proxy: they win over the environment, Docker's "Daemon proxy configuration"), else the docker
   * unit's {@code Environment} (HTTPS_PROXY/https_proxy or HTTP_PROXY/http_proxy, NO_PROXY/no_proxy,
   * upper case first as Go reads them); no proxy at all when neither sets one (curl is told so, so
   * that no proxy of the login environment is used). A CA file {@code
   * /etc/docker/certs.d/<host:port>/ca.crt}, which dockerd trusts for that registry, is given to
   * curl. Redirects are not followed; 5 s to connect, 15 s in all. The proxy is printed without
   * credentials.
   */
  public static Fact<RegistryAnswer> registryV2(String mirror) {
    String url = mirror.strip().replaceAll("/+$", "") + "/v2/";
    boolean https = url.toLowerCase(Locale.ROOT).startsWith("https:");
    String up = https ? "HTTPS_PROXY" : "HTTP_PROXY";
    String key = https ? "https-proxy" : "http-proxy";
    String command = String.join("\n",
        "command -v curl >/dev/null 2>&1 || { echo 'curl not found'; exit 127; }",
        "set -f; pu=''; pl=''; nu=''; nl=''",
        "for kv in $(systemctl show -p Environment docker 2>/dev/null | sed 's/^Environment=//'); do",
        "  case \"$kv\" in " + up + "=*) pu=${kv#*=} ;; " + up.toLowerCase(Locale.ROOT) + "=*) pl=${kv#*=} ;; "
            + "NO_PROXY=*) nu=${kv#*=} ;; no_proxy=*) nl=${kv#*=} ;; esac",
        "done",
        "p=${pu:-$pl}; np=${nu:-$nl}",
        "j=$(sed -n 's/^[[:space:]]*\"" + key + "\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p' "
            + "/etc/docker/daemon.json 2>/dev/null | head -n 1); [ -z \"$j\" ] || p=$j",
        "j=$(sed -n 's/^[[:space:]]*\"no-proxy\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p' "
            + "/etc/docker/daemon.json 2>/dev/null | head -n 1); [ -z \"$j\" ] || np=$j",
        "if [ -n \"$p\" ]; then echo \"proxy=$p\" | sed 's|//[^/@]*@|//|'; set -- -x \"$p\"; "
            + "[ -z \"$np\" ] || set -- \"$@\" --noproxy \"$np\"; else echo proxy=none; set -- --noproxy '*'; fi",
        "c=" + Sh.quote("/etc/docker/certs.d/" + hostPort(url) + "/ca.crt")
            + "; [ ! -f \"$c\" ] || set -- \"$@\" --cacert \"$c\"",
        "curl -sS -o /dev/null -w 'http=%{http_code}\\n' --connect-timeout 5 --max-time 15 \"$@\" " + Sh.quote(url));
    return new Fact<>("registry-v2:" + mirror, command, RepoCheckFacts::parseRegistry);
  }

  /** {@code host:port} as dockerd names a registry's certs.d folder ({@code mirror:5000}; no port when none). */
  static String hostPort(String url) {
    try {
      URI u = URI.create(url);
      String host = u.getHost() == null ? "" : u.getHost();
      return u.getPort() < 0 ? host : host + ":" + u.getPort();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /**
   * What a registry's {@code /v2/} answered.
   *
   * @param proxy the proxy curl went through (without credentials), "none", or "" when curl was not there
   * @param answer the HTTP status or curl's error
   */
  public record RegistryAnswer(String proxy, NetFacts.UrlAnswer answer) {
    /** An HTTP 200 or 401: a registry answers (401 asks for a token, as Docker Hub does). */
    public boolean ok() {
      return answer.exitCode() == 0 && (answer.status() == 200 || answer.status() == 401);
    }
  }

  static RegistryAnswer parseRegistry(FactOutput o) {
    String proxy = "";
    StringBuilder rest = new StringBuilder();
    for (String line : o.output().split("\n")) {
      if (line.startsWith("proxy=") && proxy.isEmpty()) {
        proxy = line.substring(6).strip();
      } else {
        rest.append(line).append('\n');
      }
    }
    return new RegistryAnswer(proxy, NetFacts.urlAnswer(new FactOutput(o.exitCode(), rest.toString())));
  }

  /**
   * The proxy variables of the docker unit and of the running daemon.
   *
   * @param unit the proxy variables of {@code systemctl show -p Environment docker} (every drop-in, as systemd has
   *     loaded them), by name as written; null when systemctl printed none (no systemd)
   * @param running whether dockerd runs (the unit has a main process whose environment could be read)
   * @param daemon the proxy variables in that process's environment (what it started with)
   */
  public record ProxyEnv(Map<String, String> unit, boolean running, Map<String, String> daemon) {
    /** {@code HTTP_PROXY}, else {@code http_proxy}, of {@code vars} (Go's order); "" when neither. */
    public static String get(Map<String, String> vars, String upper) {
      String v = vars.getOrDefault(upper, "");
      return v.isEmpty() ? vars.getOrDefault(upper.toLowerCase(Locale.ROOT), "") : v;
    }
  }

  static ProxyEnv parseProxyEnv(FactOutput o) {
    Map<String, String> unit = null;
    Map<String, String> daemon = new LinkedHashMap<>();
    boolean running = false;
    for (String line : o.output().split("\n")) {
      if ((line.startsWith("unit ") || line.equals("unit")) && unit == null) {
        unit = new LinkedHashMap<>();
        for (String kv : line.substring(4).strip().split("\\s+")) {
          putProxy(unit, kv);
        }
      } else if (line.startsWith("running ")) {
        running = true;
      } else if (line.startsWith("env ")) {
        putProxy(daemon, line.substring(4));
      }
    }
    return new ProxyEnv(unit, running, daemon);
  }

  private static void putProxy(Map<String, String> out, String kv) {
    int eq = kv.indexOf('=');
    if (eq > 0 && kv.substring(0, eq).matches("(?i)(https?|no)_proxy")) {
      out.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
  }

  /**
   * The Docker repository the package manager uses.
   *
   * @param file the file it is configured in, "" when there is none
   * @param url the {@code baseurl} (yum/dnf) or {@code URIs} (apt) as written
   * @param suite the apt suite ("" for yum/dnf)
   * @param probe the metadata URL asked
   * @param answer what it answered (exit 0 and status 0 when there is no file)
   */
  public record DockerRepo(String file, String url, String suite, String probe, NetFacts.UrlAnswer answer) {
    public boolean exists() {
      return !file.isEmpty();
    }
  }

  static DockerRepo parseRepo(FactOutput o) {
    Map<String, String> kv = new LinkedHashMap<>();
    StringBuilder rest = new StringBuilder();
    for (String line : o.output().split("\n")) {
      int eq = line.indexOf('=');
      String k = eq < 0 ? "" : line.substring(0, eq);
      if (!kv.containsKey(k) && (k.equals("file") || k.equals("url") || k.equals("suite") || k.equals("probe"))) {
        kv.put(k, line.substring(eq + 1).strip());
      } else {
        rest.append(line).append('\n');
      }
    }
    String file = kv.getOrDefault("file", "");
    if (file.equals("none") || file.isEmpty()) {
      return new DockerRepo("", "", "", "", new NetFacts.UrlAnswer(0, 0, ""));
    }
    return new DockerRepo(file, kv.getOrDefault("url", ""), kv.getOrDefault("suite", ""),
        kv.getOrDefault("probe", ""), NetFacts.urlAnswer(new FactOutput(o.exitCode(), rest.toString())));
  }
}
