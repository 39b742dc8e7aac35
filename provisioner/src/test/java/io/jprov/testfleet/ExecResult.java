package io.jprov.testfleet;

/** Outcome of a command run on a test host (through {@code docker exec} or SSH). */
public record ExecResult(int exitCode, String stdout, String stderr) {

  /** stdout followed by stderr. */
  public String output() {
    return stdout + stderr;
  }

  public boolean ok() {
    return exitCode == 0;
  }

  @Override
  public String toString() {
    return "rc=" + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
  }
}
