package io.jprov.cli;

import io.jprov.inventory.Host;
import io.jprov.inventory.Inventory;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.RoutingConnectionFactory;
import io.jprov.transport.local.LocalConnectionFactory;
import io.jprov.transport.ssh.SshConnectionFactory;
import java.util.List;
import java.util.Map;

/** The connection factory of a run: local hosts through the shell, the others over SSH. */
final class Connections {
  private Connections() {}

  /**
   * The factory for {@code hosts}, once what their connections need from this machine (key files,
   * {@code *_env} variables) was checked: a mistake there is exit 2 before any host is contacted,
   * not an authentication failure per host (see {@link ControllerPreflight#connections}).
   *
   * @param extraVars the run's {@code -e} variables, to name them in a message
   * @throws io.jprov.InputException naming the host and where the value was written
   */
  static ConnectionFactory factory(Inventory inventory, List<Host> hosts, Map<String, Object> extraVars) {
    ControllerPreflight.connections(inventory, hosts, extraVars, System::getenv);
    return new RoutingConnectionFactory(new LocalConnectionFactory(), SshConnectionFactory::new);
  }
}
