package io.jprov.cli;

import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.RoutingConnectionFactory;
import io.jprov.transport.local.LocalConnectionFactory;
import io.jprov.transport.ssh.SshConnectionFactory;

/** The connection factory of a run: local hosts through the shell, the others over SSH. */
final class Connections {
  private Connections() {}

  static ConnectionFactory factory() {
    return new RoutingConnectionFactory(new LocalConnectionFactory(), SshConnectionFactory::new);
  }
}
