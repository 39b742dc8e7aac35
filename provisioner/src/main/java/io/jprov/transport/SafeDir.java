package io.jprov.transport;

import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.List;

/**
 * Shell fragments that decide whether a directory on a host can be trusted with files that root
 * will later install (the offline bundle), and that create it safely. Both transports and the
 * bundle modules use them, so the rule is written once.
 *
 * <p>The rule, checked as the user that writes (root with {@code become}), component by component
 * from {@code /} down to the directory:
 *
 * <ul>
 *   <li>a missing component is created with mode 0700 (owned by the writer), or with {@code
 *       create == false} the walk stops there (nothing below exists, nothing to distrust);
 *   <li>a symlink is refused unless it is owned by root and sits in a directory nobody else can
 *       write (so {@code /var/run -> /run} passes, a link planted in {@code /var/tmp} does not);
 *   <li>every component must be a directory owned by root or by the writer;
 *   <li>a component writable by group or others is allowed only above the last one, and only
 *       when it is owned by root and has the sticky bit ({@code /tmp}, {@code /var/tmp}); the
 *       directory itself must not be writable by anyone but its owner.
 * </ul>
 *
 * So once the check passed, nobody but the writer (root) can create, replace or rename anything
 * in the directory: a later {@code cat > file} cannot be redirected through a planted symlink.
 */
public final class SafeDir {
  /** Exit code of a {@link #ensure} script whose directory was refused. */
  public static final int REFUSED = 3;
  /** Marker that starts the one-line reason on stderr. */
  public static final String MARK = "jprov-unsafe-dir: ";

  private SafeDir() {}

  /**
   * A fragment that walks {@code dir} and leaves the reason for refusing it in {@code $bad}
   * (empty when the directory is safe, or missing with {@code create == false}).
   *
   * @param dir absolute directory without {@code .} or {@code ..} components
   * @throws IllegalArgumentException for a relative path or one with {@code .}/{@code ..}
   */
  public static String walk(String dir, boolean create) {
    List<String> parts = components(dir);
    StringBuilder s = new StringBuilder();
    s.append("bad=; jp=; jw=0; ju=$(id -u); jn=0; jlast=").append(parts.size()).append("\n");
    s.append("for jc in");
    for (String p : parts) {
      s.append(' ').append(Sh.quote(p));
    }
    s.append("; do\n");
    s.append("  jn=$((jn + 1)); jp=$jp/$jc\n");
    s.append("  if [ -L \"$jp\" ]; then\n");
    s.append("    jo=$(stat -c '%U (uid %u)' -- \"$jp\")\n");
    s.append("    case $jo in *'(uid 0)') ;; *) bad=\"$jp is a symlink owned by $jo\"; break;; esac\n");
    s.append("    if [ \"$jw\" = 1 ]; then bad=\"$jp is a symlink in a directory others can write\"; break; fi\n");
    s.append("  fi\n");
    s.append("  if [ ! -e \"$jp\" ] && [ ! -L \"$jp\" ]; then\n");
    if (create) {
      s.append("    je=$(mkdir -m 0700 -- \"$jp\" 2>&1) || { bad=\"cannot create $jp: $je\"; break; }\n");
    } else {
      s.append("    break\n");
    }
    s.append("  fi\n");
    s.append("  if [ ! -d \"$jp\" ]; then bad=\"$jp is not a directory\"; break; fi\n");
    s.append("  set -- $(stat -L -c '%u %a %U' -- \"$jp\")\n");
    s.append("  if [ \"$1\" != 0 ] && [ \"$1\" != \"$ju\" ]; then\n");
    s.append("    bad=\"$jp is owned by $3 (uid $1), not by root\"; break\n");
    s.append("  fi\n");
    s.append("  if [ $((0$2 & 022)) -ne 0 ]; then\n");
    s.append("    if [ \"$jn\" = \"$jlast\" ] || [ $((0$2 & 01000)) -eq 0 ] || [ \"$1\" != 0 ]; then\n");
    s.append("      bad=\"$jp is writable by group or others (mode $2)\"; break\n");
    s.append("    fi\n");
    s.append("    jw=1\n");
    s.append("  else\n");
    s.append("    jw=0\n");
    s.append("  fi\n");
    s.append("done\n");
    return s.toString();
  }

  /**
   * A fragment that creates {@code dir} safely (see the class comment) or exits {@link #REFUSED}
   * with one line on stderr: {@code jprov-unsafe-dir: REASON}.
   */
  public static String ensure(String dir) {
    return "umask 077\n" + walk(dir, true)
        + "if [ -n \"$bad\" ]; then printf '%s%s\\n' " + Sh.quote(MARK) + " \"$bad\" >&2; exit " + REFUSED + "; fi\n";
  }

  /** Like {@link #ensure} but creates nothing: a missing directory passes. */
  public static String require(String dir) {
    return walk(dir, false)
        + "if [ -n \"$bad\" ]; then printf '%s%s\\n' " + Sh.quote(MARK) + " \"$bad\" >&2; exit " + REFUSED + "; fi\n";
  }

  /**
   * The one-line reason from a refused script's stderr, with advice, or null when the script did
   * not refuse.
   */
  public static String refusal(CommandResult r) {
    if (r.exitCode() != REFUSED) {
      return null;
    }
    int at = r.stderr().indexOf(MARK);
    if (at < 0) {
      return null;
    }
    int end = r.stderr().indexOf('\n', at);
    String why = r.stderr().substring(at + MARK.length(), end < 0 ? r.stderr().length() : end).strip();
    return "refusing an unsafe directory: " + why
        + " (it must be a real directory owned by root and writable only by root; remove it or choose another path)";
  }

  /** The parent directory of an absolute file path. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  static List<String> components(String dir) {
    if (!dir.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute path: " + dir);
    }
    List<String> out = new ArrayList<>();
    for (String p : dir.split("/")) {
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals(".") || p.equals("..")) {
        throw new IllegalArgumentException("'.' or '..' in " + dir);
      }
      out.add(p);
    }
    return out;
  }
}
