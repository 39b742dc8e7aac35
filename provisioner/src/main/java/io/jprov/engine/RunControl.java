package io.jprov.engine;

import io.jprov.transport.Connection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The state a run shares between its host workers and whoever interrupts it (a signal handler):
 * whether to stop starting hosts and tasks ({@link #interrupt}), whether to give up on running
 * commands ({@link #abandon}), how many commands run right now, and the open connections that an
 * abandon closes. Thread-safe.
 */
final class RunControl {
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private final AtomicBoolean abandoned = new AtomicBoolean();
  private final AtomicInteger running = new AtomicInteger();
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();

  void interrupt() {
    interrupted.set(true);
  }

  boolean interrupted() {
    return interrupted.get();
  }

  boolean abandoned() {
    return abandoned.get();
  }

  /** Stops waiting for running commands: closes every open connection (idempotent). */
  void abandon() {
    interrupted.set(true);
    if (abandoned.getAndSet(true)) {
      return;
    }
    for (Connection c : open) {
      // abandon() kills the remote process group of the running command, then closes; the host
      // worker blocked in it then fails and is reported as interrupted
      Thread t = new Thread(c::abandon, "jprov-abandon-" + c.hostName());
      t.setDaemon(true);
      t.start();
    }
  }

  int running() {
    return running.get();
  }

  void commandStarted() {
    running.incrementAndGet();
  }

  void commandEnded() {
    running.decrementAndGet();
  }

  /** Registers an open connection; closes it at once when the run was already abandoned. */
  void opened(Connection c) {
    open.add(c);
    if (abandoned.get()) {
      c.abandon();
    }
  }

  void closed(Connection c) {
    open.remove(c);
  }

  /**
   * Waits for a host worker's result; once the run is abandoned, returns {@code whenAbandoned}'s
   * at once instead (an abandon must not wait for a command that may never end).
   */
  <T> T await(Future<T> f, Supplier<T> whenAbandoned) throws InterruptedException, ExecutionException {
    while (true) {
      if (abandoned() && !f.isDone()) {
        return whenAbandoned.get();
      }
      try {
        return f.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // poll again
      }
    }
  }
}
