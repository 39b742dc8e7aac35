package io.jprov.report;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.transport.CommandResult;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code --log-dir DIR}: a full log per host ({@code DIR/<host>.log}) with every task, every
 * command description, exit code and output. What it ensures about secrets:
 *
 * <ul>
 *   <li>every line goes through {@link io.jprov.util.Secrets#mask} (URL credentials, password-like
 *       keys, the values of the run's {@code *_env} secrets);
 *   <li>the raw output of fact gathering is not stored, only its size: it holds whole files of the
 *       host (proxy drop-ins, daemon.json, repo files) that may carry credentials masking cannot
 *       recognise;
 *   <li>each log file is created new with mode 0600 (an existing file or symlink at its path is
 *       removed first, never followed); a directory jprov creates is mode 0700.
 * </ul>
 *
 * <p>Thread-safe: one writer per host, used by that host's thread.
 */
public final class LogDirListener implements RunListener {
  /** How the engine describes a fact-gathering round trip ("gather 12 facts"). */
  static final Pattern FACT_GATHERING = Pattern.compile("gather \\d+ facts?");

  private final Path dir;
  private final Map<String, PrintWriter> writers = new ConcurrentHashMap<>();

  public LogDirListener(Path dir) {
    this.dir = dir;
    try {
      OwnerOnlyFiles.createDirectories(dir);
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INPUT, "--log-dir " + dir + ": cannot create: " + e.getMessage(), e);
    }
  }

  private PrintWriter writer(String host) {
    return writers.computeIfAbsent(host, h -> {
      try {
        String safe = h.replaceAll("[^A-Za-z0-9._-]", "_");
        return new PrintWriter(new OutputStreamWriter(OwnerOnlyFiles.createNew(dir.resolve(safe + ".log")),
            StandardCharsets.UTF_8), true);
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
    writer(host).println(Instant.now() + " TASK " + Masked.text(task));
  }

  @Override
  public void commandRan(String host, String description, CommandResult result) {
    PrintWriter w = writer(host);
    CommandResult r = Masked.command(result);
    String what = Masked.text(description);
    w.println("  $ " + what + "  (exit " + r.exitCode() + ", " + r.durationMs() + " ms)");
    if (FACT_GATHERING.matcher(what).matches()) {
      if (!r.stdout().isEmpty()) {
        w.println("  stdout: " + result.stdout().length() + " characters of fact output, not stored"
            + " (it holds file contents of the host)");
      }
    } else if (!r.stdout().isEmpty()) {
      w.println("  stdout:");
      r.stdout().lines().forEach(l -> w.println("    " + l));
    }
    if (!r.stderr().isEmpty()) {
      w.println("  stderr:");
      r.stderr().lines().forEach(l -> w.println("    " + l));
    }
  }

  @Override
  public void taskFinished(String host, TaskResult result) {
    PrintWriter w = writer(host);
    TaskResult r = Masked.task(result);
    w.println(Instant.now() + " " + r.status() + " " + r.name() + (r.message() == null ? "" : ": " + r.message()));
    if (r.diff() != null) {
      w.println(r.diff());
    }
  }

  @Override
  public void hostFinished(HostResult result) {
    HostResult r = Masked.host(result);
    PrintWriter w = writer(r.name());
    w.println(Instant.now() + " host " + r.name() + " " + r.status() + " in " + r.durationMs() + " ms, "
        + r.roundTrips() + " round trips" + (r.deferredCount() == 0 ? "" : ", " + r.deferredCount() + " deferred ("
        + r.deferredMessage() + ")") + (r.message() == null ? "" : ": " + r.message()));
    w.close();
    writers.remove(r.name());
  }
}
