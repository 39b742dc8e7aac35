package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code apt_repo}: the Docker CE apt source {@code /etc/apt/sources.list.d/<name>.sources} in deb822
 * form on the configured mirror, for the host's distribution and codename (Debian/Ubuntu).
 */
public final class AptRepoModule implements TaskModule<AptRepoModule.Arguments> {
  private static final ArgType<String> MIRROR = ArgType.NON_EMPTY.check("http(s) URL",
      m -> io.jprov.util.Text.hasControl(m) ? "must not contain control characters" : io.jprov.util.HttpUrl.problem(m.strip()));

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

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    return List.of();
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    return Plan.fail("apt_repo: not implemented yet");
  }
}
