package io.jprov.modules;

import io.jprov.yaml.YamlWriter;

/** Prints plain values as block YAML that can be pasted into a case file. */
public final class CaseYaml {
  private CaseYaml() {}

  public static String dump(Object value) {
    return YamlWriter.write(value, null);
  }
}
