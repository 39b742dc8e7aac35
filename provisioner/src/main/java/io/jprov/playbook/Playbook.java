package io.jprov.playbook;

import io.jprov.Location;
import io.jprov.util.Maps;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * @param varsFiles the play's {@code vars_files}, in order, each loaded for every platform family
 *     when the playbook was loaded; a host's variables are play vars &lt; these &lt; inventory &lt; {@code -e}
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
    Location location,
    List<VarsFile> varsFiles) {

  /** A playbook without {@code vars_files}. */
  public Playbook(String name, Path file, String hosts, String serial, Integer maxFailPercentage,
      Map<String, Object> vars, List<Task> tasks, List<Task> handlers, Location location) {
    this(name, file, hosts, serial, maxFailPercentage, vars, tasks, handlers, location, List.of());
  }

  /**
   * One entry of {@code vars_files}.
   *
   * @param pattern the entry as written, e.g. {@code docker-ce/${facts.family}.yml}
   * @param location where it is written in the playbook
   * @param perFamily whether the entry names {@code ${facts.family}} (else one file for every host)
   * @param files family key ({@code el7} … {@code ubuntu}) → the loaded file; for an entry without
   *     {@code ${facts.family}} the key is {@code ""}
   */
  public record VarsFile(String pattern, Location location, boolean perFamily, Map<String, Loaded> files) {

    /** The file that applies to a host of {@code family} (null or "" when unknown or unsupported), or null. */
    public Loaded forFamily(String family) {
      if (!perFamily) {
        return files.get("");
      }
      return family == null || family.isEmpty() ? null : files.get(family);
    }
  }

  /**
   * A loaded vars file.
   *
   * @param file the file
   * @param shown how messages name it (relative to the playbook as written)
   * @param vars its variables
   */
  public record Loaded(Path file, String shown, Map<String, Object> vars) {}

  /**
   * The playbook's defaults for a host of {@code family}: play vars, then every {@code vars_files}
   * entry that applies to it, in order (later wins, maps merge). With a null or empty family (not
   * known yet, or an unsupported platform) only the entries without {@code ${facts.family}} apply.
   */
  public Map<String, Object> defaults(String family) {
    Map<String, Object> out = vars;
    for (VarsFile vf : varsFiles) {
      Loaded l = vf.forFamily(family);
      if (l != null) {
        out = Maps.merged(out, l.vars());
      }
    }
    return out;
  }

  /**
   * The top-level variables that some family's vars file defines: before a host's platform is
   * known, an undefined one of these is not an error yet (like {@code facts}).
   */
  public Set<String> familyVarNames() {
    Set<String> out = new LinkedHashSet<>();
    for (VarsFile vf : varsFiles) {
      if (vf.perFamily()) {
        vf.files().values().forEach(l -> out.addAll(l.vars().keySet()));
      }
    }
    return out;
  }
}
