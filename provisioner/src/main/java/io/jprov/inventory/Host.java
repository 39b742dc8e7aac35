package io.jprov.inventory;

import io.jprov.Location;
import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.Target;
import java.util.List;
import java.util.Map;

/**
 * One target host after inventory loading: its merged variables (all → parent group → child group
 * → host → {@code -e}) and its typed connection settings.
 *
 * @param name inventory name (unique)
 * @param vars merged variables, immutable, deep maps; never null
 * @param connection typed connection settings parsed from {@code vars}
 * @param groups the groups the host belongs to, in variable-merge order (outermost first)
 * @param location where the host was defined, or null for the implicit local host
 */
public record Host(
    String name,
    Map<String, Object> vars,
    ConnectionSpec connection,
    List<String> groups,
    Location location) {

  /** What a transport connects to for this host. */
  public Target target() {
    return new Target(name, connection);
  }
}
