package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostFacts;
import io.jprov.facts.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code assert_platform}: preflight. The host runs a supported OS family and major version on a
 * supported architecture with a recent enough kernel, and jprov is root there (or may become root
 * through passwordless sudo). Plans OK or FAIL; never changes anything.
 */
public final class AssertPlatformModule implements TaskModule<AssertPlatformModule.Arguments> {
  private static final ArgSpec SPEC = ArgSpec.of("assert_platform",
      "The host runs a supported OS, major version and architecture with a recent enough kernel, and jprov is"
          + " root there or may become root through passwordless sudo; changes nothing.")
      .optional("os", ArgType.listOf(ArgType.STRING).check("list of OS ids", l -> !l.isEmpty(),
          l -> "must name at least one OS id (e.g. centos)"), List.of("centos", "rhel"),
          "The accepted OS ids, as os-release's ID names them.")
      .optional("major_version", ArgType.STRING, "7", "The accepted major version of the OS.")
      .optional("arch", ArgType.STRING, "x86_64", "The accepted architecture, as uname -m prints it.")
      .optional("min_kernel", ArgType.VERSION, "3.10", "The oldest kernel accepted, written quoted.")
      .build();

  /** The parsed arguments. */
  public record Arguments(List<String> os, String majorVersion, String arch, String minKernel) {}

  @Override
  public ArgSpec spec() {
    return SPEC;
  }

  @Override
  public Arguments parse(Args a) {
    return new Arguments(a.list("os"), a.string("major_version"), a.string("arch"), a.string("min_kernel"));
  }

  @Override
  public List<Fact<?>> facts(Arguments args, TaskContext ctx) {
    return List.of(HostFacts.PLATFORM);
  }

  @Override
  public Plan plan(Arguments args, FactSet facts, TaskContext ctx) {
    List<String> osIds = args.os();
    String major = args.majorVersion();
    String arch = args.arch();
    String minKernel = args.minKernel();
    Platform p = facts.get(HostFacts.PLATFORM);

    String found = "found " + describe(p) + " " + (p.arch().isEmpty() ? "(unknown arch)" : p.arch());
    String supported = "jprov supports " + osNames(osIds) + " " + major + " on " + arch;
    if (!osIds.contains(p.osId()) || !major.equals(p.majorVersion()) || !arch.equals(p.arch())) {
      return Plan.fail(found + "; " + supported);
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

  private static String osNames(List<String> ids) {
    List<String> names = new ArrayList<>();
    for (String id : ids) {
      names.add(switch (id.toLowerCase(Locale.ROOT)) {
        case "centos" -> "CentOS";
        case "rhel" -> "RHEL";
        case "rocky" -> "Rocky Linux";
        case "almalinux" -> "AlmaLinux";
        case "ol" -> "Oracle Linux";
        default -> id;
      });
    }
    return String.join("/", names);
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
