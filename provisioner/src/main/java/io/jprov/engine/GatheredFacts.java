package io.jprov.engine;

import io.jprov.facts.FactSet;
import java.time.Instant;

/**
 * The facts read from one host by {@link Engine#gatherFacts}, or why there are none.
 *
 * @param host the host's inventory name
 * @param status {@link Status#OK} with {@code facts}; otherwise {@code facts} is null and {@code
 *     message} says why
 * @param facts the facts asked for, parsed; null unless OK
 * @param message the one-line reason (naming the host) when not OK, else null
 * @param sent when the controller sent the read to the host (its clock, for comparing the host's); null unless OK
 */
public record GatheredFacts(String host, Status status, FactSet facts, String message, Instant sent) {
  /** How reading a host's facts ended. */
  public enum Status {
    OK,
    /** Could not connect, authenticate, or read the facts. */
    UNREACHABLE,
    /** Not started, or abandoned, after an interrupt. */
    INTERRUPTED
  }
}
