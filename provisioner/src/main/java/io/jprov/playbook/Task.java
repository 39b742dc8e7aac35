package io.jprov.playbook;

import io.jprov.Location;
import java.util.List;
import java.util.Map;

/**
 * One task of a play.
 *
 * @param name task name (defaults to the module name)
 * @param module module name, validated against the module registry
 * @param args raw module arguments as plain values; strings may hold {@code ${...}}
 * @param when condition expression over vars and facts, or null
 * @param tags tags for {@code --tags}/{@code --skip-tags}
 * @param notifies handler names to notify when the task changes something
 * @param checkMode null: follow the run; true: always check only; false: run even in check mode
 * @param location where the task starts in the playbook file
 */
public record Task(
    String name,
    String module,
    Map<String, Object> args,
    String when,
    List<String> tags,
    List<String> notifies,
    Boolean checkMode,
    Location location) {}
