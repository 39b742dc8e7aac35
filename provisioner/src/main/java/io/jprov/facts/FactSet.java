package io.jprov.facts;

import java.util.HashMap;
import java.util.Map;

/**
 * The facts gathered for one host, by fact key. Not thread-safe: one per host worker.
 */
public final class FactSet {
  private final Map<String, FactOutput> outputs = new HashMap<>();
  private final Map<String, Object> parsed = new HashMap<>();

  public FactSet() {}

  /** A fact set holding the given raw outputs, for tests and for {@link FactGatherer}. */
  public static FactSet of(Map<String, FactOutput> outputs) {
    FactSet set = new FactSet();
    set.outputs.putAll(outputs);
    return set;
  }

  public boolean has(Fact<?> fact) {
    return outputs.containsKey(fact.key());
  }

  public void put(String key, FactOutput output) {
    outputs.put(key, output);
    parsed.remove(key);
  }

  /** Forgets every fact: after a change, state must be read again. */
  public void clear() {
    outputs.clear();
    parsed.clear();
  }

  /**
   * The parsed value of a fact.
   *
   * @throws IllegalStateException when the fact was not gathered (a module forgot to declare it)
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Fact<T> fact) {
    if (parsed.containsKey(fact.key())) {
      return (T) parsed.get(fact.key());
    }
    FactOutput out = outputs.get(fact.key());
    if (out == null) {
      throw new IllegalStateException("fact not gathered: " + fact.key());
    }
    T value = fact.parse(out);
    parsed.put(fact.key(), value);
    return value;
  }

  public Map<String, FactOutput> raw() {
    return Map.copyOf(outputs);
  }
}
