package io.jprov.cli;

import io.jprov.ExitCodes;
import io.jprov.engine.TaskFilter;
import io.jprov.modules.ModuleRegistry;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.PlaybookLoader;
import io.jprov.playbook.Task;
import io.jprov.template.Templates;
import io.jprov.util.Secrets;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code apply|plan --list-tasks / --list-tags}: the playbook's tasks and tags after {@code --tags}
 * and {@code --skip-tags}, in ansible-playbook's layout. Reads only the playbook: no inventory, no
 * host contacted.
 */
final class PlaybookListing {
  private PlaybookListing() {}

  /**
   * Prints the listing the options ask for.
   *
   * @return {@link ExitCodes#OK}
   * @throws io.jprov.InputException when the playbook is invalid or a {@code --tags} tag is unknown
   */
  static int print(PrintStream out, PrintStream err, RunOptions opts) {
    Path home = Home.find();
    Path file = opts.playbook != null ? Path.of(opts.playbook) : home.resolve("playbooks/docker-ce.yml");
    String shown = opts.playbook != null ? opts.playbook : file.toString();
    Templates templates = new Templates(PlaybookRun.templateDirs(home, file));
    Playbook playbook = new PlaybookLoader(ModuleRegistry.builtin(templates)).load(file, shown);
    Set<String> tags = Set.copyOf(opts.tags);
    Set<String> skipTags = Set.copyOf(opts.skipTags);
    // the same checks as a run: an unknown --tags is an error, an unknown --skip-tags a warning
    TaskFilter.check(playbook, tags, skipTags).forEach(w -> err.println("jprov: warning: " + w));
    List<Task> tasks = TaskFilter.select(playbook.tasks(), tags, skipTags);

    out.println("playbook: " + Secrets.mask(shown));
    out.println();
    out.println("  play #1 (" + playbook.hosts() + "): " + playbook.name() + "\tTAGS: []");
    if (opts.listTasks) {
      out.println("    tasks:");
      for (Task t : tasks) {
        out.println("      " + Secrets.mask(t.name()) + "\tTAGS: [" + String.join(", ", new TreeSet<>(t.tags())) + "]");
      }
    }
    if (opts.listTags) {
      Set<String> all = new TreeSet<>();
      tasks.forEach(t -> all.addAll(t.tags()));
      out.println("      TASK TAGS: [" + String.join(", ", all) + "]");
    }
    return ExitCodes.OK;
  }
}
