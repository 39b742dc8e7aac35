package io.jprov.cli;

import io.jprov.InputException;
import io.jprov.bundle.install.BundleParts;
import io.jprov.inventory.Group;
import io.jprov.inventory.Host;
import io.jprov.inventory.Inventory;
import io.jprov.transport.ConnectionSpec;
import io.jprov.util.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Mistakes in what a run needs from the controller, found before any host is contacted (exit 2,
 * one line naming the host and where the value was written): the key files the inventory names
 * ({@code ssh_key}, {@code jump_key}) exist and hold private keys, every {@code *_env} variable
 * the selected hosts use is set, and a {@code --bundle} holds the Docker version the run asks for.
 * Without these checks each mistake surfaced per host, after connecting, as something else
 * ({@code authentication failed … (tried: nothing)}, a sudo prompt without a password) or not at
 * all (the bundle's version was installed instead of the requested one). Stateless.
 */
final class ControllerPreflight {
  /** Bytes of a key file read to recognise its format; a private key's header is on its first lines. */
  private static final int KEY_HEAD = 64 * 1024;

  private ControllerPreflight() {}

  /**
   * The connection settings of {@code hosts} that the controller provides are usable: every key
   * file named by {@code ssh_key} or {@code jump_key} is a readable private key, and every
   * environment variable named by {@code ssh_key_passphrase_env}, {@code ssh_password_env}, {@code
   * jump_password_env} and (with {@code become}) {@code become_password_env} is set. Local hosts
   * use none of them. Values of the variables are never read into a message.
   *
   * @param inventory the hosts' inventory, to name the group that set a value
   * @param extraVars the {@code -e} variables (they win over the inventory)
   * @param env the process environment
   * @throws InputException for the first host, in {@code hosts} order, with a problem
   */
  static void connections(Inventory inventory, List<Host> hosts, Map<String, Object> extraVars,
      Function<String, String> env) {
    Map<String, String> keyProblems = new HashMap<>();
    for (Host host : hosts) {
      ConnectionSpec spec = host.connection();
      if (spec.isLocal()) {
        continue;
      }
      key(inventory, host, extraVars, "ssh_key", spec.key(), keyProblems);
      key(inventory, host, extraVars, "jump_key", spec.jumpKey(), keyProblems);
      envVar(inventory, host, extraVars, "ssh_key_passphrase_env", spec.keyPassphraseEnv(), env);
      envVar(inventory, host, extraVars, "ssh_password_env", spec.passwordEnv(), env);
      envVar(inventory, host, extraVars, "jump_password_env", spec.jumpPasswordEnv(), env);
      if (spec.become()) {
        envVar(inventory, host, extraVars, "become_password_env", spec.becomePasswordEnv(), env);
      }
    }
  }

  /**
   * A {@code --bundle} installs the Docker version it holds, whatever {@code docker.version} says:
   * a version requested in the inventory or with {@code -e} for a selected host must be the
   * bundle's. The playbook's default is no request (a bundle fetched for another version is
   * installed as it is).
   *
   * @param bundleArg the directory as given on the command line
   * @throws InputException naming both versions and where the requested one was written
   */
  static void bundleVersion(BundleParts bundle, String bundleArg, Inventory inventory, List<Host> hosts,
      Map<String, Object> extraVars) {
    // a host's platform (its part) is known only once it is contacted: a request must be a version every
    // part holds
    java.util.Set<String> versions = bundle.dockerVersions();
    if (versions.isEmpty()) {
      return;
    }
    for (Host host : hosts) {
      Object requested = lookup(host.vars(), "docker.version");
      if (requested == null || versions.size() == 1 && versions.contains(requested.toString())) {
        continue;
      }
      String shown = Text.shown(requested.toString());
      String what = "--bundle " + bundleArg + " holds Docker " + String.join(", ", versions)
          + (versions.size() > 1 ? " (" + bundle.platforms() + ")" : "") + "; docker.version is " + shown;
      if (Objects.equals(lookup(extraVars, "docker.version"), requested)) {
        throw new InputException(what + " (-e docker.version=" + shown + ")");
      }
      Object loc = where(inventory, host, "docker.version", requested);
      throw new InputException((loc == null ? "" : loc + ": ") + "host " + host.name() + ": "
          + what + " (set in the inventory)");
    }
  }

  private static void key(Inventory inventory, Host host, Map<String, Object> extraVars, String name, String file,
      Map<String, String> problems) {
    if (file == null) {
      return;
    }
    String problem = problems.computeIfAbsent(file, f -> keyProblem(Path.of(f)));
    if (!problem.isEmpty()) {
      throw new InputException(where(inventory, host, extraVars, name) + "host " + host.name() + ": " + name
          + " " + Text.shown(file) + " " + problem);
    }
  }

  /**
   * What is wrong with a key file, as the end of a sentence starting with its path; empty when it
   * is a readable file that holds a private key.
   */
  static String keyProblem(Path file) {
    if (!Files.exists(file)) {
      return "does not exist; give the path of a private key file (e.g. ~/.ssh/id_ed25519)";
    }
    if (Files.isDirectory(file)) {
      return "is a directory; give the path of a private key file";
    }
    if (!Files.isRegularFile(file)) {
      return "is not a regular file; give the path of a private key file";
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(KEY_HEAD);
    } catch (AccessDeniedException e) {
      return "cannot be read by jprov (permission denied)";
    } catch (IOException e) {
      return "cannot be read: " + Text.shown(String.valueOf(e.getMessage()));
    }
    String text = new String(head, StandardCharsets.ISO_8859_1).strip();
    if (text.isEmpty()) {
      return "is empty; give the path of a private key file";
    }
    if (isPrivateKey(text)) {
      return "";
    }
    if (isPublicKey(text) || file.getFileName().toString().endsWith(".pub")) {
      String name = file.toString();
      return "is a public key; give the private key"
          + (name.endsWith(".pub") ? " (without .pub: " + Text.shown(name.substring(0, name.length() - 4)) + ")" : "");
    }
    return "is not a private key (expected an OpenSSH, PEM or PuTTY private key: a file that starts with"
        + " '-----BEGIN OPENSSH PRIVATE KEY-----' or similar)";
  }

  /** The formats sshj reads: OpenSSH, PEM (PKCS#1, PKCS#8, EC, encrypted PKCS#8) and PuTTY. */
  private static boolean isPrivateKey(String text) {
    // PEM tools may write text before the armour (openssl's "Bag Attributes"): look for it anywhere
    int begin = text.indexOf("-----BEGIN ");
    if (begin >= 0) {
      int end = text.indexOf("-----", begin + 11);
      if (end > 0 && text.substring(begin + 11, end).endsWith("PRIVATE KEY")) {
        return true;
      }
    }
    return text.startsWith("PuTTY-User-Key-File-");
  }

  /** An OpenSSH public key or certificate line, or an SSH2/PEM public key. */
  private static boolean isPublicKey(String text) {
    return text.startsWith("ssh-") || text.startsWith("ecdsa-sha2-") || text.startsWith("sk-ssh-")
        || text.startsWith("sk-ecdsa-") || text.contains("-----BEGIN SSH2 PUBLIC KEY-----")
        || text.contains("-----BEGIN PUBLIC KEY-----") || text.contains("-----BEGIN RSA PUBLIC KEY-----");
  }

  private static void envVar(Inventory inventory, Host host, Map<String, Object> extraVars, String name,
      String variable, Function<String, String> env) {
    if (variable == null || env.apply(variable) != null) {
      return;
    }
    throw new InputException(where(inventory, host, extraVars, name) + "host " + host.name() + ": "
        + name + " names " + variable + ", which is not set in jprov's environment: export " + variable + "=…");
  }

  /**
   * Where a connection variable's value was written, as a message prefix ending in {@code ": "}:
   * {@code -e NAME} when {@code -e} set it, else the definition of the innermost group that holds
   * this value, else the host's definition; empty when none is known.
   */
  private static String where(Inventory inventory, Host host, Map<String, Object> extraVars, String name) {
    if (extraVars.containsKey(name)) {
      return "-e " + name + ": ";
    }
    // the value as written (the spec's paths have ~ expanded)
    Object loc = where(inventory, host, name, host.vars().get(name));
    return loc == null ? "" : loc + ": ";
  }

  /** The innermost group of {@code host} that sets {@code path} to {@code value}, else the host's location. */
  private static Object where(Inventory inventory, Host host, String path, Object value) {
    List<String> groups = new ArrayList<>(host.groups());
    for (int i = groups.size() - 1; i >= 0; i--) {
      Group g = inventory.groups().get(groups.get(i));
      if (g != null && g.location() != null && Objects.equals(lookup(g.vars(), path), value)) {
        // a host's own value wins over its groups'; an equal one written at the host is found here too
        return g.location();
      }
    }
    return host.location();
  }

  /** The value at a dotted path of nested maps, or null. */
  private static Object lookup(Map<String, Object> vars, String path) {
    Object v = vars;
    for (String part : path.split("\\.")) {
      if (!(v instanceof Map<?, ?> m)) {
        return null;
      }
      v = m.get(part);
    }
    return v;
  }
}
