package io.jprov.modules;

import java.util.Map;

/**
 * A test module that takes its arguments as the raw map, unchecked: for engine and transport tests
 * whose subject is not argument parsing.
 */
public abstract class RawTestModule implements TaskModule<Map<String, Object>> {
  @Override
  public abstract String name();

  @Override
  public ArgSpec spec() {
    return ArgSpec.of(name(), "a test module").build();
  }

  @Override
  public Map<String, Object> parse(Args args) {
    throw new UnsupportedOperationException("bind() takes the raw map");
  }

  @Override
  public void checkAtLoad(Map<String, Object> raw) {}

  @Override
  public Map<String, Object> bind(Map<String, Object> raw) {
    return raw;
  }
}
