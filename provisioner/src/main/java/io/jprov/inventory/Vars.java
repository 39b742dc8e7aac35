package io.jprov.inventory;

import io.jprov.InputException;
import io.jprov.util.Maps;
import io.jprov.util.Text;
import io.jprov.yaml.Keys;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules for inventory variables (SPEC §4): validation of one layer of variables where it was
 * written, deep merging of layers, and the typed {@link ConnectionSpec} of merged variables.
 * Variables are free-form except the connection variables, {@code docker}, {@code
 * base_repos_mirror}, inline secrets (always an error) and near-misses of known names. Stateless.
 */
final class Vars {
  static final List<String> CONNECTION = List.of(
      "connection", "address", "ssh_port", "ssh_user", "ssh_key", "ssh_key_passphrase_env",
      "ssh_password_env", "known_hosts", "host_key_checking", "jump", "connect_timeout",
      "command_timeout", "become", "become_password_env", "jump_key", "jump_password_env");
  static final List<String> DOCKER_KEYS = List.of(
      "version", "mirror", "channel", "registry_mirrors", "users", "http_proxy", "https_proxy",
      "no_proxy", "daemon");
  static final List<String> KNOWN;

  static {
    List<String> known = new ArrayList<>(CONNECTION);
    known.add("docker");
    known.add("base_repos_mirror");
    KNOWN = List.copyOf(known);
  }

  /** Secret-looking keys and the {@code *_env} variable to use instead. */
  private static final Map<String, String> SECRETS = Map.ofEntries(
      Map.entry("password", "ssh_password_env"),
      Map.entry("ssh_password", "ssh_password_env"),
      Map.entry("ssh_pass", "ssh_password_env"),
      Map.entry("ansible_password", "ssh_password_env"),
      Map.entry("ansible_ssh_pass", "ssh_password_env"),
      Map.entry("ansible_ssh_password", "ssh_password_env"),
      Map.entry("ssh_key_passphrase", "ssh_key_passphrase_env"),
      Map.entry("passphrase", "ssh_key_passphrase_env"),
      Map.entry("become_password", "become_password_env"),
      Map.entry("become_pass", "become_password_env"),
      Map.entry("sudo_password", "become_password_env"),
      Map.entry("sudo_pass", "become_password_env"),
      Map.entry("ansible_become_password", "become_password_env"),
      Map.entry("ansible_become_pass", "become_password_env"),
      Map.entry("ansible_sudo_pass", "become_password_env"),
      Map.entry("jump_password", "jump_password_env"));

  /** Ansible's names for connection variables, so Ansible users get pointed at ours. */
  private static final Map<String, String> ANSIBLE = Map.of(
      "ansible_host", "address",
      "ansible_port", "ssh_port",
      "ansible_user", "ssh_user",
      "ansible_ssh_private_key_file", "ssh_key",
      "ansible_connection", "connection",
      "ansible_become", "become",
      "ansible_ssh_common_args", "jump");

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h)?");
  private static final Pattern JUMP = Pattern.compile("(?:[^@\\s:]+@)?([^@\\s:/]+)(?::([0-9]{1,5}))?");
  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?");
  private static final Pattern VERSION = Pattern.compile("[0-9][0-9A-Za-z.:_~+-]*");

  private Vars() {}

  /** Validates one layer of variables (a group's or host's {@code vars}, or the {@code -e} map). */
  static void validate(VarNode.VMap vars) {
    rejectSecrets(vars);
    rejectNul(vars);
    for (Map.Entry<String, VarNode> e : vars.entries().entrySet()) {
      String key = e.getKey();
      VarNode v = e.getValue();
      if (CONNECTION.contains(key)) {
        connectionValue(key, v.plain(), v.where());
      } else if (key.equals("docker")) {
        docker(v);
      } else if (key.equals("base_repos_mirror")) {
        url("base_repos_mirror", v);
      } else if (ANSIBLE.containsKey(key)) {
        throw error(vars.keyWhere().get(key), "unknown variable '" + key + "' (jprov calls it '"
            + ANSIBLE.get(key) + "')");
      } else {
        String hint = Keys.hint(key, KNOWN);
        if (!hint.isEmpty()) {
          throw error(vars.keyWhere().get(key), "unknown variable '" + key + "'" + hint);
        }
      }
    }
  }

  /**
   * No variable value or name holds a NUL character: no program can receive one (a C string ends
   * there), so the value a command would see is not the value written.
   */
  private static void rejectNul(VarNode node) {
    if (node instanceof VarNode.VMap m) {
      for (Map.Entry<String, VarNode> e : m.entries().entrySet()) {
        if (e.getKey().indexOf('\0') >= 0) {
          throw error(m.keyWhere().get(e.getKey()), "variable name '" + Text.shown(e.getKey())
              + "' contains a NUL character");
        }
        rejectNul(e.getValue());
      }
    } else if (node instanceof VarNode.VList l) {
      l.items().forEach(Vars::rejectNul);
    } else if (node.plain() instanceof String s && s.indexOf('\0') >= 0) {
      throw error(node.where(), "value '" + Text.shown(s) + "' contains a NUL character");
    }
  }

  private static void rejectSecrets(VarNode node) {
    if (node instanceof VarNode.VMap m) {
      for (Map.Entry<String, VarNode> e : m.entries().entrySet()) {
        String env = SECRETS.get(e.getKey().toLowerCase(java.util.Locale.ROOT));
        if (env != null) {
          throw error(m.keyWhere().get(e.getKey()), "'" + e.getKey()
              + "': secrets must not be written in the inventory; set " + env
              + ": NAME and export NAME");
        }
        rejectSecrets(e.getValue());
      }
    } else if (node instanceof VarNode.VList l) {
      l.items().forEach(Vars::rejectSecrets);
    }
  }

  /**
   * Checks and converts one connection variable. Null means unset and is always allowed.
   *
   * @return the typed value: String, Integer, Boolean, Duration or {@link HostKeyChecking}
   */
  static Object connectionValue(String key, Object v, String where) {
    if (v == null) {
      return null;
    }
    switch (key) {
      case "connection": {
        String s = string(key, v, where);
        if (!s.equals("ssh") && !s.equals("local")) {
          throw error(where, key + ": expected ssh or local, found '" + s + "'"
              + Keys.hint(s, List.of("ssh", "local")));
        }
        return s;
      }
      case "ssh_port": {
        if (!(v instanceof Integer n) || n < 1 || n > 65535) {
          throw error(where, key + ": expected a port number 1-65535, found " + describe(v));
        }
        return n;
      }
      case "ssh_key":
      case "jump_key":
      case "known_hosts": {
        String s = string(key, v, where);
        if (s.isEmpty() || Text.hasControl(s)) {
          throw error(where, key + ": expected a file path without control characters, found '" + Text.shown(s) + "'");
        }
        return expandHome(s);
      }
      case "ssh_key_passphrase_env":
      case "ssh_password_env":
      case "jump_password_env":
      case "become_password_env": {
        String s = string(key, v, where);
        if (!ENV_NAME.matcher(s).matches()) {
          throw error(where, key + ": expected the name of an environment variable (letters,"
              + " digits, _), found '" + s + "'");
        }
        return s;
      }
      case "host_key_checking": {
        // YAML 1.1 reads a bare `off` as false; accept what the user meant.
        if (v instanceof Boolean b) {
          return b ? HostKeyChecking.STRICT : HostKeyChecking.OFF;
        }
        String s = string(key, v, where);
        HostKeyChecking hkc = HostKeyChecking.parse(s);
        if (hkc == null) {
          throw error(where, key + ": expected strict, accept-new or off, found '" + s + "'"
              + Keys.hint(s, List.of("strict", "accept-new", "off")));
        }
        return hkc;
      }
      case "jump": {
        // Like ProxyJump: hops separated by commas, connected in order.
        String s = string(key, v, where);
        for (String hop : s.split(",", -1)) {
          Matcher m = JUMP.matcher(hop);
          if (Text.hasControlOrSpace(hop) || hop.startsWith("-") || !m.matches()
              || (m.group(2) != null && !validPort(m.group(2)))) {
            throw error(where, key + ": expected [user@]host[:port], found '" + Text.shown(s) + "'"
                + " (several hops: separated by commas)");
          }
        }
        return s;
      }
      case "connect_timeout":
      case "command_timeout":
        return duration(key, v, where);
      case "become":
        if (!(v instanceof Boolean b)) {
          throw error(where, key + ": expected true or false, found " + describe(v));
        }
        return b;
      default: {
        // address, ssh_user: one word that no program can read as an option
        String s = string(key, v, where);
        if (s.isBlank()) {
          throw error(where, key + ": must not be empty");
        }
        if (Text.hasControlOrSpace(s) || s.startsWith("-")) {
          throw error(where, key + ": expected one word without whitespace or control characters, not starting"
              + " with '-', found '" + Text.shown(s) + "'");
        }
        return s;
      }
    }
  }

  private static boolean validPort(String digits) {
    int p = Integer.parseInt(digits);
    return p >= 1 && p <= 65535;
  }

  /** Longest connect_timeout: a TCP and SSH handshake that takes longer is a dead host. */
  static final Duration MAX_CONNECT_TIMEOUT = Duration.ofHours(1);
  /** Longest command_timeout: a week (a slow yum transaction takes minutes, not days). */
  static final Duration MAX_COMMAND_TIMEOUT = Duration.ofDays(7);

  private static Duration duration(String key, Object v, String where) {
    Duration max = key.equals("connect_timeout") ? MAX_CONNECT_TIMEOUT : MAX_COMMAND_TIMEOUT;
    String limit = key + ": at most " + (key.equals("connect_timeout") ? "1h" : "168h (7 days)") + ", found ";
    if (v instanceof Integer n) {
      if (n <= 0) {
        throw error(where, key + ": must be a positive number of seconds, found " + n);
      }
      if (n > max.toSeconds()) {
        throw error(where, limit + n + " seconds");
      }
      return Duration.ofSeconds(n);
    }
    if (v instanceof String s) {
      Matcher m = DURATION.matcher(s.strip());
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        // compared in the unit given: converting 999999999h to milliseconds would overflow
        long maxInUnit = switch (unit) {
          case "ms" -> max.toMillis();
          case "m" -> max.toMinutes();
          case "h" -> max.toHours();
          default -> max.toSeconds();
        };
        if (n > maxInUnit) {
          throw error(where, limit + "'" + Text.shown(s) + "'");
        }
        Duration d = switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofSeconds(n);
        };
        if (!d.isZero()) {
          return d;
        }
      }
    }
    throw error(where, key + ": expected seconds (30) or a duration like 30s, 5m, 1h, found "
        + describe(v));
  }

  private static void docker(VarNode v) {
    if (v.plain() == null) {
      return;
    }
    if (!(v instanceof VarNode.VMap m)) {
      throw error(v.where(), "docker: expected a mapping, found " + v.kind());
    }
    for (Map.Entry<String, VarNode> e : m.entries().entrySet()) {
      String key = e.getKey();
      VarNode value = e.getValue();
      String name = "docker." + key;
      if (!DOCKER_KEYS.contains(key)) {
        throw error(m.keyWhere().get(key), "unknown docker key '" + key + "'"
            + Keys.hint(key, DOCKER_KEYS));
      }
      if (value.plain() == null) {
        continue;
      }
      switch (key) {
        case "version" -> {
          if (!(value.plain() instanceof String s)) {
            throw error(value.where(), name + ": expected a string, found " + value.kind()
                + "; quote it: version: \"26.1.4\"");
          }
          if (!VERSION.matcher(s).matches()) {
            throw error(value.where(), name + ": expected a version like 26.1.4, found '" + s + "'");
          }
        }
        case "channel" -> {
          String s = string(name, value.plain(), value.where());
          if (s.equals("nightly")) {
            throw error(value.where(), name
                + ": the nightly channel no longer exists; use stable or test");
          }
          if (!s.equals("stable") && !s.equals("test")) {
            throw error(value.where(), name + ": expected stable or test, found '" + s + "'"
                + Keys.hint(s, List.of("stable", "test")));
          }
        }
        case "mirror", "http_proxy", "https_proxy" -> url(name, value);
        // (url() refuses whitespace and control characters: a proxy value is written into a
        // systemd unit, where a newline would start a new directive such as ExecStartPre=)
        case "registry_mirrors" -> {
          for (VarNode item : list(name, value).items()) {
            url(name, item);
          }
        }
        case "users" -> {
          for (VarNode item : list(name, value).items()) {
            String s = string(name, item.plain(), item.where());
            if (!ACCOUNT.matcher(s).matches()) {
              throw error(item.where(), name + ": expected a user name (letters, digits, _ . -, not starting"
                  + " with - or .), found '" + Text.shown(s) + "'");
            }
          }
        }
        case "no_proxy" -> {
          List<VarNode> items = value instanceof VarNode.VList l ? l.items() : List.of(value);
          for (VarNode i : items) {
            String s = string(name, i.plain(), i.where());
            if (Text.hasControlOrSpace(s) || s.indexOf('"') >= 0 || s.indexOf('\\') >= 0) {
              throw error(i.where(), name + ": expected host names or domains separated by commas, without"
                  + " whitespace, quotes, backslashes or control characters, found '" + Text.shown(s) + "'");
            }
          }
        }
        case "daemon" -> {
          if (!(value instanceof VarNode.VMap daemonKeys)) {
            throw error(value.where(), name + ": expected a mapping of daemon.json keys, found "
                + value.kind());
          }
          for (String k : daemonKeys.entries().keySet()) {
            String why = FLAG_KEYS.get(k);
            if (why != null) {
              throw error(daemonKeys.keyWhere().getOrDefault(k, value.where()), name + "." + k + ": " + why);
            }
          }
          daemonValues(name, daemonKeys);
        }
        default -> throw new IllegalStateException(key);
      }
    }
  }

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
          throw error(e.getValue().where(), n + ": a daemon.json value must not be empty (null); give a value"
              + " or remove the key");
        }
        daemonValues(n, e.getValue());
      }
    } else if (node instanceof VarNode.VList l) {
      for (int i = 0; i < l.items().size(); i++) {
        VarNode item = l.items().get(i);
        if (item.plain() == null) {
          throw error(item.where(), name + "[" + i + "]: a daemon.json list item must not be empty (null)");
        }
        daemonValues(name + "[" + i + "]", item);
      }
    }
  }

  private static VarNode.VList list(String name, VarNode v) {
    if (v instanceof VarNode.VList l) {
      return l;
    }
    throw error(v.where(), name + ": expected a list, found " + v.kind());
  }

  private static void url(String name, VarNode v) {
    if (v.plain() == null) {
      return;
    }
    String s = string(name, v.plain(), v.where());
    if (Text.hasControlOrSpace(s) || s.indexOf('"') >= 0 || s.indexOf('\\') >= 0) {
      throw error(v.where(), name + ": expected an http:// or https:// URL without whitespace, quotes,"
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
    throw error(v.where(), name + ": expected an http:// or https:// URL, found '" + Text.shown(s) + "'");
  }

  private static String string(String name, Object v, String where) {
    if (v instanceof String s) {
      return s;
    }
    throw error(where, name + ": expected a string, found " + describe(v));
  }

  private static String describe(Object v) {
    return Text.describe(v);
  }

  static String expandHome(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return System.getProperty("user.home") + path.substring(1);
    }
    return path;
  }

  static InputException error(String where, String message) {
    return new InputException(where == null ? message : where + ": " + message);
  }

  /** The typed connection settings of merged, already validated variables. */
  static ConnectionSpec connection(Map<String, Object> vars, String host) {
    String where = "host '" + host + "'";
    Object[] v = new Object[CONNECTION.size()];
    for (int i = 0; i < v.length; i++) {
      String key = CONNECTION.get(i);
      v[i] = connectionValue(key, vars.get(key), where);
    }
    HostKeyChecking hkc = (HostKeyChecking) v[8];
    Duration connect = (Duration) v[10];
    Duration command = (Duration) v[11];
    return new ConnectionSpec(
        v[0] == null ? "ssh" : (String) v[0],
        (String) v[1],
        (Integer) v[2],
        (String) v[3],
        (String) v[4],
        (String) v[5],
        (String) v[6],
        (String) v[7],
        hkc == null ? HostKeyChecking.STRICT : hkc,
        (String) v[9],
        connect == null ? ConnectionSpec.DEFAULT_CONNECT_TIMEOUT : connect,
        command == null ? ConnectionSpec.DEFAULT_COMMAND_TIMEOUT : command,
        Boolean.TRUE.equals(v[12]),
        (String) v[13],
        (String) v[14],
        (String) v[15]);
  }

  /** {@link Maps#merged}: inputs frozen, result frozen. */
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    return Maps.merged(base, over);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> freezeMap(Map<String, Object> m) {
    return (Map<String, Object>) Maps.freeze(m);
  }

  static Set<String> reservedHostKeys() {
    return Set.of("vars", "hosts", "children");
  }
}
