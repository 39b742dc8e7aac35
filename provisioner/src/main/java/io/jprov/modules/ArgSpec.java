package io.jprov.modules;

import io.jprov.util.Text;
import io.jprov.yaml.Keys;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A module's arguments, declared once: name, type, whether required, default, and what each is for
 * (like Ansible's {@code argument_spec}). The same declaration checks a playbook as it loads
 * ({@link #checkLiterals}), parses interpolated arguments into {@link Args} ({@link #parse}) and
 * writes the module reference (docs/modules.md).
 *
 * <p>Every message starts with the module's name: {@code package: argument 'state' must be one of
 * present, absent, found 'installed'}.
 */
public final class ArgSpec {

  /**
   * One argument.
   *
   * @param name as written in playbooks
   * @param type what it accepts
   * @param required whether it must be given
   * @param dflt the value when absent (already of the type's Java type), or null
   * @param doc what it is for, one sentence, for the module reference
   */
  public record Param(String name, ArgType<?> type, boolean required, Object dflt, String doc) {}

  private final String module;
  private final String summary;
  private final Map<String, Param> params;

  private ArgSpec(String module, String summary, Map<String, Param> params) {
    this.module = module;
    this.summary = summary;
    this.params = Collections.unmodifiableMap(params);
  }

  /** Starts the spec of {@code module}; {@code summary} says in one sentence what state it ensures. */
  public static Builder of(String module, String summary) {
    return new Builder(module, summary);
  }

  public String module() {
    return module;
  }

  public String summary() {
    return summary;
  }

  /** The arguments, in the order declared. */
  public List<Param> params() {
    return List.copyOf(params.values());
  }

  /**
   * Checks a playbook's task before interpolation: every name is known, every required argument is
   * there, and every value written literally (holding no {@code ${}}) is valid. A value holding
   * {@code ${}} is checked fully by {@link #parse} once interpolated.
   *
   * @return whether every value was literal (then the caller can {@link #parse} at once)
   * @throws ModuleArgsException naming the module and the argument
   */
  public boolean checkLiterals(Map<String, Object> raw) {
    checkNames(raw);
    boolean literal = true;
    for (Param p : params.values()) {
      Object v = raw.get(p.name());
      if (v != null && templated(v)) {
        literal = false;
      } else {
        value(p, v);
      }
    }
    return literal;
  }

  /**
   * Parses interpolated arguments: names known, required ones present, every value converted and
   * checked; absent ones take their default.
   *
   * @throws ModuleArgsException naming the module and the argument
   */
  public Args parse(Map<String, Object> raw) {
    checkNames(raw);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Param p : params.values()) {
      values.put(p.name(), value(p, raw.get(p.name())));
    }
    return new Args(this, values);
  }

  /** An error about this module's arguments, prefixed with the module's name. */
  public ModuleArgsException error(String message) {
    return new ModuleArgsException(module + ": " + message);
  }

  private void checkNames(Map<String, Object> raw) {
    for (String k : raw.keySet()) {
      if (!params.containsKey(k)) {
        throw error("unknown argument '" + Text.shown(k) + "'" + Keys.hint(k, params.keySet())
            + (params.isEmpty() ? "; it takes no arguments" : "; known: " + String.join(", ", params.keySet())));
      }
    }
  }

  private Object value(Param p, Object v) {
    if (v == null) {
      if (p.required()) {
        throw error("argument '" + p.name() + "' is required");
      }
      return p.dflt();
    }
    try {
      return p.type().convert(v);
    } catch (ModuleArgsException e) {
      throw error("argument '" + p.name() + "' " + e.getMessage());
    }
  }

  private static boolean templated(Object v) {
    if (v instanceof String s) {
      return s.contains("${");
    }
    if (v instanceof List<?> l) {
      return l.stream().anyMatch(ArgSpec::templated);
    }
    if (v instanceof Map<?, ?> m) {
      return m.values().stream().anyMatch(ArgSpec::templated) || m.keySet().stream().anyMatch(ArgSpec::templated);
    }
    return false;
  }

  /** Declares arguments in the order the module reference lists them. */
  public static final class Builder {
    private final String module;
    private final String summary;
    private final Map<String, Param> params = new LinkedHashMap<>();

    private Builder(String module, String summary) {
      this.module = module;
      this.summary = summary;
    }

    /** A required argument. */
    public Builder required(String name, ArgType<?> type, String doc) {
      return add(new Param(name, type, true, null, doc));
    }

    /** An optional argument that is null when absent. */
    public Builder optional(String name, ArgType<?> type, String doc) {
      return add(new Param(name, type, false, null, doc));
    }

    /** An optional argument with a default (a value of the type's Java type). */
    public <T> Builder optional(String name, ArgType<T> type, T dflt, String doc) {
      return add(new Param(name, type, false, dflt, doc));
    }

    private Builder add(Param p) {
      if (params.put(p.name(), p) != null) {
        throw new IllegalArgumentException(module + ": argument " + p.name() + " declared twice");
      }
      return this;
    }

    public ArgSpec build() {
      return new ArgSpec(module, summary, new LinkedHashMap<>(params));
    }
  }

}
