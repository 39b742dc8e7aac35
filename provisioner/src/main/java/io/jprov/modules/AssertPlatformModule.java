package io.jprov.modules;

import io.jprov.facts.Fact;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostFacts;
import io.jprov.facts.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code assert_platform}: preflight. The host runs a supported OS family and major version on a
 * supported architecture with a recent enough kernel, and jprov is root there (or may become root
 * through passwordless sudo). Plans OK or FAIL; never changes anything.
 */
public final class AssertPlatformModule implements Module {
  private static final List<String> ARGS = List.of("os", "major_version", "arch", "min_kernel");

  @Override
  public String name() {
    return "assert_platform";
  }

  @Override
  public void validate(Map<String, Object> args) {
    OldArgs.requireKnown(name(), args, ARGS);
    List<String> os = OldArgs.strings(args, "os");
    if (os != null && os.isEmpty()) {
      throw new ModuleArgsException("argument 'os' must name at least one OS id (e.g. centos)");
    }
    OldArgs.string(args, "major_version", false);
    OldArgs.string(args, "arch", false);
    Object kernel = args.get("min_kernel");
    if (kernel instanceof Double d) {
      throw new ModuleArgsException("argument 'min_kernel' must be a quoted version: min_kernel: \""
          + kernel + "\" reads as the number " + d + "; write \"3.10\"");
    }
    String k = OldArgs.string(args, "min_kernel", false);
    if (k != null && !OldArgs.templated(k) && !k.matches("\\d+(\\.\\d+)*")) {
      throw new ModuleArgsException("argument 'min_kernel' must be a version such as \"3.10\", found '" + k + "'");
    }
  }

  @Override
  public List<Fact<?>> facts(Map<String, Object> args, TaskContext ctx) {
    return List.of(HostFacts.PLATFORM);
  }

  @Override
  public Plan plan(Map<String, Object> args, FactSet facts, TaskContext ctx) {
    validate(args);
    List<String> osIds = orDefault(OldArgs.strings(args, "os"), List.of("centos", "rhel"));
    String major = orDefault(OldArgs.string(args, "major_version", false), "7");
    String arch = orDefault(OldArgs.string(args, "arch", false), "x86_64");
    String minKernel = orDefault(OldArgs.string(args, "min_kernel", false), "3.10");
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

  private static <T> T orDefault(T v, T d) {
    return v == null ? d : v;
  }
}
