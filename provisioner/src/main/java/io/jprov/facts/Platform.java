package io.jprov.facts;

import java.util.Map;

/** Placeholder until the modules branch lands. */
public record Platform(String arch, String kernel, int uid, String user) {
  static Platform parse(String out) {
    String[] l = out.split("\n");
    return new Platform(l[0], l[1], Integer.parseInt(l[2].strip()), l[3]);
  }

  public Map<String, Object> toModel() {
    return Map.of("arch", arch, "kernel", kernel, "uid", uid, "user", user);
  }
}
