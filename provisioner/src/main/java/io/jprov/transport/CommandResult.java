package io.jprov.transport;

/**
 * What a finished command returned.
 *
 * @param exitCode the exit status (never unknown: an unknown status is a {@link TransportException})
 * @param stdout standard output, UTF-8
 * @param stderr standard error, UTF-8, with any sudo prompt removed
 * @param durationMs wall time of the command
 */
public record CommandResult(int exitCode, String stdout, String stderr, long durationMs) {
  public boolean ok() {
    return exitCode == 0;
  }
}
