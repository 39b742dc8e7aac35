package io.jprov.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jprov.Version;
import io.jprov.testfleet.ExecResult;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.InventoryOptions;
import io.jprov.testfleet.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The package installs of docs/install.md, with the real package managers: the {@code .deb} on a clean Debian
 * bookworm container (no Java), the {@code .rpm} on the fleet's CentOS 7 host (rpm). Each installed jprov answers
 * {@code version} from its own runtime with the AOT cache in use, lists the example inventory, plans Docker CE on a
 * fleet host over SSH (exit 10: changes pending, docs/exit-codes.md), and leaves nothing behind once removed. The
 * packages come from {@code mvn -Ppackages package} (packaging/build.sh), which scripts/test runs before the
 * integration tests.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class PackageInstallIT {
  private static final String CLEAN_IMAGE = "jprov-testfleet/clean:bookworm";
  /**
   * What {@code find} skips when it lists the file system: kernel views, scratch, logs and caches, and apt's own
   * bookkeeping ({@code /var/lib/apt/extended_states}, made by apt's first install whatever the package), not package
   * files. dpkg's database ({@code /var/lib/dpkg}) and rpm's are compared.
   */
  private static final String SNAPSHOT = "find / -xdev \\( -path /proc -o -path /sys -o -path /dev -o -path /run"
      + " -o -path /tmp -o -path /var/tmp -o -path /var/log -o -path /var/cache -o -path /var/lib/apt \\) -prune"
      + " -o -print | sort";

  private static TestFleet fleet;
  private static Path deb;
  private static Path rpm;

  @BeforeAll
  static void start() {
    TestFleet.assumeDocker();
    Path dir = Path.of("target", "packages").toAbsolutePath();
    deb = dir.resolve("jprov-" + Version.VERSION + ".deb");
    rpm = dir.resolve("jprov-" + Version.VERSION + ".rpm");
    if (!Files.isRegularFile(deb) || !Files.isRegularFile(rpm)) {
      String why = "no " + deb + " or " + rpm + ": build them with mvn -Ppackages package (packaging/build.sh)";
      if (Boolean.getBoolean(TestFleet.REQUIRE_DOCKER)) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    fleet = TestFleet.start(Variant.FRESH, 2);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private record Run(int exit, String out, String err) {
    String all() {
      return "rc=" + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  /** Runs a bash script in a container. */
  private static Run sh(GenericContainer<?> c, String script) throws IOException, InterruptedException {
    var r = c.execInContainer("bash", "-c", script);
    return new Run(r.getExitCode(), r.getStdout(), r.getStderr());
  }

  private static Run sh(FleetHost h, String script) {
    ExecResult r = h.sh(script);
    return new Run(r.exitCode(), r.stdout(), r.stderr());
  }

  private static Run ok(Run r, String what) {
    assertThat(r.exit()).as(what + "\n" + r.all()).isZero();
    return r;
  }

  /**
   * The fleet inventory as a jprov inside the fleet network sees it: hosts by their network alias on port 22 (or
   * {@code localhost}), the key at {@code keyPath}, the mirror as {@code http://mirror}.
   */
  private static String inventoryInside(String keyPath, boolean viaLocalhost) {
    String yaml = fleet.inventoryYaml(InventoryOptions.defaults().withDocker("lookup_mirror", "http://mirror/docker-ce"));
    yaml = yaml.replace(fleet.privateKey().toString(), keyPath);
    for (FleetHost h : fleet.hosts()) {
      yaml = yaml.replace("{address: " + h.address() + ", ssh_port: " + h.sshPort() + "}",
          "{address: " + (viaLocalhost ? "127.0.0.1" : h.name()) + ", ssh_port: 22}");
    }
    return yaml;
  }

  /** The three lines of {@code jprov version} from the package's own runtime and the build's commit. */
  private static void assertVersion(String out) {
    String[] lines = out.split("\n");
    assertThat(lines).as(out).hasSize(3);
    assertThat(lines[0]).isEqualTo("jprov " + Version.VERSION);
    assertThat(lines[1]).isEqualTo("commit: " + Version.COMMIT);
    assertThat(lines[2]).matches("java: 25\\.[0-9.+\\-A-Za-z]+ \\(.+\\) /usr/lib/jprov/runtime");
  }

  /** {@code jprov version} with the cache required ({@code -XX:AOTMode=on} fails when it cannot be mapped). */
  private static void assertAotCacheUsed(Run strict, Run logged) {
    assertThat(strict.exit()).as("jprov version with -XX:AOTMode=on\n" + strict.all()).isZero();
    assertThat(strict.out()).startsWith("jprov " + Version.VERSION);
    assertThat(logged.exit()).as(logged.all()).isZero();
    assertThat(logged.out() + logged.err()).as("-Xlog:aot names the cache it opened")
        .contains("/usr/lib/jprov/jprov.aot").containsIgnoringCase("opened");
  }

  private static final String STRICT = "JPROV_JAVA_OPTS=-XX:AOTMode=on jprov version";
  private static final String LOGGED = "JPROV_JAVA_OPTS=-Xlog:aot jprov version";

  @Test
  void theDebInstallsOnCleanDebianWorksAndPurgesWithoutATrace() throws Exception {
    try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(CLEAN_IMAGE))
        .withNetwork(fleet.network())
        .withLabel(TestFleet.LABEL, "package-install-it")
        .withCommand("sleep", "infinity")
        .withCopyFileToContainer(MountableFile.forHostPath(deb), "/tmp/pkg/" + deb.getFileName())
        .withCopyFileToContainer(MountableFile.forHostPath(fleet.privateKey(), 0600), "/tmp/fleet/id_ed25519")) {
      c.start();
      ok(sh(c, "! command -v java"), "no Java on the clean image");
      String before = ok(sh(c, SNAPSHOT), "file list before").out();

      // apt resolves the Depends against what is installed (the image has no package lists: nothing to download)
      ok(sh(c, "apt-get install -y /tmp/pkg/" + deb.getFileName() + " 2>&1"), "install");

      assertVersion(ok(sh(c, "jprov version"), "jprov version").out());
      assertThat(ok(sh(c, "jprov --version"), "jprov --version").out()).isEqualTo(sh(c, "jprov version").out());
      assertAotCacheUsed(sh(c, STRICT), sh(c, LOGGED));
      // the cache is the package's read-only file, used as is by a user who cannot write there, and never rewritten
      assertThat(ok(sh(c, "dpkg -S /usr/lib/jprov/jprov.aot; stat -c '%U %a' /usr/lib/jprov/jprov.aot"), "cache file")
          .out()).isEqualTo("jprov: /usr/lib/jprov/jprov.aot\nroot 644\n");
      String sum = ok(sh(c, "sha256sum /usr/lib/jprov/jprov.aot"), "sha256").out();
      assertThat(ok(sh(c, "cd / && runuser -u nobody -- env JPROV_JAVA_OPTS=-XX:AOTMode=on jprov version"), "as nobody")
          .out()).startsWith("jprov " + Version.VERSION);
      assertThat(ok(sh(c, "sha256sum /usr/lib/jprov/jprov.aot"), "sha256").out()).isEqualTo(sum);

      Run list = ok(sh(c, "cd / && jprov inventory -i /usr/share/doc/jprov/inventory.example.yml --list"), "list");
      assertThat(list.out()).contains("\"web01.example.com\"");

      c.copyFileToContainer(Transferable.of(inventoryInside("/tmp/fleet/id_ed25519",
          false)), "/tmp/fleet/inventory.yml");
      Run plan = sh(c, "cd / && jprov apply --check --no-color -i /tmp/fleet/inventory.yml");
      assertThat(plan.exit()).as("apply --check: changes pending (docs/exit-codes.md)\n" + plan.all()).isEqualTo(10);
      assertThat(plan.out()).contains(fleet.host(0).name()).doesNotContain("Exception");
      assertThat(plan.all()).as("no JVM or library warnings").doesNotContain("WARNING");

      Run man = ok(sh(c, "MANWIDTH=80 man -P cat jprov-apply 2>&1"), "man jprov-apply");
      assertThat(man.out()).contains("NAME").contains("jprov-apply").contains("--check");
      // bash completion as bash-completion loads it on demand: the function `complete` registers, called as
      // readline would for `jprov ap<TAB>`
      Run tab = ok(sh(c, "source /usr/share/bash-completion/bash_completion; __load_completion jprov;"
          + " f=$(complete -p jprov | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p'); [ -n \"$f\" ] || exit 9;"
          + " COMP_WORDS=(jprov ap); COMP_CWORD=1; COMP_LINE='jprov ap'; COMP_POINT=${#COMP_LINE};"
          + " \"$f\" jprov ap jprov; printf '%s\\n' \"${COMPREPLY[@]}\""), "bash completion");
      assertThat(tab.out().lines().map(String::trim).toList()).as(tab.all()).containsExactly("apply");
      ok(sh(c, "test -s /usr/share/zsh/vendor-completions/_jprov"), "zsh completion");

      bench(c, "deb");

      ok(sh(c, "apt-get purge -y jprov 2>&1"), "purge");
      ok(sh(c, "! command -v jprov"), "jprov gone");
      String after = ok(sh(c, SNAPSHOT), "file list after").out();
      assertSameFiles(before, after);
    }
  }

  @Test
  void theRpmInstallsOnTheEl7HostWorksAndErasesWithoutATrace() throws Exception {
    FleetHost h = fleet.host(0);
    h.container().copyFileToContainer(MountableFile.forHostPath(rpm), "/tmp/" + rpm.getFileName());
    h.container().copyFileToContainer(MountableFile.forHostPath(fleet.privateKey(), 0600), "/tmp/fleet-key");
    String before = ok(sh(h, SNAPSHOT), "file list before").out();

    ok(sh(h, "rpm -i /tmp/" + rpm.getFileName() + " 2>&1"), "rpm -i");
    ok(sh(h, "rpm -q jprov && rpm -q --requires jprov"), "rpm -q");
    assertVersion(ok(sh(h, "jprov version"), "jprov version").out());
    assertAotCacheUsed(sh(h, STRICT), sh(h, LOGGED));
    Run list = ok(sh(h, "cd / && jprov inventory -i /usr/share/doc/jprov/inventory.example.yml --list"), "list");
    assertThat(list.out()).contains("\"web01.example.com\"");

    // the other fleet host by its name on the fleet network
    h.container().copyFileToContainer(Transferable.of(
        inventoryInside("/tmp/fleet-key", false)), "/tmp/fleet-inventory.yml");
    Run plan = sh(h, "cd / && jprov apply --check --no-color --limit " + fleet.host(1).name()
        + " -i /tmp/fleet-inventory.yml");
    assertThat(plan.exit()).as("apply --check: changes pending (docs/exit-codes.md)\n" + plan.all()).isEqualTo(10);
    assertThat(plan.out()).contains(fleet.host(1).name()).doesNotContain("Exception");
    assertThat(plan.all()).as("no JVM or library warnings").doesNotContain("WARNING");
    ok(sh(h, "MANWIDTH=80 man -P cat jprov-apply >/dev/null 2>&1 || test -s /usr/share/man/man1/jprov-apply.1.gz"),
        "the man page is installed");

    ok(sh(h, "rpm -e jprov 2>&1"), "rpm -e");
    ok(sh(h, "! rpm -q jprov && ! command -v jprov"), "jprov gone");
    String after = ok(sh(h, SNAPSHOT), "file list after").out();
    assertSameFiles(before, after);
  }

  private static void assertSameFiles(String before, String after) {
    List<String> added = new ArrayList<>(after.lines().toList());
    added.removeAll(before.lines().toList());
    List<String> removed = new ArrayList<>(before.lines().toList());
    removed.removeAll(after.lines().toList());
    assertThat(added).as("files left behind").isEmpty();
    assertThat(removed).as("files removed").isEmpty();
  }

  /** BENCH: wall times of the installed jprov (best and median of 5, timed inside the container) and the sizes. */
  private static void bench(GenericContainer<?> c, String kind) throws Exception {
    for (String cmd : List.of("jprov version", "jprov inventory -i /usr/share/doc/jprov/inventory.example.yml --list")) {
      for (boolean cache : new boolean[] {true, false}) {
        String env = cache ? "" : "JPROV_JAVA_OPTS=-XX:AOTMode=off ";
        Run r = ok(sh(c, "cd / && for i in 1 2 3 4 5; do s=$(date +%s%N); " + env + cmd + " >/dev/null;"
            + " e=$(date +%s%N); echo $(( (e - s) / 1000000 )); done"), "bench " + cmd);
        long[] ms = r.out().lines().mapToLong(Long::parseLong).sorted().toArray();
        System.out.println("BENCH package-" + kind + " `" + cmd.replace("/usr/share/doc/jprov/", "") + "`: best "
            + ms[0] + " ms, median " + ms[2] + " ms (5 runs, installed package, "
            + (cache ? "AOT cache" : "AOT cache off: -XX:AOTMode=off") + ")");
      }
    }
    System.out.printf("BENCH package sizes: %s %.1f MiB, %s %.1f MiB; installed %s%n", deb.getFileName(),
        Files.size(deb) / 1048576.0, rpm.getFileName(), Files.size(rpm) / 1048576.0,
        ok(sh(c, "du -sh /usr/lib/jprov | cut -f1"), "du").out().trim() + " in /usr/lib/jprov");
  }
}
