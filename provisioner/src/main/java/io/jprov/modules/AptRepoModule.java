package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileContentFacts;
import io.jprov.facts.FileContentFacts.FileContent;
import io.jprov.platform.Distro;
import io.jprov.platform.PackageManager;
import io.jprov.util.Sh;
import io.jprov.util.Sha256;
import io.jprov.util.UnifiedDiff;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code apt_repo}: the Docker CE apt source {@code /etc/apt/sources.list.d/<name>.sources} in deb822
 * form on the configured mirror, for the host's distribution and codename (Debian/Ubuntu).
 *
 * <p>The file is Docker's own layout in deb822 form: {@code URIs} the mirror's {@code linux/debian}
 * or {@code linux/ubuntu} tree ({@link Distro#dockerRepoUrl}), {@code Suites} the codename
 * ({@code bookworm}, {@code noble}), {@code Components} the channel, {@code Architectures} dpkg's
 * architecture and {@code Signed-By} the ASCII-armoured key that {@code repo_key} writes (apt reads
 * an armoured key from a {@code .asc} file: no {@code apt-key}, no dearmoring). A one-line {@code
 * <name>.list} (what Docker's install page and get.docker.com wrote before deb822) is removed in the
 * same step: the same repository twice makes apt warn, and with another key file apt refuses both
 * ("Conflicting values set for option Signed-By"). The plan fails on a host that is not Debian or
 * Ubuntu. Refreshing the package lists is the playbook's next step, not this module's.
 */
public final class AptRepoModule implements TaskModule<AptRepoModule.Arguments> {
  private static final ArgType<String> MIRROR = ArgType.NON_EMPTY.check("http(s) URL", m -> {
    String why = io.jprov.util.Text.hasControl(m) ? "it must not contain control characters" : io.jprov.util.HttpUrl.problem(m.strip());
    return why == null ? null : "is not a valid URL: '" + io.jprov.util.Text.shown(m) + "': " + why;
  });

  private static final ArgSpec SPEC = ArgSpec.of("apt_repo",
          "The Docker CE apt source /etc/apt/sources.list.d/<name>.sources (deb822) points at the configured"
              + " mirror for the host's distribution and codename, signed by the key file 'signed_by'.")
      .optional("name", ArgType.named("source name", Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*")), "docker",
          "The file name (without .sources).")
      .required("mirror", MIRROR, "The http(s) URL of the folder holding linux/debian and linux/ubuntu.")
      .optional("channel", ArgType.oneOf(List.of("stable", "test")), "stable", "The component: stable or test.")
      .optional("signed_by", ArgType.PATH, "/etc/apt/keyrings/docker.asc",
          "The ASCII-armoured key file apt checks the repository's signature with (written by repo_key).")
      .build();

  /**
   * The parsed arguments.
   *
   * @param mirror without trailing slashes
   */
  public record Arguments(String name, String mirror, String channel, String signedBy) {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    return new Arguments(a.string("name"), a.string("mirror").strip().replaceAll("/+$", ""), a.string("channel"),
        a.string("signed_by"));
  }

  static String path(String name) {
    return "/etc/apt/sources.list.d/" + name + ".sources";
  }

  /** The one-line form of the same source, removed. */
  static String legacyPath(String name) {
    return "/etc/apt/sources.list.d/" + name + ".list";
  }

  private static boolean apt(TaskContext ctx) {
    return ctx != null && ctx.distro() != null && ctx.distro().packageManager() == PackageManager.APT;
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    // platform not known yet (the engine's first bulk read prefetches facts before it knows the
    // platform): the two file reads are named anyway, so an apt host needs no second round trip
    if (ctx != null && ctx.distro() != null && !apt(ctx)) {
      return List.of();
    }
    return List.of(FileContentFacts.of(path(a.name())), FileContentFacts.of(legacyPath(a.name())));
  }

  /** The source files (deb822 and the legacy list it replaces), and what the repositories offer. */
  @Override
  public java.util.function.Predicate<String> affects(Arguments a) {
    return Affects.only(Affects.kinds(Affects.Kind.PACKAGES),
        Affects.paths(List.of(path(a.name()), legacyPath(a.name()))));
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    if (!apt(ctx)) {
      Distro d = ctx == null ? null : ctx.distro();
      return Plan.fail("apt_repo needs a Debian or Ubuntu host; this one is "
          + (d == null ? "not a supported platform" : d.displayName() + " (use yum_repo)"));
    }
    Distro d = ctx.distro();
    String path = path(a.name());
    String want = content(a, d);
    FileContent have = facts.get(FileContentFacts.of(path));
    FileContent legacy = facts.get(FileContentFacts.of(legacyPath(a.name())));
    boolean same = have.exists() && Sha256.of(want.getBytes(StandardCharsets.UTF_8)).equals(have.sha256());
    String where = d.dockerRepoUrl(a.mirror(), a.channel()) + " " + d.codename() + " " + a.channel();
    if (same && !legacy.exists()) {
      return Plan.ok(path + " points at " + where);
    }
    List<Command> commands = new ArrayList<>();
    List<String> what = new ArrayList<>();
    StringBuilder diff = new StringBuilder();
    if (!same) {
      commands.add(new Command.Upload(path, want.getBytes(StandardCharsets.UTF_8), "0644", "root", "root"));
      what.add((have.exists() ? "update " : "create ") + path + " (" + where + ")");
      diff.append(UnifiedDiff.diff(have.exists() ? have.content() : null, want, path));
    }
    if (legacy.exists()) {
      commands.add(new Command.Shell("rm -f " + Sh.quote(legacyPath(a.name()))));
      what.add("remove " + legacyPath(a.name()) + " (the same source in the old one-line form)");
      diff.append(UnifiedDiff.diff(legacy.content(), null, legacyPath(a.name())));
    }
    return Plan.change(String.join("; ", what), commands, diff.toString());
  }

  /** The deb822 source for {@code d}. */
  static String content(Arguments a, Distro d) {
    return "Types: deb\n"
        + "URIs: " + d.dockerRepoUrl(a.mirror(), a.channel()) + "\n"
        + "Suites: " + d.codename() + "\n"
        + "Components: " + a.channel() + "\n"
        + "Architectures: " + d.debArch() + "\n"
        + "Signed-By: " + a.signedBy() + "\n";
  }
}
