package io.jprov.modules;

import io.jprov.platform.Distro;
import io.jprov.platform.PackageManager;
import io.jprov.platform.RepoLookup;
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
 * @param distro the host's supported platform once its platform fact is known; null before (preflight)
 *     or when the platform is not supported (assert_platform says so)
 * @param lookup the controller's repository lookups (keys, version resolution); never null
 */
public record TaskContext(
    String hostName, Map<String, Object> vars, boolean become, Path home, Path playbookDir, Distro distro,
    RepoLookup lookup) {

  /** A context without a known platform and without lookups (preflight, tests). */
  public TaskContext(String hostName, Map<String, Object> vars, boolean become, Path home, Path playbookDir) {
    this(hostName, vars, become, home, playbookDir, null, RepoLookup.NONE);
  }

  /** The package manager to plan for: the distro's, or yum (EL7) when the platform is not known. */
  public PackageManager packageManager() {
    return distro == null ? PackageManager.YUM : distro.packageManager();
  }
}
