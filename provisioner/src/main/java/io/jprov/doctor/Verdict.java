package io.jprov.doctor;

import java.util.Locale;

/** How one doctor check found a host; {@link #toString()} is the word the console and the JSON report show. */
public enum Verdict {
  OK, WARN, FAIL;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
