package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.transport.CommandResult;
import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docker_verify}: {@code docker run --rm IMAGE} works as root and as each docker user,
 * checked by {@code Hello from Docker!} in its output. A VERIFY plan: it runs on apply only.
 *
 * <p>Each user runs through {@code su - USER -c ...}: a fresh login session, so a group added by
 * {@code user_groups} in this run applies. This needs root (become), as su asks no password of
 * root. Every run happens in one shell command (one round trip), all of them at once in the
 * background (the hello-world image is pulled once by the daemon however many runs ask for it);
 * then each prints, in order, a marker line with its exit code and its output.
 *
 * <p>With a {@code health_command}, the same script then runs it as root (through {@code sh -c}), once
 * the root run exited 0, every 2 s until it exits 0 or {@code health_timeout} seconds have passed (each
 * try bounded by {@code timeout} where coreutils has it), and prints a marker with its last exit code
 * and tries, then its last output: the host passes only when it answered. This is a rolling play's
 * gate (docs/playbooks.md): a host whose workload does not come back fails, and the failure budget
 * stops the next batch.
 */
public final class DockerVerifyModule implements TaskModule<DockerVerifyModule.Arguments> {
  static final String HELLO = "Hello from Docker!";
  static final String MARK = "::jprov-verify:";
  private static final Pattern FRAME = Pattern.compile("(?m)^::jprov-verify:([^:\\n]+):(\\d+)::$");
  static final String HEALTH_MARK = "::jprov-health:";
  private static final Pattern HEALTH_FRAME = Pattern.compile("(?m)^::jprov-health:(\\d+):(\\d+)::$");
  private static final ArgType<String> IMAGE = ArgType.named("image", Pattern.compile("[a-z0-9][a-z0-9._/:@-]*"));
  /** Seconds, 1 to 3600: a whole number, also written as text (what {@code ${}} yields inside a string). */
  private static final ArgType<Integer> SECONDS = ArgType.custom("seconds (1 to 3600)", v -> {
    String s = v instanceof Number || v instanceof String ? String.valueOf(v).strip() : null;
    if (s == null || !s.matches("\\d{1,4}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > 3600) {
      throw new ModuleArgsException("must be a number of seconds from 1 to 3600, found " + io.jprov.util.Text.describe(v));
    }
    return Integer.parseInt(s);
  });

  private static final ArgSpec SPEC = ArgSpec.of("docker_verify",
          "Docker runs a container as root and as each docker user (checked on apply only; nothing changes).")
      .optional("users", UserGroupsModule.USERS, List.of(),
          "The users who must be able to run containers; when empty, default_user.")
      .optional("default_user", UserGroupsModule.DEFAULT_USER, "",
          "The user checked when users is empty (the playbook passes the SSH user); empty or root checks root only.")
      .optional("image", IMAGE, "hello-world", "The image run; its output must say \"" + HELLO + "\".")
      .optional("pull", ArgType.BOOL, true,
          "Pull the image if missing; false adds --pull=never, for offline hosts whose image came with the bundle.")
      .optional("health_command", ArgType.STRING, "",
          "A shell command run as root after the image ran (e.g. curl -fsS http://localhost:8080/health), retried"
              + " every 2 s until it exits 0; the task fails with its last output when health_timeout passes first."
              + " Empty: none.")
      .optional("health_timeout", SECONDS, 60, "How long health_command may take to pass, in seconds (1 to 3600).")
      .build();

  /**
   * The parsed arguments.
   *
   * @param users the users checked besides root
   * @param healthCommand run as root after the image ran, until it exits 0; empty: none
   * @param healthTimeout seconds {@code healthCommand} may take to pass
   */
  public record Arguments(List<String> users, String image, boolean pull, String healthCommand, int healthTimeout) {

    /** Without a health command. */
    public Arguments(List<String> users, String image, boolean pull) {
      this(users, image, pull, "", 60);
    }
  }

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    return new Arguments(UserGroupsModule.members(a.list("users"), a.string("default_user")), a.string("image"),
        a.bool("pull"), a.string("health_command").strip(), a.<Integer>value("health_timeout"));
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    return List.of();
  }

  static String dockerRun(Arguments a) {
    return "docker run --rm " + (a.pull() ? "" : "--pull=never ") + Sh.quote(a.image());
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    List<String> users = a.users();
    String run = dockerRun(a);
    StringBuilder s = new StringBuilder();
    // each run in the background, its output and status in files of a root-only directory; then
    // printed in order, framed as one run at a time would be
    s.append("d=$(mktemp -d) || exit 1\ntrap 'rm -rf \"$d\"' EXIT\n");
    s.append("jprov_run() { n=$1; shift; \"$@\" >\"$d/$n\" 2>&1 </dev/null; echo $? >\"$d/$n.rc\"; }\n");
    s.append("jprov_run 0 ").append(run).append(" &\n");
    List<String> who = new ArrayList<>(List.of("root"));
    for (String u : users) {
      s.append("jprov_run ").append(who.size()).append(" su - ").append(Sh.quote(u)).append(" -c ")
          .append(Sh.quote(run)).append(" &\n");
      who.add(u);
    }
    s.append("wait\n");
    s.append("jprov_show() { out=$(cat \"$d/$2\" 2>/dev/null); rc=$(cat \"$d/$2.rc\" 2>/dev/null) || rc=255; printf '")
        .append(MARK).append("%s:%d::\\n%s\\n' \"$1\" \"$rc\" \"$out\"; }\n");
    for (int k = 0; k < who.size(); k++) {
      s.append("jprov_show ").append(k == 0 ? "root" : Sh.quote(who.get(k))).append(' ').append(k).append('\n');
    }
    String what = run + " as " + String.join(", ", who);
    if (!a.healthCommand().isEmpty()) {
      health(s, a);
      what += ", then the health command (up to " + a.healthTimeout() + " s)";
    }
    s.append("exit 0");
    return Plan.verify(what, List.of(new Command.Shell(s.toString(), what)));
  }

  /**
   * The health command, once root's run exited 0: tried every 2 s until it exits 0 or the timeout passed,
   * then a marker with its last exit code and the tries, and its last output.
   */
  private static void health(StringBuilder s, Arguments a) {
    s.append("if [ \"$(cat \"$d/0.rc\" 2>/dev/null)\" = 0 ]; then\n");
    s.append("  if command -v timeout >/dev/null 2>&1; then jprov_to='timeout ").append(a.healthTimeout())
        .append("'; else jprov_to=''; fi\n");
    s.append("  jprov_end=$(( $(date +%s) + ").append(a.healthTimeout()).append(" ))\n");
    s.append("  jprov_tries=0\n");
    s.append("  while :; do\n");
    s.append("    jprov_tries=$((jprov_tries + 1))\n");
    s.append("    jprov_out=$($jprov_to sh -c ").append(Sh.quote(a.healthCommand())).append(" 2>&1 </dev/null)\n");
    s.append("    jprov_rc=$?\n");
    s.append("    [ \"$jprov_rc\" -eq 0 ] && break\n");
    s.append("    [ \"$(date +%s)\" -lt \"$jprov_end\" ] || break\n");
    s.append("    sleep 2\n");
    s.append("  done\n");
    s.append("  printf '").append(HEALTH_MARK).append("%d:%d::\\n%s\\n' \"$jprov_rc\" \"$jprov_tries\" \"$jprov_out\"\n");
    s.append("fi\n");
  }

  @Override
  public Outcome interpret(Arguments a, Plan plan, List<CommandResult> results) {
    if (results.isEmpty() || !results.get(0).ok()) {
      return Outcomes.standard(plan, results);
    }
    String out = results.get(0).stdout();
    Matcher h = HEALTH_FRAME.matcher(out);
    String[] health = null; // exit code, tries, output
    if (!a.healthCommand().isEmpty() && h.find()) {
      health = new String[] {h.group(1), h.group(2), out.substring(h.end())};
      out = out.substring(0, h.start());
    }
    List<String> expected = new ArrayList<>(List.of("root"));
    expected.addAll(a.users());
    Matcher m = FRAME.matcher(out);
    List<String[]> runs = new ArrayList<>();
    int prevEnd = -1;
    String prevLabel = null;
    String prevRc = null;
    while (m.find()) {
      if (prevLabel != null) {
        runs.add(new String[] {prevLabel, prevRc, out.substring(prevEnd, m.start())});
      }
      prevLabel = m.group(1);
      prevRc = m.group(2);
      prevEnd = m.end();
    }
    if (prevLabel != null) {
      runs.add(new String[] {prevLabel, prevRc, out.substring(prevEnd)});
    }
    List<String> seen = new ArrayList<>();
    for (String[] r : runs) {
      seen.add(r[0]);
      if (!r[1].equals("0") || !r[2].contains(HELLO)) {
        String as = r[0].equals("root") ? "as root" : "as " + r[0] + " (new login)";
        return Outcome.failed(dockerRun(a) + " " + as + " failed (exit " + r[1] + "): " + error(r[2]));
      }
    }
    if (!seen.containsAll(expected)) {
      return Outcome.failed("verification output incomplete: expected runs as " + String.join(", ", expected)
          + ", saw " + (seen.isEmpty() ? "none" : String.join(", ", seen)) + ": " + Outcomes.errorText(results.get(0)));
    }
    String hello = "Hello from Docker! as " + String.join(", ", expected);
    if (a.healthCommand().isEmpty()) {
      return Outcome.ok(hello);
    }
    if (health == null) {
      return Outcome.failed(hello + ", but the health command did not report (the script was cut short): "
          + Outcomes.errorText(results.get(0)));
    }
    int tries = Integer.parseInt(health[1]);
    String tried = tries + (tries == 1 ? " try" : " tries");
    if (!health[0].equals("0")) {
      return Outcome.failed("health command did not pass within " + a.healthTimeout() + " s (" + tried + ", last exit "
          + health[0] + (health[0].equals("124") ? ": timed out" : "") + "): " + lastLines(health[2]) + " (" + hello
          + ")");
    }
    return Outcome.ok(hello + "; health command passed" + (tries == 1 ? "" : " after " + tried));
  }

  /** The last few non-blank lines of an output, joined: what the health command said last. */
  static String lastLines(String output) {
    List<String> lines = output.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return lines.isEmpty() ? "no output" : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
  }

  /** The run's own error: the docker/su error lines, else its last lines. */
  static String error(String output) {
    List<String> lines = new ArrayList<>();
    for (String l : output.strip().split("\n")) {
      if (!l.isBlank()) {
        lines.add(l.strip());
      }
    }
    List<String> errors = lines.stream()
        .filter(l -> l.startsWith("docker:") || l.contains("permission denied") || l.contains("Cannot connect")
            || l.toLowerCase().startsWith("error") || l.startsWith("su:") || l.contains("not available"))
        .toList();
    List<String> pick = errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - 3), lines.size()) : errors;
    return pick.isEmpty() ? "no output" : String.join(" | ", pick.subList(0, Math.min(3, pick.size())));
  }
}
