package io.jprov.doctor;

import io.jprov.facts.DpkgFacts;
import io.jprov.facts.DpkgFacts.Deb;
import io.jprov.facts.DpkgFacts.DpkgState;
import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.FileContentFacts;
import io.jprov.facts.FileContentFacts.FileContent;
import io.jprov.facts.HostFacts;
import io.jprov.facts.NetFacts;
import io.jprov.facts.Platform;
import io.jprov.facts.RepoCheckFacts;
import io.jprov.facts.RepoCheckFacts.DockerRepo;
import io.jprov.facts.RpmFacts;
import io.jprov.facts.RpmFacts.Rpm;
import io.jprov.facts.RpmFacts.RpmState;
import io.jprov.facts.VersionLockFacts;
import io.jprov.facts.VersionLockFacts.Lock;
import io.jprov.facts.VersionLockFacts.VersionLocks;
import io.jprov.platform.Distro;
import io.jprov.platform.Distros;
import io.jprov.platform.Family;
import io.jprov.platform.PackageManager;
import io.jprov.platform.VersionMatch;
import io.jprov.platform.VersionMatch.Scheme;
import io.jprov.util.DebVersion;
import io.jprov.util.Evr;
import io.jprov.util.Secrets;
import io.jprov.util.Text;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Doctor checks {@code packages.*}: Docker set versions, holds, repository mirror, EOL mirrorlist.
 *
 * <p>Every family's package facts are read (rpm and dpkg, both versionlock lists: doctor reads before
 * it knows the platform, and the other family's command fails harmlessly); the platform picks which
 * ones count. {@code packages.versions}: every name of {@code docker_packages} installed (docker-ce
 * missing or a package half-installed by dpkg fails, another one missing warns), and docker-ce at {@code docker.version} as step 7 would pick it
 * (a key of {@code docker_sets} when the variables have it: every pin exactly; else a version or a
 * prefix of whole parts of docker-ce's upstream version, with docker-ce-cli at docker-ce's version);
 * drift warns "run jprov apply". {@code packages.holds}: with {@code docker.hold} each installed
 * package is locked at its installed version (versionlock on EL, dpkg's hold on apt), without it none
 * is. {@code packages.repo}: the Docker repository file points under {@code docker.mirror/linux/}
 * (warn) and its metadata answers from the host (fail). {@code packages.mirrorlist}: CentOS 7's
 * CentOS-Base.repo with an enabled {@code mirrorlist=} on mirrorlist.centos.org, gone since the end
 * of life (2024-06-30): fails when the name no longer resolves, warns when it still does.
 */
final class PackagesCheck implements DoctorCheck {
  static final String VERSIONS = "packages.versions";
  static final String HOLDS = "packages.holds";
  static final String REPO = "packages.repo";
  static final String MIRRORLIST = "packages.mirrorlist";
  static final String BASE_REPO = "/etc/yum.repos.d/CentOS-Base.repo";
  static final String MIRRORLIST_HOST = "mirrorlist.centos.org";
  private static final String APPLY = "run jprov apply";
  private static final Map<String, String> CHECKS = checkNames();

  private static Map<String, String> checkNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(VERSIONS, "every package of docker_packages is installed, docker-ce at docker.version (drift: run jprov apply)");
    m.put(HOLDS, "with docker.hold each Docker package is held at its installed version (versionlock, apt-mark hold);"
        + " without it none is");
    m.put(REPO, "the Docker CE repository file points at docker.mirror and its metadata answers from the host");
    m.put(MIRRORLIST, "CentOS 7: no enabled mirrorlist= on mirrorlist.centos.org (gone since the end of life) in"
        + " CentOS-Base.repo");
    return Collections.unmodifiableMap(m);
  }

  @Override
  public String name() {
    return "packages";
  }

  @Override
  public Map<String, String> checks() {
    return CHECKS;
  }

  @Override
  public List<Fact<?>> facts(DoctorContext ctx) {
    List<Fact<?>> out = new ArrayList<>();
    List<String> names = ctx.dockerPackages();
    if (!names.isEmpty()) {
      out.add(RpmFacts.query(names));
      out.add(DpkgFacts.query(names));
    }
    out.add(VersionLockFacts.list(VersionLockFacts.YUM_LIST));
    out.add(VersionLockFacts.list(VersionLockFacts.DNF_LIST));
    out.add(RepoCheckFacts.DOCKER_REPO);
    out.add(FileContentFacts.of(BASE_REPO));
    out.add(NetFacts.resolves(MIRRORLIST_HOST));
    return out;
  }

  @Override
  public List<Finding> evaluate(FactSet facts, DoctorContext ctx) {
    Platform p = facts.get(HostFacts.PLATFORM);
    Distro d = Distros.of(p);
    List<Finding> out = new ArrayList<>();
    if (d == null) {
      out.add(Finding.warn(VERSIONS, name(p) + " is not a platform jprov supports: its packages are not checked",
          "see the support table in the README"));
      return out.stream().map(PackagesCheck::oneLine).toList();
    }
    Installed installed = installed(facts, ctx, d);
    out.add(versions(installed, ctx));
    out.add(holds(installed, facts, ctx, d));
    out.add(repo(facts, ctx, d));
    out.add(mirrorlist(facts, d));
    return out.stream().map(PackagesCheck::oneLine).toList();
  }

  /** Longest evidence shown, in characters: the host's values in it (file lines, URLs, curl's errors) are cut. */
  static final int MAX_EVIDENCE = 240;

  /**
   * {@code f} with its evidence on one line (control characters the host printed escaped), credentials of
   * URLs masked, and cut to {@value #MAX_EVIDENCE} characters.
   */
  static Finding oneLine(Finding f) {
    String e = Secrets.mask(Text.escapeControls(f.evidence()));
    if (e.length() > MAX_EVIDENCE) {
      e = e.substring(0, MAX_EVIDENCE - 1) + "…";
    }
    return new Finding(f.name(), f.status(), e, f.fix());
  }

  private static String name(Platform p) {
    return p.prettyName().isEmpty() ? p.osId() + " " + p.versionId() : p.prettyName();
  }

  /**
   * The Docker set as the host's package manager has it.
   *
   * @param versions name → installed version ({@code [E:]V-R} as yum shows it, dpkg's version), in
   *     docker_packages order; names not installed are absent
   * @param missing names not installed
   * @param broken dpkg entries half there (unpacked, half-configured, reinstall required): name → status letters
   * @param rpms name → the installed package (rpm hosts)
   * @param dpkg dpkg's state of the names (apt hosts), else null
   */
  private record Installed(Scheme scheme, Map<String, String> versions, List<String> missing,
      Map<String, String> broken, Map<String, Rpm> rpms, DpkgState dpkg) {}

  private static Installed installed(FactSet facts, DoctorContext ctx, Distro d) {
    boolean apt = d.packageManager() == PackageManager.APT;
    Map<String, String> versions = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    Map<String, String> broken = new LinkedHashMap<>();
    Map<String, Rpm> rpms = new LinkedHashMap<>();
    DpkgState dpkg = null;
    List<String> names = ctx.dockerPackages();
    if (names.isEmpty()) {
      return new Installed(apt ? Scheme.DEB : Scheme.RPM, versions, missing, broken, rpms, null);
    }
    if (apt) {
      dpkg = facts.get(DpkgFacts.query(names));
      for (String n : names) {
        Deb deb = dpkg.packages().get(n);
        if (deb != null && deb.installed()) {
          versions.put(n, deb.version());
        } else {
          if (deb != null && deb.broken()) {
            broken.put(n, deb.status().strip());
          }
          missing.add(n);
        }
      }
    } else {
      RpmState state = facts.get(RpmFacts.query(names));
      for (String n : names) {
        List<Rpm> list = state.installed().get(n);
        if (list == null || list.isEmpty()) {
          missing.add(n);
        } else {
          Rpm r = list.get(list.size() - 1);
          rpms.put(n, r);
          versions.put(n, r.evr());
        }
      }
    }
    return new Installed(apt ? Scheme.DEB : Scheme.RPM, versions, missing, broken, rpms, dpkg);
  }

  private static Finding versions(Installed in, DoctorContext ctx) {
    List<String> names = ctx.dockerPackages();
    if (names.isEmpty()) {
      return Finding.ok(VERSIONS, "docker_packages is empty: no Docker set to check");
    }
    String anchor = names.get(0);
    if (!in.broken().isEmpty()) {
      Map.Entry<String, String> b = in.broken().entrySet().iterator().next();
      return Finding.fail(VERSIONS, b.getKey() + " is half-installed (dpkg status " + b.getValue() + ")",
          "run dpkg --configure -a, then jprov apply");
    }
    String anchorVersion = in.versions().get(anchor);
    if (anchorVersion == null) {
      return Finding.fail(VERSIONS, anchor + " is not installed" + (in.versions().isEmpty() ? ""
          : " (installed: " + list(in.versions()) + ")"), APPLY);
    }
    String version = ctx.dockerVersion();
    String have = anchor + " " + anchorVersion;
    if (!in.missing().isEmpty()) {
      return Finding.warn(VERSIONS, "not installed: " + String.join(", ", in.missing()) + " (" + have + " is)", APPLY);
    }
    Map<String, String> pins = pins(ctx, version);
    if (pins != null) {
      for (Map.Entry<String, String> e : in.versions().entrySet()) {
        String pin = pins.get(e.getKey());
        if (pin != null && !pinned(in.scheme(), e.getValue(), pin)) {
          return Finding.warn(VERSIONS, e.getKey() + " " + e.getValue() + " installed, docker_sets." + version
              + " pins " + pin, drift());
        }
      }
      return Finding.ok(VERSIONS, have + " and the rest of docker_packages as docker_sets." + version + " pins them");
    }
    if (!VersionMatch.VERSION.matcher(version).matches()) {
      return Finding.ok(VERSIONS, have + " installed with the rest of docker_packages; docker.version '" + version
          + "' names a set doctor does not see (the family's docker_sets), so its pins are not compared");
    }
    String upstream = in.scheme().upstream(anchorVersion);
    if (!VersionMatch.matches(upstream, version)) {
      return Finding.warn(VERSIONS, have + " installed, docker.version is " + version, drift());
    }
    for (String n : names.subList(1, names.size())) {
      // docker-ce-cli (and the rootless extras) ship with docker-ce at its version (VersionMatch.select)
      String v = in.versions().get(n);
      if (n.startsWith("docker-ce-") && v != null && !in.scheme().upstream(v).equals(upstream)) {
        return Finding.warn(VERSIONS, n + " " + v + " installed with " + have, drift());
      }
    }
    return Finding.ok(VERSIONS, have + " is docker.version " + version + "; all " + names.size()
        + " packages of docker_packages installed");
  }

  private static String drift() {
    return "run jprov apply (an up- or downgrade restarts docker: with containers running it follows docker.restart)";
  }

  private static String list(Map<String, String> versions) {
    List<String> out = new ArrayList<>();
    versions.forEach((n, v) -> out.add(n + " " + v));
    return String.join(", ", out);
  }

  /** {@code docker_sets[version]} when the variables have it (an inventory's own sets), else null. */
  private static Map<String, String> pins(DoctorContext ctx, String version) {
    if (ctx.vars().get("docker_sets") instanceof Map<?, ?> sets && sets.get(version) instanceof Map<?, ?> set) {
      Map<String, String> out = new LinkedHashMap<>();
      set.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
      return out;
    }
    return null;
  }

  /** Whether {@code installed} is what {@code pin} names: only what the pin writes is compared (as yum/apt read a pin). */
  static boolean pinned(Scheme scheme, String installed, String pin) {
    if (scheme == Scheme.RPM) {
      return Evr.parse(installed).isPinnedBy(pin);
    }
    String have = installed;
    if (!pin.contains(":") && have.contains(":")) {
      have = have.substring(have.indexOf(':') + 1);
    }
    if (!pin.contains("-")) {
      return DebVersion.upstream(have).equals(pin);
    }
    return DebVersion.compare(have, pin) == 0;
  }

  private static Finding holds(Installed in, FactSet facts, DoctorContext ctx, Distro d) {
    boolean apt = d.packageManager() == PackageManager.APT;
    if (in.versions().isEmpty()) {
      return Finding.ok(HOLDS, "no Docker package installed: nothing to hold");
    }
    List<String> held = new ArrayList<>();
    List<String> notHeld = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    String lockList = d.family() == Family.EL7 ? VersionLockFacts.YUM_LIST : VersionLockFacts.DNF_LIST;
    VersionLocks locks = apt ? null : facts.get(VersionLockFacts.list(lockList));
    for (String n : in.versions().keySet()) {
      if (apt) {
        (in.dpkg().isHeld(n) ? held : notHeld).add(n);
        continue;
      }
      List<Lock> entries = locks.of(n);
      Rpm r = in.rpms().get(n);
      if (entries.isEmpty()) {
        notHeld.add(n);
      } else if (entries.stream().anyMatch(l -> Evr.of(l.epoch(), l.version(), l.release())
          .compareTo(Evr.of(r.epoch(), r.version(), r.release())) == 0)) {
        held.add(n);
      } else {
        stale.add(n + " locked at " + entries.get(0).entry() + ", " + r.evr() + " installed");
      }
    }
    String how = apt ? "apt-mark hold" : "versionlock (" + lockList + ")";
    if (!ctx.hold()) {
      List<String> any = new ArrayList<>(held);
      stale.forEach(s -> any.add(s.substring(0, s.indexOf(' '))));
      if (any.isEmpty()) {
        return Finding.ok(HOLDS, "not held (docker.hold: false)");
      }
      return Finding.warn(HOLDS, "held by " + how + " although docker.hold is false: " + String.join(", ", any),
          "run jprov apply (it releases the holds)");
    }
    if (!apt && !locks.plugin()) {
      String plugin = d.family() == Family.EL7 ? "yum-plugin-versionlock" : "python3-dnf-plugin-versionlock";
      return Finding.warn(HOLDS, "the versionlock plugin is not installed (" + plugin + "): nothing holds docker's"
          + " packages against a " + (d.family() == Family.EL7 ? "yum" : "dnf") + " update", APPLY);
    }
    if (!stale.isEmpty()) {
      return Finding.warn(HOLDS, stale.get(0) + (stale.size() > 1 ? " (and " + (stale.size() - 1) + " more)" : ""),
          APPLY);
    }
    if (!notHeld.isEmpty()) {
      return Finding.warn(HOLDS, "not held: " + String.join(", ", notHeld) + " (docker.hold: true; " + how + ")",
          APPLY);
    }
    return Finding.ok(HOLDS, "all " + held.size() + " installed Docker packages held at their versions by " + how);
  }

  private static Finding repo(FactSet facts, DoctorContext ctx, Distro d) {
    DockerRepo r = facts.get(RepoCheckFacts.DOCKER_REPO);
    if (!r.exists()) {
      String where = d.packageManager() == PackageManager.APT ? "/etc/apt/sources.list.d/docker.sources"
          : "/etc/yum.repos.d/docker-ce.repo";
      return Finding.warn(REPO, "no Docker CE repository (" + where + ")",
          "run jprov apply (a host installed offline with --bundle has none and needs none)");
    }
    String what = d.packageManager() == PackageManager.APT ? "URIs: " : "baseurl=";
    String mirror = ctx.dockerMirror().strip().replaceAll("/+$", "");
    String shown = Secrets.mask(r.file() + ": " + what + r.url() + (r.suite().isEmpty() ? "" : " " + r.suite()));
    if (r.url().isEmpty()) {
      return Finding.warn(REPO, r.file() + " has no " + (what.startsWith("b") ? "baseurl in [docker-ce-stable]"
          : "URIs"), APPLY);
    }
    String answer = r.answer().unknown() ? "not asked: curl is not installed" : r.answer().why();
    if (!mirror.isEmpty() && !r.url().startsWith(mirror + "/linux/")) {
      return Finding.warn(REPO, shown + " is not on docker.mirror " + Secrets.mask(mirror) + " (" + answer + ")",
          APPLY);
    }
    if (r.answer().unknown()) {
      return Finding.warn(REPO, shown + "; " + answer + " on the host",
          "install curl on the host (" + (d.packageManager() == PackageManager.APT ? "apt-get install -y curl"
              : "yum install -y curl") + ") so that doctor can ask the mirror");
    }
    String probe = Secrets.mask(r.probe() + ": " + r.answer().why());
    if (r.answer().ok()) {
      return Finding.ok(REPO, shown + " (" + probe + ")");
    }
    if (r.answer().reached()) {
      return Finding.fail(REPO, probe, "docker.mirror must be the folder holding linux/" + d.dockerRepoDistro()
          + " for this platform (e.g. https://download.docker.com), then run jprov apply");
    }
    return Finding.fail(REPO, probe, "make the mirror reachable from the host (DNS, firewall, the package manager's"
        + " proxy) or set docker.mirror to one it reaches, then run jprov apply");
  }

  private static Finding mirrorlist(FactSet facts, Distro d) {
    if (d.family() != Family.EL7) {
      return Finding.ok(MIRRORLIST, d.displayName() + ": only CentOS 7's mirrorlist is end-of-life");
    }
    if (d.id().equals("rhel")) {
      return Finding.ok(MIRRORLIST, "RHEL 7: repositories come from subscription-manager");
    }
    FileContent base = facts.get(FileContentFacts.of(BASE_REPO));
    if (!base.exists()) {
      return Finding.ok(MIRRORLIST, "no " + BASE_REPO);
    }
    String line = mirrorlistLine(base.content());
    if (line == null) {
      String baseurl = firstActive(base.content(), "baseurl");
      return Finding.ok(MIRRORLIST, BASE_REPO + " uses no mirrorlist on " + MIRRORLIST_HOST
          + (baseurl == null ? "" : ": " + baseurl));
    }
    String fix = "set base_repos_mirror to a vault or internal mirror (e.g. http://vault.centos.org/centos), then run"
        + " jprov apply";
    if (facts.get(NetFacts.resolves(MIRRORLIST_HOST))) {
      return Finding.warn(MIRRORLIST, line + " (" + MIRRORLIST_HOST + " still resolves here, but CentOS 7 is end of"
          + " life since 2024-06-30)", fix);
    }
    return Finding.fail(MIRRORLIST, line + " (" + MIRRORLIST_HOST + " does not resolve: yum cannot reach base,"
        + " updates, extras)", fix);
  }

  /** {@code [section] key=...} of the first section with an active {@code key=} line, or null. */
  static String firstActive(String content, String key) {
    String section = "";
    for (String raw : content.split("\n")) {
      String t = raw.strip();
      if (t.startsWith("[") && t.endsWith("]")) {
        section = t.substring(1, t.length() - 1).strip();
      } else if (t.matches(key + "\\s*=.*")) {
        return "[" + section + "] " + t;
      }
    }
    return null;
  }

  /** {@code [section] mirrorlist=...} of the first enabled section using mirrorlist.centos.org, or null. */
  static String mirrorlistLine(String content) {
    String section = "";
    String found = null;
    boolean enabled = true;
    for (String raw : (content + "\n[end]").split("\n")) {
      String t = raw.strip();
      if (t.startsWith("[") && t.endsWith("]")) {
        if (found != null && enabled) {
          return "[" + section + "] " + found;
        }
        section = t.substring(1, t.length() - 1).strip();
        found = null;
        enabled = true;
      } else if (t.matches("mirrorlist\\s*=.*") && t.contains(MIRRORLIST_HOST)) {
        found = t;
      } else if (t.matches("enabled\\s*=\\s*(0|false|no|off)")) {
        enabled = false;
      }
    }
    return null;
  }
}
