package io.jprov.doctor;

/** Evidence as the services, daemon-json and storage checks show it: one line, whitespace runs collapsed, at most {@link #MAX} characters. */
final class DaemonCheckText {
  /** Longest evidence, in characters. */
  static final int MAX = 200;

  private DaemonCheckText() {}

  /** {@code text} on one line (control characters and whitespace runs become one space), cut to {@link #MAX}. */
  static String line(String text) {
    String one = text.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
    return one.length() <= MAX ? one : one.substring(0, MAX - 1) + "…";
  }
}
