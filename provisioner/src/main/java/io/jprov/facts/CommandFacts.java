package io.jprov.facts;

/** Whether a read-only shell command of the playbook's succeeds on the host. */
public final class CommandFacts {
  private CommandFacts() {}

  /**
   * Whether {@code command} exits 0; what it prints is ignored. The command runs as given, in the
   * facts round trip, so it must change nothing (the {@code command} module's {@code unless}).
   */
  public static Fact<Boolean> succeeds(String command) {
    return new Fact<>("unless:" + command, command, out -> out.exitCode() == 0);
  }
}
