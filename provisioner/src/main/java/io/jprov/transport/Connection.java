package io.jprov.transport;

/**
 * One open connection to one host, held for the whole run (docs/architecture.md). Implementations: {@code
 * transport.ssh} (sshj) and {@code transport.local} (the local shell).
 *
 * <p>Threading: a connection is used by one host worker at a time; implementations need not be
 * safe for concurrent calls, but must be safe to {@link #close()} from another thread (Ctrl-C).
 */
public interface Connection extends AutoCloseable {

  /** The inventory name of the host, for messages. */
  String hostName();

  /**
   * Runs {@code request.script()} with {@code sh -c}; with {@code request.become()}, as root
   * through sudo unless already root. Blocks until the command ends or its timeout passes. The
   * script runs in a process group of its own ({@link RemoteProcess}): on a timeout, an
   * abandoned call or a lost connection that group is killed on the host, so nothing jprov
   * started keeps running. A command run as root refuses to start while another jprov run's
   * command is still running on the host (a {@link TransportException} saying so).
   *
   * @return the result; never null. A non-zero exit code is a result, not an exception.
   * @throws TransportException when the command could not be run or its outcome is unknown
   *     (connection lost, timeout, sshj null exit status, wrong sudo password)
   */
  CommandResult exec(ExecRequest request);

  /**
   * Writes a file atomically: content to a temporary file in the target directory, mode and owner
   * set, then renamed over {@code upload.path()}.
   *
   * @throws TransportException when the file could not be written
   */
  void upload(FileUpload upload);

  /**
   * Copies a local file to the host without holding it in memory, resuming a partial {@code .part}
   * and verifying the sha256 on the host before renaming it into place (see {@link FileCopy}).
   *
   * @return bytes transferred and the resume offset
   * @throws TransportException when the file could not be copied or its checksum on the host does
   *     not match (the {@code .part} file is then deleted)
   */
  FileCopy.Result copy(FileCopy copy);

  /**
   * Gives up on this connection after a second Ctrl-C: the remote processes this connection
   * started and that are still running (the whole process group of the command in progress,
   * everything it started included) are killed on the host, then the connection is closed.
   *
   * <p>Contract: may be called from any thread, also while {@link #exec} or {@link #copy} blocks
   * in the host's worker; that call then fails with a {@link TransportException} ({@code
   * unreachable() == false}, message "command abandoned"). Returns within about 15 s even when
   * the host does not answer (the SSH transport also closes the connection, and the wrapper on the
   * host kills the group when its session goes away); idempotent; never throws. After it, the
   * connection is closed: every further call fails.
   *
   * <p>The default just closes the connection (for connections that start nothing that
   * outlives their channel).
   */
  default void abandon() {
    close();
  }

  /** How many exec/upload round trips this connection has made so far. */
  int roundTrips();

  /** Closes the connection; idempotent, never throws. */
  @Override
  void close();
}
