package io.jprov.engine;

import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.TransportException;
import io.jprov.transport.local.LocalConnectionFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Connection factories for engine tests: every host is this machine, through the local transport. */
final class TestConnections {
  private TestConnections() {}

  /** Local connections, except to {@code down}, which refuses like an SSH host at 10.9.9.9 that is down. */
  static ConnectionFactory localExcept(String down) {
    ConnectionFactory local = new LocalConnectionFactory();
    return target -> {
      if (target.name().equals(down)) {
        throw new TransportException(down + " (10.9.9.9:22): connection refused", true, null);
      }
      return local.open(target);
    };
  }

  /** Local connections, each one counted in {@code opened}. */
  static ConnectionFactory localCounted(AtomicInteger opened) {
    ConnectionFactory local = new LocalConnectionFactory();
    return target -> {
      opened.incrementAndGet();
      return local.open(target);
    };
  }
}
