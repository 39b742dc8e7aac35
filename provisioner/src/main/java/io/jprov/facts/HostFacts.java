package io.jprov.facts;

/** Facts every host has, shared by modules, {@code jprov facts} and the {@code facts} variable. */
public final class HostFacts {
  private HostFacts() {}

  /** OS, architecture, kernel, user and sudo ability, in one command. */
  public static final Fact<Platform> PLATFORM =
      new Fact<>("platform", Platform.COMMAND, Platform::parse);
}
