package io.jprov.doctor;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What doctor found on one host (docs/doctor.md; JSON {@code hosts[]}).
 *
 * @param host the inventory name
 * @param status {@link Status#FAIL} when a finding fails, else {@link Status#WARN} when one warns, else {@link
 *     Status#OK}; {@link Status#UNREACHABLE} or {@link Status#INTERRUPTED} when the host was not read
 * @param message why the host was not read (one line naming the host), else null
 * @param findings the verdicts in report order; empty when the host was not read
 */
public record HostDoctor(String host, Status status, String message, List<Finding> findings) {
  /** A host's overall state; {@link #toString()} is the word the console and the JSON report show. */
  public enum Status {
    OK, WARN, FAIL, UNREACHABLE, INTERRUPTED;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public HostDoctor {
    Objects.requireNonNull(host);
    Objects.requireNonNull(status);
    findings = List.copyOf(findings);
  }

  /** A host that was read: its status follows from the worst finding. */
  public static HostDoctor examined(String host, List<Finding> findings) {
    Status s = Status.OK;
    for (Finding f : findings) {
      if (f.status() == Verdict.FAIL) {
        s = Status.FAIL;
        break;
      }
      if (f.status() == Verdict.WARN) {
        s = Status.WARN;
      }
    }
    return new HostDoctor(host, s, null, findings);
  }

  /** A host that could not be read ({@link Status#UNREACHABLE} or {@link Status#INTERRUPTED}). */
  public static HostDoctor notRead(String host, Status status, String message) {
    if (status != Status.UNREACHABLE && status != Status.INTERRUPTED) {
      throw new IllegalArgumentException("not a status of a host that was not read: " + status);
    }
    return new HostDoctor(host, status, message, List.of());
  }

  /** How many findings have {@code verdict}. */
  public int count(Verdict verdict) {
    return (int) findings.stream().filter(f -> f.status() == verdict).count();
  }
}
