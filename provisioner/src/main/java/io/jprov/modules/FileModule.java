package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileStat;
import io.jprov.util.Sh;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code file}: a path is a regular file (optionally with exact content), a directory, or absent,
 * with the given mode and owner. Content is written atomically by {@link Command.Upload}; a
 * missing file without {@code content} is created empty.
 */
public final class FileModule implements TaskModule<FileModule.Arguments> {
  private static final ArgSpec SPEC = ArgSpec.of("file",
      "A path is a regular file (optionally with exact content), a directory, or absent, with the given mode and"
          + " owner.")
      .required("path", ArgType.PATH, "The file or directory on the host.")
      .optional("state", ArgType.oneOf(List.of("file", "directory", "absent")), "file",
          "What the path is: a regular file, a directory, or nothing.")
      .optional("content", ArgType.TEXT, "The file's exact content, uploaded atomically; without it a"
          + " missing file is created empty and an existing one keeps its content (state: file only).")
      .optional("mode", ArgType.MODE, "The octal mode, written quoted; without it an existing path keeps its"
          + " mode and a new file gets 0644.")
      .optional("owner", ArgType.ACCOUNT, "The owning user; without it an existing path keeps its owner.")
      .optional("group", ArgType.ACCOUNT, "The owning group; without it an existing path keeps its group.")
      .build();

  /** What the path is. */
  public enum State { FILE, DIRECTORY, ABSENT }

  /**
   * The parsed arguments.
   *
   * @param content the exact content, or null to leave it alone
   * @param mode four octal digits, or null
   */
  public record Arguments(String path, State state, String content, String mode, String owner, String group) {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    State state = State.valueOf(a.string("state").toUpperCase(Locale.ROOT));
    String content = a.string("content");
    if (content != null && state != State.FILE) {
      throw a.error("argument 'content' only applies to state: file");
    }
    return new Arguments(a.string("path"), state, content, a.string("mode"), a.string("owner"), a.string("group"));
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    return List.of(FileStat.of(a.path(), a.content() != null));
  }

  /** The path, what it holds and the directories holding it. */
  @Override
  public java.util.function.Predicate<String> affects(Arguments a) {
    return Affects.only(Affects.paths(java.util.List.of(a.path())));
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    String path = a.path();
    String content = a.content();
    String mode = a.mode();
    String owner = a.owner();
    String group = a.group();
    FileStat cur = facts.get(FileStat.of(path, content != null));
    String p = Sh.quote(path);
    return switch (a.state()) {
      case ABSENT -> switch (cur.type()) {
        case ABSENT -> Plan.ok(path + " is absent");
        case DIRECTORY -> Plan.change("remove directory " + path,
            List.of(new Command.Shell("rmdir -- " + p, "remove empty directory " + path)));
        default -> Plan.change("remove " + path,
            List.of(new Command.Shell("rm -f -- " + p, "remove " + path)));
      };
      case DIRECTORY -> directory(path, cur, mode, owner, group);
      case FILE -> FilePlanner.regularFile(path, cur,
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
