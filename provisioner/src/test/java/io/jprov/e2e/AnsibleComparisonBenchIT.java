package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.testfleet.ExecResult;
import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.Variant;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (prints figures, asserts behaviour only): the Docker CE playbook against its Ansible 2.14 equivalent
 * ({@code bench/ansible/docker-ce.yml}, README there) on 10 fresh CentOS 7 test-fleet hosts per tool, forks 10 for
 * both, each run as a user runs it (a process: {@code ansible-playbook}, the jprov CLI's jar): first run, then the
 * no-change re-run. Both must converge (docker active, the pinned set installed, hello-world run as root and as
 * ops by the tool itself) and the re-runs must change nothing (Ansible's recap {@code changed=0} on every host,
 * jprov exit 0 with no changed task). Times are printed, never asserted.
 *
 * <p>Needs {@code ansible-playbook} on the PATH (scripts/test installs Debian's {@code ansible} as root): without
 * it the test skips, or fails when {@code CI=true} (or {@code -Djprov.requireAnsible=true}).
 */
class AnsibleComparisonBenchIT extends FleetTestBase {
  private static final int HOSTS = 10;
  private static final int FORKS = 10;
  private static final long RUN_TIMEOUT_MIN = 20;
  /** One line of Ansible's PLAY RECAP. */
  private static final Pattern RECAP = Pattern.compile(
      "^(\\S+)\\s+: ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)\\s+skipped=(\\d+)"
      + "\\s+rescued=(\\d+)\\s+ignored=(\\d+)", Pattern.MULTILINE);

  /** A finished process: exit code, combined output, wall time. */
  record Proc(int code, String output, long millis) {}

  @Test
  void dockerCeJprovAgainstAnsible() throws Exception {
    Path ansible = ansiblePlaybook();
    Path home = Path.of(System.getProperty("jprov.home", "..")).toAbsolutePath().normalize();
    Path bench = home.resolve("bench/ansible");

    Proc ansibleFirst;
    Proc ansibleRerun;
    String ansibleDaemonJson;
    String ansibleRepos;
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, HOSTS)) {
      // the Python the test hosts keep off the PATH for dnf (testfleet/host/setup.sh)
      String python = fleet.host(0).shOk("ls /usr/libexec/platform-python3.* | head -n 1").strip();
      assertThat(python).as("the test hosts' Python").startsWith("/usr/libexec/platform-python3.");
      Path inventory = tmp.resolve("ansible-inventory.yml");
      Proc conv = run(List.of("python3", bench.resolve("inventory.py").toString(), fleet.inventory().toString(),
          "--python", python, "--var", "package_backend=dnf", "--var", "modprobe_module=false"), Map.of(), 1);
      assertThat(conv.code()).as("inventory.py\n" + conv.output()).isZero();
      Files.writeString(inventory, conv.output());

      ansibleFirst = ansible(ansible, bench, inventory, "first");
      Map<String, int[]> recap = recap(ansibleFirst);
      for (FleetHost h : fleet.hosts()) {
        int[] r = recap.get(h.name());
        assertThat(r[3] + r[4]).as("unreachable + failed on " + h + "\n" + ansibleFirst.output()).isZero();
        assertThat(r[2]).as("changed tasks on fresh " + h).isPositive();
        // hello-world ran in the play, as root and as ops (failed_when needs "Hello from Docker!")
        assertThat(taskLines(ansibleFirst.output(), "12. hello-world as root"))
            .as(h.name()).contains("ok: [" + h.name() + "]");
        assertThat(taskLines(ansibleFirst.output(), "12. hello-world as each docker user"))
            .as(h.name()).contains("ok: [" + h.name() + "] => (item=ops)");
        assertConverged(h);
      }
      ansibleDaemonJson = fleet.host(0).daemonJson().orElseThrow();
      ansibleRepos = repos(fleet.host(0));

      ansibleRerun = ansible(ansible, bench, inventory, "rerun");
      recap = recap(ansibleRerun);
      for (FleetHost h : fleet.hosts()) {
        int[] r = recap.get(h.name());
        assertThat(r[3] + r[4]).as("unreachable + failed on " + h + "\n" + ansibleRerun.output()).isZero();
        assertThat(r[2]).as("Ansible re-run: changed on " + h + "\n" + ansibleRerun.output()).isZero();
        assertThat(taskLines(ansibleRerun.output(), "12. hello-world as each docker user"))
            .as(h.name()).contains("ok: [" + h.name() + "] => (item=ops)");
      }
    }

    Proc jprovFirst;
    Proc jprovRerun;
    try (TestFleet fleet = TestFleet.start(Variant.FRESH, HOSTS)) {
      String inv = fleet.inventory().toString();
      Path firstReport = tmp.resolve("jprov-first.json");
      jprovFirst = jprov(firstReport, inv);
      assertThat(jprovFirst.code()).as("jprov first run\n" + jprovFirst.output()).isZero();
      JsonNode first = JprovProcess.json(firstReport);
      for (FleetHost h : fleet.hosts()) {
        JsonNode host = ApplyRun.host(first, h.name());
        assertThat(host.get("status").asText()).as(h.name()).isEqualTo("changed");
        assertThat(task(host, "12. hello-world").get("status").asText()).as(h.name()).isEqualTo("ok");
        assertConverged(h);
      }
      // both tools write the same daemon.json (same keys, values and order) and repository files
      assertThat(new ObjectMapper().readTree(fleet.host(0).daemonJson().orElseThrow()).toString())
          .isEqualTo(new ObjectMapper().readTree(ansibleDaemonJson).toString());
      assertThat(repos(fleet.host(0))).isEqualTo(ansibleRepos);

      Path rerunReport = tmp.resolve("jprov-rerun.json");
      jprovRerun = jprov(rerunReport, inv);
      assertThat(jprovRerun.code()).as("jprov re-run\n" + jprovRerun.output()).isZero();
      JsonNode rerun = JprovProcess.json(rerunReport);
      assertThat(rerun.at("/summary/changed").asInt()).as(jprovRerun.output()).isZero();
      assertThat(rerun.at("/summary/tasks_changed").asInt()).as(jprovRerun.output()).isZero();
      assertThat(rerun.at("/summary/ok").asInt()).isEqualTo(HOSTS);
      for (FleetHost h : fleet.hosts()) {
        assertThat(task(ApplyRun.host(rerun, h.name()), "12. hello-world").get("status").asText())
            .as(h.name()).isEqualTo("ok");
      }
    }

    System.out.printf(Locale.ROOT, "BENCH ansible-vs-jprov hosts=%d forks=%d ansible_first=%.1f s ansible_rerun=%.1f s"
        + " jprov_first=%.1f s jprov_rerun=%.1f s first_ratio=%.3f rerun_ratio=%.3f"
        + " (processes from start to exit; ratio = jprov / ansible; %s)%n",
        HOSTS, FORKS, ansibleFirst.millis() / 1000.0, ansibleRerun.millis() / 1000.0,
        jprovFirst.millis() / 1000.0, jprovRerun.millis() / 1000.0,
        (double) jprovFirst.millis() / ansibleFirst.millis(), (double) jprovRerun.millis() / ansibleRerun.millis(),
        ansibleVersion(ansible));
  }

  /** Converged as the playbook says: the pinned set, docker enabled and active, the bridge sysctls, ops in docker. */
  private static void assertConverged(FleetHost h) throws IOException {
    assertSet(h, SET_26);
    assertThat(h.serviceActive("docker")).as(h.name()).isEqualTo("active");
    assertThat(h.serviceEnabled("docker")).as(h.name()).isEqualTo("enabled");
    assertThat(h.sysctl("net.bridge.bridge-nf-call-iptables")).as(h.name()).contains("1");
    assertThat(h.sysctl("net.bridge.bridge-nf-call-ip6tables")).as(h.name()).contains("1");
    assertThat(h.groupMembers("docker").orElseThrow()).as(h.name()).contains(TestFleet.OPS_USER);
    ExecResult hello = h.sshRun(TestFleet.OPS_USER, "docker run --rm hello-world");
    assertThat(hello.stdout()).as(h.name() + " " + hello).contains("Hello from Docker!");
  }

  /** The repository files' settings (comment lines left out: each tool writes its own header). */
  private static String repos(FleetHost h) {
    return h.shOk("grep -hv '^#' /etc/yum.repos.d/CentOS-Base.repo /etc/yum.repos.d/docker-ce.repo");
  }

  private static JsonNode task(JsonNode host, String prefix) {
    for (JsonNode t : host.get("tasks")) {
      if (t.get("name").asText().startsWith(prefix)) {
        return t;
      }
    }
    throw new AssertionError("no task " + prefix + " in " + host);
  }

  /** {@code ansible-playbook} on the PATH; skips without it, or fails in CI. */
  private static Path ansiblePlaybook() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "ansible-playbook");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String why = "ansible-playbook is not on the PATH (apt-get install ansible; scripts/test does it as root)";
    if ("true".equals(System.getenv("CI")) || Boolean.getBoolean("jprov.requireAnsible")) {
      fail(why + "; CI=true requires it");
    }
    Assumptions.abort(why);
    return null;
  }

  /**
   * {@code ansible-playbook docker-ce.yml} with bench/ansible/ansible.cfg, forks 10. Each run gets its own SSH
   * control-socket directory, so that it opens its connections as a new process does (an earlier run's
   * ControlPersist masters would otherwise be reused for 60 s), as each jprov run opens its own.
   */
  private Proc ansible(Path ansiblePlaybook, Path bench, Path inventory, String label)
      throws IOException, InterruptedException {
    Path cp = Files.createDirectories(tmp.resolve("ansible-cp-" + label));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ANSIBLE_CONFIG", bench.resolve("ansible.cfg").toString());
    env.put("ANSIBLE_SSH_CONTROL_PATH_DIR", cp.toString());
    env.put("ANSIBLE_LOCAL_TEMP", Files.createDirectories(tmp.resolve("ansible-local-" + label)).toString());
    env.put("ANSIBLE_NOCOLOR", "1");
    env.put("ANSIBLE_STDOUT_CALLBACK", "default");
    env.put("LC_ALL", "C.UTF-8");   // ansible-core refuses a non-UTF-8 locale
    Proc p = run(List.of(ansiblePlaybook.toString(), "-i", inventory.toString(), "--forks", String.valueOf(FORKS),
        bench.resolve("docker-ce.yml").toString()), env, RUN_TIMEOUT_MIN);
    System.out.println("$ ansible-playbook (" + label + ", " + p.millis() + " ms, exit " + p.code() + ")\n"
        + p.output());
    assertThat(p.code()).as("ansible-playbook " + label + " exit code").isZero();
    return p;
  }

  /** {@code jprov apply -i INV --forks 10 --json REPORT} as a process (the jar, as the launcher runs it). */
  private Proc jprov(Path report, String inventory) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = JprovProcess.start(tmp, "apply", "--no-color", "-i", inventory, "--forks", String.valueOf(FORKS),
        "--json", report.toString());
    if (!p.waitFor(RUN_TIMEOUT_MIN, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("jprov did not finish in " + RUN_TIMEOUT_MIN + " min\n" + JprovProcess.output(p));
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new Proc(p.exitValue(), JprovProcess.output(p), ms);
  }

  /** Runs {@code cmd} with {@code env} added, stdout and stderr together into a file of {@code tmp}. */
  private Proc run(List<String> cmd, Map<String, String> env, long timeoutMin)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(tmp, "proc-", ".out");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(timeoutMin, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " did not finish in " + timeoutMin + " min\n" + Files.readString(out));
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new Proc(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), ms);
  }

  /** PLAY RECAP per host: ok, changed, unreachable, failed, skipped, rescued, ignored at indexes 1..7. */
  static Map<String, int[]> recap(Proc p) {
    String out = p.output();
    int at = out.lastIndexOf("PLAY RECAP");
    assertThat(at).as("no PLAY RECAP in\n" + out).isNotNegative();
    Map<String, int[]> hosts = new LinkedHashMap<>();
    Matcher m = RECAP.matcher(out.substring(at));
    while (m.find()) {
      int[] r = new int[8];
      for (int i = 2; i <= 8; i++) {
        r[i - 1] = Integer.parseInt(m.group(i));
      }
      hosts.put(m.group(1), r);
    }
    assertThat(hosts).as("recap of\n" + out).hasSize(HOSTS);
    return hosts;
  }

  /** The result lines of the task named {@code name}: from its {@code TASK [name]} header to the next header. */
  static List<String> taskLines(String output, String name) {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    for (String line : output.lines().toList()) {
      if (line.startsWith("TASK [") || line.startsWith("RUNNING HANDLER [") || line.startsWith("PLAY RECAP")) {
        in = line.startsWith("TASK [" + name + "]");
      } else if (in) {
        lines.add(line.strip());
      }
    }
    return lines;
  }

  private String ansibleVersion(Path ansiblePlaybook) throws IOException, InterruptedException {
    Proc v = run(List.of(ansiblePlaybook.toString(), "--version"), Map.of("LC_ALL", "C.UTF-8"), 1);
    return v.output().lines().findFirst().orElse("ansible-playbook ?").strip();
  }
}
