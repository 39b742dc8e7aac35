package io.jprov.modules;

import java.util.Map;

/**
 * The one place where module validation is lenient: while a playbook is loaded, before
 * interpolation, a string holding {@code ${...}} is "a value to come" and only its type is
 * checked. Everywhere else (preflight, plan) every value is checked fully whatever it contains:
 * after interpolation a {@code ${} is just characters of the value (for instance from {@code -e}),
 * and skipping its checks would let it reach a shell unchecked.
 */
public final class LoadTime {
  private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> false);

  private LoadTime() {}

  /**
   * Validates uninterpolated playbook arguments (the playbook loader's call).
   *
   * @throws ModuleArgsException naming the offending argument
   */
  public static void validate(Module module, Map<String, Object> args) {
    boolean outer = ACTIVE.get();
    ACTIVE.set(true);
    try {
      module.validate(args);
    } finally {
      ACTIVE.set(outer);
    }
  }

  /** Whether the current thread is validating at load time. */
  static boolean active() {
    return ACTIVE.get();
  }
}
