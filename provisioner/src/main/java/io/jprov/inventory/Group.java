package io.jprov.inventory;

import io.jprov.Location;
import java.util.List;
import java.util.Map;

/**
 * One inventory group.
 *
 * @param name group name ({@code all} is the root)
 * @param children names of child groups, in document order
 * @param hosts names of hosts listed directly in this group (ranges expanded)
 * @param vars the group's own variables (not merged)
 * @param location where the group was defined
 */
public record Group(
    String name, List<String> children, List<String> hosts, Map<String, Object> vars, Location location) {}
