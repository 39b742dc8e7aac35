package io.jprov.facts;

import io.jprov.util.Sh;
import java.util.Optional;

/** Kernel modules and sysctl values as the running kernel has them. */
public final class KernelFacts {
  private KernelFacts() {}

  /**
   * Whether a loadable kernel module is loaded, as {@code lsmod} lists it (kmod reads
   * /proc/modules). On EL7 br_netfilter is a module, so lsmod is the authority; /sys/module is not
   * used because in a container it shows the host kernel, not what the target loaded.
   */
  public static Fact<Boolean> moduleLoaded(String module) {
    return new Fact<>("kmod:" + module,
        "if lsmod | awk -v m=" + Sh.quote(module) + " '$1 == m {f = 1} END {exit !f}'; then echo loaded; else echo absent; fi",
        o -> o.output().strip().equals("loaded"));
  }

  /**
   * The current value of a sysctl key with whitespace runs collapsed to one space, or empty when
   * the key does not exist ({@code sysctl: cannot stat /proc/sys/...: No such file or directory}).
   */
  public static Fact<Optional<String>> sysctl(String key) {
    return new Fact<>("sysctl:" + key, "sysctl -n " + Sh.quote(key), KernelFacts::parseSysctl);
  }

  static Optional<String> parseSysctl(FactOutput out) {
    String text = out.output().strip();
    if (out.exitCode() != 0 || text.startsWith("sysctl:") || text.contains("cannot stat")) {
      return Optional.empty();
    }
    return Optional.of(normalize(text));
  }

  /** Collapses whitespace, as sysctl prints tab-separated multi-value keys. */
  public static String normalize(String value) {
    return value.strip().replaceAll("\\s+", " ");
  }
}
