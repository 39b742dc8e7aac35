package io.jprov.transport;

/**
 * Opens connections. The engine asks once per host per run.
 *
 * <p>Threading: called from many host workers at once; implementations must be thread-safe.
 */
public interface ConnectionFactory extends AutoCloseable {
  /**
   * Opens (connects, authenticates) a connection to the target.
   *
   * @throws TransportException with {@code unreachable() == true} when the host cannot be reached
   *     or authentication fails
   */
  Connection open(Target target);

  @Override
  default void close() {}
}
