package io.jprov.modules;

import io.jprov.util.UnifiedDiff;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileContentFacts;
import io.jprov.facts.FileContentFacts.FileContent;
import io.jprov.facts.KernelFacts;
import io.jprov.util.Sh;
import io.jprov.util.Text;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code sysctl}: kernel modules loaded now and at boot, sysctl keys set now and persisted.
 *
 * <p>The file name matters on EL7: {@code /usr/lib/sysctl.d/00-system.conf} sets the
 * bridge-nf-call keys to 0 when br_netfilter loads, and systemd-sysctl applies files in the order
 * of their names, so a {@code net.bridge.*} setting in a file sorting before {@code
 * 00-system.conf} is refused.
 */
public final class SysctlModule implements TaskModule<SysctlModule.Arguments> {
  static final String DEFAULT_FILE = "/etc/sysctl.d/99-docker.conf";
  static final String MODULES_DIR = "/etc/modules-load.d/";
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]*");

  private static final ArgType<String> KERNEL_MODULE =
      ArgType.named("kernel module name", Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?"));
  /** Values are written one per line into the file: no newline (or other control character) may add a key. */
  private static final ArgType<String> VALUE = ArgType.STRING.check("one-line value",
      v -> Text.hasControl(v) ? "must be one line without control characters, found '" + Text.shown(v) + "'" : null);
  /** Keys name files under /proc/sys: no '..' that would climb out of it. */
  private static final ArgType<Map<String, String>> SETTINGS = ArgType.mapOf(VALUE).check(
      "mapping of sysctl keys to values", m -> {
        for (String k : m.keySet()) {
          if (!KEY.matcher(k).matches() || k.contains("..")) {
            return "has an invalid sysctl key '" + Text.shown(k) + "'";
          }
        }
        return null;
      });
  private static final ArgType<String> FILE = ArgType.PATH.check("absolute path ending in .conf",
      f -> f.endsWith(".conf") ? null : "must end in .conf, found '" + Text.shown(f) + "'");

  private static final ArgSpec SPEC = ArgSpec.of("sysctl",
          "Kernel modules are loaded now and at boot; sysctl keys are set now and persisted.")
      .optional("modules", ArgType.listOf(KERNEL_MODULE),
          "Kernel modules to load, each persisted in /etc/modules-load.d/<module>.conf (e.g. [br_netfilter]).")
      .optional("settings", SETTINGS, "Sysctl keys and their values, persisted in file.")
      .optional("file", FILE, DEFAULT_FILE, "The file that persists settings; for "
          + "net.bridge.* keys its name must sort after 00-system.conf.")
      .build();

  /**
   * The parsed arguments.
   *
   * @param settings values with whitespace normalized as sysctl prints them
   */
  public record Arguments(List<String> modules, Map<String, String> settings, String file) {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    List<String> modules = a.list("modules");
    Map<String, String> given = a.map("settings");
    if (modules == null && given == null) {
      throw a.error("give 'modules', 'settings' or both");
    }
    Map<String, String> settings = new LinkedHashMap<>();
    if (given != null) {
      given.forEach((k, v) -> settings.put(k, KernelFacts.normalize(v)));
    }
    String file = a.string("file");
    String base = file.substring(file.lastIndexOf('/') + 1);
    if (settings.keySet().stream().anyMatch(k -> k.startsWith("net.bridge.")) && base.compareTo("00-system.conf") <= 0
        && !file.equals("/etc/sysctl.conf")) {
      throw a.error("argument 'file' must sort after /usr/lib/sysctl.d/00-system.conf for net.bridge.* settings "
          + "(it sets the bridge-nf-call keys to 0 when br_netfilter loads), found '" + Text.shown(file)
          + "'; use a later name such as " + DEFAULT_FILE);
    }
    return new Arguments(modules == null ? List.of() : modules, Collections.unmodifiableMap(settings), file);
  }

  @Override
  public List<Fact<?>> facts(Arguments w, TaskContext ctx) {
    List<Fact<?>> out = new ArrayList<>();
    for (String m : w.modules()) {
      out.add(KernelFacts.moduleLoaded(m));
      out.add(FileContentFacts.of(MODULES_DIR + m + ".conf"));
    }
    for (String k : w.settings().keySet()) {
      out.add(KernelFacts.sysctl(k));
    }
    if (!w.settings().isEmpty()) {
      out.add(FileContentFacts.of(w.file()));
    }
    return out;
  }

  /** Kernel modules and sysctl values, and the files persisting them. */
  @Override
  public java.util.function.Predicate<String> affects(Arguments w) {
    List<String> files = new ArrayList<>();
    for (String m : w.modules()) {
      files.add(MODULES_DIR + m + ".conf");
    }
    files.add(w.file());
    return Affects.only(Affects.kinds(Affects.Kind.KERNEL), Affects.paths(files));
  }

  @Override
  public Plan plan(Arguments w, FactSet facts, TaskContext ctx) {
    List<String> what = new ArrayList<>();
    List<Command> commands = new ArrayList<>();
    StringBuilder diffs = new StringBuilder();
    for (String m : w.modules()) {
      String path = MODULES_DIR + m + ".conf";
      String want = "# Managed by jprov (sysctl)\n" + m + "\n";
      upload(facts, path, want, commands, what, diffs);
    }
    if (!w.settings().isEmpty()) {
      StringBuilder want = new StringBuilder("# Managed by jprov (sysctl)\n");
      w.settings().forEach((k, v) -> want.append(k).append(" = ").append(v).append('\n'));
      upload(facts, w.file(), want.toString(), commands, what, diffs);
    }
    // Files first: where a udev rule runs systemd-sysctl --prefix=/net/bridge when the module
    // loads (systemd's documented recipe; 00-system.conf's reset reaches the keys this way or at
    // boot), it must already find our file; udevadm settle lets it finish before our sysctl -w.
    List<String> steps = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    List<String> load = new ArrayList<>();
    for (String m : w.modules()) {
      if (!facts.get(KernelFacts.moduleLoaded(m))) {
        load.add(m);
        steps.add("modprobe " + Sh.quote(m));
      }
    }
    if (!load.isEmpty()) {
      steps.add("{ udevadm settle >/dev/null 2>&1 || true; }");
      shown.add("modprobe " + String.join(" ", load));
      what.add(0, "load " + String.join(", ", load));
    }
    List<String> set = new ArrayList<>();
    for (Map.Entry<String, String> e : w.settings().entrySet()) {
      Optional<String> now = facts.get(KernelFacts.sysctl(e.getKey()));
      if (now.isEmpty() || !now.get().equals(e.getValue())) {
        set.add(e.getKey() + "=" + e.getValue());
        steps.add("sysctl -w " + Sh.quote(e.getKey() + "=" + e.getValue()));
        what.add("set " + e.getKey() + " = " + e.getValue() + " (now " + now.orElse("missing") + ")");
      }
    }
    if (!set.isEmpty()) {
      shown.add("sysctl -w " + String.join(" ", set));
    }
    if (!steps.isEmpty()) {
      commands.add(new Command.Shell(String.join(" && ", steps), String.join(" && ", shown)));
    }
    if (commands.isEmpty()) {
      return Plan.ok("modules loaded and persisted; settings applied and persisted");
    }
    return Plan.change(String.join("; ", what), commands, diffs.length() == 0 ? null : diffs.toString());
  }

  private static void upload(FactSet facts, String path, String want, List<Command> commands, List<String> what,
      StringBuilder diffs) {
    FileContent have = facts.get(FileContentFacts.of(path));
    if (have.exists() && want.equals(have.content())) {
      return;
    }
    commands.add(new Command.Upload(path, want.getBytes(StandardCharsets.UTF_8), "0644", "root", "root"));
    what.add((have.exists() ? "update " : "create ") + path);
    diffs.append(UnifiedDiff.diff(have.exists() ? have.content() : null, want, path));
  }
}
