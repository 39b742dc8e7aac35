package io.jprov.modules.docker;

import io.jprov.inventory.VarCheck;
import io.jprov.inventory.VarNode;
import io.jprov.inventory.VarSchema;
import io.jprov.util.Text;
import io.jprov.yaml.Keys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The variables of the Docker CE playbook ({@code playbooks/docker-ce.yml}) and of the templates
 * its modules render: {@code docker.*} and {@code base_repos_mirror}. The inventory loader is
 * given {@link #SCHEMA} and checks every layer where they are written (inventory file, {@code
 * -e}), so a typo or an unsafe value is an input error naming {@code file:line:column} before any
 * host is contacted, not a failed task after the packages were installed. Stateless.
 */
public final class DockerVars {
  static final List<String> DOCKER_KEYS = List.of(
      "health_command", "health_timeout", // docker_verify, step 12 (docs/playbooks.md)
      "version", "mirror", "channel", "registry_mirrors", "users", "http_proxy", "https_proxy",
      "no_proxy", "daemon", "hold", "lookup_mirror", "gpg_fingerprints", "restart");
  /** {@code docker.restart}: the docker_restart policies (docs/playbooks.md, "No surprise restarts"). */
  private static final List<String> RESTART_POLICIES = List.of("if-idle", "always", "never");
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-Fa-f]{40}");

  /** {@code docker} and {@code base_repos_mirror}, for the inventory loader. */
  public static final VarSchema SCHEMA = schema(List.of());

  /**
   * {@link #SCHEMA}, with the versions of the lock file ({@code docker-lock.yml}) named among the known
   * ones when a {@code docker.version} is refused.
   */
  public static VarSchema schema(java.util.Collection<String> lockedVersions) {
    Map<String, VarCheck> checks = new LinkedHashMap<>();
    checks.put("docker", DockerVars::docker);
    checks.put("base_repos_mirror", v -> url("base_repos_mirror", v));
    List<String> locked = List.copyOf(lockedVersions);
    return new VarSchema(checks, v -> effective(v, locked));
  }

  /**
   * A {@code docker.version} that jprov resolves from the mirror's metadata (docs/lock.md): a full
   * version or a prefix of whole parts (the same rule as {@code io.jprov.platform.VersionMatch}).
   */
  private static final Pattern RESOLVABLE = Pattern.compile("\\d+(\\.\\d+){0,2}");

  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?");
  private static final Pattern VERSION = Pattern.compile("[0-9][0-9A-Za-z.:_~+-]*");

  /**
   * daemon.json keys that EL7's docker.service also passes as flags, or that jprov sets from its
   * own variables: a key given both ways stops dockerd from starting.
   */
  private static final Map<String, String> FLAG_KEYS = Map.of(
      "hosts", "the docker unit already passes -H fd://; a 'hosts' key in daemon.json stops dockerd from"
          + " starting (set it in a systemd drop-in instead)",
      "containerd", "the docker unit already passes --containerd; a 'containerd' key in daemon.json stops"
          + " dockerd from starting",
      "registry-mirrors", "set docker.registry_mirrors instead; jprov writes registry-mirrors from it");

  private DockerVars() {}

  /**
   * Why a Docker CE channel that Docker no longer publishes cannot be used, or null when the
   * channel is not one of them. The one place that knows: the {@code docker.channel} variable and
   * the {@code yum_repo} module both ask here.
   */
  public static String retiredChannel(String channel) {
    return channel.equals("nightly") ? "the nightly channel no longer exists; use stable or test" : null;
  }

  private static void docker(VarNode v) {
    if (!(v instanceof VarNode.VMap m)) {
      throw v.error("docker: expected a mapping, found " + v.kind());
    }
    for (Map.Entry<String, VarNode> e : m.entries().entrySet()) {
      String key = e.getKey();
      VarNode value = e.getValue();
      String name = "docker." + key;
      if (!DOCKER_KEYS.contains(key)) {
        throw m.keyError(key, "unknown docker key '" + key + "'" + Keys.hint(key, DOCKER_KEYS));
      }
      if (value.plain() == null) {
        continue;
      }
      switch (key) {
        case "version" -> {
          String s = versionText(value);
          if (s == null) {
            throw value.error(name + ": expected a string, found " + value.kind()
                + "; quote it: version: \"26.1.4\"");
          }
          if (!VERSION.matcher(s).matches()) {
            throw value.error(name + ": expected a version like 26.1.4, found '" + s + "'");
          }
        }
        case "channel" -> {
          String s = value.string(name);
          String retired = retiredChannel(s);
          if (retired != null) {
            throw value.error(name + ": " + retired);
          }
          if (!s.equals("stable") && !s.equals("test")) {
            throw value.error(name + ": expected stable or test, found '" + s + "'"
                + Keys.hint(s, List.of("stable", "test")));
          }
        }
        case "mirror", "http_proxy", "https_proxy" -> url(name, value);
        case "lookup_mirror" -> {
          if (!(value.plain() instanceof String str && str.isEmpty())) {
            url(name, value);
          }
        }
        case "hold" -> {
          if (!(value.plain() instanceof Boolean)) {
            throw value.error(name + ": expected true or false, found " + Text.describe(value.plain()));
          }
        }
        case "restart" -> {
          String s = value.plain() instanceof String str ? str : null;
          if (s == null || !RESTART_POLICIES.contains(s)) {
            throw value.error(name + ": expected if-idle, always or never, found " + (s == null
                ? Text.describe(value.plain()) : "'" + Text.shown(s) + "'" + Keys.hint(s, RESTART_POLICIES)));
          }
        }
        case "gpg_fingerprints" -> {
          if (!(value instanceof VarNode.VMap kinds)) {
            throw value.error(name + ": expected a mapping {rpm: [FINGERPRINT..], apt: [FINGERPRINT..]}, found "
                + value.kind());
          }
          for (Map.Entry<String, VarNode> k : kinds.entries().entrySet()) {
            if (!List.of("rpm", "apt").contains(k.getKey())) {
              throw kinds.keyError(k.getKey(), "unknown key '" + k.getKey() + "' in " + name + " (known: rpm, apt)"
                  + Keys.hint(k.getKey(), List.of("rpm", "apt")));
            }
            for (VarNode item : k.getValue().list(name + "." + k.getKey()).items()) {
              String f = item.string(name + "." + k.getKey()).replace(" ", "");
              if (!FINGERPRINT.matcher(f).matches()) {
                throw item.error(name + "." + k.getKey() + ": expected an OpenPGP fingerprint of 40 hex digits,"
                    + " found '" + Text.shown(f) + "'");
              }
            }
          }
        }
        // (url() refuses whitespace and control characters: a proxy value is written into a
        // systemd unit, where a newline would start a new directive such as ExecStartPre=)
        case "registry_mirrors" -> {
          for (VarNode item : value.list(name).items()) {
            url(name, item);
          }
        }
        case "users" -> {
          for (VarNode item : value.list(name).items()) {
            String s = item.string(name);
            if (!ACCOUNT.matcher(s).matches()) {
              throw item.error(name + ": expected a user name (letters, digits, _ . -, not starting"
                  + " with - or .), found '" + Text.shown(s) + "'");
            }
          }
        }
        case "no_proxy" -> {
          List<VarNode> items = value instanceof VarNode.VList l ? l.items() : List.of(value);
          for (VarNode i : items) {
            String s = i.string(name);
            if (Text.hasControlOrSpace(s) || s.indexOf('"') >= 0 || s.indexOf('\\') >= 0) {
              throw i.error(name + ": expected host names or domains separated by commas, without"
                  + " whitespace, quotes, backslashes or control characters, found '" + Text.shown(s) + "'");
            }
          }
        }
        case "daemon" -> {
          if (!(value instanceof VarNode.VMap daemonKeys)) {
            throw value.error(name + ": expected a mapping of daemon.json keys, found " + value.kind());
          }
          for (String k : daemonKeys.entries().keySet()) {
            String why = FLAG_KEYS.get(k);
            if (why != null) {
              throw daemonKeys.keyError(k, name + "." + k + ": " + why);
            }
          }
          daemonValues(name, daemonKeys);
        }
        case "health_command" -> {
          if (!(value.plain() instanceof String)) {
            throw value.error(name + ": expected a shell command (a string), found " + Text.describe(value.plain()));
          }
        }
        case "health_timeout" -> {
          Object t = value.plain();
          if (!(t instanceof Integer i && i >= 1 && i <= 3600)) {
            throw value.error(name + ": expected a number of seconds from 1 to 3600, found " + Text.describe(t));
          }
        }
        default -> throw new IllegalStateException(key);
      }
    }
  }

  /**
   * The version as text, or null when it is not text. {@code -e docker.version=24} was typed as
   * text (only -e's parser made a number of it), so a number or boolean from {@code -e} counts as
   * what was typed; in YAML an unquoted {@code 24.10} is a number that no longer reads as written,
   * so there it is refused with the advice to quote.
   */
  private static String versionText(VarNode value) {
    Object v = value.plain();
    if (v instanceof String s) {
      return s;
    }
    boolean typedOnCommandLine = value.where().startsWith("-e ");
    return typedOnCommandLine && (v instanceof Integer || v instanceof Boolean) ? String.valueOf(v) : null;
  }

  /**
   * A host's variables as a run sees them (playbook defaults, inventory, {@code -e} merged):
   * {@code docker.version} must be a key of {@code docker_sets} or a version jprov can resolve from the
   * mirror (27.3.1, or a prefix: 27.3, 27), or the package task would fail naming the playbook line
   * instead of where the version was chosen. Nothing to check when it is not set.
   */
  private static void effective(VarNode node, List<String> locked) {
    if (!(node instanceof VarNode.VMap vars)
        || !(vars.entries().get("docker") instanceof VarNode.VMap docker)) {
      return;
    }
    VarNode version = docker.entries().get("version");
    if (version == null || version.plain() == null || versionText(version) == null) {
      return;
    }
    String v = versionText(version);
    List<String> known = vars.entries().get("docker_sets") instanceof VarNode.VMap sets
        ? sets.entries().entrySet().stream().filter(e -> e.getValue().plain() != null).map(Map.Entry::getKey).toList()
        : List.of();
    if (!known.contains(v) && !RESOLVABLE.matcher(v).matches()) {
      boolean typed = version.where().startsWith("-e ");
      List<String> lockOnly = locked.stream().filter(l -> !known.contains(l)).toList();
      throw version.error((typed ? "" : "docker.version '" + Text.shown(v) + "': ")
          + "not a Docker version (27.3.1, or a prefix such as 27.3 or 27) and no such Docker version set"
          + (known.isEmpty() && lockOnly.isEmpty() ? ""
              : "; known: " + String.join(", ", known) + (known.isEmpty() ? "" : " (docker_sets)")
                  + (lockOnly.isEmpty() ? "" : (known.isEmpty() ? "" : ", ") + String.join(", ", lockOnly)
                      + " (docker-lock.yml)")));
    }
  }

  /**
   * Every daemon.json value is text, a number, a boolean, a list or a mapping of those: JSON has a
   * null, but dockerd rejects it for every option, so {@code x: ~} is a typo caught here rather
   * than when daemon.json is rendered, after the packages were installed.
   */
  private static void daemonValues(String name, VarNode node) {
    if (node instanceof VarNode.VMap m) {
      for (Map.Entry<String, VarNode> e : m.entries().entrySet()) {
        String n = name + "." + e.getKey();
        if (e.getValue().plain() == null) {
          throw e.getValue().error(n + ": a daemon.json value must not be empty (null); give a value"
              + " or remove the key");
        }
        daemonValues(n, e.getValue());
      }
    } else if (node instanceof VarNode.VList l) {
      for (int i = 0; i < l.items().size(); i++) {
        VarNode item = l.items().get(i);
        if (item.plain() == null) {
          throw item.error(name + "[" + i + "]: a daemon.json list item must not be empty (null)");
        }
        daemonValues(name + "[" + i + "]", item);
      }
    }
  }

  private static void url(String name, VarNode v) {
    if (v.plain() == null) {
      return;
    }
    String s = v.string(name);
    if (Text.hasControlOrSpace(s) || s.indexOf('"') >= 0 || s.indexOf('\\') >= 0) {
      throw v.error(name + ": expected an http:// or https:// URL without whitespace, quotes,"
          + " backslashes or control characters, found '" + Text.shown(s) + "'");
    }
    try {
      URI u = new URI(s);
      String scheme = u.getScheme();
      if (scheme != null && (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw v.error(name + ": expected an http:// or https:// URL, found '" + Text.shown(s) + "'");
  }
}
