package io.jprov.doctor;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostCheckFacts;
import io.jprov.facts.HostCheckFacts.Selinux;
import io.jprov.facts.HostFacts;
import io.jprov.facts.RpmFacts;
import io.jprov.facts.RpmFacts.Rpm;
import io.jprov.facts.RpmFacts.RpmState;
import io.jprov.platform.Distro;
import io.jprov.platform.Distros;
import io.jprov.platform.Family;
import io.jprov.platform.PackageManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Doctor checks {@code selinux.*}: SELinux mode and container-selinux. On EL, Docker CE's packages
 * need container-selinux (the policy that labels container processes and files); without it an
 * enforcing host denies containers their files.
 */
final class SelinuxCheck implements DoctorCheck {
  static final String POLICY = "container-selinux";

  private static final Map<String, String> CHECKS = checkNames();

  private static Map<String, String> checkNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("selinux.mode", "the SELinux mode (getenforce) is the one /etc/selinux/config gives at boot");
    m.put("selinux.container-selinux", "on EL with SELinux enforcing or permissive, container-selinux is installed");
    return java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public String name() {
    return "selinux";
  }

  @Override
  public Map<String, String> checks() {
    return CHECKS;
  }

  /** rpm -q is read on every family (one batch with the other package facts); on apt hosts it is not looked at. */
  @Override
  public List<Fact<?>> facts(DoctorContext ctx) {
    return List.of(HostCheckFacts.SELINUX, RpmFacts.query(List.of(POLICY)));
  }

  @Override
  public List<Finding> evaluate(FactSet facts, DoctorContext ctx) {
    Selinux se = facts.get(HostCheckFacts.SELINUX);
    Distro distro = Distros.of(facts.get(HostFacts.PLATFORM));
    return List.of(mode(se), policy(se, distro, facts.get(RpmFacts.query(List.of(POLICY)))));
  }

  /**
   * A mode that differs from the configured one changes at the next reboot: {@code setenforce 0}
   * done by hand comes back enforcing, and a host booted with SELinux disabled relabels every file
   * when it comes back enabled.
   */
  private static Finding mode(Selinux se) {
    if (se.mode().isEmpty()) {
      return Finding.ok("selinux.mode", "SELinux not in use (" + se.evidence() + ")");
    }
    String seen = se.evidence()
        + (se.configured().isEmpty() ? "" : "; /etc/selinux/config: SELINUX=" + se.configured());
    if (se.configured().isEmpty() || se.configured().equals(se.mode())) {
      return Finding.ok("selinux.mode", seen);
    }
    String changes = seen + " (the next reboot changes the mode)";
    if (se.mode().equals("disabled")) {
      return Finding.warn("selinux.mode", changes, "Reboot to run as configured (SELINUX=" + se.configured()
          + "; every file gets relabelled), or set SELINUX=disabled in /etc/selinux/config to keep the running mode.");
    }
    if (se.configured().equals("disabled")) {
      return Finding.warn("selinux.mode", changes, "Set SELINUX=" + se.mode()
          + " in /etc/selinux/config to keep the running mode (the next boot would disable SELinux).");
    }
    return Finding.warn("selinux.mode", changes,
        "Run `setenforce " + (se.configured().equals("enforcing") ? "1" : "0") + "` to run as configured, or set "
            + "SELINUX=" + se.mode() + " in /etc/selinux/config.");
  }

  private static Finding policy(Selinux se, Distro distro, RpmState rpm) {
    if (distro == null || distro.packageManager() == PackageManager.APT) {
      return Finding.ok("selinux.container-selinux", "not needed: not an EL host of the support table");
    }
    if (!se.inUse()) {
      return Finding.ok("selinux.container-selinux", "not needed: SELinux " + (se.mode().isEmpty() ? "not in use" : se.mode()));
    }
    if (rpm.isInstalled(POLICY)) {
      Rpm p = rpm.installed().get(POLICY).get(0);
      return Finding.ok("selinux.container-selinux", POLICY + " " + p.evr() + " installed");
    }
    String seen = "package " + POLICY + " is not installed (SELinux " + se.mode() + ")";
    String fix = "Install it (`" + (distro.packageManager() == PackageManager.YUM ? "yum" : "dnf") + " install "
        + POLICY + "`" + (distro.family() == Family.EL7 ? ", from CentOS extras" : "")
        + "), then restart docker.";
    return se.mode().equals("enforcing")
        ? Finding.fail("selinux.container-selinux", seen + ": containers are denied their files", fix)
        : Finding.warn("selinux.container-selinux", seen + ": containers will be denied once SELinux enforces", fix);
  }
}
