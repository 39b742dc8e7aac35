package io.jprov.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * For tests that send Ctrl-C (SIGINT) to a jprov process they start. A test run started in the
 * background by a shell without job control ({@code mvn verify &} in a script) inherits SIGINT
 * ignored, and so would jprov, which then rightly keeps ignoring Ctrl-C; the tests must test jprov,
 * not how the suite was launched.
 */
public final class ChildSignals {
  private ChildSignals() {}

  /**
   * What to put before a child's command line so that it starts with SIGINT at its default: {@code
   * env --default-signal=INT} (coreutils 8.31+) when this JVM has SIGINT ignored, else nothing.
   */
  public static List<String> sigintRestored() {
    return sigintIgnored() ? List.of("env", "--default-signal=INT") : List.of();
  }

  /** Whether this JVM was started with SIGINT ignored (bit 2 of SigIgn in /proc/self/status). */
  static boolean sigintIgnored() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0x2) != 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: nothing to restore
    }
    return false;
  }
}
