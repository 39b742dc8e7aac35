package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileContentFacts;
import io.jprov.facts.FileContentFacts.FileContent;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code yum_repo}: the Docker CE repository file {@code /etc/yum.repos.d/<name>.repo}, with every
 * URL on the configured mirror.
 *
 * <p>Arguments: {@code name} (default {@code docker-ce}: file name and repo id prefix), {@code
 * mirror} (required, http(s) URL: the folder holding {@code linux/centos/}), {@code channel} ({@code
 * stable} | {@code test}, default stable; test enables {@code <name>-test} besides stable).
 *
 * <p>The file is generated here in the layout of Docker's
 * own {@code docker-ce.repo}: sections stable / -debuginfo / -source and test / -debuginfo /
 * -source, {@code gpgcheck=1}, gpgkey on the same mirror. The release is a literal {@code 7}
 * because RHEL's {@code $releasever} ({@code 7Server}) does not exist in Docker's tree. yum imports
 * the GPG key from {@code gpgkey} on the first signed install with {@code -y}, so the key is not
 * imported separately. For {@code name: docker-ce} the content equals what {@code
 * templates/docker-ce.repo.ftl} renders (a test pins the two together).
 */
public final class YumRepoModule implements Module {
  private static final List<String> ARGS = List.of("name", "mirror", "channel");
  static final List<String> CHANNELS = List.of("stable", "test");
  static final String TEMPLATE = "docker-ce.repo.ftl";

  private final io.jprov.template.Templates templates;

  /** @param templates renders {@code templates/docker-ce.repo.ftl}, the one source of the repo file */
  public YumRepoModule(io.jprov.template.Templates templates) {
    this.templates = templates;
  }

  @Override
  public String name() {
    return "yum_repo";
  }

  @Override
  public void validate(Map<String, Object> args) {
    DockerArgs a = new DockerArgs(name(), args);
    a.known(ARGS);
    a.required("mirror");
    String mirror = a.string("mirror", "");
    if (!DockerArgs.templated(mirror)) {
      checkMirror(mirror);
    }
    String channel = a.string("channel", "stable");
    if (!DockerArgs.templated(channel)) {
      checkChannel(channel);
    }
    DockerArgs.checkName(a, "repository name", a.string("name", "docker-ce"), DockerArgs.NAME);
  }

  /**
   * Checks a Docker CE mirror URL (usable on inventory values before any host is touched).
   *
   * @throws ModuleArgsException unless an absolute http(s) URL with a host
   */
  public static void checkMirror(String mirror) {
    String why = null;
    try {
      if (io.jprov.util.Text.hasControlOrSpace(mirror.strip()) || io.jprov.util.Text.hasControl(mirror)) {
        // written into the repo file: a newline would add repository keys
        throw new URISyntaxException(mirror, "whitespace or control characters");
      }
      URI u = new URI(mirror.strip());
      if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        why = "it must start with http:// or https://";
      } else if (u.getHost() == null || u.getHost().isEmpty()) {
        why = "it has no host name";
      } else if (u.getQuery() != null || u.getFragment() != null) {
        why = "it must not have a query or fragment";
      }
    } catch (URISyntaxException e) {
      why = e.getReason();
    }
    if (why != null) {
      throw new ModuleArgsException("yum_repo: mirror '" + io.jprov.util.Text.shown(mirror) + "' is not a valid URL: " + why
          + " (e.g. https://download.docker.com or https://mirrors.ustc.edu.cn/docker-ce)");
    }
  }

  /**
   * Checks a Docker CE channel.
   *
   * @throws ModuleArgsException unless stable or test
   */
  public static void checkChannel(String channel) {
    if (channel.equals("nightly")) {
      throw new ModuleArgsException("yum_repo: the nightly channel no longer exists; use stable or test");
    }
    if (!CHANNELS.contains(channel)) {
      throw new ModuleArgsException("yum_repo: unknown channel '" + io.jprov.util.Text.shown(channel)
          + "'; use stable or test");
    }
  }

  static String path(String name) {
    return "/etc/yum.repos.d/" + name + ".repo";
  }

  @Override
  public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
    return List.of(FileContentFacts.of(path(new DockerArgs(name(), args).string("name", "docker-ce"))));
  }

  @Override
  public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    validate(args);
    DockerArgs a = new DockerArgs(name(), args);
    String repo = a.string("name", "docker-ce");
    String mirror = a.string("mirror", "").strip().replaceAll("/+$", "");
    String channel = a.string("channel", "stable");
    String path = path(repo);
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
    Map<String, Object> model = Map.of("repo_name", repo, "docker", Map.of("mirror", mirror, "channel", channel));
    return templates.renderFile(template, model, "yum_repo " + path(repo));
  }
}
