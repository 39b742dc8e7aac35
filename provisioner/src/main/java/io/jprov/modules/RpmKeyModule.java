package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.transport.CommandResult;
import io.jprov.transport.SafeDir;
import io.jprov.util.Sh;
import io.jprov.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
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
    if (!dest.startsWith("/") || dest.contains("\n") || dest.matches(".*/\\.{1,2}(/.*)?")) {
      throw a.error("'dest' must be an absolute directory on the host without . or .., found '" + dest + "'");
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
    StringBuilder b64 = new StringBuilder();
    boolean in = false;
    boolean body = false;
    for (String raw : armoured.split("\r?\n")) {
      String l = raw.strip();
      if (l.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK")) {
        in = true;
        continue;
      }
      if (!in) {
        continue;
      }
      if (l.startsWith("-----END")) {
        break;
      }
      if (!body) {
        if (l.isEmpty()) {
          body = true;
        }
        continue;
      }
      if (l.startsWith("=")) {
        break;
      }
      b64.append(l);
    }
    if (b64.isEmpty()) {
      throw new IllegalArgumentException("no ASCII-armoured public key block");
    }
    byte[] data = Base64.getDecoder().decode(b64.toString());
    int tagByte = data[0] & 0xff;
    if ((tagByte & 0x80) == 0) {
      throw new IllegalArgumentException("not an OpenPGP packet");
    }
    int tag;
    int len;
    int off;
    if ((tagByte & 0x40) != 0) {
      tag = tagByte & 0x3f;
      int o1 = data[1] & 0xff;
      if (o1 < 192) {
        len = o1;
        off = 2;
      } else if (o1 < 224) {
        len = ((o1 - 192) << 8) + (data[2] & 0xff) + 192;
        off = 3;
      } else if (o1 == 255) {
        len = ((data[2] & 0xff) << 24) | ((data[3] & 0xff) << 16) | ((data[4] & 0xff) << 8) | (data[5] & 0xff);
        off = 6;
      } else {
        throw new IllegalArgumentException("partial body length in a key packet");
      }
    } else {
      tag = (tagByte >> 2) & 0x0f;
      int lt = tagByte & 3;
      if (lt == 0) {
        len = data[1] & 0xff;
        off = 2;
      } else if (lt == 1) {
        len = ((data[1] & 0xff) << 8) | (data[2] & 0xff);
        off = 3;
      } else if (lt == 2) {
        len = ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        off = 5;
      } else {
        throw new IllegalArgumentException("indeterminate packet length");
      }
    }
    if (tag != 6 || data[off] != 4) {
      throw new IllegalArgumentException("the first packet is not a v4 public key (tag " + tag + ")");
    }
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update((byte) 0x99);
      sha1.update((byte) (len >> 8));
      sha1.update((byte) len);
      sha1.update(data, off, len);
      byte[] fp = sha1.digest();
      return HexFormat.of().formatHex(fp, fp.length - 4, fp.length);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
