package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileContentFacts;
import io.jprov.facts.FileContentFacts.FileContent;
import io.jprov.facts.KernelFacts;
import io.jprov.util.Sh;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sysctl}: kernel modules loaded now and at boot, sysctl keys set now and persisted.
 *
 * <p>Arguments: {@code modules} (list, e.g. {@code [br_netfilter]}; persisted one per file in
 * {@code /etc/modules-load.d/<module>.conf}), {@code settings} (mapping key → value), {@code file}
 * (default {@code /etc/sysctl.d/99-docker.conf}).
 *
 * <p>The file name matters on EL7: {@code /usr/lib/sysctl.d/00-system.conf} sets the
 * bridge-nf-call keys to 0 when br_netfilter loads, and systemd-sysctl applies files in the order
 * of their names, so a {@code net.bridge.*} setting in a file sorting before {@code
 * 00-system.conf} is refused.
 */
public final class SysctlModule implements Module {
  private static final List<String> ARGS = List.of("modules", "settings", "file");
  static final String DEFAULT_FILE = "/etc/sysctl.d/99-docker.conf";
  static final String MODULES_DIR = "/etc/modules-load.d/";

  @Override
  public String name() {
    return "sysctl";
  }

  @Override
  public void validate(Map<String, Object> args) {
    DockerArgs a = new DockerArgs(name(), args);
    a.known(ARGS);
    if (!a.has("modules") && !a.has("settings")) {
      throw a.error("give 'modules', 'settings' or both");
    }
    if (a.has("modules") && !DockerArgs.templated(a.raw("modules"))) {
      for (String m : a.stringList("modules")) {
        DockerArgs.checkName(a, "kernel module", m, DockerArgs.ACCOUNT);
      }
    }
    Map<String, String> settings = a.has("settings") && !DockerArgs.templated(a.raw("settings"))
        ? a.stringMap("settings") : Map.of();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      // a key names a file under /proc/sys: no '..' that would climb out of it
      if (!e.getKey().matches("[A-Za-z0-9_][A-Za-z0-9_./-]*") || e.getKey().contains("..")) {
        throw a.error("invalid sysctl key '" + io.jprov.util.Text.shown(e.getKey()) + "'");
      }
      if (io.jprov.util.Text.hasControl(e.getValue())) {
        throw a.error("sysctl value of " + e.getKey() + " must be one line without control characters");
      }
    }
    String file = a.string("file", DEFAULT_FILE);
    if (DockerArgs.templated(file)) {
      return;
    }
    if (!file.startsWith("/") || !file.endsWith(".conf")) {
      throw a.error("file must be an absolute path ending in .conf: " + io.jprov.util.Text.shown(file));
    }
    try {
      OldArgs.checkPath("file", file);
    } catch (ModuleArgsException e) {
      throw a.error(e.getMessage());
    }
    String base = file.substring(file.lastIndexOf('/') + 1);
    if (settings.keySet().stream().anyMatch(k -> k.startsWith("net.bridge.")) && base.compareTo("00-system.conf") <= 0
        && !file.equals("/etc/sysctl.conf")) {
      throw a.error("file " + file + " sorts before /usr/lib/sysctl.d/00-system.conf, which sets the "
          + "bridge-nf-call keys to 0 when br_netfilter loads; use a later name such as " + DEFAULT_FILE);
    }
  }

  private record Wanted(List<String> modules, Map<String, String> settings, String file) {}

  private Wanted wanted(Map<String, Object> args) {
    DockerArgs a = new DockerArgs(name(), args);
    List<String> modules = a.has("modules") ? a.stringList("modules") : List.of();
    Map<String, String> settings = new LinkedHashMap<>();
    if (a.has("settings")) {
      a.stringMap("settings").forEach((k, v) -> settings.put(k, KernelFacts.normalize(v)));
    }
    return new Wanted(modules, settings, a.string("file", DEFAULT_FILE));
  }

  @Override
  public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
    Wanted w = wanted(args);
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

  @Override
  public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    validate(args);
    Wanted w = wanted(args);
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
