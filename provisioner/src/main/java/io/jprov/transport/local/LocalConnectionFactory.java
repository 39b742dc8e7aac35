package io.jprov.transport.local;

import io.jprov.inventory.Host;
import io.jprov.transport.Connection;
import io.jprov.transport.ConnectionFactory;

/** Opens {@link LocalConnection}s; used for {@code --local} and {@code connection: local}. */
public final class LocalConnectionFactory implements ConnectionFactory {
  @Override
  public Connection open(Host host) {
    return new LocalConnection(host.name(), host.connection().commandTimeout());
  }
}
