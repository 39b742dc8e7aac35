package io.jprov.playbook;

import io.jprov.InputException;
import io.jprov.modules.TaskModule;
import io.jprov.modules.ModuleArgsException;
import io.jprov.modules.ModuleRegistry;
import io.jprov.yaml.Keys;
import io.jprov.yaml.YNode;
import io.jprov.yaml.YamlLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads and validates playbooks (docs/playbooks.md): one play, given as a mapping or as a one-element list
 * (Ansible style). Every task has exactly one known module whose arguments validate; every {@code
 * notify} names a handler. Every error names file:line:column. Thread-safe.
 */
public final class PlaybookLoader {
  static final List<String> PLAY_KEYS =
      List.of("name", "hosts", "serial", "max_fail_percentage", "vars", "vars_files", "tasks", "handlers");
  /** The one placeholder a {@code vars_files} entry may hold: the file is then loaded for every family. */
  static final String FAMILY = "${facts.family}";
  static final List<String> TASK_KEYS = List.of("name", "when", "skip_reason", "tags", "notify", "check_mode");

  private final ModuleRegistry modules;

  public PlaybookLoader(ModuleRegistry modules) {
    this.modules = modules;
  }

  /**
   * Loads a playbook file: every task has exactly one known module whose arguments validate.
   *
   * @throws io.jprov.InputException naming file:line:column
   */
  public Playbook load(Path file, String displayName) {
    YNode root = YamlLoader.load(file, displayName);
    YNode.YMap play;
    if (root instanceof YNode.YSeq seq) {
      if (seq.items().isEmpty()) {
        throw InputException.at(seq.location(), "empty playbook: expected one play");
      }
      if (seq.items().size() > 1) {
        throw InputException.at(seq.items().get(1).location(),
            "one play per playbook: found " + seq.items().size() + " plays; split them into files");
      }
      play = Keys.map(seq.items().get(0), "play");
    } else {
      play = Keys.map(root, "playbook");
    }
    Keys.requireKnown(play, PLAY_KEYS, "play");

    String name = optString(play, "name");
    if (name == null) {
      String f = file.getFileName().toString();
      int dot = f.lastIndexOf('.');
      name = dot > 0 ? f.substring(0, dot) : f;
    }
    String hosts = optString(play, "hosts");
    if (hosts != null) {
      // the pattern's syntax is checked here, where its file:line:col is known; its names are
      // checked against the inventory when hosts are selected
      io.jprov.inventory.HostPattern.parse(hosts, play.get("hosts").location() + ": hosts");
    }
    String serial = serial(play.entries().get("serial"));
    Integer maxFail = maxFail(play.entries().get("max_fail_percentage"));
    Map<String, Object> vars = new LinkedHashMap<>();
    YNode varsNode = play.get("vars");
    if (varsNode != null && !isNull(varsNode)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> v = (Map<String, Object>) Keys.map(varsNode, "vars").toPlain();
      vars.putAll(v);
    }

    List<Playbook.VarsFile> varsFiles = varsFiles(play.get("vars_files"), file, displayName);

    YNode tasksNode = play.get("tasks");
    if (tasksNode == null) {
      throw InputException.at(play.location(), "play has no 'tasks'");
    }
    YNode handlersNode = play.get("handlers");
    List<Task> handlers = handlersNode == null || isNull(handlersNode)
        ? List.of() : tasks(handlersNode, "handlers", true);
    Set<String> handlerNames = new LinkedHashSet<>();
    for (Task h : handlers) {
      if (!handlerNames.add(h.name())) {
        throw InputException.at(h.location(), "handler '" + h.name() + "' is defined twice");
      }
    }
    List<Task> tasks = isNull(tasksNode) ? List.of() : tasks(tasksNode, "tasks", false);
    checkNotify(handlersNode, handlerNames);
    checkNotify(tasksNode, handlerNames);

    return new Playbook(name, file, hosts == null ? "all" : hosts, serial, maxFail,
        java.util.Collections.unmodifiableMap(vars), List.copyOf(tasks), List.copyOf(handlers),
        play.location(), varsFiles);
  }

  /**
   * {@code vars_files}: a list of files relative to the playbook's directory. An entry holding
   * {@code ${facts.family}} is loaded now for every family ({@link Family}): a host gets its
   * family's file once its platform is known, and a missing or broken file is an error here,
   * before any host is contacted, not on the first host of that family.
   */
  private static List<Playbook.VarsFile> varsFiles(YNode node, Path playbookFile, String displayName) {
    if (node == null || isNull(node)) {
      return List.of();
    }
    List<YNode> entries = node instanceof YNode.YSeq seq ? seq.items() : List.of(node);
    List<Playbook.VarsFile> out = new ArrayList<>();
    for (YNode e : entries) {
      if (!(e instanceof YNode.YScalar s && s.value() instanceof String pattern) || pattern.isBlank()) {
        throw InputException.at(e.location(), "vars_files: expected a file name (relative to the playbook), found "
            + describe(e));
      }
      if (pattern.replace(FAMILY, "").contains("${")) {
        throw InputException.at(e.location(), "vars_files: '" + io.jprov.util.Text.shown(pattern) + "': only "
            + FAMILY + " may vary per host (each family's file is loaded with the playbook)");
      }
      boolean perFamily = pattern.contains(FAMILY);
      Map<String, Playbook.Loaded> files = new LinkedHashMap<>();
      for (String family : perFamily ? FAMILIES : List.of("")) {
        String name = pattern.replace(FAMILY, family);
        Path dir = playbookFile.toAbsolutePath().getParent();
        Path f = dir == null ? Path.of(name) : dir.resolve(name);
        Path shownDir = Path.of(displayName).getParent();
        String shown = Path.of(name).isAbsolute() || shownDir == null ? name : shownDir.resolve(name).toString();
        if (!java.nio.file.Files.isRegularFile(f)) {
          throw InputException.at(e.location(), "vars_files: " + shown + ": file not found"
              + (perFamily ? " (" + FAMILY + " needs a file for every family: " + String.join(", ", FAMILIES) + ")" : ""));
        }
        YNode root = YamlLoader.load(f, shown);
        Map<String, Object> vars = new LinkedHashMap<>();
        if (!isNull(root)) {
          @SuppressWarnings("unchecked")
          Map<String, Object> v = (Map<String, Object>) Keys.map(root, "vars file").toPlain();
          vars.putAll(v);
        }
        files.put(family, new Playbook.Loaded(f, shown,
            java.util.Collections.unmodifiableMap(vars)));
      }
      out.add(new Playbook.VarsFile(pattern, e.location(), perFamily, java.util.Collections.unmodifiableMap(files)));
    }
    return List.copyOf(out);
  }

  /** Every family key, in the support table's order. */
  private static final List<String> FAMILIES =
      java.util.Arrays.stream(io.jprov.platform.Family.values()).map(io.jprov.platform.Family::key).toList();

  /** Every notify names a handler; the error points at the offending name. */
  private static void checkNotify(YNode tasksNode, Set<String> handlerNames) {
    if (!(tasksNode instanceof YNode.YSeq seq)) {
      return;
    }
    for (YNode item : seq.items()) {
      YNode notify = item instanceof YNode.YMap m ? m.get("notify") : null;
      List<YNode> names = notify instanceof YNode.YSeq ns ? ns.items()
          : notify == null ? List.of() : List.of(notify);
      for (YNode n : names) {
        if (n instanceof YNode.YScalar s && s.value() != null && !handlerNames.contains(s.text())) {
          throw InputException.at(n.location(), "notify: '" + s.text() + "' is not a handler"
              + Keys.hint(s.text(), handlerNames)
              + (handlerNames.isEmpty() ? " (the play has no handlers)" : "; handlers: " + String.join(", ", handlerNames)));
        }
      }
    }
  }

  private List<Task> tasks(YNode node, String what, boolean handlers) {
    if (!(node instanceof YNode.YSeq seq)) {
      throw InputException.at(node.location(), what + ": expected a list of tasks, found " + node.kind());
    }
    List<Task> out = new ArrayList<>();
    for (YNode item : seq.items()) {
      out.add(task(Keys.map(item, handlers ? "handler" : "task"), handlers));
    }
    return out;
  }

  private Task task(YNode.YMap map, boolean handler) {
    String moduleName = null;
    YNode.Entry moduleEntry = null;
    List<String> candidates = new ArrayList<>(modules.names());
    candidates.addAll(TASK_KEYS);
    for (YNode.Entry e : map.entries().values()) {
      if (TASK_KEYS.contains(e.key())) {
        continue;
      }
      if (modules.get(e.key()) == null) {
        throw InputException.at(e.keyLocation(), "unknown module or task key '" + e.key() + "'"
            + hint(e.key(), candidates) + "; modules: " + String.join(", ", modules.names()));
      }
      if (moduleEntry != null) {
        throw InputException.at(e.keyLocation(), "a task runs one module, found '" + moduleEntry.key()
            + "' and '" + e.key() + "'; split it into two tasks");
      }
      moduleEntry = e;
      moduleName = e.key();
    }
    String name = optString(map, "name");
    if (moduleEntry == null) {
      throw InputException.at(map.location(), (handler ? "handler" : "task")
          + (name == null ? "" : " '" + name + "'") + " has no module; expected one of: "
          + String.join(", ", modules.names()));
    }
    if (handler && name == null) {
      throw InputException.at(map.location(), "a handler needs a name (tasks notify it by name)");
    }
    if (name == null) {
      name = moduleName;
    }
    Map<String, Object> args = args(moduleName, moduleEntry);
    TaskModule<?> module = modules.get(moduleName);
    try {
      // before interpolation: ${...} values are checked, fully, once interpolated (preflight, run)
      module.checkAtLoad(args);
    } catch (ModuleArgsException e) {
      throw InputException.at(moduleEntry.keyLocation(), "task '" + name + "': " + e.getMessage());
    }
    String when = null;
    YNode whenNode = map.get("when");
    if (whenNode != null && !isNull(whenNode)) {
      if (!(whenNode instanceof YNode.YScalar s)) {
        throw InputException.at(whenNode.location(), "when: expected an expression, found " + whenNode.kind());
      }
      when = s.text();
    }
    String skipReason = skipReason(map, when);
    Boolean checkMode = null;
    YNode cm = map.get("check_mode");
    if (cm != null && !isNull(cm)) {
      if (!(cm instanceof YNode.YScalar s && s.value() instanceof Boolean b)) {
        throw InputException.at(cm.location(), "check_mode: expected true or false, found " + cm.kind());
      }
      checkMode = b;
    }
    return new Task(name, moduleName, java.util.Collections.unmodifiableMap(args), when, skipReason,
        stringList(map.get("tags"), "tags"), stringList(map.get("notify"), "notify"), checkMode,
        map.location());
  }

  /**
   * {@code skip_reason}: words shown instead of the condition when the task is skipped (a
   * condition's source means little to whoever reads the run). Plain text on one line, only
   * beside a {@code when}.
   */
  private static String skipReason(YNode.YMap map, String when) {
    YNode n = map.get("skip_reason");
    if (n == null || isNull(n)) {
      return null;
    }
    if (!(n instanceof YNode.YScalar s && s.value() instanceof String text) || text.isBlank()) {
      throw InputException.at(n.location(), "skip_reason: expected words saying why the task is skipped, found "
          + describe(n));
    }
    if (text.contains("\n") || text.contains("${")) {
      throw InputException.at(n.location(), "skip_reason: expected one line of plain text (it is not interpolated)");
    }
    if (when == null) {
      throw InputException.at(n.location(), "skip_reason without 'when': the task is never skipped by a condition");
    }
    return text.strip();
  }

  /**
   * {@link Keys#hint}, a little more generous for longer names: module names are often mistyped by
   * two letters (a transposition such as {@code fiel}).
   */
  static String hint(String word, List<String> candidates) {
    String h = Keys.hint(word, candidates);
    if (!h.isEmpty() || word.length() < 4) {
      return h;
    }
    return candidates.stream()
        .filter(c -> c.length() >= 4 && Keys.distance(word, c) <= 2)
        .min(java.util.Comparator.comparingInt(c -> Keys.distance(word, c)))
        .map(c -> " (did you mean '" + c + "'?)")
        .orElse("");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> args(String module, YNode.Entry entry) {
    YNode v = entry.value();
    if (isNull(v)) {
      return new LinkedHashMap<>();
    }
    if (v instanceof YNode.YMap m) {
      return (Map<String, Object>) m.toPlain();
    }
    if (module.equals("command") && v instanceof YNode.YScalar s && s.value() instanceof String str) {
      // Ansible's free form: "command: systemctl daemon-reload".
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("cmd", str);
      return args;
    }
    throw InputException.at(v.location(), module + ": expected a mapping of arguments, found " + v.kind());
  }

  private static List<String> stringList(YNode node, String what) {
    if (node == null || isNull(node)) {
      return List.of();
    }
    if (node instanceof YNode.YScalar s && s.value() instanceof String str) {
      return List.of(str);
    }
    if (node instanceof YNode.YSeq seq) {
      List<String> out = new ArrayList<>();
      for (YNode item : seq.items()) {
        if (!(item instanceof YNode.YScalar s && s.value() != null && !(s.value() instanceof Map))) {
          throw InputException.at(item.location(), what + ": expected a string, found " + item.kind());
        }
        out.add(s.text());
      }
      return List.copyOf(out);
    }
    throw InputException.at(node.location(), what + ": expected a string or a list of strings, found " + node.kind());
  }

  private static String optString(YNode.YMap map, String key) {
    YNode n = map.get(key);
    if (n == null || isNull(n)) {
      return null;
    }
    if (n instanceof YNode.YScalar s && !(s.value() instanceof Boolean)) {
      return s.text();
    }
    throw InputException.at(n.location(), key + ": expected a string, found " + n.kind());
  }

  private static String serial(YNode.Entry e) {
    if (e == null || isNull(e.value())) {
      return null;
    }
    YNode n = e.value();
    if (n instanceof YNode.YScalar s) {
      if (s.value() instanceof Integer i && i > 0) {
        return String.valueOf(i);
      }
      if (s.value() instanceof String str && str.matches("\\d+%")) {
        int pct = Integer.parseInt(str.substring(0, str.length() - 1));
        if (pct >= 1 && pct <= 100) {
          return str;
        }
      }
    }
    throw InputException.at(n.location(), "serial: expected a positive number or a percentage"
        + " from 1% to 100%, found " + describe(n));
  }

  private static Integer maxFail(YNode.Entry e) {
    if (e == null || isNull(e.value())) {
      return null;
    }
    YNode n = e.value();
    if (n instanceof YNode.YScalar s && s.value() instanceof Integer i && i >= 0 && i <= 100) {
      return i;
    }
    throw InputException.at(n.location(), "max_fail_percentage: expected a whole number from 0 to 100, found "
        + describe(n));
  }

  private static String describe(YNode n) {
    return n instanceof YNode.YScalar s ? io.jprov.util.Text.describe(s.value()) : n.kind();
  }

  private static boolean isNull(YNode n) {
    return n instanceof YNode.YScalar s && s.value() == null;
  }

}
