package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileStat;
import io.jprov.util.Sh;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code file}: a path is a regular file (optionally with exact content), a directory, or absent,
 * with the given mode and owner. Content is written atomically by {@link Command.Upload}; a
 * missing file without {@code content} is created empty.
 */
public final class FileModule implements Module {
  private static final List<String> ARGS = List.of("path", "state", "content", "mode", "owner", "group");
  private static final List<String> STATES = List.of("file", "directory", "absent");

  @Override
  public String name() {
    return "file";
  }

  @Override
  public void validate(Map<String, Object> args) {
    OldArgs.requireKnown(name(), args, ARGS);
    OldArgs.path(args, "path", true);
    String state = OldArgs.choice(args, "state", STATES, "file");
    Object content = args.get("content");
    if (content != null && !(content instanceof String)) {
      throw new ModuleArgsException("argument 'content' must be a string, found " + OldArgs.kind(content));
    }
    OldArgs.mode(args, "mode");
    OldArgs.name(args, "owner");
    OldArgs.name(args, "group");
    if (content != null && !state.equals("file") && !OldArgs.templated(state)) {
      throw new ModuleArgsException("argument 'content' only applies to state: file");
    }
  }

  @Override
  public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
    String path = OldArgs.path(args, "path", true);
    return List.of(FileStat.of(path, args.get("content") != null));
  }

  @Override
  public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    validate(args);
    String path = OldArgs.path(args, "path", true);
    String state = OldArgs.choice(args, "state", STATES, "file");
    String content = (String) args.get("content");
    String mode = OldArgs.mode(args, "mode");
    String owner = OldArgs.name(args, "owner");
    String group = OldArgs.name(args, "group");
    FileStat cur = facts.get(FileStat.of(path, content != null));
    String p = Sh.quote(path);
    return switch (state) {
      case "absent" -> switch (cur.type()) {
        case ABSENT -> Plan.ok(path + " is absent");
        case DIRECTORY -> Plan.change("remove directory " + path,
            List.of(new Command.Shell("rmdir -- " + p, "remove empty directory " + path)));
        default -> Plan.change("remove " + path,
            List.of(new Command.Shell("rm -f -- " + p, "remove " + path)));
      };
      case "directory" -> directory(path, cur, mode, owner, group);
      default -> FilePlanner.regularFile(path, cur,
          content == null ? null : content.getBytes(StandardCharsets.UTF_8), mode, owner, group, List.of());
    };
  }

  private static Plan directory(String path, FileStat cur, String mode, String owner, String group) {
    if (cur.type() == FileStat.Type.DIRECTORY) {
      return FilePlanner.metadata(path, cur, mode, owner, group);
    }
    if (cur.exists()) {
      return Plan.fail(path + " exists and is not a directory; refusing to replace it");
    }
    String p = Sh.quote(path);
    StringBuilder script = new StringBuilder("mkdir -p -- ").append(p);
    if (mode != null) {
      script.append(" && chmod ").append(Sh.quote(mode)).append(" -- ").append(p);
    }
    if (owner != null || group != null) {
      String spec = (owner == null ? "" : owner) + (group == null ? "" : ":" + group);
      script.append(" && chown ").append(Sh.quote(spec)).append(" -- ").append(p);
    }
    return Plan.change("create directory " + path,
        List.of(new Command.Shell(script.toString(), "create directory " + path)));
  }
}
