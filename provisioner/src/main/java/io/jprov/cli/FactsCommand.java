package io.jprov.cli;

import io.jprov.ExitCodes;
import io.jprov.InputException;
import io.jprov.engine.Engine;
import io.jprov.engine.EngineOptions;
import io.jprov.engine.GatheredFacts;
import io.jprov.facts.Fact;
import io.jprov.facts.HostFacts;
import io.jprov.inventory.Host;
import io.jprov.inventory.Inventory;
import io.jprov.inventory.Shard;
import io.jprov.modules.ModuleRegistry;
import io.jprov.report.JsonReport;
import io.jprov.report.RunListener;
import io.jprov.template.Templates;
import io.jprov.transport.ConnectionFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jprov facts}: the platform facts of each host as JSON, one round trip per host. The
 * engine reads them ({@link Engine#gatherFacts}); this command selects the hosts and formats.
 */
@Command(name = "facts", mixinStandardHelpOptions = true,
    description = "Gather platform facts (OS, arch, kernel, user) from hosts and print them as JSON.")
public final class FactsCommand implements Callable<Integer> {
  @ParentCommand JprovCommand parent;
  @Mixin CommonOptions common;

  @Option(names = "--local", description = "This machine instead of an inventory.")
  boolean local;

  @Option(names = "--forks", defaultValue = "50", description = "Hosts at once (default ${DEFAULT-VALUE}).")
  int forks;

  @Option(names = "--shard", paramLabel = "K/N", description = "Only shard K of N of the selected hosts (as apply"
      + " --shard; a shard with no host prints an empty JSON object and exits 0).")
  String shard;

  @Override
  public Integer call() throws Exception {
    Shard selectedShard = shard == null ? null : Shard.parse("--shard", shard);
    Inventory inventory = Inventories.load(common, local);
    List<Host> hosts;
    if (RetryLimit.isRetry(common.limit)) {
      RetryLimit retry = RetryLimit.read(common.limit, inventory);
      if (retry.hosts().isEmpty()) {
        // stdout is the JSON: what a person should read goes to stderr
        parent.err.println("nothing to retry: " + retry.file() + " has no " + retry.what() + " host");
        parent.out.println(JsonReport.toJson(Map.of()));
        return ExitCodes.OK;
      }
      hosts = retry.select(inventory.hosts());
    } else {
      hosts = common.limit == null ? inventory.hosts() : inventory.select(common.limit);
    }
    if (hosts.isEmpty()) {
      throw new InputException("no hosts matched --limit '" + common.limit + "'");
    }
    if (selectedShard != null) {
      List<Host> inShard = selectedShard.select(hosts);
      if (inShard.isEmpty()) {
        parent.err.println(selectedShard.noneOf(hosts.size(), "nothing to gather"));
        parent.out.println(JsonReport.toJson(Map.of()));
        return ExitCodes.OK;
      }
      hosts = inShard;
    }
    // no play: an engine without modules or templates, which only reads facts
    EngineOptions options = new EngineOptions(false, false, Set.of(), Set.of(), Math.max(1, forks), null, null);
    List<GatheredFacts> gathered;
    Interrupts interrupts;
    try (ConnectionFactory connections = Connections.factory(inventory, hosts, common.extraVarsMap())) {
      Engine engine = new Engine(new ModuleRegistry(List.of()), new Templates(List.of()), connections,
          new RunListener() {}, options);
      interrupts = Interrupts.install(engine, System.err, () -> {});
      try {
        gathered = engine.gatherFacts(hosts, List.<Fact<?>>of(HostFacts.PLATFORM));
      } finally {
        interrupts.uninstall();
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    boolean anyUnreachable = false;
    for (GatheredFacts g : gathered) {
      switch (g.status()) {
        case OK -> out.put(g.host(), g.facts().get(HostFacts.PLATFORM).toModel());
        case UNREACHABLE -> {
          anyUnreachable = true;
          out.put(g.host(), Map.of("unreachable", String.valueOf(g.message())));
        }
        case INTERRUPTED -> out.put(g.host(), Map.of("interrupted", String.valueOf(g.message())));
        default -> throw new IllegalStateException(g.status().toString());
      }
    }
    parent.out.println(JsonReport.toJson(out));
    if (interrupts.exitCode() != 0) {
      return interrupts.exitCode();
    }
    return anyUnreachable ? ExitCodes.UNREACHABLE : ExitCodes.OK;
  }
}
