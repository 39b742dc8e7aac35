package io.jprov.modules;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a module may know about where it runs, besides its arguments and facts.
 *
 * @param hostName inventory name of the host
 * @param vars the host's merged variables (after {@code -e}); immutable
 * @param become whether commands run as root through sudo
 * @param home jprov's install directory (holds {@code playbooks/} and {@code templates/})
 * @param playbookDir directory of the playbook being run (templates are also looked up there)
 */
public record TaskContext(
    String hostName, Map<String, Object> vars, boolean become, Path home, Path playbookDir) {}
