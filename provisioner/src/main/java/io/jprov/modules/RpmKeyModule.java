package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.RpmFacts;
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
 * Arguments: {@code SPEC} below (docs/modules.md).
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
public final class RpmKeyModule implements TaskModule<RpmKeyModule.Arguments> {
  private static final ArgSpec SPEC = ArgSpec.of("rpm_key",
          "The GPG keys of an offline bundle are imported into rpm's database, from the host's copies, each"
              + " checked against the local file first.")
      .required("src", ArgType.NON_EMPTY, "The local directory holding the key files (the bundle directory).")
      .required("keys", ArgType.listOf(ArgType.RELATIVE_PATH),
          "The key files (ASCII armour), relative to both 'src' and 'dest'.")
      .required("dest", ArgType.HOST_DIR,
          "The directory on the host holding the same files (where bundle_upload put them).")
      .optional("sha256", ArgType.mapOf(ArgType.SHA256),
          "File relative to 'src': sha256 (the bundle manifest's); a local key file that differs is an error.")
      .build();

  /**
   * The parsed arguments.
   *
   * @param src the local directory of the key files
   * @param keys key files relative to {@code src} and {@code dest}
   * @param dest the host directory holding the same files, without a trailing slash (unless it is /)
   * @param sha256 file → sha256 the local files must have (empty when not given)
   */
  public record Arguments(String src, List<String> keys, String dest, Map<String, String> sha256) {}

  /** One key file read locally: its rpm key id and its sha256. */
  private record Key(String file, String id, String sha256) {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    String dest = a.string("dest");
    if (dest.length() > 1 && dest.endsWith("/")) {
      dest = dest.substring(0, dest.length() - 1);
    }
    return new Arguments(a.string("src"), a.list("keys"), dest, a.has("sha256") ? a.map("sha256") : Map.of());
  }

  /** The key files are local inputs: read (and checked against the manifest) before any host is contacted. */
  @Override
  public void preflight(Arguments a, TaskContext ctx) {
    keys(a);
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    return List.of(RpmFacts.GPG_PUBKEYS);
  }

  /**
   * Reads every key file under {@code src}: its key id and sha256, which must be the manifest's.
   *
   * @throws ModuleArgsException naming the file that cannot be read or differs
   */
  private static List<Key> keys(Arguments a) {
    Path src = Path.of(a.src());
    List<Key> out = new ArrayList<>();
    for (String key : a.keys()) {
      Path local = src.resolve(key);
      String id;
      String sha;
      try {
        id = shortKeyId(Files.readString(local, StandardCharsets.US_ASCII));
        sha = Sha256.of(local);
      } catch (IOException | IllegalArgumentException e) {
        throw SPEC.error("cannot read the key id of " + local + ": "
            + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
      }
      String expected = a.sha256().get(key);
      if (expected != null && !expected.equalsIgnoreCase(sha)) {
        throw SPEC.error(local + ": sha256 " + sha + " differs from the manifest's " + expected);
      }
      out.add(new Key(key, id, sha));
    }
    return out;
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    Set<String> installed = facts.get(RpmFacts.GPG_PUBKEYS);
    List<String> missing = new ArrayList<>();
    StringBuilder checks = new StringBuilder();
    List<String> ids = new ArrayList<>();
    for (Key key : keys(a)) {
      ids.add(key.id());
      String remote = (a.dest().endsWith("/") ? a.dest() : a.dest() + "/") + key.file();
      if (!installed.contains(key.id()) && !missing.contains(remote)) {
        missing.add(remote);
        checks.append(BundleUploadModule.checkSha256(remote, key.sha256()));
      }
    }
    if (missing.isEmpty()) {
      return Plan.ok("keys imported: gpg-pubkey-" + String.join(", gpg-pubkey-", new LinkedHashSet<>(ids)));
    }
    String script = SafeDir.require(a.dest()) + checks + "rpm --import " + Sh.join(missing);
    return Plan.change("import " + String.join(", ", missing),
        List.of(new Command.Shell(script, "rpm --import " + String.join(" ", missing) + " (sha256 checked as root)")));
  }

  @Override
  public Outcome interpret(Arguments a, Plan plan, List<CommandResult> results) {
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
