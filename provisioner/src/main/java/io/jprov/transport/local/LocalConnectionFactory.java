package io.jprov.transport.local;

import io.jprov.transport.Connection;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.Target;

/** Opens {@link LocalConnection}s; used for {@code --local} and {@code connection: local}. */
public final class LocalConnectionFactory implements ConnectionFactory {
  @Override
  public Connection open(Target target) {
    return new LocalConnection(target.name(), target.spec().commandTimeout());
  }
}
