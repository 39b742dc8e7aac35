package io.jprov.inventory;

import io.jprov.InputException;
import io.jprov.util.Maps;
import io.jprov.util.Text;
import io.jprov.yaml.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules for inventory variables: validation of one layer of variables where it was written,
 * and deep merging of layers. Variables are free-form except the connection variables (see {@link
 * ConnectionVars}), the variables of the {@link VarSchema} the loader was given, inline secrets
 * (always an error) and near-misses of known names. Stateless.
 */
final class Vars {
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
      VarCheck check = schema.checks().get(key);
      if (ConnectionVars.NAMES.contains(key)) {
        if (v.plain() != null) {
          ConnectionVars.check(key, v.plain(), v.where());
        }
      } else if (check != null) {
        if (v.plain() != null) {
          check.check(v);
        }
      } else if (ANSIBLE.containsKey(key)) {
        throw error(vars.keyWhere().get(key), "unknown variable '" + key + "' (jprov calls it '"
            + ANSIBLE.get(key) + "')");
      } else {
        List<String> known = new ArrayList<>(ConnectionVars.NAMES);
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

  static String describe(Object v) {
    return Text.describe(v);
  }

  static InputException error(String where, String message) {
    return new InputException(where == null ? message : where + ": " + message);
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
