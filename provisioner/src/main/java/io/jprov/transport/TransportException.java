package io.jprov.transport;

import io.jprov.ExitCodes;
import io.jprov.JprovException;

/**
 * A host could not be reached, or a command's outcome is unknown. {@link #unreachable()} is true
 * when the connection itself failed (host reported {@code unreachable}); false when the connection
 * stands but one command failed to run (timeout, wrong sudo password: the task fails).
 */
public class TransportException extends JprovException {
  private final boolean unreachable;

  public TransportException(String message, boolean unreachable, Throwable cause) {
    super(unreachable ? ExitCodes.UNREACHABLE : ExitCodes.FAILED, message, cause);
    this.unreachable = unreachable;
  }

  public boolean unreachable() {
    return unreachable;
  }
}
