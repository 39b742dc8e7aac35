package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.transport.CommandResult;
import io.jprov.transport.SafeDir;
import io.jprov.util.OpenPgp;
import io.jprov.util.Sh;
import io.jprov.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code rpm_key}: the GPG keys of a bundle are imported into rpm's database.
 *
 * <p>Arguments: {@code src} (local directory holding the key files), {@code keys} (key files
 * relative to {@code src}, ASCII armour), {@code dest} (remote directory holding the same relative
 * files, e.g. after {@code bundle_upload}).
 *
 * <p>rpm names an imported key {@code gpg-pubkey-VERSION-RELEASE} where VERSION is the key id's last
 * 8 hex digits: the ids are computed here from the local files (the OpenPGP v4 fingerprint of the
 * primary key), so the fact is one {@code rpm -q gpg-pubkey} and the task is ok when every id is
 * there. Missing keys are imported with one {@code rpm --import}.
 *
 * <p>The host's copies are what rpm imports, so the same script, run as root, first checks that
 * {@code dest} is still a directory only root controls ({@link SafeDir}) and that every key to
 * import has the sha256 of the local file the id was computed from; {@code sha256} (relative file
 * → sha256, the bundle manifest's) must agree with the local files too. One wrong key imports
 * nothing.
 */
public final class RpmKeyModule implements Module {
  private static final List<String> ARGS = List.of("src", "keys", "dest", "sha256");
  private static final List<String> REQUIRED = List.of("src", "keys", "dest");

  /** Installed key ids ({@code VERSION} of gpg-pubkey, lower case). */
  static final Fact<Set<String>> INSTALLED = new Fact<>("rpm-gpg-pubkeys",
      "rpm -q gpg-pubkey --qf '%{VERSION}\\n'", o -> {
        Set<String> ids = new LinkedHashSet<>();
        for (String l : o.output().split("\n")) {
          if (l.strip().matches("[0-9a-fA-F]{8}")) {
            ids.add(l.strip().toLowerCase());
          }
        }
        return ids;
      });

  @Override
  public String name() {
    return "rpm_key";
  }

  @Override
  public void validate(Map<String, Object> args) {
    DockerArgs a = new DockerArgs(name(), args);
    a.known(ARGS);
    for (String k : REQUIRED) {
      if (!a.has(k)) {
        throw a.error("argument '" + k + "' is required");
      }
    }
    String dest = a.string("dest", "");
    if (!DockerArgs.templated(dest)) {
      try {
        OldArgs.checkPath("dest", dest);
      } catch (ModuleArgsException e) {
        throw a.error(e.getMessage());
      }
    }
    if (!DockerArgs.templated(a.raw("keys"))) {
      // a key file is named relative to both src and dest: it must stay inside them
      for (String key : a.stringList("keys")) {
        if (key.isEmpty() || key.length() > OldArgs.MAX_PATH || key.startsWith("/") || key.startsWith("-") || io.jprov.util.Text.hasControl(key)
            || java.util.Arrays.asList(key.split("/")).contains("..")) {
          throw a.error("key file '" + io.jprov.util.Text.shown(key) + "' must be relative to src and dest"
              + " (no leading / or -, no '..', no control characters, at most " + OldArgs.MAX_PATH + " characters)");
        }
      }
    }
  }

  @Override
  public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
    return List.of(INSTALLED);
  }

  @Override
  public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    validate(args);
    DockerArgs a = new DockerArgs(name(), args);
    Path src = Path.of(a.string("src", ""));
    String dest = a.string("dest", "");
    try {
      OldArgs.checkHostDirectory("dest", dest);
    } catch (ModuleArgsException e) {
      throw a.error(e.getMessage());
    }
    Map<String, String> manifest = a.has("sha256") ? a.stringMap("sha256") : Map.of();
    Set<String> installed = facts.get(INSTALLED);
    List<String> missing = new ArrayList<>();
    StringBuilder checks = new StringBuilder();
    List<String> ids = new ArrayList<>();
    for (String key : a.stringList("keys")) {
      if (key.startsWith("/") || key.contains("..") || key.contains("\n")) {
        throw a.error("key file '" + key + "' must be relative to 'src' and 'dest'");
      }
      String id;
      String sha;
      try {
        id = shortKeyId(Files.readString(src.resolve(key), StandardCharsets.US_ASCII));
        sha = Sha256.of(src.resolve(key));
      } catch (IOException | IllegalArgumentException e) {
        throw a.error("cannot read the key id of " + src.resolve(key) + ": " + e.getMessage());
      }
      String expected = manifest.get(key);
      if (expected != null && !expected.equalsIgnoreCase(sha)) {
        throw a.error(src.resolve(key) + ": sha256 " + sha + " differs from the manifest's " + expected);
      }
      ids.add(id);
      String remote = (dest.endsWith("/") ? dest : dest + "/") + key;
      if (!installed.contains(id) && !missing.contains(remote)) {
        missing.add(remote);
        checks.append(BundleUploadModule.checkSha256(remote, sha));
      }
    }
    if (missing.isEmpty()) {
      return Plan.ok("keys imported: gpg-pubkey-" + String.join(", gpg-pubkey-", new LinkedHashSet<>(ids)));
    }
    String script = SafeDir.require(dest) + checks + "rpm --import " + Sh.join(missing);
    return Plan.change("import " + String.join(", ", missing),
        List.of(new Command.Shell(script, "rpm --import " + String.join(" ", missing) + " (sha256 checked as root)")));
  }

  @Override
  public Outcome interpret(Map<String, Object> args, Plan plan, List<CommandResult> results) {
    String refused = BundleUploadModule.refusal(results);
    return refused != null ? Outcome.failed(refused) : Outcomes.standard(plan, results);
  }

  /**
   * The last 8 hex digits of the key id of the first public key in an ASCII-armoured OpenPGP
   * block, as rpm names it ({@code gpg-pubkey-<this>-<created>}).
   *
   * @throws IllegalArgumentException when the text holds no v4 public key packet
   */
  public static String shortKeyId(String armoured) {
    return OpenPgp.shortKeyId(OpenPgp.fingerprint(armoured));
  }
}
