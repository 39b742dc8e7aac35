package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import java.util.List;
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
  private static final ArgType<String> FINGERPRINT = ArgType.custom("OpenPGP fingerprint (40 hex digits, spaces allowed)",
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
      .required("fingerprints", ArgType.listOf(FINGERPRINT), "The accepted fingerprints.")
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

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    return List.of();
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    return Plan.fail("repo_key: not implemented yet");
  }
}
