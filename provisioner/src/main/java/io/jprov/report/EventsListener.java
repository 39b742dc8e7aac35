package io.jprov.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.ExitCodes;
import io.jprov.InputException;
import io.jprov.JprovException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run as a stream of JSON Lines ({@code --events FILE|-}, docs/report.md): one object per line
 * for {@code run_start}, each host's {@code host_start}, each {@code task} result, {@code host_end},
 * each {@code notice} and {@code run_end}, written and flushed the moment it happens, so that a
 * program can follow the run while it goes. Every text is masked ({@link Masked}); JSON escapes
 * control characters, so a line never holds a raw line break.
 *
 * <p>Thread-safe: lines from many host threads are written whole, one at a time. A write that fails
 * (a full disk, a reader of stdout gone) stops the stream; {@link #close} then says so.
 */
public final class EventsListener implements RunListener, AutoCloseable {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final OutputStream out;
  private final boolean ownsStream;
  private final String where;
  private IOException failure;
  private boolean closed;

  private EventsListener(OutputStream out, boolean ownsStream, String where) {
    this.out = out;
    this.ownsStream = ownsStream;
    this.where = where;
  }

  /**
   * Events to a new file at {@code file}, mode 0600 (a file or symlink already there is removed
   * first, never followed); closed at {@link #runFinished}.
   *
   * @throws InputException when the file cannot be created (nothing has been contacted yet)
   */
  public static EventsListener toFile(Path file) {
    try {
      return new EventsListener(new BufferedOutputStream(OwnerOnlyFiles.createNew(file)), true, file.toString());
    } catch (IOException e) {
      throw new InputException("--events " + file + ": cannot create the file: " + e.getMessage());
    }
  }

  /** Events to {@code out} (standard output for {@code --events -}), which stays open. */
  public static EventsListener toStream(PrintStream out) {
    return new EventsListener(out, false, "standard output");
  }

  @Override
  public void runStarted(String playbook, boolean checkMode, int hostCount) {
    Map<String, Object> e = event("run_start");
    e.put("playbook", playbook);
    e.put("check_mode", checkMode);
    e.put("hosts", hostCount);
    emit(e);
  }

  @Override
  public void hostStarted(String host) {
    Map<String, Object> e = event("host_start");
    e.put("host", host);
    emit(e);
  }

  @Override
  public void taskFinished(String host, TaskResult unmasked) {
    TaskResult t = Masked.task(unmasked);
    Map<String, Object> e = event("task");
    e.put("host", host);
    e.put("task", t.name());
    e.put("module", t.module());
    e.put("status", t.status().toString());
    e.put("changed", t.changed());
    e.put("duration_ms", t.durationMs());
    e.put("message", t.message());
    emit(e);
  }

  @Override
  public void hostFinished(HostResult unmasked) {
    HostResult h = Masked.host(unmasked);
    Map<String, Object> e = event("host_end");
    e.put("host", h.name());
    e.put("status", h.status().toString());
    e.put("duration_ms", h.durationMs());
    e.put("round_trips", h.roundTrips());
    e.put("changed", h.changedCount());
    e.put("deferred", h.deferredCount());
    e.put("message", h.message());
    emit(e);
  }

  @Override
  public void notice(String message) {
    Map<String, Object> e = event("notice");
    e.put("message", Masked.text(message));
    emit(e);
  }

  @Override
  public void runFinished(RunResult run) {
    Map<String, Object> report = JsonReport.toMap(run); // masked; the same summary as the JSON report
    Map<String, Object> e = event("run_end");
    e.put("playbook", report.get("playbook"));
    e.put("check_mode", report.get("check_mode"));
    e.put("started", report.get("started"));
    e.put("finished", report.get("finished"));
    e.put("summary", report.get("summary"));
    e.put("stop_reason", report.get("stop_reason"));
    emit(e);
    synchronized (this) {
      finish();
    }
  }

  /**
   * Closes the file (standard output stays open).
   *
   * @throws JprovException (internal error) when a line could not be written: the stream a program
   *     followed is incomplete
   */
  @Override
  public synchronized void close() {
    finish();
    if (failure != null) {
      throw new JprovException(ExitCodes.INTERNAL, "cannot write events to " + where + ": "
          + (failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage()), failure);
    }
  }

  private void finish() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (ownsStream) {
        out.close();
      } else {
        out.flush();
      }
    } catch (IOException e) {
      failure = failure != null ? failure : e;
    }
  }

  private static Map<String, Object> event(String type) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", type);
    e.put("time", Instant.now().toString());
    return e;
  }

  private synchronized void emit(Map<String, Object> event) {
    if (closed || failure != null) {
      return;
    }
    try {
      out.write(MAPPER.writeValueAsBytes(event));
      out.write('\n');
      out.flush();
      // a PrintStream (stdout) keeps its errors to itself
      if (out instanceof PrintStream ps && ps.checkError()) {
        throw new IOException("write failed");
      }
    } catch (IOException e) {
      failure = e;
    }
  }
}
