package io.jprov.modules;

import io.jprov.facts.CommandFacts;
import io.jprov.facts.CommandFacts.Validation;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileStat;
import io.jprov.facts.HostFacts;
import io.jprov.facts.SnapshotFacts;
import io.jprov.template.Templates;
import io.jprov.util.Sh;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code template}: {@code dest} holds the FreeMarker template {@code src} rendered with the host's
 * variables and {@code facts}. Compares sha256 with the host's file; when different, optionally
 * validates the new content on the host with the facts, in check mode too ({@code validate: "jq .
 * %s"}; a refusal fails the task with the command's own message and uploads nothing), backs the old
 * file up ({@code
 * backup: true} → {@code dest.YYYYmmddHHMMSS~}) and uploads atomically. Templates are looked up in
 * {@code templates/} of the jprov home, then in the playbook's directory.
 *
 * <p>{@code keep_previous: true} keeps the last known-good file for a handler that restores it
 * when the service rejects the new one (see {@link #keepPrevious}). {@code fallback} (with
 * keep_previous) is the content restored when there was no previous file, e.g. {@code "{}"} for a
 * daemon.json: the service then runs with a minimal known-good file instead of staying down
 * (without it, the file is removed again).
 */
public final class TemplateModule implements TaskModule<TemplateModule.Arguments> {
  private static final ArgType<String> SRC = ArgType.STRING.check("template name", s -> !s.isBlank(),
      s -> "must name a template");
  private static final ArgType<String> FORMAT = ArgType.STRING.check("json", s -> s.equals("json"),
      s -> "must be json (checked before upload), found '" + io.jprov.util.Text.shown(s) + "'");
  private static final ArgType<String> VALIDATE = ArgType.STRING.check("command with %s", s -> s.contains("%s"),
      s -> "must contain %s where the new file's path goes, e.g. 'jq . %s'");
  private static final ArgSpec SPEC = ArgSpec.of("template",
      "A file holds a FreeMarker template rendered with the host's variables and facts, with the given mode and"
          + " owner.")
      .required("src", SRC, "The template: an absolute path, or a name looked up in templates/ of the jprov"
          + " home, then in the playbook's directory.")
      .required("dest", ArgType.PATH, "The file on the host.")
      .optional("mode", ArgType.MODE, "The octal mode, written quoted; without it an existing file keeps its"
          + " mode and a new one gets 0644.")
      .optional("owner", ArgType.ACCOUNT, "The owning user; without it an existing file keeps its owner.")
      .optional("group", ArgType.ACCOUNT, "The owning group; without it an existing file keeps its group.")
      .optional("backup", ArgType.BOOL, false, "Copy the old file to dest.YYYYmmddHHMMSS~ before replacing it.")
      .optional("validate", VALIDATE, "A command that checks the new content on the host before the upload (in"
          + " check mode too), with %s where a temporary copy's path goes (jq . %s); when it exits non-zero the"
          + " task fails with its output (the copy's path shown as dest) and nothing is uploaded.")
      .optional("keep_previous", ArgType.BOOL, false, "Keep the last known-good file as dest.jprov-prev until a"
          + " service handler with restore_on_failure confirms the new one, or restores the old one.")
      .optional("fallback", ArgType.STRING, "With keep_previous: the content restored when there was no"
          + " previous file (e.g. {} for daemon.json); without it the file is removed again.")
      .optional("format", FORMAT, "json: the rendered content must be valid JSON; checked before anything is"
          + " uploaded.")
      .optional("pending_marker", ArgType.PATH, "With keep_previous: a file whose presence says the handler saw the"
          + " change and holds it back (docker_restart's pending restart, which its handler reports in every run);"
          + " the unconfirmed snapshot then does not notify the handler again.")
      .build();

  /**
   * The parsed arguments.
   *
   * @param mode four octal digits, or null
   * @param validate a command holding %s, or null
   * @param fallback content restored when there was no previous file, or null
   * @param format "json", or null
   * @param pendingMarker with keep_previous: the handler's pending marker, or null
   */
  public record Arguments(String src, String dest, String mode, String owner, String group, boolean backup,
      String validate, boolean keepPrevious, String fallback, String format, String pendingMarker) {}

  private final Templates templates;

  /** @param templates the shared renderer (its own directories are searched last) */
  public TemplateModule(Templates templates) {
    this.templates = templates;
  }

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    if (a.has("fallback") && !a.bool("keep_previous")) {
      throw a.error("argument 'fallback' needs keep_previous: true");
    }
    if (a.has("pending_marker") && !a.bool("keep_previous")) {
      throw a.error("argument 'pending_marker' needs keep_previous: true");
    }
    return new Arguments(a.string("src"), a.string("dest"), a.string("mode"), a.string("owner"), a.string("group"),
        a.bool("backup"), a.string("validate"), a.bool("keep_previous"), a.string("fallback"), a.string("format"),
        a.string("pending_marker"));
  }

  /**
   * Before any host is contacted: the template file exists, and it renders with the host's
   * variables alone. A syntax error, an endless recursion or a {@code <#stop>} on a bad value is
   * an input error here; a template that reads {@code facts} fails on them here and the caller
   * leaves it for run time.
   */
  @Override
  public void preflight(Arguments a, TaskContext ctx) {
    String file = locate(a.src(), ctx);
    templates.renderFile(file, ctx.vars(), "template " + a.src());
  }

  @Override
  public List<Fact<?>> facts(Arguments a, TaskContext ctx) {
    List<Fact<?>> facts = new ArrayList<>();
    facts.add(FileStat.of(a.dest(), true));
    if (a.keepPrevious()) {
      facts.add(SnapshotFacts.pending(a.dest()));
    }
    if (a.pendingMarker() != null) {
      facts.add(FileStat.of(a.pendingMarker(), false));
    }
    if (!ctx.vars().containsKey("facts")) {
      facts.add(HostFacts.PLATFORM);
    }
    return facts;
  }

  /**
   * With {@code validate}: the validation of the new content, on the host, when it differs from the
   * file there. Read with the facts, so check mode validates too, and nothing is uploaded when it
   * fails.
   */
  @Override
  public List<Fact<?>> moreFacts(Arguments a, FactSet facts, TaskContext ctx) {
    if (a.validate() == null) {
      return List.of();
    }
    byte[] content = render(a, facts, ctx);
    FileStat cur = facts.get(FileStat.of(a.dest(), true));
    if (cur.exists() && io.jprov.util.Sha256.of(content).equals(cur.sha256())) {
      return List.of();
    }
    return List.of(CommandFacts.validates(a.validate(), new String(content, StandardCharsets.UTF_8)));
  }

  private byte[] render(Arguments a, FactSet facts, TaskContext ctx) {
    return render(a.src(), facts, ctx);
  }

  /**
   * What template {@code src} renders for this host, as this module would write it (also read by
   * {@code docker_restart} to know the file a handler applies before it is written, in check mode).
   * Needs the platform fact unless the variables hold {@code facts}.
   */
  byte[] render(String src, FactSet facts, TaskContext ctx) {
    Map<String, Object> model = new LinkedHashMap<>(ctx.vars());
    if (!model.containsKey("facts")) {
      model.put("facts", facts.get(HostFacts.PLATFORM).toModel());
    }
    return templates.renderFile(locate(src, ctx), model, "template " + src).getBytes(StandardCharsets.UTF_8);
  }

  /** The destination and the files kept beside it ({@code .jprov-prev}, backups); validations are re-run. */
  @Override
  public java.util.function.Predicate<String> affects(Arguments a) {
    return Affects.only(Affects.paths(java.util.List.of(a.dest())));
  }

  @Override
  public Plan plan(Arguments a, FactSet facts, TaskContext ctx) {
    String src = a.src();
    String dest = a.dest();
    byte[] content = render(a, facts, ctx);

    if ("json".equals(a.format())) {
      String invalid = io.jprov.json.Json.check(new String(content, StandardCharsets.UTF_8));
      if (invalid != null) {
        return Plan.fail("template " + src + " rendered " + dest + " as " + invalid + "; nothing was uploaded");
      }
    }
    FileStat cur = facts.get(FileStat.of(dest, true));
    if (a.validate() != null && !(cur.exists() && io.jprov.util.Sha256.of(content).equals(cur.sha256()))) {
      Validation v = facts.get(CommandFacts.validates(a.validate(), new String(content, StandardCharsets.UTF_8)));
      if (!v.ok()) {
        String said = v.message(dest);
        return Plan.fail(dest + " not uploaded: the new content was refused (validate: exit " + v.exitCode() + ")"
            + (said.isEmpty() ? "" : ": " + said));
      }
    }
    List<Command> before = new ArrayList<>();
    if (a.backup() && cur.exists()) {
      before.add(new Command.Shell(
          "cp -p -- " + Sh.quote(dest) + " " + Sh.quote(dest) + "\".$(date +%Y%m%d%H%M%S)~\"",
          "back up " + dest));
    }
    if (a.keepPrevious()) {
      before.add(keepPrevious(dest, a.fallback()));
    }
    Plan plan = FilePlanner.regularFile(dest, cur, content, a.mode(), a.owner(), a.group(), before);
    if (a.keepPrevious() && plan.kind() == Plan.Kind.OK && facts.get(SnapshotFacts.pending(dest))
        && (a.pendingMarker() == null || !facts.get(FileStat.of(a.pendingMarker(), false)).exists())) {
      // an earlier run changed the file but its handler never confirmed it (a later task failed):
      // the service still runs with the old file, so notify the handler again (unless the handler recorded
      // that it holds the change back: it is due by itself then)
      return Plan.change("apply " + dest + ": an earlier run changed it but its handler did not run",
          List.of(new Command.Shell(":", "notify the handlers of " + dest)));
    }
    return plan;
  }

  /**
   * Remembers the last known-good state of {@code dest} for a handler that restores it when a
   * restart fails ({@code service} with {@code restore_on_failure}): a copy at {@code
   * dest.jprov-prev}, or, when there was no file, the {@code fallback} content there (a minimal
   * known-good file) or else an empty {@code dest.jprov-absent} marker. An existing snapshot is
   * kept: it is the state before the first unconfirmed change, and the handler removes it once the
   * service started with the new file.
   */
  static Command keepPrevious(String dest, String fallback) {
    if (fallback != null) {
      String d = Sh.quote(dest);
      String prev = Sh.quote(dest + ".jprov-prev");
      String absent = Sh.quote(dest + ".jprov-absent");
      String dir = Sh.quote(dest.substring(0, Math.max(1, dest.lastIndexOf('/'))));
      String content = fallback.endsWith("\n") ? fallback : fallback + "\n";
      return new Command.Shell(
          "if [ ! -e " + prev + " ] && [ ! -e " + absent + " ]; then "
              + "if [ -e " + d + " ]; then cp -p -- " + d + " " + prev + "; "
              + "else mkdir -p -- " + dir + " && printf '%s' " + Sh.quote(content) + " > " + prev
              + " && chmod 0644 " + prev + "; fi; fi",
          "keep the previous " + dest + " (or a minimal one) until the service accepts the new one");
    }
    return keepPrevious(dest);
  }

  static Command keepPrevious(String dest) {
    String d = Sh.quote(dest);
    String prev = Sh.quote(dest + ".jprov-prev");
    String absent = Sh.quote(dest + ".jprov-absent");
    String dir = Sh.quote(dest.substring(0, Math.max(1, dest.lastIndexOf('/'))));
    return new Command.Shell(
        "if [ ! -e " + prev + " ] && [ ! -e " + absent + " ]; then "
            + "if [ -e " + d + " ]; then cp -p -- " + d + " " + prev + "; "
            + "else mkdir -p -- " + dir + " && : > " + absent + "; fi; fi",
        "keep the previous " + dest + " until the service accepts the new one");
  }

  /** The template file: absolute as given, else home/templates, the playbook dir, then the renderer's dirs. */
  private String locate(String src, TaskContext ctx) {
    if (Path.of(src).isAbsolute()) {
      return src;
    }
    List<Path> dirs = new ArrayList<>();
    if (ctx.home() != null) {
      dirs.add(ctx.home().resolve("templates"));
    }
    if (ctx.playbookDir() != null) {
      dirs.add(ctx.playbookDir());
    }
    for (Path dir : dirs) {
      Path candidate = dir.resolve(src).normalize();
      if (candidate.startsWith(dir.normalize()) && Files.isRegularFile(candidate)) {
        return candidate.toAbsolutePath().toString();
      }
    }
    if (templates.find(src) != null) {
      return src;
    }
    dirs.addAll(templates.templateDirs());
    throw new ModuleArgsException("template '" + src + "' not found in " + dirs);
  }
}
