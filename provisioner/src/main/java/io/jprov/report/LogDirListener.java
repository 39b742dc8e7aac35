package io.jprov.report;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.transport.CommandResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --log-dir DIR}: a full log per host ({@code DIR/<host>.log}) with every task, every
 * command description, exit code and output. Secrets never reach it: passwords travel on stdin
 * only and are not part of any event. Thread-safe: one writer per host, used by that host's thread.
 */
public final class LogDirListener implements RunListener {
  private final Path dir;
  private final Map<String, PrintWriter> writers = new ConcurrentHashMap<>();

  public LogDirListener(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INPUT, "--log-dir " + dir + ": cannot create: " + e.getMessage(), e);
    }
  }

  private PrintWriter writer(String host) {
    return writers.computeIfAbsent(host, h -> {
      try {
        String safe = h.replaceAll("[^A-Za-z0-9._-]", "_");
        return new PrintWriter(Files.newBufferedWriter(dir.resolve(safe + ".log"), StandardCharsets.UTF_8), true);
      } catch (IOException e) {
        throw new JprovException(ExitCodes.INTERNAL, "cannot write log for " + h + ": " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void hostStarted(String host) {
    writer(host).println(Instant.now() + " host " + host + " started");
  }

  @Override
  public void taskStarted(String host, String task) {
    writer(host).println(Instant.now() + " TASK " + task);
  }

  @Override
  public void commandRan(String host, String description, CommandResult r) {
    PrintWriter w = writer(host);
    w.println("  $ " + description + "  (exit " + r.exitCode() + ", " + r.durationMs() + " ms)");
    if (!r.stdout().isEmpty()) {
      w.println("  stdout:");
      r.stdout().lines().forEach(l -> w.println("    " + l));
    }
    if (!r.stderr().isEmpty()) {
      w.println("  stderr:");
      r.stderr().lines().forEach(l -> w.println("    " + l));
    }
  }

  @Override
  public void taskFinished(String host, TaskResult r) {
    PrintWriter w = writer(host);
    w.println(Instant.now() + " " + r.status() + " " + r.name() + (r.message() == null ? "" : ": " + r.message()));
    if (r.diff() != null) {
      w.println(r.diff());
    }
  }

  @Override
  public void hostFinished(HostResult r) {
    PrintWriter w = writer(r.name());
    w.println(Instant.now() + " host " + r.name() + " " + r.status() + " in " + r.durationMs() + " ms, "
        + r.roundTrips() + " round trips" + (r.message() == null ? "" : ": " + r.message()));
    w.close();
    writers.remove(r.name());
  }
}
