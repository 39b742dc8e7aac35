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
 * @param skipReason why the task is skipped when {@code when} is false, in the playbook author's
 *     words (the message of the skipped task); null: "condition not met"
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
    String skipReason,
    List<String> tags,
    List<String> notifies,
    Boolean checkMode,
    Location location) {

  /** What a skipped task's result says when its skip reason is not given. */
  public static final String CONDITION_NOT_MET = "condition not met";

  /** A task without a skip reason. */
  public Task(String name, String module, Map<String, Object> args, String when, List<String> tags,
      List<String> notifies, Boolean checkMode, Location location) {
    this(name, module, args, when, null, tags, notifies, checkMode, location);
  }

  /** The message of this task's result when its {@code when} is false: never the condition's source. */
  public String skipMessage() {
    return skipReason != null ? skipReason : CONDITION_NOT_MET;
  }
}
