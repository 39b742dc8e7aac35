package io.jprov.modules;

import java.util.List;
import java.util.Map;

/**
 * A task's arguments after {@link ArgSpec#parse}: every value converted to its type and checked,
 * absent ones at their default. Modules read them once, in {@link TaskModule#parse}, into their own
 * record. Immutable.
 */
public final class Args {
  private final ArgSpec spec;
  private final Map<String, Object> values;

  Args(ArgSpec spec, Map<String, Object> values) {
    this.spec = spec;
    this.values = java.util.Collections.unmodifiableMap(values);
  }

  /** Whether the argument was given (or has a default). */
  public boolean has(String name) {
    return get(name) != null;
  }

  public String string(String name) {
    return (String) get(name);
  }

  public boolean bool(String name) {
    return Boolean.TRUE.equals(get(name));
  }

  /** A boolean argument without a default: null when absent. */
  public Boolean boolOrNull(String name) {
    return (Boolean) get(name);
  }

  @SuppressWarnings("unchecked")
  public <E> List<E> list(String name) {
    return (List<E>) get(name);
  }

  @SuppressWarnings("unchecked")
  public <V> Map<String, V> map(String name) {
    return (Map<String, V>) get(name);
  }

  /** An error about these arguments (a rule between several of them), prefixed with the module. */
  public ModuleArgsException error(String message) {
    return spec.error(message);
  }

  /** A value of a type of the module's own ({@link ArgType#custom}): null when absent. */
  @SuppressWarnings("unchecked")
  public <T> T value(String name) {
    return (T) get(name);
  }

  private Object get(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException(spec.module() + " declares no argument '" + name + "'");
    }
    return values.get(name);
  }
}
