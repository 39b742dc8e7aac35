package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostFacts;
import io.jprov.facts.Platform;
import io.jprov.platform.Distro;
import io.jprov.platform.Distros;
import io.jprov.platform.Family;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code assert_platform}: preflight. The host runs a platform of jprov's support table ({@link
 * Distros#SUPPORTED}: family, version, architecture), optionally narrowed to some families or
 * platforms, with a recent enough kernel, and jprov is root there (or may become root through
 * passwordless sudo). Plans OK or FAIL; never changes anything.
 */
public final class AssertPlatformModule implements TaskModule<AssertPlatformModule.Arguments> {
  /** {@code all}, every family key and every platform key of the support table. */
  static final List<String> KEYS = keys();
  private static final ArgType<String> PLATFORM = ArgType.STRING.check("platform key", k -> KEYS.contains(k) ? null
      : "must be one of " + String.join(", ", KEYS) + ", found '" + io.jprov.util.Text.shown(k) + "'"
          + io.jprov.yaml.Keys.hint(k, KEYS));

  private static final ArgSpec SPEC = ArgSpec.of("assert_platform",
      "The host runs a platform of jprov's support table (docs/playbooks.md), or of the part 'platforms' names,"
          + " with a recent enough kernel, and jprov is root there or may become root through passwordless sudo;"
          + " changes nothing.")
      .optional("platforms", ArgType.listOf(PLATFORM).check("list of platforms", l -> !l.isEmpty(),
          l -> "must name at least one platform (e.g. all, el9, debian-12)"), List.of("all"),
          "The accepted platforms: all (the whole support table), families (el7, el8, el9, debian, ubuntu) or"
              + " platforms (debian-12, ubuntu-24.04).")
      .optional("min_kernel", ArgType.VERSION, "3.10", "The oldest kernel accepted, written quoted.")
      .build();

  /**
   * The parsed arguments.
   *
   * @param platforms the accepted keys: {@code all}, family keys or platform keys
   */
  public record Arguments(List<String> platforms, String minKernel) {

    /** Whether {@code d} is one of the accepted platforms. */
    boolean accepts(Distro d) {
      return platforms.contains("all") || platforms.contains(d.family().key()) || platforms.contains(d.key());
    }
  }

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    return new Arguments(List.copyOf(new LinkedHashSet<String>(a.list("platforms"))), a.string("min_kernel"));
  }

  @Override
  public List<Fact<?>> facts(Arguments args, TaskContext ctx) {
    return List.of(HostFacts.PLATFORM);
  }

  @Override
  public Plan plan(Arguments args, FactSet facts, TaskContext ctx) {
    String minKernel = args.minKernel();
    Platform p = facts.get(HostFacts.PLATFORM);

    String found = "found " + describe(p) + " " + (p.arch().isEmpty() ? "(unknown arch)" : p.arch());
    Distro d = Distros.of(p);
    if (d == null) {
      return Plan.fail(found + "; jprov supports " + Distros.describeSupported());
    }
    if (!args.accepts(d)) {
      return Plan.fail(found + "; this task accepts only " + describe(args.platforms())
          + " (platforms: " + String.join(", ", args.platforms()) + ")");
    }
    if (compareVersions(p.kernel(), minKernel) < 0) {
      return Plan.fail("found kernel " + (p.kernel().isEmpty() ? "(unknown)" : p.kernel()) + " on "
          + describe(p) + "; jprov needs kernel " + minKernel + " or newer");
    }
    String who = p.user().isEmpty() ? "uid " + p.uid() : p.user() + " (uid " + p.uid() + ")";
    if (!p.root()) {
      if (!ctx.become()) {
        return Plan.fail("connected as " + who + " without become; jprov needs root, or become: true with sudo");
      }
      if (!p.sudo()) {
        return Plan.fail("connected as " + who + " and sudo -n true failed; jprov needs root or passwordless sudo"
            + " (or become_password_env)");
      }
    }
    return Plan.ok(describe(p) + " " + p.arch() + ", kernel " + p.kernel() + ", "
        + (p.root() ? "root" : who + " with sudo"));
  }

  private static String describe(Platform p) {
    if (!p.prettyName().isEmpty()) {
      return p.prettyName();
    }
    if (!p.osId().isEmpty()) {
      return p.osId() + " " + p.versionId();
    }
    return "an unknown OS";
  }

  /**
   * The accepted part of the support table in the words of {@link Distros#describeSupported}:
   * {@code CentOS/RHEL 7, Debian 12 on x86_64}.
   */
  private static String describe(List<String> keys) {
    List<String> rows = new ArrayList<>();
    for (Distros.Row r : Distros.SUPPORTED) {
      List<String> versions = new ArrayList<>();
      for (String v : r.versions()) {
        String platform = r.family().packageManager() == io.jprov.platform.PackageManager.APT
            ? r.family().key() + "-" + v : r.family().key();
        if (keys.contains("all") || keys.contains(r.family().key()) || keys.contains(platform)) {
          versions.add(v);
        }
      }
      if (versions.isEmpty()) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (String id : r.ids()) {
        names.add(id.equals("centos") && r.family() == Family.EL9 ? "CentOS Stream" : Distros.osName(id));
      }
      rows.add(String.join("/", names) + " " + String.join("/", versions));
    }
    return String.join(", ", rows) + " on " + String.join("/", Distros.ARCHES);
  }

  private static List<String> keys() {
    Set<String> out = new LinkedHashSet<>();
    out.add("all");
    for (Distros.Row r : Distros.SUPPORTED) {
      out.add(r.family().key());
      if (r.family().packageManager() == io.jprov.platform.PackageManager.APT) {
        r.versions().forEach(v -> out.add(r.family().key() + "-" + v));
      }
    }
    return List.copyOf(out);
  }

  /** Compares the leading numeric parts of two versions: {@code 3.10.0-1160.el7} vs {@code 3.10}. */
  static int compareVersions(String a, String b) {
    List<Integer> x = numbers(a);
    List<Integer> y = numbers(b);
    if (x.isEmpty()) {
      return -1;
    }
    for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
      int xi = i < x.size() ? x.get(i) : 0;
      int yi = i < y.size() ? y.get(i) : 0;
      if (xi != yi) {
        return Integer.compare(xi, yi);
      }
    }
    return 0;
  }

  private static List<Integer> numbers(String v) {
    List<Integer> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+(?:\\.\\d+)*)").matcher(v);
    if (m.find()) {
      for (String part : m.group(1).split("\\.")) {
        out.add(Integer.parseInt(part));
      }
    }
    return out;
  }
}
