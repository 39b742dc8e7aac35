package io.jprov.transport;

import io.jprov.util.Sh;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small POSIX sh wrapper every remote command runs under, so that jprov controls the life of
 * what it starts (issue 9: EL7's OpenSSH 7.4 ignores channel signals, and closing a channel does not
 * stop a command that is not writing).
 *
 * <p>The wrapper, run as the command's user (root with {@code become}):
 *
 * <ol>
 *   <li>as root, refuses to start ({@link #BUSY}) while a command of <em>another</em> jprov
 *       connection whose SSH session is gone (an interrupted or killed run) is still running, as
 *       registered in {@code /run/jprov} (root-owned, 0700; entries whose group is gone are
 *       removed): the next run says "jprov's own command is still running on this host" instead
 *       of queueing behind it (e.g. on yum's lock). A command of a run that is still connected
 *       does not block (two live runs meet at yum's lock, which {@link #withYumLockWait} makes
 *       visible and bounded);
 *   <li>starts the script with {@code setsid} in the background, so that it and everything it
 *       starts form one process group whose id is the child's pid; stdin, stdout, stderr and the
 *       exit status are the script's (the wrapper itself reads no input and prints nothing on
 *       stdout);
 *   <li>registers {@code PGID CONNECTION START SESSION DESCRIPTION} in {@code /run/jprov/TOKEN.pid} (as
 *       root) and prints one marker line on stderr, {@code jprov-started-TOKEN PGID}, which the
 *       transport removes from the output; for sudo it is also the sign that the password exchange
 *       is over;
 *   <li>watches the SSH session process (the nearest ancestor named {@code sshd*}, found through
 *       {@code /proc}; else the parent of the first {@code sh}, passed through sudo as {@code $1}):
 *       when it goes away (connection dropped or abandoned) the whole group gets SIGTERM, then
 *       SIGKILL 2 s later;
 *   <li>waits for the script, removes its registration and exits with its status.
 * </ol>
 *
 * On a timeout or {@link Connection#abandon()} the transport kills the group itself through a
 * second command ({@link #killScript}), since the session stays up.
 */
public final class RemoteProcess {
  /** The wrapper's exit status when another jprov run's command is still running there. */
  public static final int BUSY = 125;
  /** Seconds a yum command waits for another holder of yum's lock before failing. */
  public static final int YUM_LOCK_WAIT_SECONDS = 60;
  /**
   * Where commands run as root are registered. {@code /var/run} is a link to it on EL7. The
   * environment variable {@code JPROV_RUN_DIR} overrides it (the in-process test servers, which
   * all run on one machine, each act as a host of their own); sudo's env_reset drops it.
   */
  public static final String PID_DIR = "/run/jprov";

  private static final Pattern SAFE_DESC = Pattern.compile("[^A-Za-z0-9 ._/:=,+@-]");

  private RemoteProcess() {}

  /**
   * The wrapper around {@code script}; run it as {@code sh -c WRAPPER} ({@code sh -c WRAPPER jprov
   * SESSION_PID} under sudo). Apart from its marker line it writes nothing to stdout or stderr.
   *
   * @param token this command's random id (a word)
   * @param connection the connection's random id (a word): its own earlier commands never block it
   * @param asRoot the command runs as root (root login or sudo): only then is it registered
   */
  public static String wrap(String script, String token, String connection, boolean asRoot) {
    String child = withYumLockWait(script);
    return "P=${1:-$PPID}\n"
        // the nearest sshd ancestor is the session (a login shell that did not exec sits between)
        + "q=$P; i=0\n"
        + "while [ \"$i\" -lt 5 ] && [ \"${q:-1}\" -gt 1 ] 2>/dev/null && read -r jn 2>/dev/null < \"/proc/$q/comm\"; do\n"
        + "  case $jn in sshd*) P=$q; break;; esac\n"
        + "  read -r js 2>/dev/null < \"/proc/$q/stat\" || break\n"
        + "  js=${js##*) }; set -- $js; q=$2; i=$((i + 1))\n"
        + "done\n"
        + (asRoot
            // /run is writable by root only, so nobody else can have made /run/jprov
            ? "D=${JPROV_RUN_DIR:-" + PID_DIR + "}\n"
                + "[ -e \"$D\" ] || [ -L \"$D\" ] || mkdir -m 0700 \"$D\" 2>/dev/null\n"
                + "if [ -L \"$D\" ] || [ ! -d \"$D\" ]; then D=; fi\n"
            : "D=\n")
        + "if [ -n \"$D\" ]; then\n"
        + "  for f in \"$D\"/*.pid; do\n"
        + "    [ -f \"$f\" ] || continue\n"
        + "    jg=; jc=; js=; jp=; jd=; read -r jg jc js jp jd < \"$f\"\n"
        + "    [ \"$jc\" = " + connection + " ] && continue\n"
        // a live run's command (its session still there) is not ours to judge: yum's lock serialises
        + "    if [ -n \"$jp\" ] && kill -s 0 \"$jp\" 2>/dev/null; then continue; fi\n"
        // its session is gone, so its wrapper is killing it (TERM, KILL 2 s later): give that time
        + "    jw=0; while [ -n \"$jg\" ] && [ \"$jw\" -lt 10 ] && kill -s 0 -- \"-$jg\" 2>/dev/null; do\n"
        + "      sleep 0.5 2>/dev/null || sleep 1; jw=$((jw + 1)); done\n"
        + "    if [ -n \"$jg\" ] && kill -s 0 -- \"-$jg\" 2>/dev/null; then\n"
        + "      printf 'jprov-busy-" + token + " %s %s %s\\n' \"$jg\" \"$js\" \"$jd\" >&2\n"
        + "      exit " + BUSY + "\n"
        + "    fi\n"
        + "    rm -f \"$f\"\n"
        + "  done\n"
        + "fi\n"
        + "S=; command -v setsid >/dev/null 2>&1 && S=setsid\n"
        // a background job's stdin is /dev/null before its redirections: hand it over on fd 3
        + "exec 3<&0\n"
        + "$S sh -c " + Sh.quote(child) + " <&3 3<&- &\n"
        + "c=$!\n"
        + "exec 3<&- </dev/null\n"
        + "[ -z \"$D\" ] || printf '%s %s %s %s %s\\n' \"$c\" " + connection + " \"$(date +%s)\" \"$P\" "
        + Sh.quote(describe(script)) + " 2>/dev/null > \"$D/" + token + ".pid\"\n"
        + "printf 'jprov-started-" + token + " %s\\n' \"${S:+$c}\" >&2\n"
        + "( while kill -s 0 \"$P\" 2>/dev/null; do sleep 1; done\n"
        + "  kill -s TERM -- \"-$c\" 2>/dev/null; sleep 2; kill -s KILL -- \"-$c\" 2>/dev/null ) </dev/null >/dev/null 2>&1 &\n"
        + "w=$!\n"
        + "wait \"$c\"; rc=$?\n"
        + "kill \"$w\" 2>/dev/null\n"
        + "[ -z \"$D\" ] || rm -f \"$D/" + token + ".pid\"\n"
        + "exit $rc\n";
  }

  /**
   * Kills a process group started by {@link #wrap}: SIGTERM, then SIGKILL after 5 s if anything
   * is left. Prints {@code gone} when the group no longer exists, and then removes its
   * registration.
   */
  public static String killScript(long pgid) {
    String g = "\"-" + pgid + "\"";
    return "kill -s TERM -- " + g + " 2>/dev/null\n"
        + "i=0\n"
        + "while kill -s 0 -- " + g + " 2>/dev/null; do\n"
        + "  i=$((i + 1)); if [ \"$i\" -gt 10 ]; then kill -s KILL -- " + g + " 2>/dev/null; sleep 1; break; fi\n"
        + "  sleep 0.5 2>/dev/null || sleep 1\n"
        + "done\n"
        + "kill -s 0 -- " + g + " 2>/dev/null && exit 0\n"
        + "echo gone\n"
        // the wrapper removes its registration when the wait returns; do not leave that to a race
        + "D=${JPROV_RUN_DIR:-" + PID_DIR + "}\n"
        + "if [ \"$(id -u)\" = 0 ] && [ -d \"$D\" ] && [ ! -L \"$D\" ]; then\n"
        + "  for f in \"$D\"/*.pid; do\n"
        + "    [ -f \"$f\" ] || continue\n"
        + "    jg=; read -r jg _ < \"$f\"; [ \"$jg\" = " + pgid + " ] && rm -f \"$f\"\n"
        + "  done\n"
        + "fi\n";
  }

  /**
   * Prepends, when the script mentions yum, a {@code yum} shell function that makes yum's lock
   * visible: while {@code /var/run/yum.pid} names a live process it waits (saying so on stderr) at
   * most {@code $JPROV_YUM_LOCK_WAIT} seconds (default {@link #YUM_LOCK_WAIT_SECONDS}), then fails
   * naming the holder's pid and command line; yum itself runs with {@code exit_on_lock=True}, so a
   * lock taken in between fails at once (EL7 yum: "Another app is currently holding the yum lock;
   * exiting as configured by exit_on_lock", exit 1) instead of waiting forever.
   */
  public static String withYumLockWait(String script) {
    return withYumLockWait(script, "/var/run/yum.pid");
  }

  static String withYumLockWait(String script, String lockFile) {
    if (!script.contains("yum")) {
      return script;
    }
    String lf = Sh.quote(lockFile);
    return "yum() {\n"
        + "  jt=0; jmax=${JPROV_YUM_LOCK_WAIT:-" + YUM_LOCK_WAIT_SECONDS + "}\n"
        + "  while jl=$(cat " + lf + " 2>/dev/null) && [ -n \"$jl\" ] && kill -s 0 \"$jl\" 2>/dev/null; do\n"
        + "    if [ \"$jt\" -ge \"$jmax\" ]; then\n"
        + "      jc=$(tr '\\000' ' ' < \"/proc/$jl/cmdline\" 2>/dev/null | cut -c1-120)\n"
        + "      echo \"jprov: yum is locked by pid $jl${jc:+ ($jc)} (" + lockFile.replace("\"", "") + "); gave up after $jmax s\" >&2\n"
        + "      return 1\n"
        + "    fi\n"
        + "    [ \"$jt\" != 0 ] || echo \"jprov: waiting up to $jmax s for the yum lock held by pid $jl\" >&2\n"
        + "    sleep 1; jt=$((jt + 1))\n"
        + "  done\n"
        + "  command yum --setopt=exit_on_lock=True \"$@\"\n"
        + "}\n"
        + script;
  }

  /** The first line of a script, reduced to harmless characters, for the registration file. */
  static String describe(String script) {
    String first = script.strip().lines().findFirst().orElse("");
    String d = SAFE_DESC.matcher(first).replaceAll("_");
    return d.length() > 80 ? d.substring(0, 80) : d;
  }

  /** What the wrapper said on stderr, and stderr without it. */
  public record Markers(boolean started, long pgid, String busy, String stderr) {}

  /**
   * Finds the wrapper's marker lines (anywhere: the script may write to stderr before them) and
   * removes them.
   */
  public static Markers markers(String stderr, String token) {
    boolean started = false;
    long pgid = -1;
    String busy = null;
    Matcher m = Pattern.compile("jprov-started-" + token + " (\\d*)\n").matcher(stderr);
    if (m.find()) {
      started = true;
      pgid = m.group(1).isEmpty() ? -1 : Long.parseLong(m.group(1));
      stderr = stderr.substring(0, m.start()) + stderr.substring(m.end());
    }
    Matcher b = Pattern.compile("jprov-busy-" + token + " (\\d+) (\\d*) ?([^\n]*)\n").matcher(stderr);
    if (b.find()) {
      String since = b.group(2).isEmpty() ? "?" : Instant.ofEpochSecond(Long.parseLong(b.group(2))).toString();
      busy = "jprov's own command from an earlier run is still running on this host (process group " + b.group(1)
          + ", started " + since + (b.group(3).isBlank() ? "" : ": " + b.group(3).strip()) + "); wait for it to end"
          + " or stop it (kill -TERM -- -" + b.group(1) + ") and run again";
      stderr = stderr.substring(0, b.start()) + stderr.substring(b.end());
    }
    return new Markers(started, pgid, busy, stderr);
  }
}
