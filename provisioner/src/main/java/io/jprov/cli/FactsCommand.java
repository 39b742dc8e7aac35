package io.jprov.cli;

import io.jprov.InputException;
import io.jprov.JprovException;
import io.jprov.facts.FactGatherer;
import io.jprov.facts.FactSet;
import io.jprov.facts.HostFacts;
import io.jprov.inventory.Host;
import io.jprov.inventory.Inventory;
import io.jprov.report.JsonReport;
import io.jprov.transport.CommandResult;
import io.jprov.transport.Connection;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.ExecRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jprov facts}: the platform facts of each host as JSON, one round trip per host. */
@Command(name = "facts", mixinStandardHelpOptions = true,
    description = "Gather platform facts (OS, arch, kernel, user) from hosts and print them as JSON.")
public final class FactsCommand implements Callable<Integer> {
  @ParentCommand JprovCommand parent;
  @Mixin CommonOptions common;

  @Option(names = "--local", description = "This machine instead of an inventory.")
  boolean local;

  @Option(names = "--forks", defaultValue = "50", description = "Hosts at once (default ${DEFAULT-VALUE}).")
  int forks;

  @Override
  public Integer call() throws Exception {
    Inventory inventory = Inventories.load(common, local);
    List<Host> hosts = common.limit == null ? inventory.hosts() : inventory.select(common.limit);
    if (hosts.isEmpty()) {
      throw new InputException("no hosts matched --limit '" + common.limit + "'");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    boolean anyUnreachable = false;
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(forks, hosts.size())));
    try (ConnectionFactory factory = Connections.factory()) {
      List<Future<Object>> futures = new ArrayList<>();
      for (Host h : hosts) {
        futures.add(pool.submit(() -> gather(factory, h)));
      }
      for (int i = 0; i < hosts.size(); i++) {
        Object v = futures.get(i).get();
        anyUnreachable |= v instanceof Map<?, ?> m && m.containsKey("unreachable");
        out.put(hosts.get(i).name(), v);
      }
    } finally {
      pool.shutdownNow();
    }
    parent.out.println(JsonReport.toJson(out));
    return anyUnreachable ? io.jprov.ExitCodes.UNREACHABLE : io.jprov.ExitCodes.OK;
  }

  private static Object gather(ConnectionFactory factory, Host host) {
    try (Connection c = factory.open(host.target())) {
      FactGatherer g = new FactGatherer("facts" + Long.toHexString(System.nanoTime()));
      var list = List.<io.jprov.facts.Fact<?>>of(HostFacts.PLATFORM);
      CommandResult r = c.exec(new ExecRequest(g.script(list), null, host.connection().become(), null));
      FactSet set = FactSet.of(g.parse(list, r.stdout()));
      return set.get(HostFacts.PLATFORM).toModel();
    } catch (JprovException | IllegalStateException e) {
      return Map.of("unreachable", String.valueOf(e.getMessage()));
    }
  }
}
