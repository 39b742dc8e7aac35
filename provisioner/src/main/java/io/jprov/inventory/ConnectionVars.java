package io.jprov.inventory;

import static io.jprov.inventory.Vars.describe;
import static io.jprov.inventory.Vars.error;

import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.HostKeyChecking;
import io.jprov.util.Text;
import io.jprov.yaml.Keys;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connection variables ({@code connection}, {@code address}, {@code ssh_port}, ...): one table
 * of name → check and conversion → field of {@link ConnectionSpec}, used both to validate a layer
 * where it was written and to build the typed spec of a host's merged variables. Stateless.
 */
final class ConnectionVars {
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
    key("connection", ConnectionVars::connectionType, ConnectionSpec.Builder::type);
    key("address", ConnectionVars::word, ConnectionSpec.Builder::address);
    key("ssh_port", ConnectionVars::port, ConnectionSpec.Builder::port);
    key("ssh_user", ConnectionVars::word, ConnectionSpec.Builder::user);
    key("ssh_key", ConnectionVars::path, ConnectionSpec.Builder::key);
    key("ssh_key_passphrase_env", ConnectionVars::envName, ConnectionSpec.Builder::keyPassphraseEnv);
    key("ssh_password_env", ConnectionVars::envName, ConnectionSpec.Builder::passwordEnv);
    key("known_hosts", ConnectionVars::path, ConnectionSpec.Builder::knownHosts);
    key("host_key_checking", ConnectionVars::hostKeyChecking, ConnectionSpec.Builder::hostKeyChecking);
    key("jump", ConnectionVars::jump, ConnectionSpec.Builder::jump);
    key("connect_timeout", ConnectionVars::duration, ConnectionSpec.Builder::connectTimeout);
    key("command_timeout", ConnectionVars::duration, ConnectionSpec.Builder::commandTimeout);
    key("become", ConnectionVars::bool, ConnectionSpec.Builder::become);
    key("become_password_env", ConnectionVars::envName, ConnectionSpec.Builder::becomePasswordEnv);
    key("jump_key", ConnectionVars::path, ConnectionSpec.Builder::jumpKey);
    key("jump_password_env", ConnectionVars::envName, ConnectionSpec.Builder::jumpPasswordEnv);
  }

  /** The names of the connection variables. */
  static final List<String> NAMES = List.copyOf(CONNECTION_KEYS.keySet());

  private static <T> void key(String name, Parser<T> parser, BiConsumer<ConnectionSpec.Builder, T> setter) {
    CONNECTION_KEYS.put(name, (spec, v, where) -> setter.accept(spec, parser.parse(name, v, where)));
  }

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h)?");
  private static final Pattern JUMP = Pattern.compile("(?:[^@\\s:]+@)?([^@\\s:/]+)(?::([0-9]{1,5}))?");

  private ConnectionVars() {}

  /**
   * Checks one connection variable's value (never null: null means unset and is always allowed).
   *
   * @throws io.jprov.InputException naming {@code where}
   */
  static void check(String key, Object value, String where) {
    CONNECTION_KEYS.get(key).set(ConnectionSpec.builder(), value, where);
  }

  /** The typed connection settings of merged, already validated variables. */
  static ConnectionSpec spec(Map<String, Object> vars, String host) {
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

  static String expandHome(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return System.getProperty("user.home") + path.substring(1);
    }
    return path;
  }
}
