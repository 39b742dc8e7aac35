package io.jprov.modules;

import io.jprov.util.UnifiedDiff;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileContentFacts;
import io.jprov.facts.FileContentFacts.FileContent;
import io.jprov.platform.Distro;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code yum_repo}: the Docker CE repository file {@code /etc/yum.repos.d/<name>.repo}, with every
 * URL on the configured mirror.
 *
 * <p>The file is generated here in the layout of Docker's
 * own {@code docker-ce.repo}: sections stable / -debuginfo / -source and test / -debuginfo /
 * -source, {@code gpgcheck=1}, gpgkey on the same mirror. Every EL family reads the same layout
 * (yum on EL7, dnf on EL8/EL9); the host's platform ({@link TaskContext#distro}) picks Docker's
 * tree ({@code linux/centos} for CentOS, Rocky, AlmaLinux, Oracle Linux; {@code linux/rhel} for
 * RHEL 8/9, as Docker's own RHEL repo file) and the major version, written literally because
 * {@code $releasever} ({@code 7Server}, {@code 8Server}, {@code 9.4}) does not exist in Docker's
 * tree. Before the platform is known (preflight) the file is EL7's ({@code centos/7}). yum and dnf
 * import the GPG key from {@code gpgkey} on the first signed install with {@code -y}. For {@code
 * name: docker-ce} the content equals what {@code templates/docker-ce.repo.ftl} renders (a test
 * pins the two together).
 */
public final class YumRepoModule implements TaskModule<YumRepoModule.Arguments> {
  static final List<String> CHANNELS = List.of("stable", "test");
  static final String TEMPLATE = "docker-ce.repo.ftl";
  private static final ArgType<String> MIRROR = ArgType.NON_EMPTY.check("http(s) URL", YumRepoModule::mirrorProblem);
  private static final ArgType<String> CHANNEL = ArgType.STRING.check("stable or test", YumRepoModule::channelProblem);
  private static final ArgType<String> REPO_NAME =
      ArgType.named("repository name", Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+@-]*"));

  private static final ArgSpec SPEC = ArgSpec.of("yum_repo",
          "The Docker CE repository file /etc/yum.repos.d/<name>.repo has every URL on the configured mirror.")
      .optional("name", REPO_NAME, "docker-ce", "The file name and the prefix of its repository ids.")
      .required("mirror", MIRROR, "The http(s) URL of the folder holding linux/centos/ (and linux/rhel/ for RHEL 8/9; e.g. "
          + "https://download.docker.com or https://mirrors.ustc.edu.cn/docker-ce).")
      .optional("channel", CHANNEL, "stable", "stable, or test to enable <name>-test besides stable.")
      .build();

  /**
   * The parsed arguments.
   *
   * @param mirror without trailing slashes
   */
  public record Arguments(String name, String mirror, String channel) {}

  private final io.jprov.template.Templates templates;

  /** @param templates renders {@code templates/docker-ce.repo.ftl}, the one source of the repo file */
  public YumRepoModule(io.jprov.template.Templates templates) {
    this.templates = templates;
  }

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    return new Arguments(a.string("name"), a.string("mirror").strip().replaceAll("/+$", ""), a.string("channel"));
  }

  /**
   * Checks a Docker CE mirror URL (usable on inventory values before any host is touched).
   *
   * @throws ModuleArgsException unless an absolute http(s) URL with a host
   */
  public static void checkMirror(String mirror) {
    String why = mirrorProblem(mirror);
    if (why != null) {
      throw SPEC.error("argument 'mirror' " + why);
    }
  }

  /** Null when {@code mirror} is an absolute http(s) URL with a host, else what is wrong with it. */
  private static String mirrorProblem(String mirror) {
    // written into the repo file: a newline would add repository keys
    String why = io.jprov.util.Text.hasControl(mirror) ? "it must not contain control characters"
        : io.jprov.util.HttpUrl.problem(mirror.strip());
    return why == null ? null : "is not a valid URL: '" + io.jprov.util.Text.shown(mirror) + "': " + why
        + " (e.g. https://download.docker.com or https://mirrors.ustc.edu.cn/docker-ce)";
  }

  /**
   * Checks a Docker CE channel.
   *
   * @throws ModuleArgsException unless stable or test
   */
  public static void checkChannel(String channel) {
    String why = channelProblem(channel);
    if (why != null) {
      throw SPEC.error("argument 'channel' " + why);
    }
  }

  private static String channelProblem(String channel) {
    String retired = io.jprov.modules.docker.DockerVars.retiredChannel(channel);
    if (retired != null) {
      return "names a retired channel: " + retired;
    }
    if (!CHANNELS.contains(channel)) {
      return "must be stable or test, found '" + io.jprov.util.Text.shown(channel) + "'";
    }
    return null;
  }

  static String path(String name) {
    return "/etc/yum.repos.d/" + name + ".repo";
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    return List.of(FileContentFacts.of(path(a.name())));
  }

  /** The repository file, and what the repositories offer. */
  @Override
  public java.util.function.Predicate<String> affects(Arguments a) {
    return Affects.only(Affects.kinds(Affects.Kind.PACKAGES), Affects.paths(List.of(path(a.name()))));
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    String repo = a.name();
    String mirror = a.mirror();
    String channel = a.channel();
    String path = path(repo);
    if (ctx != null && ctx.distro() != null && !ctx.packageManager().rpm()) {
      return Plan.fail("yum_repo is for yum/dnf hosts; " + ctx.distro().displayName() + " uses apt (apt_repo)");
    }
    String want = render(repo, mirror, channel, ctx);
    FileContent have = facts.get(FileContentFacts.of(path));
    if (have.exists() && io.jprov.util.Sha256.of(want.getBytes(StandardCharsets.UTF_8)).equals(have.sha256())) {
      return Plan.ok(path + " points at " + mirror + " (" + channel + ")");
    }
    String diff = UnifiedDiff.diff(have.exists() ? have.content() : null, want, path);
    return Plan.change((have.exists() ? "update " : "create ") + path + " (" + mirror + ", " + channel + ")",
        List.of(new Command.Upload(path, want.getBytes(StandardCharsets.UTF_8), "0644", "root", "root")), diff);
  }

  /** The repo file from {@code docker-ce.repo.ftl}: Docker's sections on {@code mirror}, the channel's enabled. */
  String render(String repo, String mirror, String channel, TaskContext ctx) {
    String template = TEMPLATE;
    if (ctx != null && ctx.home() != null) {
      java.nio.file.Path p = ctx.home().resolve("templates").resolve(TEMPLATE);
      if (java.nio.file.Files.isRegularFile(p)) {
        template = p.toString();
      }
    }
    Distro d = ctx == null ? null : ctx.distro();
    Map<String, Object> model = Map.of("repo_name", repo, "docker", Map.of("mirror", mirror, "channel", channel),
        "major", d == null ? "7" : d.major(), "distro_path", d == null ? "centos" : d.dockerRepoDistro());
    return templates.renderFile(template, model, "yum_repo " + path(repo));
  }
}
