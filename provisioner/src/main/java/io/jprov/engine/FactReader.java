package io.jprov.engine;

import io.jprov.JprovException;
import io.jprov.facts.Fact;
import io.jprov.facts.FactGatherer;
import io.jprov.facts.FactSet;
import io.jprov.inventory.Host;
import io.jprov.report.RunListener;
import io.jprov.transport.CommandResult;
import io.jprov.transport.Connection;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.ExecRequest;
import io.jprov.transport.TransportException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Reads facts from hosts without running a play ({@code jprov facts}): {@code forks} hosts at
 * once, one connection and one round trip per host, under the run's {@link RunControl} (an
 * interrupt stops starting hosts; an abandon closes the open connections) and reporting each
 * command to the listener, like the fact reads of a play.
 */
final class FactReader {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConnectionFactory connections;
  private final RunListener listener;
  private final int forks;
  private final RunControl control;

  FactReader(ConnectionFactory connections, RunListener listener, int forks, RunControl control) {
    this.connections = connections;
    this.listener = listener;
    this.forks = forks;
    this.control = control;
  }

  /** Reads {@code facts.apply(host)} from each host (the function is called on the host's worker). */
  List<GatheredFacts> read(List<Host> hosts, Function<Host, List<Fact<?>>> facts) {
    ExecutorService pool = Engine.hostPool(Math.min(forks, hosts.size()));
    try {
      List<Future<GatheredFacts>> futures = new ArrayList<>();
      for (Host h : hosts) {
        futures.add(pool.submit(() -> read(h, facts.apply(h))));
      }
      List<GatheredFacts> out = new ArrayList<>();
      for (int i = 0; i < hosts.size(); i++) {
        out.add(await(futures.get(i), hosts.get(i)));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The host's facts; once the run is abandoned, {@code interrupted} without waiting. */
  private GatheredFacts await(Future<GatheredFacts> f, Host host) {
    try {
      return control.await(f, () -> interrupted(host, "abandoned while reading facts"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      control.interrupt();
      return interrupted(host, "interrupted");
    } catch (ExecutionException e) {
      // read() catches everything it expects; this is a bug, reported on the host, not fatal
      return unreachable(host, "internal error: " + e.getCause());
    }
  }

  private GatheredFacts read(Host host, List<Fact<?>> facts) {
    if (control.interrupted()) {
      return interrupted(host, "interrupted before start");
    }
    Connection conn;
    try {
      conn = connections.open(host.target());
    } catch (JprovException e) {
      return unreachable(host, e.getMessage());
    } catch (RuntimeException e) {
      return unreachable(host, host.name() + ": cannot connect: " + e);
    }
    control.opened(conn);
    try {
      FactGatherer gatherer = new FactGatherer(Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
      CommandResult r;
      Instant sent = Instant.now();
      control.commandStarted();
      try {
        r = conn.exec(new ExecRequest(gatherer.script(facts), null, host.connection().become(), null));
      } finally {
        control.commandEnded();
      }
      listener.commandRan(host.name(), "gather " + facts.size() + " facts", r);
      return new GatheredFacts(host.name(), GatheredFacts.Status.OK, FactSet.of(gatherer.parse(facts, r.stdout())), null,
          sent);
    } catch (TransportException e) {
      return control.abandoned() ? interrupted(host, "abandoned while reading facts") : unreachable(host, e.getMessage());
    } catch (JprovException | IllegalStateException e) {
      // IllegalStateException: output that is not the gatherer's (a shell that is not sh)
      return unreachable(host, String.valueOf(e.getMessage()));
    } finally {
      conn.close();
      control.closed(conn);
    }
  }

  private static GatheredFacts unreachable(Host host, String message) {
    return new GatheredFacts(host.name(), GatheredFacts.Status.UNREACHABLE, null, message, null);
  }

  private static GatheredFacts interrupted(Host host, String message) {
    return new GatheredFacts(host.name(), GatheredFacts.Status.INTERRUPTED, null, message, null);
  }
}
