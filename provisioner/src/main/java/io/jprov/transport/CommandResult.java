package io.jprov.transport;

/**
 * What a finished command returned.
 *
 * @param exitCode the exit status (never unknown: an unknown status is a {@link TransportException})
 * @param stdout standard output, UTF-8
 * @param stderr standard error, UTF-8, with any sudo prompt removed
 * @param durationMs wall time of the command
 * @param copied what a file copy did, or null for anything but a {@link FileCopy}
 */
public record CommandResult(int exitCode, String stdout, String stderr, long durationMs, FileCopy.Result copied) {

  /** The result of a shell command or an upload: no copy detail. */
  public CommandResult(int exitCode, String stdout, String stderr, long durationMs) {
    this(exitCode, stdout, stderr, durationMs, null);
  }

  /** The result of a successful copy: typed in {@code copied}, stdout the line shown to people. */
  public static CommandResult of(FileCopy.Result copied, long durationMs) {
    return new CommandResult(0, copied.line(), "", durationMs, copied);
  }

  public boolean ok() {
    return exitCode == 0;
  }
}
