package io.jprov.transport;

import java.util.function.Supplier;

/**
 * Chooses the local or the SSH factory per host by its {@code connection} variable. The SSH
 * factory is created on first use, so local-only runs never load sshj.
 */
public final class RoutingConnectionFactory implements ConnectionFactory {
  private final ConnectionFactory local;
  private final Supplier<ConnectionFactory> sshSupplier;
  private volatile ConnectionFactory ssh;

  public RoutingConnectionFactory(ConnectionFactory local, Supplier<ConnectionFactory> ssh) {
    this.local = local;
    this.sshSupplier = ssh;
  }

  @Override
  public Connection open(Target target) {
    return target.spec().isLocal() ? local.open(target) : ssh().open(target);
  }

  private ConnectionFactory ssh() {
    if (ssh == null) {
      synchronized (this) {
        if (ssh == null) {
          ssh = sshSupplier.get();
        }
      }
    }
    return ssh;
  }

  @Override
  public void close() {
    local.close();
    if (ssh != null) {
      ssh.close();
    }
  }
}
