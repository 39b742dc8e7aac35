package io.jprov.modules.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.facts.FactOutput;
import io.jprov.facts.FactSet;
import io.jprov.facts.RpmFacts;
import io.jprov.modules.BaseReposModule;
import io.jprov.modules.Command;
import io.jprov.modules.DockerVerifyModule;
import io.jprov.modules.GroupModule;
import io.jprov.modules.ModuleArgsException;
import io.jprov.modules.ModuleRegistry;
import io.jprov.modules.PackageModule;
import io.jprov.modules.Plan;
import io.jprov.modules.ServiceModule;
import io.jprov.modules.SysctlModule;
import io.jprov.modules.TaskContext;
import io.jprov.modules.UserGroupsModule;
import io.jprov.modules.YumRepoModule;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.PlaybookLoader;
import io.jprov.playbook.Task;
import io.jprov.template.Templates;
import io.jprov.util.Maps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loads {@code playbooks/docker-ce.yml} with every built-in module plus the Docker CE modules, and
 * interpolates its arguments the way the engine does, so the playbook cannot rot.
 */
class DockerCePlaybookTest {
  static final Path PLAYBOOK = Path.of("..", "playbooks", "docker-ce.yml");
  static final Path TEMPLATES = Path.of("..", "templates");
  static Templates templates;
  static Playbook playbook;

  /** Every built-in module, as the CLI registers them. */
  static ModuleRegistry registry(Templates t) {
    return ModuleRegistry.builtin(t);
  }

  @BeforeAll
  static void load() {
    templates = new Templates(List.of(TEMPLATES));
    playbook = new PlaybookLoader(registry(templates)).load(PLAYBOOK, "playbooks/docker-ce.yml");
  }

  static Task task(String prefix) {
    return playbook.tasks().stream().filter(t -> t.name().startsWith(prefix)).findFirst().orElseThrow();
  }

  /** Play vars and the family's vars file under inventory vars (deep merge), plus platform facts. */
  static Map<String, Object> model(Map<String, Object> inventory, Map<String, Object> facts) {
    Map<String, Object> m = new HashMap<>(Maps.deepMerge(playbook.defaults((String) facts.getOrDefault("family", "el7")), inventory));
    m.put("facts", facts);
    return m;
  }

  static final Map<String, Object> CENTOS_ROOT = Map.of("os", Map.of("id", "centos"), "user", "root",
      "family", "el7", "pkg_manager", "yum", "docker_repo_distro", "centos");

  @SuppressWarnings("unchecked")
  static Map<String, Object> args(String task, Map<String, Object> model) {
    return (Map<String, Object>) templates.interpolate(task(task).args(), model, task);
  }

  @Test
  void twelveStepsWithTheirTagsAndTheHandler() {
    Set<String> steps = new LinkedHashSet<>();
    Set<String> tags = new LinkedHashSet<>();
    for (Task t : playbook.tasks()) {
      steps.add(t.name().substring(0, t.name().indexOf('.')).replaceAll("[a-z]$", ""));
      tags.addAll(t.tags());
      assertThat(t.tags()).as(t.name()).isNotEmpty();
    }
    assertThat(steps).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
    // the manual's order, but for the offline removal (3): only once the bundle is on the host (7a, 7b),
    // right before the install from it (7c); online, step 7 removes the old packages in its transaction
    List<String> order = playbook.tasks().stream().map(t -> t.name().substring(0, t.name().indexOf('.'))).toList();
    // the key (5a) and the repository (5) are one module per package manager: rpm first, then apt
    assertThat(order.subList(0, 15)).containsExactly("1", "2", "4", "5a", "5a", "5", "5", "6", "7", "7a", "7b", "3",
        "7c", "7d", "8a");
    assertThat(task("3.").when()).isEqualTo("bundle??");
    assertThat(task("7.").args()).containsKey("replace");
    assertThat(tags).containsExactlyInAnyOrder("preflight", "repos", "packages", "config", "sysctl", "service",
        "users", "verify", "always");
    assertThat(playbook.handlers()).extracting(Task::name).containsExactly("restart docker");
    assertThat(task("8b.").notifies()).containsExactly("restart docker");
    // pending restarts are applied right before verification, whatever --tags selects
    List<String> names = playbook.tasks().stream().map(Task::name).toList();
    int flush = names.indexOf(task("11c.").name());
    assertThat(task("11c.").module()).isEqualTo("flush_handlers");
    assertThat(task("11c.").tags()).containsExactly("always");
    assertThat(names.get(flush + 1)).startsWith("12.");
  }

  /** EL7's versionlock list, empty and without the plugin (hold: false only releases locks jprov finds). */
  private static final String NO_LOCKS = "versionlock:/etc/yum/pluginconf.d/versionlock.list";
  /** docker ps -q with no container running (step 7 passes docker.restart, if-idle by default). */
  private static final String IDLE = "docker-running";

  @Test
  void defaultsPinTheWholeSetAt26_1_4() {
    // (holds have their own cases: without one the step's facts and command are the install's alone)
    Map<String, Object> args = args("7.", model(Map.of("docker", Map.of("hold", false)), CENTOS_ROOT));
    PackageModule pkg = new PackageModule();
    PackageModule.Arguments parsed = pkg.bind(args);
    var fact = pkg.facts(parsed, null).get(0);
    FactSet first = FactSet.of(Map.of(fact.key(), new FactOutput(6, "")));
    var avail = pkg.moreFacts(parsed, first, null).get(0);
    Plan plan = pkg.plan(parsed, FactSet.of(Map.of(fact.key(), new FactOutput(6, ""),
        avail.key(), new FactOutput(1, "Error: No matching Packages to list\n"), NO_LOCKS, new FactOutput(0, ""),
        IDLE, new FactOutput(0, ""))), null);
    assertThat(((Command.Shell) plan.commands().get(0)).script()).contains("yum --setopt=skip_missing_names_on_install=0 install -y "
        + "docker-ce-26.1.4-1.el7 docker-ce-cli-26.1.4-1.el7 docker-ce-rootless-extras-26.1.4-1.el7 "
        + "containerd.io-1.6.33-3.1.el7 docker-buildx-plugin-0.14.1-1.el7 docker-compose-plugin-2.27.1-1.el7 ");
    // the distro's docker packages are part of the query: replaced in the same transaction
    assertThat(fact.key()).contains("docker-ce-rootless-extras").contains(",docker,").contains("docker-engine-selinux");
    assertThat(args.get("replace")).asList().contains("docker", "docker-common", "docker-engine");
  }

  @Test
  void inventoryVersionPicks24_0_9AndAnUnknownOneIsResolvedFromTheMirror() {
    Map<String, Object> args = args("7.", model(Map.of("docker", Map.of("version", "24.0.9", "hold", false)), CENTOS_ROOT));
    PackageModule pkg = new PackageModule();
    PackageModule.Arguments parsed = pkg.bind(args);
    var fact = pkg.facts(parsed, null).get(0);
    String at26 = "docker-ce|3|26.1.4|1.el7|x86_64\ndocker-ce-cli|1|26.1.4|1.el7|x86_64\n"
        + "docker-ce-rootless-extras|(none)|26.1.4|1.el7|x86_64\ncontainerd.io|(none)|1.6.33|3.1.el7|x86_64\n"
        + "docker-buildx-plugin|(none)|0.14.1|1.el7|x86_64\ndocker-compose-plugin|(none)|2.27.1|1.el7|x86_64\n";
    var avail = pkg.moreFacts(parsed, FactSet.of(Map.of(fact.key(), new FactOutput(0, at26))), null).get(0);
    String repo = "docker-ce.x86_64 3:24.0.9-1.el7 r\ndocker-ce-cli.x86_64 1:24.0.9-1.el7 r\n"
        + "docker-ce-rootless-extras.x86_64 24.0.9-1.el7 r\ncontainerd.io.x86_64 1.6.28-3.1.el7 r\n"
        + "docker-buildx-plugin.x86_64 0.12.1-1.el7 r\ndocker-compose-plugin.x86_64 2.24.5-1.el7 r\n";
    Plan plan = pkg.plan(parsed, FactSet.of(Map.of(fact.key(), new FactOutput(0, at26), avail.key(), new FactOutput(0, repo),
        NO_LOCKS, new FactOutput(0, ""), IDLE, new FactOutput(0, ""))), null);
    assertThat(((Command.Shell) plan.commands().get(0)).script()).contains("yum --setopt=skip_missing_names_on_install=0 downgrade -y "
        + "docker-ce-24.0.9-1.el7 docker-ce-cli-24.0.9-1.el7 docker-ce-rootless-extras-24.0.9-1.el7 "
        + "containerd.io-1.6.28-3.1.el7 docker-buildx-plugin-0.12.1-1.el7 docker-compose-plugin-2.24.5-1.el7 ");
    // a version no hand-written set names is resolved on the controller from the mirror's metadata
    PackageModule.Arguments other = pkg.bind(args("7.", model(Map.of("docker", Map.of("version", "25.0.0")), CENTOS_ROOT)));
    assertThat(other.versionSet()).isEqualTo("25.0.0");
    assertThat(other.resolve().names()).containsExactly("docker-ce", "docker-ce-cli", "containerd.io",
        "docker-buildx-plugin", "docker-compose-plugin", "docker-ce-rootless-extras");
    assertThat(other.resolve().mirror()).isEqualTo("https://mirrors.ustc.edu.cn/docker-ce");
    assertThat(other.wanted()).containsEntry("docker-ce", null);
  }

  @Test
  void makecacheRunsOnlyWhenARepoFileChangedSinceTheStamp(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Map<String, Object> six = args("6.", model(Map.of(), CENTOS_ROOT));
    assertThat(six.get("cmd")).isEqualTo("yum makecache fast && touch /var/cache/yum/.jprov-makecache");
    String unless = ((String) six.get("unless")).replace("/etc/", dir + "/etc/")
        .replace("/var/", dir + "/var/");
    Path repos = java.nio.file.Files.createDirectories(dir.resolve("etc/yum.repos.d"));
    Path stamp = java.nio.file.Files.createDirectories(dir.resolve("var/cache/yum")).resolve(".jprov-makecache");
    Path docker = java.nio.file.Files.writeString(repos.resolve("docker-ce.repo"), "x");
    Path base = java.nio.file.Files.writeString(repos.resolve("CentOS-Base.repo"), "x");
    assertThat(sh(unless)).as("no stamp yet").isNotZero();
    java.nio.file.Files.writeString(stamp, "");
    touch(docker, 100);
    touch(base, 100);
    touch(stamp, 200);
    assertThat(sh(unless)).as("stamp newer than both").isZero();
    touch(stamp, 100);
    assertThat(sh(unless)).as("same second counts as done").isZero();
    touch(base, 300);
    assertThat(sh(unless)).as("base repos rewritten after the stamp").isNotZero();
    java.nio.file.Files.delete(base);
    assertThat(sh(unless)).as("RHEL: no CentOS-Base.repo").isZero();
  }

  static void touch(Path p, long seconds) throws java.io.IOException {
    java.nio.file.Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L + seconds * 1000));
  }

  static int sh(String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  @Test
  void usersDefaultToTheSshUserAndRepoArgsComeFromDockerVars() {
    Map<String, Object> m = model(Map.of("ssh_user", "ops", "docker", Map.of("channel", "test")), CENTOS_ROOT);
    Map<String, Object> ug = args("11b.", m);
    assertThat(ug.get("users")).isEqualTo(List.of());
    assertThat(ug.get("default_user")).isEqualTo("ops");
    assertThat(args("12.", m).get("default_user")).isEqualTo("ops");
    Map<String, Object> local = args("11b.", model(Map.of(), Map.of("os", Map.of("id", "centos"), "user", "vagrant",
        "family", "el7")));
    assertThat(local.get("default_user")).isEqualTo("vagrant");
    Map<String, Object> repo = args("5.", m);
    assertThat(repo).containsEntry("mirror", "https://mirrors.ustc.edu.cn/docker-ce").containsEntry("channel", "test");
    new YumRepoModule(new io.jprov.template.Templates(List.of(java.nio.file.Path.of(System.getProperty("jprov.home", ".."), "templates")))).bind(repo);
    Map<String, Object> base = args("2.", model(Map.of(), Map.of("os", Map.of("id", "rhel"), "user", "root",
        "family", "el7")));
    assertThat(base).containsEntry("mirror", "").doesNotContainKey("os_id");
  }

  @Test
  void proxyDropInOnlyWithAProxy() {
    Map<String, Object> none = model(Map.of(), CENTOS_ROOT);
    assertThat(templates.condition(task("8d.").when(), none, "8d")).isFalse();
    assertThat(templates.condition(task("8e.").when(), none, "8e")).isTrue();
    Map<String, Object> proxied = model(Map.of("docker", Map.of("http_proxy", "http://u:p%40ss@proxy:3128",
        "no_proxy", List.of("localhost", "10.0.0.0/8"))), CENTOS_ROOT);
    assertThat(templates.condition(task("8d.").when(), proxied, "8d")).isTrue();
    assertThat(templates.condition(task("8e.").when(), proxied, "8e")).isFalse();
    assertThat(args("8d.", proxied)).containsEntry("src", "docker-http-proxy.conf.ftl").containsEntry("keep_previous", true);
    assertThat(templates.renderFile("docker-http-proxy.conf.ftl", proxied, "8d")).isEqualTo(
        "# Managed by jprov (docker.http_proxy, docker.https_proxy, docker.no_proxy)\n"
            + "[Service]\n"
            + "Environment=\"HTTP_PROXY=http://u:p%%40ss@proxy:3128\"\n"
            + "Environment=\"NO_PROXY=localhost,10.0.0.0/8\"\n");
  }

  /** yum_repo renders templates/docker-ce.repo.ftl: mirror (trailing slash dropped), literal 7, channel. */
  @Test
  void yumRepoRendersTheShippedTemplate() {
    YumRepoModule module = new YumRepoModule(new io.jprov.template.Templates(
        List.of(java.nio.file.Path.of(System.getProperty("jprov.home", ".."), "templates"))));
    FactSet absent = FactSet.of(Map.of("filecontent:/etc/yum.repos.d/docker-ce.repo", new FactOutput(0, "absent\n")));
    Plan plan = module.plan(module.bind(Map.of("mirror", "https://mirrors.ustc.edu.cn/docker-ce/", "channel", "test")),
        absent, null);
    String repo = new String(((Command.Upload) plan.commands().get(0)).content(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(repo)
        .contains("[docker-ce-stable]\nname=Docker CE Stable - $basearch\n"
            + "baseurl=https://mirrors.ustc.edu.cn/docker-ce/linux/centos/7/$basearch/stable\nenabled=1\ngpgcheck=1\n"
            + "gpgkey=https://mirrors.ustc.edu.cn/docker-ce/linux/centos/gpg\n")
        .contains("[docker-ce-test]\nname=Docker CE Test - $basearch\n"
            + "baseurl=https://mirrors.ustc.edu.cn/docker-ce/linux/centos/7/$basearch/test\nenabled=1\n")
        .doesNotContain("$releasever").doesNotContain("download.docker.com");
  }

  static Map<String, Object> facts(String family, String pkgManager, String repoDistro) {
    return Map.of("os", Map.of("id", "x"), "user", "root", "family", family, "pkg_manager", pkgManager,
        "docker_repo_distro", repoDistro, "codename", "");
  }

  static final Map<String, Object> ROCKY9 = facts("el9", "dnf", "centos");
  static final Map<String, Object> DEBIAN12 = facts("debian", "apt", "debian");
  static final Map<String, Object> UBUNTU2404 = facts("ubuntu", "apt", "ubuntu");

  /** Whether the task runs for this model. */
  static boolean runs(Task t, Map<String, Object> model) {
    return t.when() == null || templates.condition(t.when(), model, t.name());
  }

  /** The names of the tasks that run online on a host of this model, in order. */
  static List<String> online(Map<String, Object> model) {
    return playbook.tasks().stream().filter(t -> runs(t, model)).map(t -> t.module() + " " + t.name().substring(0, t.name().indexOf('.'))).toList();
  }

  @Test
  void everyFamilysFileIsLoadedWithThePlaybookAndHoldsTheSameKindsOfData() {
    assertThat(playbook.varsFiles()).singleElement().satisfies(vf -> {
      assertThat(vf.pattern()).isEqualTo("docker-ce/${facts.family}.yml");
      assertThat(vf.files()).containsOnlyKeys("el7", "el8", "el9", "debian", "ubuntu");
      vf.files().values().forEach(f -> assertThat(f.vars()).as(f.shown()).containsKeys("docker_conflicts",
          "docker_prerequisites", "docker_hold_packages", "docker_repo_refresh", "base_repos_check"));
    });
    // docker_sets is EL7's alone: the other families resolve docker.version from the mirror
    assertThat(playbook.defaults("el7")).containsKey("docker_sets");
    for (String f : List.of("el8", "el9", "debian", "ubuntu")) {
      assertThat(playbook.defaults(f)).as(f).doesNotContainKey("docker_sets");
    }
    assertThat(playbook.vars()).doesNotContainKey("docker_sets").doesNotContainKey("docker_conflicts");
  }

  @Test
  void el7RunsTheStepsOfTodayPlusTheKeyAndTheHold() {
    Map<String, Object> m = model(Map.of(), CENTOS_ROOT);
    assertThat(online(m)).containsExactly("assert_platform 1", "base_repos 2", "package 4", "repo_key 5a",
        "yum_repo 5", "command 6", "package 7", "file 8a", "template 8b", "file 8e", "sysctl 9", "service 10",
        "group 11a", "user_groups 11b", "flush_handlers 11c", "docker_verify 12");
    assertThat(args("4.", m).get("name")).isEqualTo(List.of("yum-utils", "device-mapper-persistent-data", "lvm2",
        "yum-plugin-versionlock"));
    // without holds, step 4 is today's
    Map<String, Object> noHold = model(Map.of("docker", Map.of("hold", false)), CENTOS_ROOT);
    assertThat(args("4.", noHold).get("name")).isEqualTo(List.of("yum-utils", "device-mapper-persistent-data", "lvm2"));
    assertThat(args("7.", noHold)).containsEntry("hold", false);
    Map<String, Object> key = args("5a.", m);
    assertThat(key).containsEntry("url", "https://mirrors.ustc.edu.cn/docker-ce/linux/centos/gpg")
        .containsEntry("fingerprints", List.of("060A61C51B558A7F742B77AAC52FEB6B621E9F35")).doesNotContainKey("dest");
    assertThat(args("1.", m)).containsEntry("platforms", "all");
  }

  @Test
  void rocky9TakesItsConflictsPrerequisitesAndRefreshFromEl9AndResolvesTheVersion() {
    Map<String, Object> m = model(Map.of(), ROCKY9);
    assertThat(online(m)).startsWith("assert_platform 1", "package 4", "repo_key 5a", "yum_repo 5", "command 6",
        "package 7");
    assertThat(args("4.", m).get("name")).isEqualTo(List.of("python3-dnf-plugin-versionlock"));
    assertThat(templates.condition(task("4.").when(), model(Map.of("docker", Map.of("hold", false)), ROCKY9), "4"))
        .as("nothing to install without holds").isFalse();
    PackageModule.Arguments seven = new PackageModule().bind(args("7.", m));
    assertThat(seven.replace()).contains("docker", "docker-engine", "podman", "runc", "buildah");
    assertThat(seven.versionSet()).isEqualTo("26.1.4");
    assertThat(seven.resolve()).isNotNull();
    assertThat(seven.hold()).isTrue();
    assertThat(args("6.", m).get("cmd")).isEqualTo("dnf makecache && touch /var/cache/dnf/.jprov-makecache");
    // the test fleet's mirror as the controller reaches it, for the key and the version lookup
    Map<String, Object> lookup = model(Map.of("docker", Map.of("mirror", "http://mirror/docker-ce",
        "lookup_mirror", "http://127.0.0.1:8080/docker-ce")), ROCKY9);
    assertThat(args("5a.", lookup)).containsEntry("url", "http://127.0.0.1:8080/docker-ce/linux/centos/gpg");
    assertThat(new PackageModule().bind(args("7.", lookup)).resolve().mirror()).isEqualTo("http://127.0.0.1:8080/docker-ce");
    assertThat(args("5.", lookup)).containsEntry("mirror", "http://mirror/docker-ce");
  }

  @Test
  void debianAndUbuntuUseTheAptKeySourceAndConflicts() {
    for (Map<String, Object> f : List.of(DEBIAN12, UBUNTU2404)) {
      Map<String, Object> m = model(Map.of(), f);
      assertThat(online(m)).as(f.get("family").toString()).startsWith("assert_platform 1", "package 4", "repo_key 5a",
          "apt_repo 5", "command 6", "package 7");
      assertThat(args("4.", m).get("name")).isEqualTo(List.of("ca-certificates"));
      Map<String, Object> key = playbook.tasks().stream().filter(t -> t.name().startsWith("5a.") && runs(t, m))
          .map(t -> (Map<String, Object>) templates.interpolate(t.args(), m, "5a")).findFirst().orElseThrow();
      assertThat(key).containsEntry("url", "https://mirrors.ustc.edu.cn/docker-ce/linux/" + f.get("docker_repo_distro") + "/gpg")
          .containsEntry("fingerprints", List.of("9DC858229FC7DD38854AE2D88D81803C0EBFCD88"))
          .containsEntry("dest", "/etc/apt/keyrings/docker.asc");
      PackageModule.Arguments seven = new PackageModule().bind(args("7.", m));
      assertThat(seven.replace()).contains("docker.io", "docker-doc", "docker-compose", "podman-docker", "containerd", "runc");
      assertThat(args("6.", m).get("cmd")).isEqualTo("apt-get update -q && touch /var/cache/apt/.jprov-update");
    }
    assertThat(new PackageModule().bind(args("7.", model(Map.of(), UBUNTU2404))).replace()).contains("docker-compose-v2");
    assertThat(new PackageModule().bind(args("7.", model(Map.of(), DEBIAN12))).replace()).doesNotContain("docker-compose-v2");
  }

  /** One platform's part of the {@code bundle} variable, as BundleParts.vars makes it. */
  private static Map<String, Object> part(String dir, String pkgFile, String version, List<String> keys) {
    return Map.of("dir", dir, "keys", keys, "package_versions", Map.of("docker-ce", version),
        "package_files", Map.of("docker-ce", pkgFile), "sha256", Map.of(pkgFile, "a".repeat(64)),
        "image", "images/hello-world.tar", "image_name", "hello-world:latest", "image_sha256", "b".repeat(64));
  }

  private static Map<String, Object> withPlatform(Map<String, Object> facts, String platform) {
    Map<String, Object> f = new HashMap<>(facts);
    f.put("platform", platform);
    return f;
  }

  @Test
  void anOfflineBundleGivesEachHostItsPlatformsPart() {
    Map<String, Object> bundle = Map.of("dir", "/b", "dest", "/var/tmp/jprov-bundle", "platforms", Map.of(
        "el9", part("/b/el9", "rpms/docker-ce.rpm", "3:26.1.4-1.el9", List.of("keys/docker-ce.gpg")),
        "debian-12", part("/b/debian-12", "debs/docker-ce.deb", "5:26.1.4-1~debian.12~bookworm",
            List.of("keys/docker.asc"))));
    Map<String, Object> rocky = model(Map.of("bundle", bundle), withPlatform(ROCKY9, "el9"));
    Map<String, Object> debian = model(Map.of("bundle", bundle), withPlatform(DEBIAN12, "debian-12"));
    // step 1 accepts every supported platform; the upload names the host's platform, its part is read after
    assertThat(args("1.", rocky)).containsEntry("platforms", "all");
    assertThat(args("7a.", rocky)).containsEntry("src", "/b").containsEntry("platform", "el9");
    assertThat(args("7a.", debian)).containsEntry("src", "/b").containsEntry("platform", "debian-12");
    assertThat(runs(task("7b."), rocky)).isTrue();
    assertThat(args("7b.", rocky)).containsEntry("src", "/b/el9").containsEntry("keys", List.of("keys/docker-ce.gpg"));
    // apt installs local .debs whose sha256 the manifest pins: no key import
    assertThat(runs(task("7b."), debian)).isFalse();
    assertThat(args("7c.", rocky)).containsEntry("files", Map.of("docker-ce", "rpms/docker-ce.rpm"))
        .containsEntry("version", Map.of("docker-ce", "3:26.1.4-1.el9")).containsEntry("from", "/var/tmp/jprov-bundle");
    assertThat(args("7c.", debian)).containsEntry("files", Map.of("docker-ce", "debs/docker-ce.deb"))
        .containsEntry("version", Map.of("docker-ce", "5:26.1.4-1~debian.12~bookworm"));
    // the family's conflicts are removed once the bundle is on the host
    assertThat(args("3.", rocky).get("name")).asList().contains("docker", "podman", "runc", "buildah");
    assertThat(args("3.", debian).get("name")).asList().contains("docker.io", "containerd", "runc");
    assertThat((String) args("10b.", debian).get("cmd")).contains("/var/tmp/jprov-bundle/images/hello-world.tar")
        .contains("b".repeat(64));
    // held afterwards on apt (apt-mark); EL's versionlock plugin is not in the bundle
    assertThat(runs(task("7d."), debian)).isTrue();
    assertThat(runs(task("7d."), rocky)).isFalse();
    assertThat(args("7d.", debian)).containsEntry("hold", true).containsEntry("name", List.of("docker-ce",
        "docker-ce-cli", "containerd.io", "docker-buildx-plugin", "docker-compose-plugin", "docker-ce-rootless-extras"));
    for (Map<String, Object> m : List.of(rocky, debian)) {
      for (String online : List.of("2.", "4.", "5a.", "5.", "6.", "7.")) {
        assertThat(playbook.tasks().stream().filter(t -> t.name().startsWith(online)).noneMatch(t -> runs(t, m)))
            .as(online).isTrue();
      }
    }
  }

  @Test
  void theRefreshChecksRunOnlyWhenTheSourceOrKeyChanged(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    for (Map<String, Object> f : List.of(ROCKY9, DEBIAN12)) {
      String unless = ((String) args("6.", model(Map.of(), f)).get("unless")).replace("/etc/", dir + "/etc/")
          .replace("/var/", dir + "/var/");
      boolean apt = f == DEBIAN12;
      Path source = dir.resolve(apt ? "etc/apt/sources.list.d/docker.sources" : "etc/yum.repos.d/docker-ce.repo");
      Path stamp = dir.resolve(apt ? "var/cache/apt/.jprov-update" : "var/cache/dnf/.jprov-makecache");
      java.nio.file.Files.createDirectories(source.getParent());
      java.nio.file.Files.createDirectories(stamp.getParent());
      java.nio.file.Files.writeString(source, "x");
      java.nio.file.Files.deleteIfExists(stamp);
      assertThat(sh(unless)).as("no stamp yet").isNotZero();
      java.nio.file.Files.writeString(stamp, "");
      touch(source, 100);
      touch(stamp, 200);
      assertThat(sh(unless)).as("stamp newer").isZero();
      touch(source, 300);
      assertThat(sh(unless)).as("source rewritten after the stamp").isNotZero();
      if (apt) {
        Path key = java.nio.file.Files.createDirectories(dir.resolve("etc/apt/keyrings")).resolve("docker.asc");
        java.nio.file.Files.writeString(key, "k");
        touch(source, 100);
        touch(key, 300);
        assertThat(sh(unless)).as("key rewritten after the stamp").isNotZero();
      }
    }
  }

  @Test
  void aMissingFamilyFileIsExit2NamingTheEntryBeforeAnyHost(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path pb = dir.resolve("playbooks");
    java.nio.file.Files.createDirectories(pb.resolve("docker-ce"));
    java.nio.file.Files.copy(PLAYBOOK, pb.resolve("docker-ce.yml"));
    for (String f : List.of("el7", "el8", "debian", "ubuntu")) {
      java.nio.file.Files.copy(PLAYBOOK.resolveSibling("docker-ce/" + f + ".yml"), pb.resolve("docker-ce/" + f + ".yml"));
    }
    Path inv = java.nio.file.Files.writeString(dir.resolve("inv.yml"),
        "all:\n  hosts:\n    web1: {address: 127.0.0.1, ssh_port: 1, connect_timeout: 1}\n");
    String file = pb.resolve("docker-ce.yml").toString();
    io.jprov.JprovRun r = io.jprov.JprovRun.of("plan", "-i", inv.toString(), file);
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    int line = java.nio.file.Files.readAllLines(pb.resolve("docker-ce.yml")).indexOf("  - \"docker-ce/${facts.family}.yml\"") + 1;
    assertThat(r.err().strip()).isEqualTo("jprov: " + file + ":" + line + ":5: vars_files: " + pb.resolve("docker-ce/el9.yml")
        + ": file not found (${facts.family} needs a file for every family: el7, el8, el9, debian, ubuntu)");
    assertThat(r.out()).doesNotContain("PLAY");
  }
}
