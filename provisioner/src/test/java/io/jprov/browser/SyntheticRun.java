package io.jprov.browser;

import io.jprov.report.HostResult;
import io.jprov.report.RunResult;
import io.jprov.report.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A made-up fleet run of the Docker CE playbook (seeded, so every build sees the same one), for the HTML report's
 * tests: mostly ok and changed hosts, a few percent failed or unreachable with a handful of distinct causes whose
 * messages name the host and its address (so that grouping has to take them out), some interrupted and not run,
 * deferred restarts, and durations from seconds to minutes. {@link #expected} says what a page must show.
 */
public final class SyntheticRun {
  /** The failure causes, as a host's message; {@code %h} is the host name, {@code %a} its address. */
  static final List<String> FAILED_CAUSES = List.of(
      "7. Docker CE installed: yum install failed (exit 1): No package docker-ce-26.1.4 available.",
      "2. base repositories reachable: %h cannot reach http://%a/centos (curl: (7) Failed to connect to %a port 80)",
      "1. preflight: %h runs kernel 3.2.0 (< 3.10)");
  static final List<String> UNREACHABLE_CAUSES = List.of(
      "%h (%a:22): connection refused",
      "%h (%a:22): connection timed out");
  static final String INTERRUPTED = "interrupted (SIGTERM) during 7. Docker CE installed";

  private static final String[][] TASKS = {
      {"1. preflight: a supported platform, x86_64, kernel >= 3.10, root or sudo", "assert_platform"},
      {"2. base repositories reachable (EOL: vault or internal mirror)", "base_repos"},
      {"4. prerequisites installed", "package"},
      {"5a. Docker's signing key (pinned fingerprint) imported into rpm", "rpm_key"},
      {"5. docker-ce repository on the configured mirror", "template"},
      {"6. metadata refreshed (yum makecache fast, dnf makecache, apt-get update) when a repository file changed",
          "command"},
      {"7. Docker CE installed at docker.version, the whole set pinned together, replacing the old packages",
          "package"},
      {"8a. /etc/docker exists", "file"},
      {"8b. /etc/docker/daemon.json (registry mirrors, log options, docker.daemon)", "template"},
      {"8c. drop-in directory for the proxy", "file"},
      {"8e. no proxy drop-in when no proxy is configured", "file"},
      {"9. br_netfilter loaded, bridge-nf-call-iptables/ip6tables = 1, persisted", "sysctl"},
      {"10. docker enabled and started", "service"},
      {"11a. group docker exists", "group"},
      {"11b. docker users in group docker", "user"},
      {"12. hello-world as root and as each docker user (new login)", "docker_verify"},
      {"restart docker", "service"}};

  /** A secret value put into a diff (as a URL password, which masking removes): the page must not hold it. */
  public static final String SECRET = "s3cr3t-in-diff-7f2a";

  /** What the page of {@link #of} must show: host counts by status and the failure groups' sizes, largest first. */
  public record Expected(int hosts, int ok, int changed, int failed, int unreachable, int interrupted, int notRun,
      List<Integer> groupSizes, List<String> slowest) {}

  private SyntheticRun() {}

  /** {@code n} hosts named {@code web-00001}.., plus (when {@code hostile}) hosts named and failing with markup. */
  public static RunResult of(int n, boolean hostile) {
    Random rnd = new Random(15);
    List<HostResult> hosts = new ArrayList<>(n);
    Instant start = Instant.parse("2026-12-01T22:00:00Z");
    for (int i = 1; i <= n; i++) {
      String name = String.format("web-%05d", i);
      String addr = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
      int roll = rnd.nextInt(1000);
      hosts.add(roll < 40 ? failed(rnd, name, addr, roll % FAILED_CAUSES.size())
          : roll < 70 ? unreachable(rnd, name, addr, roll % UNREACHABLE_CAUSES.size())
          : roll < 75 ? stopped(HostResult.Status.INTERRUPTED, name, INTERRUPTED)
          : roll < 85 ? stopped(HostResult.Status.NOT_RUN, name, null)
          : roll < 600 ? converged(rnd, name, false) : converged(rnd, name, true));
    }
    if (hostile) {
      hosts.add(new HostResult("<script>window.__pwned=1</script>", HostResult.Status.FAILED, 1234,
          List.of(task("1. preflight: </script><img src=x onerror=\"window.__pwned=2\">", "assert_platform",
              TaskResult.Status.FAILED, 1200, "<b>bold</b> & </script><script>window.__pwned=3</script>", null)),
          1, "<img src=x onerror=\"window.__pwned=4\"> failed & </script>"));
    }
    long longest = hosts.stream().mapToLong(HostResult::durationMs).max().orElse(0);
    return new RunResult("docker-ce", false, start, start.plus(Duration.ofMillis(longest + 2500)), hosts,
        "max_fail_percentage 10% exceeded");
  }

  /** The facts of {@code run} a page must show, counted here independently of the report code. */
  public static Expected expected(RunResult run) {
    int[] by = new int[HostResult.Status.values().length];
    java.util.Map<String, Integer> groups = new java.util.LinkedHashMap<>();
    for (HostResult h : run.hosts()) {
      by[h.status().ordinal()]++;
      if (h.message() != null && h.status() != HostResult.Status.NOT_RUN) {
        String addr = h.name().startsWith("web-") ? address(h.name()) : null;
        String cause = addr == null ? h.message() : h.message().replace(h.name(), "H").replace(addr, "A");
        groups.merge(h.status() + " " + cause, 1, Integer::sum);
      }
    }
    List<Integer> sizes = groups.values().stream().sorted(java.util.Comparator.reverseOrder()).toList();
    List<String> slowest = run.hosts().stream()
        .sorted(java.util.Comparator.comparingLong(HostResult::durationMs).reversed()).limit(5)
        .map(HostResult::name).toList();
    return new Expected(run.hosts().size(), by[0], by[1], by[2], by[3], by[4], by[5], sizes, slowest);
  }

  private static String address(String name) {
    int i = Integer.parseInt(name.substring(4));
    return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
  }

  private static HostResult converged(Random rnd, String name, boolean changes) {
    List<TaskResult> ts = new ArrayList<>();
    long total = 800 + rnd.nextInt(1500);
    boolean deferred = changes && rnd.nextInt(40) == 0;
    for (String[] t : TASKS) {
      boolean install = t[0].startsWith("7.");
      boolean daemon = t[0].startsWith("8b.");
      if (t[0].equals("restart docker") && !changes) {
        continue;
      }
      long d = install && changes ? 20_000 + (long) (rnd.nextGaussian() * 4000 + 25_000 * rnd.nextDouble()
          * rnd.nextDouble() * 4) : 20 + rnd.nextInt(install ? 900 : 400);
      d = Math.max(5, d);
      total += d;
      if (t[0].equals("restart docker") && deferred) {
        ts.add(task(t[0], t[1], TaskResult.Status.DEFERRED, d,
            "restart deferred: 2 running containers (docker.restart: if-idle)", null));
      } else if (changes && (install || daemon || t[0].equals("restart docker") || t[0].startsWith("5."))) {
        String diff = daemon ? "--- /etc/docker/daemon.json\n+++ /etc/docker/daemon.json (new)\n@@ -1,3 +1,5 @@\n {\n"
            + "-  \"log-driver\": \"journald\"\n+  \"log-driver\": \"json-file\",\n"
            + "+  \"registry-mirrors\": [\"https://ci:" + SECRET + "@registry.example.com\"],\n"
            + "+  \"log-opts\": {\"max-size\": \"10m\"}\n }\n" : null;
        ts.add(task(t[0], t[1], TaskResult.Status.CHANGED, d, install ? "installed docker-ce 26.1.4-1.el7, "
            + "docker-ce-cli 26.1.4-1.el7, containerd.io 1.6.33-3.1.el7" : "wrote " + t[0].split(" ")[1], diff));
      } else if (t[0].startsWith("8c.")) {
        ts.add(task(t[0], t[1], TaskResult.Status.SKIPPED, 0, "no proxy configured", null));
      } else {
        ts.add(task(t[0], t[1], TaskResult.Status.OK, d, null, null));
      }
    }
    return new HostResult(name, changes ? HostResult.Status.CHANGED : HostResult.Status.OK, total, ts, 4 + ts.size(),
        null);
  }

  private static HostResult failed(Random rnd, String name, String addr, int cause) {
    String msg = FAILED_CAUSES.get(cause).replace("%h", name).replace("%a", addr);
    String failing = cause == 0 ? "7." : cause == 1 ? "2." : "1.";
    List<TaskResult> ts = new ArrayList<>();
    long total = 600 + rnd.nextInt(800);
    for (String[] t : TASKS) {
      long d = 30 + rnd.nextInt(cause == 0 && t[0].startsWith("7.") ? 40_000 : 300);
      total += d;
      if (t[0].startsWith(failing)) {
        ts.add(task(t[0], t[1], TaskResult.Status.FAILED, d, msg.substring(msg.indexOf(": ") + 2), null));
        break;
      }
      ts.add(task(t[0], t[1], TaskResult.Status.OK, d, null, null));
    }
    return new HostResult(name, HostResult.Status.FAILED, total, ts, 2 + ts.size(), msg);
  }

  private static HostResult unreachable(Random rnd, String name, String addr, int cause) {
    String msg = UNREACHABLE_CAUSES.get(cause).replace("%h", name).replace("%a", addr);
    return new HostResult(name, HostResult.Status.UNREACHABLE, cause == 0 ? 3 + rnd.nextInt(20) : 10_000, List.of(),
        0, msg);
  }

  private static HostResult stopped(HostResult.Status status, String name, String msg) {
    return new HostResult(name, status, 0, List.of(), 0, msg);
  }

  private static TaskResult task(String name, String module, TaskResult.Status st, long ms, String msg, String diff) {
    List<String> cmds = st == TaskResult.Status.CHANGED || st == TaskResult.Status.FAILED
        ? List.of(module.equals("package") ? "yum install -y docker-ce-26.1.4-1.el7 docker-ce-cli-26.1.4-1.el7"
            : "upload " + name.split(" ")[1] + " (mode 0644)") : List.of();
    return new TaskResult(name, module, st, ms, msg, diff, cmds);
  }
}
