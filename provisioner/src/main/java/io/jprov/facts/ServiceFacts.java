package io.jprov.facts;

import io.jprov.util.Sh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A systemd unit's state from {@code systemctl is-active} and {@code systemctl is-enabled}. On EL7
 * (systemd 219) a missing unit is {@code unknown} (is-active, rc 3) and {@code Failed to get unit
 * file state for X.service: No such file or directory} (is-enabled, rc 1).
 *
 * <p>The unit facts of one gather are read by one {@code systemctl show -p
 * Id,LoadState,ActiveState,UnitFileState} of all their units ({@link #BATCH_PROPERTIES}); each
 * unit's block is turned into what its own two commands would have printed. systemctl prints one
 * block per unit, in the order of its arguments, separated by an empty line, properties in its own
 * order ({@code Id} first); an unknown unit still gets a block, with {@code LoadState=not-found}
 * (and {@code ActiveState=inactive}, an empty {@code UnitFileState}), and exit code 0. The test
 * fleet's stand-in prints the blocks without the empty line: a block starts at its {@code Id=}
 * line. is-active prints ActiveState; is-enabled prints UnitFileState with exit code 0 for {@code
 * enabled}, {@code enabled-runtime}, {@code static} and 1 for {@code disabled}, {@code masked},
 * {@code masked-runtime}, {@code linked}, {@code linked-runtime} (systemctl(1)'s is-enabled
 * table). For any other UnitFileState (an init.d script is {@code bad} or empty on EL7, and
 * is-enabled asks chkconfig; {@code indirect}, {@code generated}, {@code alias} ... whose exit code
 * changed between systemd versions), for a block whose Id is not the unit's name (an alias), or
 * when show gave no block per unit (no systemd), the batch runs that unit's own two commands, in the
 * same round trip. A missing unit reads as systemd 219
 * answers: is-active {@code unknown}, is-enabled {@code Failed to get unit file state for
 * UNIT: No such file or directory} with exit code 1 (newer systemd's is-active says {@code
 * inactive}; either way {@link ServiceState#exists()} is false).
 */
public final class ServiceFacts {
  /** The properties the batch reads. */
  public static final String BATCH_PROPERTIES = "Id,LoadState,ActiveState,UnitFileState";

  /** UnitFileState → is-enabled's exit code, for the states whose answer is the same on every systemd. */
  private static final Map<String, Integer> ENABLED_RC = Map.of(
      "enabled", 0, "enabled-runtime", 0, "static", 0,
      "disabled", 1, "masked", 1, "masked-runtime", 1, "linked", 1, "linked-runtime", 1);

  private ServiceFacts() {}

  /**
   * @param active is-active's word ({@code active}, {@code inactive}, {@code failed}, ...)
   * @param enabled is-enabled's word or message ({@code enabled}, {@code disabled}, {@code static},
   *     or the "Failed to get unit file state" message)
   * @param enabledRc is-enabled's exit code
   */
  public record ServiceState(String active, String enabled, int enabledRc) {
    public boolean exists() {
      return !(enabled.startsWith("Failed to get unit file state")
          || enabled.contains("No such file or directory")
          || (enabled.isEmpty() && active.equals("unknown")));
    }

    public boolean isActive() {
      return active.equals("active") || active.equals("reloading");
    }

    /** Enabled, or nothing to enable (static, indirect, generated units). */
    public boolean isEnabled() {
      return enabledRc == 0
          && (enabled.equals("enabled") || enabled.equals("static") || enabled.equals("indirect")
              || enabled.equals("generated") || enabled.equals("alias"));
    }
  }

  public static Fact<ServiceState> of(String unit) {
    return new Fact<>("systemd:" + unit, ownCommand(Sh.quote(unit)), o -> parse(o.output()), new Batch(unit));
  }

  /** The unit's own two commands, {@code u} a shell word: its output is what {@link #parse} reads. */
  private static String ownCommand(String u) {
    return "a=$(systemctl is-active " + u + " 2>&1); e=$(systemctl is-enabled " + u
        + " 2>&1); r=$?; printf 'active=%s\\nenabled_rc=%d\\nenabled=%s\\n' \"$a\" \"$r\" \"$e\"";
  }

  /** What the unit's own commands print, as {@link #ownCommand} frames it. */
  private static String own(String active, int enabledRc, String enabled) {
    return "active=" + active + "\nenabled_rc=" + enabledRc + "\nenabled=" + enabled + "\n";
  }

  /** The unit facts of a gather read by one {@code systemctl show}. */
  private record Batch(String unit) implements Fact.Batch {
    @Override
    public String key() {
      return "systemd";
    }

    /**
     * One {@code systemctl show} of every unit (printed as it is), then, with shell builtins only,
     * the number of each block whose UnitFileState it cannot answer from (the same rule as {@link
     * #split}), and for those (all units when the blocks do not match the units) the unit's own
     * commands after a marker line {@code ::jprov:NONCE:unit:N::}.
     */
    @Override
    public String command(List<Fact<?>> group, String nonce) {
      List<String> units = new ArrayList<>();
      group.forEach(f -> units.add(((Batch) f.batch()).unit()));
      StringBuilder known = new StringBuilder("not-found:*");
      ENABLED_RC.keySet().stream().sorted().forEach(k -> known.append("|*:").append(k));
      StringBuilder ids = new StringBuilder();
      for (int i = 0; i < units.size(); i++) {
        ids.append(i == 0 ? "" : "|").append(Sh.quote((i + 1) + ":" + id(units.get(i))));
      }
      return "set -- " + Sh.join(units) + "\n"
          + "s=$(systemctl show -p " + BATCH_PROPERTIES + " \"$@\" 2>&1)\n"
          + "printf '%s\\n' \"$s\"\n"
          + "ok=' ' i=0 d= l= f=\n"
          + "k() { case $i:$d in " + ids + ") case $l:$f in " + known + ") ok=\"$ok$i \";; esac;; esac; }\n"
          + "while IFS= read -r x; do\n"
          + "  case $x in\n"
          + "    Id=*) k; i=$((i+1)); d=${x#*=} l= f= ;;\n"
          + "    LoadState=*) l=${x#*=} ;;\n"
          + "    UnitFileState=*) f=${x#*=} ;;\n"
          + "  esac\n"
          + "done <<EOF\n"
          + "$s\n"
          + "EOF\n"
          + "k\n"
          + "[ \"$i\" -eq $# ] || ok=' '\n"
          + "i=0\n"
          + "for u do\n"
          + "  i=$((i+1))\n"
          + "  case $ok in *\" $i \"*) continue;; esac\n"
          + "  printf '::jprov:" + nonce + ":unit:%d::\\n' \"$i\"\n"
          + "  " + ownCommand("\"$u\"") + "\n"
          + "done";
    }

    @Override
    public Map<String, FactOutput> split(List<Fact<?>> group, FactOutput output, String nonce) {
      Pattern marker = Pattern.compile("^::jprov:" + Pattern.quote(nonce) + ":unit:(\\d+)::$", Pattern.MULTILINE);
      String text = output.output();
      Matcher m = marker.matcher(text);
      Map<Integer, String> own = new LinkedHashMap<>();
      int showEnd = text.length();
      int at = -1;
      int index = 0;
      while (m.find()) {
        if (at < 0) {
          showEnd = m.start();
        } else {
          own.put(index, text.substring(at, m.start()));
        }
        index = Integer.parseInt(m.group(1));
        at = m.end() + 1;
      }
      if (at >= 0) {
        own.put(index, at <= text.length() ? text.substring(at) : "");
      }
      List<Map<String, String>> blocks = blocks(text.substring(0, showEnd));
      if (blocks.size() != group.size()) {
        blocks = List.of(); // not one block per unit: the script read every unit on its own
      }
      Map<String, FactOutput> out = new LinkedHashMap<>();
      for (int i = 0; i < group.size(); i++) {
        String o = own.get(i + 1);
        if (o == null && i < blocks.size() && id(((Batch) group.get(i).batch()).unit()).equals(blocks.get(i).get("Id"))) {
          o = fromShow(blocks.get(i));
        }
        if (o != null) {
          out.put(group.get(i).key(), new FactOutput(0, o));
        }
      }
      return out;
    }
  }

  private static final java.util.regex.Pattern UNIT_SUFFIX = java.util.regex.Pattern.compile(
      ".+\\.(service|socket|target|timer|path|mount|automount|swap|slice|scope|device)");

  /**
   * The Id systemctl shows for {@code unit} when it is the unit's own name: {@code .service} added
   * when it has no unit suffix. Another Id (an alias shows its unit's Id, and is-enabled may answer
   * {@code alias} for it) makes the batch read that unit with its own commands.
   */
  static String id(String unit) {
    return UNIT_SUFFIX.matcher(unit).matches() ? unit : unit + ".service";
  }

  /** show's blocks: a block starts at its {@code Id=} line; empty lines between blocks are skipped. */
  static List<Map<String, String>> blocks(String show) {
    List<Map<String, String>> blocks = new ArrayList<>();
    Map<String, String> block = null;
    for (String line : show.split("\n")) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq);
      if (key.equals("Id") || block == null) {
        block = new LinkedHashMap<>();
        blocks.add(block);
      }
      block.put(key, line.substring(eq + 1));
    }
    return blocks;
  }

  /**
   * What the unit's own commands would have printed, from its show block; null when the block does
   * not answer is-enabled (the batch then printed the unit's own output).
   */
  static String fromShow(Map<String, String> block) {
    String load = block.getOrDefault("LoadState", "");
    String active = block.getOrDefault("ActiveState", "");
    String file = block.getOrDefault("UnitFileState", "");
    if (load.equals("not-found")) {
      return own(active.equals("inactive") || active.isEmpty() ? "unknown" : active, 1,
          "Failed to get unit file state for " + block.getOrDefault("Id", "") + ": No such file or directory");
    }
    Integer rc = ENABLED_RC.get(file);
    return rc == null ? null : own(active, rc, file);
  }

  static ServiceState parse(String output) {
    String active = "";
    String enabled = "";
    int rc = 1;
    int at = 0;
    for (String line : output.split("\n")) {
      if (line.startsWith("active=")) {
        active = firstLine(line.substring(7));
      } else if (line.startsWith("enabled_rc=")) {
        try {
          rc = Integer.parseInt(line.substring(11).strip());
        } catch (NumberFormatException e) {
          rc = 1;
        }
      } else if (line.startsWith("enabled=")) {
        // the rest of the output is is-enabled's, which may span lines
        enabled = lastLine(output.substring(at + 8));
        break;
      }
      at += line.length() + 1;
    }
    return new ServiceState(active, enabled, rc);
  }

  private static String firstLine(String s) {
    return s.strip();
  }

  /**
   * is-enabled's answer is its last line: for an init.d script EL7's systemctl first logs (on
   * stderr, merged here) that it redirects to chkconfig, then prints {@code enabled}/{@code disabled}.
   */
  private static String lastLine(String s) {
    String[] lines = s.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
