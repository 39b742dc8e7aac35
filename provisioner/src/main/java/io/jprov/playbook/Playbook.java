package io.jprov.playbook;

import io.jprov.Location;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded and validated playbook (docs/playbooks.md). One play per file.
 *
 * @param name the play's name; defaults to the file name without extension
 * @param file the playbook file
 * @param hosts host pattern (default {@code all})
 * @param serial batch size: null = all at once; a number, or a percent string such as {@code 20%}
 * @param maxFailPercentage failure budget per batch (0–100), or null for none
 * @param vars play variables: defaults with the lowest precedence, below the inventory's {@code
 *     all} group, so an inventory always overrides a playbook (like Ansible role defaults)
 * @param tasks tasks in order
 * @param handlers handlers by name, in order
 * @param location where the play starts
 */
public record Playbook(
    String name,
    Path file,
    String hosts,
    String serial,
    Integer maxFailPercentage,
    Map<String, Object> vars,
    List<Task> tasks,
    List<Task> handlers,
    Location location) {}
