package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileStat;
import io.jprov.facts.RpmFacts;
import io.jprov.platform.PackageManager;
import io.jprov.platform.RepoLookup;
import io.jprov.util.OpenPgp;
import io.jprov.util.Sh;
import io.jprov.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code repo_key}: a package repository's signing key, fetched on the controller and accepted only
 * when every key in it has a pinned fingerprint, is in place on the host: written as an ASCII-armoured
 * file ({@code dest}, for apt's {@code Signed-By}) or imported into rpm's database (no {@code dest}).
 */
public final class RepoKeyModule implements TaskModule<RepoKeyModule.Arguments> {
  private static final ArgType<String> URL = ArgType.NON_EMPTY.check("http(s) URL", m -> {
    String why = io.jprov.util.Text.hasControl(m) ? "it must not contain control characters" : io.jprov.util.HttpUrl.problem(m.strip());
    return why == null ? null : "is not a valid URL: '" + io.jprov.util.Text.shown(m) + "': " + why;
  });
  private static final ArgType<String> FINGERPRINT = ArgType.custom("OpenPGP fingerprint",
      v -> {
        String f = ArgType.STRING.convert(v).replace(" ", "").toUpperCase(java.util.Locale.ROOT);
        if (!Pattern.matches("[0-9A-F]{40}", f)) {
          throw new ModuleArgsException("must be a fingerprint of 40 hex digits, found '" + io.jprov.util.Text.shown(String.valueOf(v)) + "'");
        }
        return f;
      });

  private static final ArgSpec SPEC = ArgSpec.of("repo_key",
          "A repository signing key, fetched by the controller from 'url' and refused unless every key in it has one"
              + " of the pinned 'fingerprints', is on the host: the ASCII-armoured file 'dest' (apt), or imported"
              + " into rpm's database (no 'dest').")
      .required("url", URL, "Where the key is published (e.g. <mirror>/linux/debian/gpg).")
      .required("fingerprints", ArgType.listOf(FINGERPRINT),
          "The accepted fingerprints (40 hex digits each, spaces allowed): every primary key in the fetched"
              + " file must have one of them.")
      .optional("dest", ArgType.PATH,
          "The file to write (mode 0644, e.g. /etc/apt/keyrings/docker.asc); without it the key is imported"
              + " with rpm --import.")
      .build();

  /** The parsed arguments; fingerprints upper-case without spaces; dest null for rpm. */
  public record Arguments(String url, List<String> fingerprints, String dest) {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    return new Arguments(a.string("url").strip(), a.list("fingerprints"), a.string("dest"));
  }

  /** The directory holding {@code dest}. */
  private static String parent(String dest) {
    int slash = dest.lastIndexOf('/');
    return slash <= 0 ? "/" : dest.substring(0, slash);
  }

  /** An rpm import asked for on a host whose packages are not rpm's. */
  private static boolean rpmOnApt(Arguments a, TaskContext ctx) {
    return a.dest() == null && ctx != null && ctx.packageManager() == PackageManager.APT;
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    if (rpmOnApt(a, ctx)) {
      return List.of();
    }
    if (a.dest() == null) {
      return List.of(RpmFacts.GPG_PUBKEYS);
    }
    return List.of(FileStat.of(a.dest(), false), FileStat.of(parent(a.dest()), false));
  }

  /** rpm's imported keys (and what the repositories offer), or the key file. */
  @Override
  public java.util.function.Predicate<String> affects(Arguments a) {
    return a.dest() == null ? Affects.only(Affects.kinds(Affects.Kind.PACKAGES))
        : Affects.only(Affects.kinds(Affects.Kind.PACKAGES), Affects.paths(List.of(a.dest())));
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    if (rpmOnApt(a, ctx)) {
      return Plan.fail("without 'dest' the key is imported into rpm's database, but "
          + ctx.distro().displayName() + " uses apt: give 'dest' (e.g. /etc/apt/keyrings/docker.asc)");
    }
    byte[] key;
    try {
      key = ctx.lookup().fetch(a.url());
    } catch (RepoLookup.LookupException e) {
      String why = e.getMessage();
      why = why.contains(a.url()) ? why : a.url() + ": " + why;
      if (e.pending()) {
        // check mode on a controller that cannot reach the mirror now: still show what apply would do
        return Plan.change("fetch the key, check its fingerprint (pinned: " + String.join(", ",
            a.fingerprints().stream().map(OpenPgp::display).toList()) + ") and " + (a.dest() == null
            ? "import it into rpm" : "write " + a.dest()) + "; not checked now: " + why, List.of());
      }
      return Plan.fail("cannot fetch the repository key: " + why);
    }
    List<String> found;
    try {
      found = OpenPgp.fingerprints(new String(key, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      return Plan.fail("the repository key at " + a.url() + " is not an ASCII-armoured OpenPGP public key ("
          + e.getMessage() + ")");
    }
    List<String> unknown = found.stream().filter(f -> !a.fingerprints().contains(f)).toList();
    if (!unknown.isEmpty()) {
      return Plan.fail("the repository key at " + a.url() + " has "
          + (unknown.size() == 1 ? "a key" : unknown.size() + " keys") + " with a fingerprint that is not pinned: "
          + String.join(", ", unknown.stream().map(OpenPgp::display).toList()) + " (pinned: "
          + String.join(", ", a.fingerprints().stream().map(OpenPgp::display).toList()) + "); refused");
    }
    String shown = String.join(", ", found.stream().map(OpenPgp::display).toList());
    return a.dest() == null ? planRpm(a, facts, key, found, shown) : planFile(a, facts, key, shown);
  }

  private static Plan planFile(Arguments a, FactSet facts, byte[] key, String shown) {
    FileStat have = facts.get(FileStat.of(a.dest(), false));
    FileStat dir = facts.get(FileStat.of(parent(a.dest()), false));
    boolean same = have.type() == FileStat.Type.FILE && Sha256.of(key).equals(have.sha256());
    if (same && "0644".equals(have.mode()) && "root".equals(have.owner()) && "root".equals(have.group())) {
      return Plan.ok(a.dest() + " holds the key " + shown + " from " + a.url());
    }
    List<Command> commands = new ArrayList<>();
    if (!dir.exists()) {
      commands.add(new Command.Shell("mkdir -p -m 0755 -- " + Sh.quote(parent(a.dest()))));
    }
    commands.add(new Command.Upload(a.dest(), key, "0644", "root", "root"));
    String what = same ? "set mode 0644, owner root:root on " + a.dest() + " (was " + have.mode() + " "
        + have.owner() + ":" + have.group() + ")"
        : (have.exists() ? "replace " : "write ") + a.dest() + " with the key " + shown + " from " + a.url();
    return Plan.change(what, commands);
  }

  private static Plan planRpm(Arguments a, FactSet facts, byte[] key, List<String> found, String shown) {
    Set<String> imported = facts.get(RpmFacts.GPG_PUBKEYS);
    List<String> missing = found.stream().filter(f -> !imported.contains(OpenPgp.shortKeyId(f))).toList();
    if (missing.isEmpty()) {
      return Plan.ok("rpm has the key " + shown + " (gpg-pubkey-"
          + String.join(", gpg-pubkey-", found.stream().map(OpenPgp::shortKeyId).toList()) + ")");
    }
    String script = "t=$(mktemp) || exit 1\n"
        + "cat > \"$t\" && rpm --import \"$t\"; rc=$?\n"
        + "rm -f \"$t\"\n"
        + "exit $rc";
    return Plan.change("import the key " + shown + " from " + a.url() + " into rpm's database",
        List.of(new Command.Shell(script, "rpm --import (the key from " + a.url() + ")", key)));
  }
}
