package io.jprov.doctor;

/** Evidence as the services, daemon-json and storage checks show it: one line, whitespace runs collapsed, at most {@link #MAX} characters. */
final class DaemonCheckText {
  /** Longest evidence, in characters. */
  static final int MAX = 200;

  private DaemonCheckText() {}

  /**
   * {@code text} on one line (control characters and whitespace runs become one space), at most {@link
   * #MAX} characters: a longer one keeps its start and its end, where a daemon's error says what is wrong
   * ("... specified both as a flag and in the configuration file: hosts: (from flag: ...)").
   */
  static String line(String text) {
    String one = text.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
    if (one.length() <= MAX) {
      return one;
    }
    int head = MAX * 2 / 5;
    return one.substring(0, head).stripTrailing() + " … " + one.substring(one.length() - (MAX - head - 3)).stripLeading();
  }
}
