package io.jprov.facts;

import io.jprov.util.DaemonLog;
import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Docker daemon's unit, configuration file and data root as doctor reads them: a unit's state
 * with the reason it is not running, what the installed dockerd says of daemon.json, and the space
 * left under the data root. Each command works on every supported family, and says so in its
 * output when a tool is missing.
 */
public final class DockerDaemonFacts {
  /** The unit properties {@link #unit} reads. */
  public static final String UNIT_PROPERTIES = "Id,LoadState,ActiveState,SubState,UnitFileState,Result,NRestarts,ExecStart,Wants,Requires,BindsTo";
  /** Journal lines read for a unit that is not active. */
  public static final int JOURNAL_LINES = 30;
  private static final String JOURNAL_MARK = "::jprov-journal::";
  private static final String DF_MARK = "::jprov-df::";
  private static final String DFI_MARK = "::jprov-dfi::";

  private DockerDaemonFacts() {}

  /**
   * A systemd unit's state, result and command line ({@code systemctl show -p} {@link
   * #UNIT_PROPERTIES}; a unit that does not exist shows {@code LoadState=not-found}; systemd 219
   * has no {@code NRestarts}), and, when it is not active, the daemon's last error from its journal
   * ({@code journalctl -u UNIT -n 30 -o cat}, or {@code systemctl status} without journalctl), key
   * {@code unit-health:UNIT}.
   */
  public static Fact<UnitHealth> unit(String unit) {
    String u = Sh.quote(unit);
    String command = "systemctl show -p " + UNIT_PROPERTIES + " " + u + " 2>&1\n"
        + "case $(systemctl is-active " + u + " 2>/dev/null) in active|reloading) ;; *)\n"
        + "  echo '" + JOURNAL_MARK + "'\n"
        + "  if command -v journalctl >/dev/null 2>&1; then journalctl -u " + u + " -n " + JOURNAL_LINES
        + " --no-pager -q -o cat 2>&1;\n"
        + "  else systemctl status " + u + " -l --no-pager 2>&1 | tail -n " + JOURNAL_LINES + "; fi ;;\n"
        + "esac";
    return new Fact<>("unit-health:" + unit, command, DockerDaemonFacts::parseUnit);
  }

  /**
   * A unit's state as {@code systemctl show} gives it, with what its journal says when it is not active.
   *
   * @param loadState {@code loaded}, {@code not-found}, {@code masked}, ...; "" when systemctl gave no answer
   * @param activeState {@code active}, {@code inactive}, {@code failed}, {@code activating}, ...
   * @param subState {@code running}, {@code dead}, {@code failed}, {@code auto-restart}, ...
   * @param unitFileState {@code enabled}, {@code disabled}, {@code masked}, {@code static}, ""
   * @param result {@code success}, {@code exit-code}, {@code start-limit} (systemd 219), {@code start-limit-hit}, ...
   * @param restarts {@code NRestarts} (automatic restarts; systemd 235 and later), or -1 when not shown
   * @param execStart the argv of the (effective, drop-ins applied) {@code ExecStart}, or ""
   * @param lastError the daemon's last error in the journal lines read ("" when none, or active)
   * @param startLimitLine the journal's "Start request repeated too quickly" line, or ""
   * @param message systemctl's own line when it printed no properties (no systemd), else ""
   * @param dependencies the units it pulls in ({@code Wants}, {@code Requires}, {@code BindsTo}), in that order
   */
  public record UnitHealth(String loadState, String activeState, String subState, String unitFileState,
      String result, int restarts, String execStart, String lastError, String startLimitLine, String message,
      List<String> dependencies) {

    public boolean exists() {
      return !loadState.isEmpty() && !loadState.equals("not-found");
    }

    public boolean isActive() {
      return activeState.equals("active") || activeState.equals("reloading");
    }

    /** Starts at boot: enabled (or enabled-runtime), or static/indirect/generated (nothing to enable). */
    public boolean isEnabled() {
      return List.of("enabled", "enabled-runtime", "static", "indirect", "generated").contains(unitFileState);
    }

    public boolean masked() {
      return loadState.equals("masked") || unitFileState.startsWith("masked");
    }

    /** systemd refused further starts: the start rate limit was hit. */
    public boolean startLimitHit() {
      return result.equals("start-limit") || result.equals("start-limit-hit") || !startLimitLine.isEmpty();
    }
  }

  static UnitHealth parseUnit(FactOutput out) {
    String text = out.output();
    int mark = text.indexOf(JOURNAL_MARK + "\n");
    if (mark < 0 && text.endsWith(JOURNAL_MARK)) {
      mark = text.length() - JOURNAL_MARK.length();
    }
    String show = mark < 0 ? text : text.substring(0, mark);
    List<String> journal = new ArrayList<>();
    if (mark >= 0) {
      String rest = text.substring(Math.min(text.length(), mark + JOURNAL_MARK.length() + 1));
      rest.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(journal::add);
    }
    Map<String, String> p = new LinkedHashMap<>();
    String message = "";
    for (String line : show.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).matches("[A-Za-z]+")) {
        p.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
      } else if (message.isEmpty() && !line.isBlank()) {
        message = line.strip();
      }
    }
    if (!p.isEmpty()) {
      message = "";
    }
    int restarts = -1;
    try {
      restarts = Integer.parseInt(p.getOrDefault("NRestarts", "-1").strip());
    } catch (NumberFormatException e) {
      restarts = -1;
    }
    String startLimit = "";
    for (String l : journal) {
      if (l.toLowerCase(Locale.ROOT).contains("start request repeated too quickly")) {
        startLimit = l;
      }
    }
    return new UnitHealth(p.getOrDefault("LoadState", ""), p.getOrDefault("ActiveState", ""),
        p.getOrDefault("SubState", ""), p.getOrDefault("UnitFileState", ""), p.getOrDefault("Result", ""), restarts,
        argv(p.getOrDefault("ExecStart", "")), DaemonLog.lastError(journal), startLimit, message, dependencies(p));
  }

  private static List<String> dependencies(Map<String, String> p) {
    List<String> out = new ArrayList<>();
    for (String k : List.of("Wants", "Requires", "BindsTo")) {
      for (String u : p.getOrDefault(k, "").strip().split("\\s+")) {
        if (!u.isEmpty() && !out.contains(u)) {
          out.add(u);
        }
      }
    }
    return List.copyOf(out);
  }

  /** {@code { path=/usr/bin/dockerd ; argv[]=/usr/bin/dockerd -H fd:// ; ignore_errors=no ; ... }} → the argv. */
  static String argv(String execStart) {
    int at = execStart.indexOf("argv[]=");
    if (at < 0) {
      return "";
    }
    String rest = execStart.substring(at + 7);
    int end = rest.indexOf(" ; ");
    return (end < 0 ? rest : rest.substring(0, end)).strip();
  }

  /**
   * What the installed dockerd says of the configuration file {@code path} ({@code dockerd --validate
   * --config-file PATH}, Docker 23 and later: {@code configuration OK}, exit 0, or the {@code unable to
   * configure the Docker daemon with file ...} line, exit 1), key {@code dockerd-validate:PATH}. Without
   * dockerd, without the file, or with a dockerd that has no {@code --validate} (its {@code dockerd
   * --version} line is kept), a {@code jprov:} line says so.
   */
  public static Fact<Validation> validate(String path) {
    String f = Sh.quote(path);
    String command = "if ! command -v dockerd >/dev/null 2>&1; then echo 'jprov: no dockerd'\n"
        + "elif [ ! -e " + f + " ]; then echo 'jprov: no file'\n"
        + "elif ! dockerd --help 2>&1 | grep -q -e --validate; then printf 'jprov: no --validate: %s\\n' \"$(dockerd --version 2>&1 | head -n 1)\"\n"
        + "else dockerd --validate --config-file " + f + " 2>&1; fi";
    return new Fact<>("dockerd-validate:" + path, command, DockerDaemonFacts::parseValidation);
  }

  /** How dockerd could judge the file. */
  public enum ValidationStatus {
    /** dockerd accepted the file. */
    VALID,
    /** dockerd refused it ({@link Validation#message} says why). */
    INVALID,
    /** dockerd has no {@code --validate} (before Docker 23). */
    UNSUPPORTED,
    /** no dockerd on the host. */
    NO_DOCKERD,
    /** the file does not exist. */
    NO_FILE
  }

  /**
   * @param status what came of it
   * @param message dockerd's own line(s) on one line (joined by " | "), or its version line when UNSUPPORTED
   */
  public record Validation(ValidationStatus status, String message) {}

  static Validation parseValidation(FactOutput out) {
    String text = out.output().strip();
    if (text.startsWith("jprov: no dockerd")) {
      return new Validation(ValidationStatus.NO_DOCKERD, "");
    }
    if (text.startsWith("jprov: no file")) {
      return new Validation(ValidationStatus.NO_FILE, "");
    }
    if (text.startsWith("jprov: no --validate:")) {
      return new Validation(ValidationStatus.UNSUPPORTED, text.substring("jprov: no --validate:".length()).strip());
    }
    String one = String.join(" | ", text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    return new Validation(out.exitCode() == 0 ? ValidationStatus.VALID : ValidationStatus.INVALID, one);
  }

  /**
   * Space and inodes of the filesystem holding Docker's data root, key {@code docker-df}: the root is
   * what the running daemon says ({@code docker info --format '{{.DockerRootDir}}'}), else
   * {@code data-root} of /etc/docker/daemon.json (a line {@code "data-root": "..."}, as jprov's template
   * writes it), else {@code /var/lib/docker}; {@code df -Pk} and {@code df -Pi} (POSIX format: one line
   * per filesystem) of that directory, or of its nearest existing parent.
   */
  public static final Fact<DiskUsage> DATA_ROOT_USAGE = new Fact<>("docker-df",
      "d=$( (command -v timeout >/dev/null 2>&1 && timeout " + DockerInfoFacts.TIMEOUT_SECONDS
          + " docker info --format '{{.DockerRootDir}}') 2>/dev/null); s=docker\n"
          + "case $d in /*) ;; *) s=daemon.json; d=$(sed -n 's/^[[:space:]]*\"data-root\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p'"
          + " /etc/docker/daemon.json 2>/dev/null | head -n 1);;\nesac\n"
          + "case $d in /*) ;; *) s=default; d=/var/lib/docker;; esac\n"
          + "p=$d; while [ ! -d \"$p\" ]; do p=$(dirname -- \"$p\"); done\n"
          + "printf 'dir=%s\\nsource=%s\\nat=%s\\n' \"$d\" \"$s\" \"$p\"\n"
          + "echo '" + DF_MARK + "'; df -Pk -- \"$p\" 2>&1\n"
          + "echo '" + DFI_MARK + "'; df -Pi -- \"$p\" 2>&1",
      DockerDaemonFacts::parseUsage);

  /**
   * The filesystem under the data root.
   *
   * @param dataRoot Docker's data root
   * @param source where it came from: {@code docker} (the daemon), {@code daemon.json} or {@code default}
   * @param path the directory df looked at (the data root, or its nearest existing parent)
   * @param filesystem df's first column
   * @param mountedOn df's last column
   * @param sizeKb 1024-blocks, or -1 when df gave no line
   * @param availableKb available 1024-blocks, or -1
   * @param usedPercent df's Capacity, or -1
   * @param inodes df -i's Inodes (0 for filesystems without a fixed inode table, such as btrfs), or -1
   * @param inodesFree IFree, or -1
   * @param inodesUsedPercent IUse%, or -1 when df prints "-"
   * @param error df's own line when it gave no numbers, else ""
   */
  public record DiskUsage(String dataRoot, String source, String path, String filesystem, String mountedOn,
      long sizeKb, long availableKb, int usedPercent, long inodes, long inodesFree, int inodesUsedPercent,
      String error) {}

  static DiskUsage parseUsage(FactOutput out) {
    String text = out.output();
    Map<String, String> head = new LinkedHashMap<>();
    List<String> df = new ArrayList<>();
    List<String> dfi = new ArrayList<>();
    List<String> into = null;
    for (String line : text.split("\n")) {
      if (line.equals(DF_MARK)) {
        into = df;
      } else if (line.equals(DFI_MARK)) {
        into = dfi;
      } else if (into != null) {
        if (!line.isBlank()) {
          into.add(line.strip());
        }
      } else {
        int eq = line.indexOf('=');
        if (eq > 0) {
          head.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    String[] d = dataLine(df);
    String[] i = dataLine(dfi);
    String error = "";
    if (d == null) {
      error = df.isEmpty() ? "df printed nothing" : df.get(df.size() - 1);
    }
    return new DiskUsage(head.getOrDefault("dir", ""), head.getOrDefault("source", ""), head.getOrDefault("at", ""),
        d == null ? "" : d[0], d == null ? "" : d[5],
        d == null ? -1 : number(d[1]), d == null ? -1 : number(d[3]), d == null ? -1 : (int) number(d[4]),
        i == null ? -1 : number(i[1]), i == null ? -1 : number(i[3]), i == null ? -1 : (int) number(i[4]),
        error);
  }

  /**
   * The data line of df -P's output (header, then one line with six fields; the last, the mount
   * point, may hold spaces), split in six; null when there is none.
   */
  private static String[] dataLine(List<String> lines) {
    for (String l : lines) {
      String[] f = l.split("\\s+", 6);
      if (f.length == 6 && !f[0].equals("Filesystem") && f[4].matches("\\d+%|-") && f[1].matches("\\d+|-")) {
        return f;
      }
    }
    return null;
  }

  private static long number(String s) {
    String t = s.endsWith("%") ? s.substring(0, s.length() - 1) : s;
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
