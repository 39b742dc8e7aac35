package io.jprov.inventory;

import io.jprov.InputException;
import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.HostKeyChecking;
import io.jprov.util.Text;
import io.jprov.yaml.Keys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The rules for inventory variables: validation of one layer of variables where it was written,
 * deep merging of layers, and the typed {@link ConnectionSpec} of merged variables. Variables are
 * free-form except the connection variables, the variables of the {@link VarSchema} the loader was
 * given, inline secrets (always an error) and near-misses of known names. Stateless.
 */
final class Vars {
  /**
   * One connection variable: checks a value (never null: null means unset) and writes it into
   * the named field of the spec being built.
   */
  @FunctionalInterface
  private interface ConnectionKey {
    void set(ConnectionSpec.Builder spec, Object value, String where);
  }

  /** A check and conversion of one connection variable's value; the message names {@code key}. */
  @FunctionalInterface
  private interface Parser<T> {
    T parse(String key, Object value, String where);
  }

  /** The connection variables, in the order the README lists them. */
  private static final Map<String, ConnectionKey> CONNECTION_KEYS = new LinkedHashMap<>();

  static {
    key("connection", Vars::connectionType, ConnectionSpec.Builder::type);
    key("address", Vars::word, ConnectionSpec.Builder::address);
    key("ssh_port", Vars::port, ConnectionSpec.Builder::port);
    key("ssh_user", Vars::word, ConnectionSpec.Builder::user);
    key("ssh_key", Vars::path, ConnectionSpec.Builder::key);
    key("ssh_key_passphrase_env", Vars::envName, ConnectionSpec.Builder::keyPassphraseEnv);
    key("ssh_password_env", Vars::envName, ConnectionSpec.Builder::passwordEnv);
    key("known_hosts", Vars::path, ConnectionSpec.Builder::knownHosts);
    key("host_key_checking", Vars::hostKeyChecking, ConnectionSpec.Builder::hostKeyChecking);
    key("jump", Vars::jump, ConnectionSpec.Builder::jump);
    key("connect_timeout", Vars::duration, ConnectionSpec.Builder::connectTimeout);
    key("command_timeout", Vars::duration, ConnectionSpec.Builder::commandTimeout);
    key("become", Vars::bool, ConnectionSpec.Builder::become);
    key("become_password_env", Vars::envName, ConnectionSpec.Builder::becomePasswordEnv);
    key("jump_key", Vars::path, ConnectionSpec.Builder::jumpKey);
    key("jump_password_env", Vars::envName, ConnectionSpec.Builder::jumpPasswordEnv);
  }

  static final List<String> CONNECTION = List.copyOf(CONNECTION_KEYS.keySet());

  private static <T> void key(String name, Parser<T> parser, BiConsumer<ConnectionSpec.Builder, T> setter) {
    CONNECTION_KEYS.put(name, (spec, v, where) -> setter.accept(spec, parser.parse(name, v, where)));
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

  private Vars() {}

  /**
   * Validates one layer of variables (a group's or host's {@code vars}, or the {@code -e} map):
   * connection variables here, the schema's variables by their checks.
   */
  static void validate(VarNode.VMap vars, VarSchema schema) {
    rejectSecrets(vars);
    rejectNul(vars);
    for (Map.Entry<String, VarNode> e : vars.entries().entrySet()) {
      String key = e.getKey();
      VarNode v = e.getValue();
      ConnectionKey connection = CONNECTION_KEYS.get(key);
      VarCheck check = schema.checks().get(key);
      if (connection != null) {
        if (v.plain() != null) {
          connection.set(ConnectionSpec.builder(), v.plain(), v.where());
        }
      } else if (check != null) {
        if (v.plain() != null) {
          check.check(v);
        }
      } else if (ANSIBLE.containsKey(key)) {
        throw error(vars.keyWhere().get(key), "unknown variable '" + key + "' (jprov calls it '"
            + ANSIBLE.get(key) + "')");
      } else {
        List<String> known = new ArrayList<>(CONNECTION);
        known.addAll(schema.checks().keySet());
        String hint = Keys.hint(key, known);
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

  private static String connectionType(String key, Object v, String where) {
    String s = string(key, v, where);
    if (!s.equals("ssh") && !s.equals("local")) {
      throw error(where, key + ": expected ssh or local, found '" + s + "'"
          + Keys.hint(s, List.of("ssh", "local")));
    }
    return s;
  }

  private static Integer port(String key, Object v, String where) {
    if (!(v instanceof Integer n) || n < 1 || n > 65535) {
      throw error(where, key + ": expected a port number 1-65535, found " + describe(v));
    }
    return n;
  }

  /** A file path ({@code ~} expanded). */
  private static String path(String key, Object v, String where) {
    String s = string(key, v, where);
    if (s.isEmpty() || Text.hasControl(s)) {
      throw error(where, key + ": expected a file path without control characters, found '" + Text.shown(s) + "'");
    }
    return expandHome(s);
  }

  private static String envName(String key, Object v, String where) {
    String s = string(key, v, where);
    if (!ENV_NAME.matcher(s).matches()) {
      throw error(where, key + ": expected the name of an environment variable (letters,"
          + " digits, _), found '" + s + "'");
    }
    return s;
  }

  private static HostKeyChecking hostKeyChecking(String key, Object v, String where) {
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

  private static String jump(String key, Object v, String where) {
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

  private static Boolean bool(String key, Object v, String where) {
    if (!(v instanceof Boolean b)) {
      throw error(where, key + ": expected true or false, found " + describe(v));
    }
    return b;
  }

  /** address, ssh_user: one word that no program can read as an option. */
  private static String word(String key, Object v, String where) {
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

  private static String string(String name, Object v, String where) {
    if (v instanceof String s) {
      return s;
    }
    throw error(where, name + ": expected a string, found " + describe(v));
  }

  static String describe(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof String s) {
      return "'" + s + "'";
    }
    if (v instanceof Map) {
      return "a mapping";
    }
    if (v instanceof List) {
      return "a list";
    }
    return (v instanceof Boolean ? "boolean " : "number ") + v;
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
    ConnectionSpec.Builder spec = ConnectionSpec.builder();
    for (Map.Entry<String, ConnectionKey> e : CONNECTION_KEYS.entrySet()) {
      Object v = vars.get(e.getKey());
      if (v != null) {
        e.getValue().set(spec, v, where);
      }
    }
    return spec.build();
  }

  /**
   * Deep merge: {@code over} wins; maps merge key by key, everything else (lists, scalars, null)
   * replaces. Inputs must be frozen (see {@link #freeze}); the result is frozen and shares
   * unchanged sub-values with its inputs.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    if (over.isEmpty()) {
      return base;
    }
    if (base.isEmpty()) {
      return over;
    }
    Map<String, Object> out = new LinkedHashMap<>(base);
    for (Map.Entry<String, Object> e : over.entrySet()) {
      Object old = out.get(e.getKey());
      Object nu = e.getValue();
      if (old instanceof Map<?, ?> om && nu instanceof Map<?, ?> nm) {
        out.put(e.getKey(), merge((Map<String, Object>) om, (Map<String, Object>) nm));
      } else {
        out.put(e.getKey(), nu);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** A deeply unmodifiable copy of plain values (keeps order and null values). */
  @SuppressWarnings("unchecked")
  static Object freeze(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, x) -> out.put(k, freeze(x)));
      return Collections.unmodifiableMap(out);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(freeze(x)));
      return Collections.unmodifiableList(out);
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> freezeMap(Map<String, Object> m) {
    return (Map<String, Object>) freeze(m);
  }

  static Set<String> reservedHostKeys() {
    return Set.of("vars", "hosts", "children");
  }
}
