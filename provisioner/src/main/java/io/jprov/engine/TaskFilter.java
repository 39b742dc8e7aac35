package io.jprov.engine;

import io.jprov.InputException;
import io.jprov.playbook.Playbook;
import io.jprov.playbook.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** {@code --tags} / {@code --skip-tags}: tag {@code always} runs unless skipped by name. */
public final class TaskFilter {
  private TaskFilter() {}

  /**
   * Checks the tags given against the playbook's: a {@code --tags} tag that no task or handler
   * has would silently select nothing, so it is an input error; an unknown {@code --skip-tags}
   * tag skips nothing, so it is only a warning (returned).
   *
   * @throws InputException naming the unknown {@code --tags} tag and the playbook's tags
   */
  public static List<String> check(Playbook playbook, Set<String> tags, Set<String> skipTags) {
    Set<String> known = new TreeSet<>();
    playbook.tasks().forEach(t -> known.addAll(t.tags()));
    playbook.handlers().forEach(t -> known.addAll(t.tags()));
    String list = known.isEmpty() ? "the playbook has no tags" : "tags: " + String.join(", ", known);
    for (String t : new TreeSet<>(tags)) {
      if (!known.contains(t)) {
        throw new InputException("--tags: no task has tag '" + io.jprov.util.Text.shown(t) + "' (" + list + ")");
      }
    }
    List<String> warnings = new ArrayList<>();
    for (String t : new TreeSet<>(skipTags)) {
      if (!known.contains(t)) {
        warnings.add("--skip-tags: no task has tag '" + io.jprov.util.Text.shown(t) + "' (" + list + "); it skips nothing");
      }
    }
    return warnings;
  }

  public static List<Task> select(List<Task> tasks, Set<String> tags, Set<String> skipTags) {
    return tasks.stream().filter(t -> selected(t, tags, skipTags)).toList();
  }

  static boolean selected(Task t, Set<String> tags, Set<String> skipTags) {
    if (t.tags().stream().anyMatch(skipTags::contains)) {
      return false;
    }
    if (tags.isEmpty() || t.tags().contains("always")) {
      return true;
    }
    return t.tags().stream().anyMatch(tags::contains);
  }
}
