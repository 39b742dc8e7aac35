package io.jprov.engine;

import io.jprov.playbook.Task;
import java.util.List;
import java.util.Set;

/** {@code --tags} / {@code --skip-tags}: tag {@code always} runs unless skipped by name. */
final class TaskFilter {
  private TaskFilter() {}

  static List<Task> select(List<Task> tasks, Set<String> tags, Set<String> skipTags) {
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
