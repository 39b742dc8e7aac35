package io.jprov.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jprov.Version;
import io.jprov.testfleet.ExecResult;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image (docs/ci.md, "Container image"), built by {@code packaging/image.sh} from the .deb when it is
 * not current, run with the docker CLI as a CI job would run it: on the test fleet's Docker network, the workspace
 * mounted at {@code /work}, plans Docker CE on a fresh EL7 host ({@code apply --check}: exit 10, docs/exit-codes.md)
 * with the SSH credentials a CI job has: a key and known_hosts mounted read-only, or an ssh-agent's socket. Host key
 * checking follows docs/inventory.md ("Host keys"); a host that cannot be authenticated is exit 4.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ContainerImageIT {
  private static final int DRIFT = 10;
  private static final int UNREACHABLE = 4;

  private static TestFleet fleet;
  private static String image;
  /** {@code el7-1 ssh-ed25519 AAAA…}: the host's key as a known_hosts line, under its name on the fleet network. */
  private static String knownHostsLine;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    TestFleet.assumeDocker();
    Path deb = checkout().resolve("provisioner/target/packages/jprov-" + Version.VERSION + ".deb");
    if (!Files.isRegularFile(deb)) {
      String why = "no " + deb + ": build it with mvn -Ppackages package (packaging/build.sh)";
      if (Boolean.getBoolean(TestFleet.REQUIRE_DOCKER)) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    image = buildImage();
    fleet = TestFleet.start(Variant.FRESH, 1);
    ExecResult key = fleet.host(0).exec("cat", "/etc/ssh/ssh_host_ed25519_key.pub");
    assertThat(key.exitCode()).as("the host's ed25519 key: %s", key).isZero();
    String[] f = key.stdout().strip().split("\\s+");
    knownHostsLine = host() + " " + f[0] + " " + f[1];
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static String host() {
    return fleet.host(0).name();
  }

  /** The checkout: the parent of the provisioner module the tests run in. */
  private static Path checkout() {
    return Path.of(System.getProperty("jprov.home", "..")).toAbsolutePath().normalize();
  }

  private record Run(int exit, String out, String err, long millis) {
    String all() {
      return out + err;
    }
  }

  private static Run run(Path dir, List<String> cmd, String... env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    for (int i = 0; i < env.length; i += 2) {
      pb.environment().put(env[i], env[i + 1]);
    }
    Path out = Files.createTempFile("jprov-image-it", ".out");
    Path err = Files.createTempFile("jprov-image-it", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
        Path.of("/dev/null").toFile()));
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish in 600 s");
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8), ms);
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /**
   * {@code packaging/image.sh}: builds the image unless the one there carries the label of the current package,
   * Dockerfile and base. The package itself comes from the build ({@code -Ppackages}): this test does not start
   * Maven inside Maven.
   */
  private static String buildImage() throws Exception {
    Run r = run(checkout(), List.of(checkout().resolve("packaging/image.sh").toString()),
        "JPROV_IMAGE_PACKAGE", "never");
    assertThat(r.exit()).as("packaging/image.sh: %s", r.err()).isZero();
    return r.out().strip();
  }

  /** {@code docker run --rm --network <the fleet's> OPTIONS… IMAGE ARGS…}. */
  private Run docker(List<String> options, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("docker", "run", "--rm", "--network", fleet.network().getId()));
    cmd.addAll(options);
    cmd.add(image);
    cmd.addAll(Arrays.asList(args));
    return run(tmp, cmd);
  }

  /** A workspace (mounted at /work) with an inventory for the fleet host as the fleet network names it. */
  private Path workspace(String name, String hostKeyChecking) throws IOException {
    Path w = Files.createDirectories(tmp.resolve(name));
    String fpr = TestFleet.testKeyFingerprint();
    Files.writeString(w.resolve("inventory.yml"), String.join("\n",
        "all:",
        "  vars:",
        "    ssh_user: " + TestFleet.OPS_USER,
        "    become: true",
        "    host_key_checking: " + hostKeyChecking,
        "    base_repos_mirror: " + TestFleet.BASE_REPOS_MIRROR_URL,
        "    docker:",
        "      mirror: " + TestFleet.DOCKER_MIRROR_URL,
        "      gpg_fingerprints: {rpm: [" + fpr + "], apt: [" + fpr + "]}",
        "  hosts:",
        "    " + host() + ": {}",
        ""));
    return w;
  }

  /** A ~/.ssh to mount: the fleet's key (0600) when {@code withKey}, and a known_hosts with these lines. */
  private Path sshDir(String name, boolean withKey, String... knownHosts) throws IOException {
    Path d = Files.createDirectories(tmp.resolve(name));
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
    if (withKey) {
      Files.copy(fleet.privateKey(), d.resolve("id_ed25519"));
      Files.setPosixFilePermissions(d.resolve("id_ed25519"), PosixFilePermissions.fromString("rw-------"));
    }
    Files.writeString(d.resolve("known_hosts"),
        Stream.of(knownHosts).map(l -> l + "\n").reduce("", String::concat));
    return d;
  }

  private static List<String> mounts(Path work, Path ssh, String sshMode) {
    return List.of("-v", work + ":/work", "-v", ssh + ":/root/.ssh:" + sshMode);
  }

  private void assertPlanned(Run r) {
    assertThat(r.exit()).as("exit code of apply --check with pending changes: %s", r).isEqualTo(DRIFT);
    assertThat(r.out()).contains(host()).contains("docker-ce");
    assertThat(r.all()).doesNotContain("Exception").as("no JVM or library warnings").doesNotContain("WARNING");
  }

  @Test
  void theImageAnswersVersionAndHelpAndItsAotCacheWorksFromAReadOnlyRoot() throws Exception {
    Run help = run(tmp, List.of("docker", "run", "--rm", image));
    assertThat(help.exit()).as(help.toString()).isZero();
    assertThat(help.out()).contains("Usage: jprov").contains("apply");

    // -XX:AOTMode=on: the JVM refuses to start unless the cache made at build time maps, even on a read-only root
    Run aot = run(tmp, List.of("docker", "run", "--rm", "--read-only", "--user", "4321",
        "-e", "JPROV_JAVA_OPTS=-XX:AOTMode=on", image, "version"));
    assertThat(aot.exit()).as(aot.toString()).isZero();
    assertThat(aot.out()).startsWith("jprov " + image.substring(image.indexOf(':') + 1));

    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      Run v = run(tmp, List.of("docker", "run", "--rm", image, "version"));
      assertThat(v.exit()).as(v.toString()).isZero();
      best = Math.min(best, v.millis());
    }
    long size = Long.parseLong(run(tmp, List.of("docker", "image", "inspect", "-f", "{{.Size}}", image)).out().strip());
    System.out.printf("BENCH container-image size=%d MB docker-run-version=%d ms (best of 3; image %s)%n",
        size / 1_000_000, best, image);
  }

  @Test
  void keyAndKnownHostsMountedReadOnly() throws Exception {
    Path work = workspace("a", "strict");
    Path ssh = sshDir("ssh-a", true, knownHostsLine);
    Run r = docker(mounts(work, ssh, "ro"), "apply", "--check", "--no-color", "-i", "inventory.yml",
        "--json", "plan.json");
    assertPlanned(r);
    // relative paths are the workspace's: the report lands in the mounted directory
    assertThat(Files.readString(work.resolve("plan.json"))).contains("\"" + host() + "\"");
  }

  @Test
  void theKeyFromAnSshAgentSocketAndNoKeyFile() throws Exception {
    Path work = workspace("b", "strict");
    Path ssh = sshDir("ssh-b", false, knownHostsLine);
    Path sock = tmp.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("agent.log").toFile()).start();
    try {
      for (int i = 0; i < 100 && !Files.exists(sock); i++) {
        Thread.sleep(50);
      }
      Run add = run(tmp, List.of("ssh-add", fleet.privateKey().toString()), "SSH_AUTH_SOCK", sock.toString());
      assertThat(add.exit()).as("ssh-add: %s", add).isZero();

      List<String> opts = new ArrayList<>(mounts(work, ssh, "ro"));
      opts.addAll(List.of("-v", sock + ":/ssh-agent", "-e", "SSH_AUTH_SOCK=/ssh-agent"));
      assertPlanned(docker(opts, "apply", "--check", "--no-color", "-i", "inventory.yml"));

      // the control: the same run without the agent has nothing to authenticate with
      Run none = docker(mounts(work, ssh, "ro"), "apply", "--check", "--no-color", "-i", "inventory.yml");
      assertThat(none.exit()).as("no key, no agent: %s", none).isEqualTo(UNREACHABLE);
      assertThat(none.all()).contains(host()).contains("authentication failed for user " + TestFleet.OPS_USER)
          .doesNotContain("Exception");
    } finally {
      agent.destroy();
      agent.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void acceptNewNeedsAWritableKnownHosts() throws Exception {
    Path work = workspace("c", "accept-new");
    Path ssh = sshDir("ssh-c", true);

    Run ro = docker(mounts(work, ssh, "ro"), "apply", "--check", "--no-color", "-i", "inventory.yml");
    assertThat(ro.exit()).as("accept-new, read-only known_hosts: %s", ro).isEqualTo(UNREACHABLE);
    assertThat(ro.all())
        .contains(host() + " (" + host() + ":22): host key unknown (")
        .contains("host_key_checking accept-new cannot record it in /root/.ssh/known_hosts: read-only file system")
        .contains("ssh-keyscan " + host() + " >> /root/.ssh/known_hosts")
        .doesNotContain("Exception");
    assertThat(Files.readString(ssh.resolve("known_hosts"))).isEmpty();
    ro.all().lines().filter(l -> l.contains("cannot record"))
        .forEach(l -> System.out.println("accept-new, read-only: " + l));

    assertPlanned(docker(mounts(work, ssh, "rw"), "apply", "--check", "--no-color", "-i", "inventory.yml"));
    String recorded = Files.readString(ssh.resolve("known_hosts"));
    assertThat(recorded).startsWith(host() + " ssh-").hasLineCount(1);

    // the recorded key is what a strict, read-only run then trusts
    Path strict = workspace("c-strict", "strict");
    assertPlanned(docker(mounts(strict, ssh, "ro"), "apply", "--check", "--no-color", "-i", "inventory.yml"));
  }

  @Test
  void anArbitraryUidWithTheImagesHomeOrItsOwn() throws Exception {
    int uid = 4321;
    Path work = workspace("d", "strict");
    Path ssh = sshDir("ssh-d", true, knownHostsLine);
    for (Path p : List.of(work, work.resolve("inventory.yml"), ssh, ssh.resolve("id_ed25519"),
        ssh.resolve("known_hosts"))) {
      Files.setAttribute(p, "unix:uid", uid);
      Files.setAttribute(p, "unix:gid", uid);
    }
    // the image's HOME (/root, shared by every uid)
    List<String> opts = new ArrayList<>(List.of("--user", uid + ":" + uid));
    opts.addAll(mounts(work, ssh, "ro"));
    Run r = docker(opts, "apply", "--check", "--no-color", "-i", "inventory.yml", "--json", "plan.json");
    assertPlanned(r);
    assertThat(Files.getAttribute(work.resolve("plan.json"), "unix:uid")).isEqualTo(uid);

    // a HOME of the job's choosing: ~/.ssh is found under it
    Run own = docker(List.of("--user", uid + ":" + uid, "-e", "HOME=/home/ci", "-v", work + ":/work",
        "-v", ssh + ":/home/ci/.ssh:ro"), "apply", "--check", "--no-color", "-i", "inventory.yml");
    assertPlanned(own);
  }
}
