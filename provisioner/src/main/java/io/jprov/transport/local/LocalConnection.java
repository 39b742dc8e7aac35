package io.jprov.transport.local;

import io.jprov.transport.CommandResult;
import io.jprov.transport.Connection;
import io.jprov.transport.CopyScripts;
import io.jprov.transport.RemoteProcess;
import io.jprov.transport.ExecRequest;
import io.jprov.transport.FileCopy;
import io.jprov.transport.FileUpload;
import io.jprov.transport.TransportException;
import io.jprov.transport.UploadScript;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs commands on this machine through {@code sh -c}, and writes files with java.nio and
 * jnr-posix. Becoming root uses {@code sudo -n} (non-interactive: a sudo that needs a password
 * fails with a clear message instead of prompting).
 */
public final class LocalConnection implements Connection {
  private final String hostName;
  private final Duration defaultTimeout;
  private final boolean root;
  private final AtomicInteger roundTrips = new AtomicInteger();
  private volatile Process running;
  private volatile boolean runningSudo;
  private volatile boolean abandoned;

  public LocalConnection(String hostName, Duration defaultTimeout) {
    this.hostName = hostName;
    this.defaultTimeout = defaultTimeout;
    this.root = Posix.geteuid() == 0;
  }

  @Override
  public String hostName() {
    return hostName;
  }

  @Override
  public CommandResult exec(ExecRequest request) {
    roundTrips.incrementAndGet();
    Duration timeout = request.timeout() != null ? request.timeout() : defaultTimeout;
    // yum's lock is made visible and bounded here too (see RemoteProcess#withYumLockWait)
    return run(RemoteProcess.withYumLockWait(request.script()),
        request.stdin() == null ? null : new ByteArrayInputStream(request.stdin()), request.become(), timeout);
  }

  private CommandResult run(String script, InputStream stdin, boolean become, Duration timeout) {
    ProcessBuilder pb =
        become && !root
            ? new ProcessBuilder("sudo", "-n", "sh", "-c", script)
            : new ProcessBuilder("sh", "-c", script);
    long start = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new TransportException(hostName + ": cannot run sh: " + e.getMessage(), true, e);
    }
    running = p;
    runningSudo = become && !root;
    if (abandoned) {
      killTree(p, runningSudo);
    }
    Pump out = new Pump(p.getInputStream());
    Pump err = new Pump(p.getErrorStream());
    out.start();
    err.start();
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        stdin.transferTo(in);
      }
    } catch (IOException e) {
      // the command exited without reading its stdin: its exit code tells what happened
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        killTree(p, become && !root);
        throw new TransportException(
            hostName + ": command timed out after " + timeout.toSeconds() + " s", false, null);
      }
      out.join();
      err.join();
    } catch (InterruptedException e) {
      killTree(p, become && !root);
      Thread.currentThread().interrupt();
      throw new TransportException(hostName + ": interrupted", false, e);
    } finally {
      running = null;
    }
    if (abandoned) {
      throw new TransportException(hostName + ": command abandoned; its processes were killed", false, null);
    }
    String stderr = err.text();
    if (become && !root && p.exitValue() == 1 && stderr.contains("sudo: a password is required")) {
      throw new TransportException(
          hostName + ": sudo needs a password; run jprov as root or allow passwordless sudo for --local",
          false, null);
    }
    return new CommandResult(p.exitValue(), out.text(), stderr, (System.nanoTime() - start) / 1_000_000);
  }

  @Override
  public void upload(FileUpload upload) {
    if (upload.become() && !root) {
      uploadWithSudo(upload);
      return;
    }
    roundTrips.incrementAndGet();
    Path dest = Path.of(upload.path());
    Path dir = dest.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + dest.getFileName() + ".jprov-", "");
      Files.write(tmp, upload.content());
      int mode = upload.mode() != null ? Integer.parseInt(upload.mode(), 8)
          : Files.exists(dest) ? existingMode(dest) : 0644;
      check(Posix.chmod(tmp.toString(), mode), "chmod", tmp);
      if (upload.owner() != null || upload.group() != null) {
        int uid = upload.owner() == null ? -1 : Posix.uid(upload.owner());
        int gid = upload.group() == null ? -1 : Posix.gid(upload.group());
        if (upload.owner() != null && uid < 0) {
          throw new TransportException(hostName + ": no such user '" + upload.owner() + "'", false, null);
        }
        if (upload.group() != null && gid < 0) {
          throw new TransportException(hostName + ": no such group '" + upload.group() + "'", false, null);
        }
        check(Posix.chown(tmp.toString(), uid, gid), "chown", tmp);
      }
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new TransportException(hostName + ": cannot write " + upload.path() + ": " + e.getMessage(), false, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temp file is hidden and named after the destination
        }
      }
    }
  }

  private int existingMode(Path dest) throws IOException {
    return (Integer) Files.getAttribute(dest, "unix:mode") & 07777;
  }

  private void check(int rc, String op, Path path) {
    if (rc != 0) {
      throw new TransportException(hostName + ": " + op + " " + path + " failed", false, null);
    }
  }

  private void uploadWithSudo(FileUpload u) {
    CommandResult r = exec(new ExecRequest(UploadScript.of(u), u.content(), true, null));
    if (!r.ok()) {
      throw new TransportException(hostName + ": cannot write " + u.path() + ": " + r.stderr().strip(), false, null);
    }
  }

  /**
   * The same two scripts as over SSH ({@link CopyScripts}): the directory is created or checked as
   * the writer (root through {@code sudo -n} with {@code become}), the bytes from the resume offset
   * are streamed to {@code cat} on stdin, size and sha256 are checked before the rename.
   */
  @Override
  public FileCopy.Result copy(FileCopy c) {
    String where = hostName + ": cannot copy " + c.local() + " to " + c.path() + ": ";
    if (!c.path().startsWith("/") || c.path().endsWith("/") || c.path().contains("\n")) {
      throw new TransportException(where + "the path must be an absolute file path", false, null);
    }
    String prepare;
    try {
      if (Files.size(c.local()) != c.size()) {
        throw new TransportException(where + "the local file has " + Files.size(c.local()) + " bytes, expected "
            + c.size(), false, null);
      }
      prepare = CopyScripts.prepare(c);
    } catch (IOException | IllegalArgumentException e) {
      throw new TransportException(where + e.getMessage(), false, e);
    }
    roundTrips.incrementAndGet();
    CommandResult r = run(prepare, null, c.become(), defaultTimeout);
    long offset = CopyScripts.offset(r.stdout());
    if (!r.ok() || offset < 0) {
      throw new TransportException(where + CopyScripts.failure(c, r, 0), false, null);
    }
    roundTrips.incrementAndGet();
    try (InputStream in = Files.newInputStream(c.local())) {
      in.skipNBytes(offset);
      r = run(CopyScripts.write(c, offset), in, c.become(), defaultTimeout);
    } catch (IOException e) {
      throw new TransportException(where + e.getMessage(), false, e);
    }
    if (!r.ok()) {
      throw new TransportException(where + CopyScripts.failure(c, r, offset), false, null);
    }
    return new FileCopy.Result(c.size() - offset, offset);
  }



  @Override
  public int roundTrips() {
    return roundTrips.get();
  }

  @Override
  public void close() {}

  /**
   * Kills the command running now and everything it started (as root through {@code sudo -n}
   * when it runs as root and jprov does not); the blocked {@link #exec} fails with "command
   * abandoned", and so does every later call. Never throws.
   */
  @Override
  public void abandon() {
    abandoned = true;
    Process p = running;
    if (p != null) {
      killTree(p, runningSudo);
    }
  }

  /** SIGKILL to the process and its descendants, children first. */
  private static void killTree(Process p, boolean sudo) {
    java.util.List<ProcessHandle> tree = new java.util.ArrayList<>(p.descendants().toList());
    tree.add(p.toHandle());
    if (sudo) {
      java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("sudo", "-n", "kill", "-s", "KILL", "--"));
      tree.forEach(h -> cmd.add(Long.toString(h.pid())));
      try {
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
            .waitFor(10, TimeUnit.SECONDS);
      } catch (IOException e) {
        // fall through to what this user may kill
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  private static final class Pump extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Pump(InputStream in) {
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      try (in) {
        in.transferTo(buf);
      } catch (IOException ignored) {
        // the process died; what was read so far is all there is
      }
    }

    String text() {
      return buf.toString(StandardCharsets.UTF_8);
    }
  }
}
