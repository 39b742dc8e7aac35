package io.jprov.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What doctor knows about a host besides its facts: its merged variables (the Docker CE playbook's
 * defaults under the inventory and {@code -e}, as {@code jprov apply} would see them before the
 * platform is known) and the controller's clock when the facts were read.
 *
 * @param host the inventory name
 * @param vars the merged variables; immutable
 * @param controllerEpochSeconds the controller's time (seconds since the epoch) when the read began, for clock skew
 */
public record DoctorContext(String host, Map<String, Object> vars, long controllerEpochSeconds) {
  public DoctorContext {
    vars = Map.copyOf(vars);
  }

  /** {@code docker.<key>}, or null. */
  public Object docker(String key) {
    return vars.get("docker") instanceof Map<?, ?> d ? d.get(key) : null;
  }

  /** {@code docker.<key>} as text, "" when unset. */
  public String dockerString(String key) {
    Object v = docker(key);
    return v == null ? "" : String.valueOf(v);
  }

  /** {@code docker.registry_mirrors}. */
  public List<String> registryMirrors() {
    return strings(docker("registry_mirrors"));
  }

  /** {@code docker.version} (a version set name or a prefix such as 26.1.4, 27.3). */
  public String dockerVersion() {
    return dockerString("version");
  }

  /** {@code docker.mirror}: the root of the Docker CE mirror tree the hosts use. */
  public String dockerMirror() {
    return dockerString("mirror");
  }

  /** {@code docker.hold} (default true). */
  public boolean hold() {
    return !Boolean.FALSE.equals(docker("hold")) && !"false".equals(String.valueOf(docker("hold")));
  }

  /** {@code docker.restart}: if-idle (default), always or never. */
  public String restartPolicy() {
    String p = dockerString("restart");
    return p.isEmpty() ? "if-idle" : p;
  }

  /** {@code docker.http_proxy}, "" when unset. */
  public String httpProxy() {
    return dockerString("http_proxy");
  }

  /** {@code docker.https_proxy}, "" when unset. */
  public String httpsProxy() {
    return dockerString("https_proxy");
  }

  /** {@code docker.no_proxy}, "" when unset. */
  public String noProxy() {
    return dockerString("no_proxy");
  }

  /** {@code docker_packages}: the Docker set (docker-ce, docker-ce-cli, containerd.io, ...). */
  public List<String> dockerPackages() {
    return strings(vars.get("docker_packages"));
  }

  /**
   * The users who should be in group docker: {@code docker.users}, else the SSH user when it is set
   * and not root (as the playbook's step 11b); empty when neither.
   */
  public List<String> dockerUsers() {
    List<String> users = strings(docker("users"));
    if (!users.isEmpty()) {
      return users;
    }
    Object ssh = vars.get("ssh_user");
    return ssh == null || String.valueOf(ssh).isEmpty() || "root".equals(String.valueOf(ssh))
        ? List.of() : List.of(String.valueOf(ssh));
  }

  /** {@code base_repos_mirror} (EL7's vault or internal CentOS mirror), "" when unset. */
  public String baseReposMirror() {
    Object v = vars.get("base_repos_mirror");
    return v == null ? "" : String.valueOf(v);
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      l.forEach(o -> out.add(String.valueOf(o)));
    }
    return List.copyOf(out);
  }
}
