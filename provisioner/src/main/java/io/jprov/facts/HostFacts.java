package io.jprov.facts;

/** Placeholder until the modules branch lands; replaced by the real platform fact. */
public final class HostFacts {
  public static final Fact<Platform> PLATFORM =
      new Fact<>("platform", "uname -m; uname -r; id -u; id -un", o -> Platform.parse(o.output()));

  private HostFacts() {}
}
