package io.jprov.transport.ssh;

import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.CommandResult;
import io.jprov.transport.Connection;
import io.jprov.transport.CopyScripts;
import io.jprov.transport.ExecRequest;
import io.jprov.transport.FileCopy;
import io.jprov.transport.FileUpload;
import io.jprov.transport.RemoteProcess;
import io.jprov.transport.TransportException;
import io.jprov.transport.UploadScript;
import io.jprov.util.Sh;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.RenameFlags;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * One host's SSH connection for the whole run: a session channel per command ({@code sh -c} under
 * the {@link RemoteProcess} wrapper: its own process group, killed on timeout, disconnect or
 * {@link #abandon()}), SFTP for small uploads as the SSH user, exec channels with streamed stdin
 * for bundle copies ({@link CopyScripts}), sudo for {@code become} when the SSH user is not root.
 *
 * <p>Threading: one caller at a time (the host's worker); {@link #close()} may be called from any
 * thread. Stream pumping uses a shared pool of daemon threads.
 */
final class SshConnection implements Connection {
  private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "jprov-ssh-io");
    t.setDaemon(true);
    return t;
  });
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<Signal, Integer> SIGNALS = Map.ofEntries(
      Map.entry(Signal.HUP, 1), Map.entry(Signal.INT, 2), Map.entry(Signal.QUIT, 3),
      Map.entry(Signal.ILL, 4), Map.entry(Signal.ABRT, 6), Map.entry(Signal.FPE, 8),
      Map.entry(Signal.KILL, 9), Map.entry(Signal.USR1, 10), Map.entry(Signal.SEGV, 11),
      Map.entry(Signal.USR2, 12), Map.entry(Signal.PIPE, 13), Map.entry(Signal.ALRM, 14),
      Map.entry(Signal.TERM, 15));
  private static final String SUDO_RETRY = "Sorry, try again";

  private final String hostName;
  private final String label;
  private final String user;
  private final boolean root;
  private final SSHClient client;
  private final SSHClient jump;
  private final ConnectionSpec spec;
  private final Function<String, String> env;
  private final AtomicInteger roundTrips = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private SFTPClient sftp;

  SshConnection(String hostName, String label, String user, SSHClient client, SSHClient jump,
      ConnectionSpec spec, Function<String, String> env) {
    this.hostName = hostName;
    this.label = label;
    this.user = user;
    this.root = "root".equals(user);
    this.client = client;
    this.jump = jump;
    this.spec = spec;
    this.env = env;
  }

  @Override
  public String hostName() {
    return hostName;
  }

  @Override
  public int roundTrips() {
    return roundTrips.get();
  }

  @Override
  public CommandResult exec(ExecRequest request) {
    roundTrips.incrementAndGet();
    Duration timeout = request.timeout() != null ? request.timeout() : spec.commandTimeout();
    return run(request.script(), request.stdin() == null ? null : new ByteArrayInputStream(request.stdin()),
        request.become() && !root, timeout);
  }

  @Override
  public void upload(FileUpload upload) {
    roundTrips.incrementAndGet();
    if (!upload.path().startsWith("/")) {
      throw new TransportException("cannot upload " + upload.path() + " to " + hostName
          + ": the path must be absolute", false, null);
    }
    if (upload.become() && !root) {
      uploadWithSudo(upload);
    } else {
      uploadWithSftp(upload);
    }
  }

  /**
   * Two execs per file, both as the writer (root through sudo with {@code become}): {@link
   * CopyScripts#prepare} checks or creates the directory ({@link io.jprov.transport.SafeDir}) and
   * reads the size of a {@code .part} to resume from; {@link CopyScripts#write} gets the missing
   * bytes streamed on its stdin, appends them with {@code cat}, checks size and sha256 and renames.
   * No SFTP: its writes follow symlinks and run as the SSH user.
   */
  @Override
  public FileCopy.Result copy(FileCopy c) {
    if (!c.path().startsWith("/") || c.path().endsWith("/") || c.path().contains("\n")) {
      throw new TransportException("cannot copy " + c.local() + " to " + hostName + ":" + c.path()
          + ": the path must be an absolute file path", false, null);
    }
    try {
      long localSize = Files.size(c.local());
      if (localSize != c.size()) {
        throw new TransportException("cannot copy " + c.local() + " to " + hostName + ": the local file has "
            + localSize + " bytes, expected " + c.size(), false, null);
      }
    } catch (IOException e) {
      throw new TransportException("cannot copy " + c.local() + " to " + hostName + ": " + e.getMessage(), false, e);
    }
    String prepare;
    try {
      prepare = CopyScripts.prepare(c);
    } catch (IllegalArgumentException e) {
      throw copyFailed(c, e.getMessage(), e);
    }
    boolean sudo = c.become() && !root;
    roundTrips.incrementAndGet();
    CommandResult r = run(prepare, null, sudo, spec.commandTimeout());
    long offset = CopyScripts.offset(r.stdout());
    if (!r.ok() || offset < 0) {
      throw copyFailed(c, CopyScripts.failure(c, r, 0), null);
    }
    roundTrips.incrementAndGet();
    try (InputStream in = Files.newInputStream(c.local())) {
      in.skipNBytes(offset);
      r = run(CopyScripts.write(c, offset), in, sudo, spec.commandTimeout());
    } catch (IOException e) {
      throw copyFailed(c, SshConnectionFactory.oneLine(e), e);
    }
    if (!r.ok()) {
      throw copyFailed(c, CopyScripts.failure(c, r, offset), null);
    }
    return new FileCopy.Result(c.size() - offset, offset);
  }

  private TransportException copyFailed(FileCopy c, String why, Throwable cause) {
    boolean unreachable = !client.isConnected();
    return new TransportException("cannot copy " + c.local().getFileName() + " to " + (unreachable ? label : hostName)
        + ":" + c.path() + ": " + why, unreachable, cause);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      if (sftp != null) {
        try {
          sftp.close();
        } catch (IOException | RuntimeException e) {
          // best effort
        }
      }
    }
    SshConnectionFactory.closeQuietly(client);
    SshConnectionFactory.closeQuietly(jump);
  }

  // ---- exec

  private enum Event { PROMPT, WRONG_PASSWORD, STARTED, ENDED }

  /** The process group of the command running now (-1: none or unknown) and how it was run. */
  private volatile long runningPgid = -1;
  private volatile boolean runningSudo;
  private final AtomicBoolean abandoned = new AtomicBoolean();
  private final String connectionId = HexFormat.of().formatHex(randomBytes(8));

  /**
   * Kills the process group of the command running now (through a second command, as the user
   * that started it), then closes the connection; a blocked {@link #exec} fails with "abandoned".
   * Bounded by about 15 s; never throws.
   */
  @Override
  public void abandon() {
    abandoned.set(true);
    long pgid = runningPgid;
    if (pgid > 0 && !closed.get() && client.isConnected()) {
      try {
        run(RemoteProcess.killScript(pgid), null, runningSudo, Duration.ofSeconds(15), false);
      } catch (RuntimeException e) {
        // best effort: closing the connection makes the wrapper kill the group as well
      }
    }
    close();
  }

  private CommandResult run(String script, InputStream stdin, boolean sudo, Duration timeout) {
    return run(script, stdin, sudo, timeout, true);
  }

  /**
   * Runs {@code script} under the {@link RemoteProcess} wrapper.
   *
   * @param track whether this is the connection's command (its group is what abandon and timeout
   *     kill); false for the kill command itself
   */
  private CommandResult run(String script, InputStream stdin, boolean sudo, Duration timeout, boolean track) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String token = HexFormat.of().formatHex(randomBytes(12));
    String prompt = sudo ? "[jprov-sudo-" + token + "]" : null;
    // The wrapper watches the parent of the first sh: sshd's session process when the login shell
    // execs a single command (bash, sh, zsh, ksh do). Under sudo, that pid is passed on as $1. The
    // login shell only sees single-quoted words, so any login shell (csh, fish) parses it.
    // the kill command is not registered: jprov's own clean-up must never make a later run wait
    String wrapper = Sh.quote(RemoteProcess.wrap(script, token, connectionId, (sudo || root) && track));
    String commandLine = sudo
        ? "sh -c " + Sh.quote("exec sudo -S -p " + Sh.quote(prompt) + " sh -c \"$0\" jprov \"$PPID\"") + " " + wrapper
        : "sh -c " + wrapper;

    Session session = null;
    Session.Command cmd = null;
    try {
      session = client.startSession();
      cmd = session.exec(commandLine);
    } catch (IOException e) {
      closeQuietly(session);
      throw lost("cannot start command", e);
    }

    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    Stdout out = new Stdout(cmd.getInputStream(), events);
    Stderr err = new Stderr(cmd.getErrorStream(), prompt, "jprov-started-" + token + " ", events);
    Future<?> outDone = IO.submit(out);
    Future<?> errDone = IO.submit(err);
    Future<?> inDone = null;
    if (track) {
      runningSudo = sudo;
    }
    try {
      if (sudo) {
        boolean passwordSent = false;
        waiting:
        while (true) {
          Event ev = events.poll(remainingNanos(deadline), TimeUnit.NANOSECONDS);
          if (ev == null) {
            throw timedOut(cmd, timeout, err, token, sudo);
          }
          switch (ev) {
            case PROMPT -> {
              if (passwordSent) {
                throw wrongPassword(cmd);
              }
              String pw = spec.becomePasswordEnv() == null ? null : env.apply(spec.becomePasswordEnv());
              if (pw == null) {
                closeQuietly(cmd);
                throw new TransportException(hostName + ": sudo needs a password: set become_password_env"
                    + (spec.becomePasswordEnv() == null ? "" : " (" + spec.becomePasswordEnv() + " is not set)"),
                    false, null);
              }
              OutputStream os = cmd.getOutputStream();
              os.write((pw + "\n").getBytes(StandardCharsets.UTF_8));
              os.flush();
              passwordSent = true;
            }
            case WRONG_PASSWORD -> throw wrongPassword(cmd);
            case STARTED -> {
              inDone = IO.submit(stdinWriter(cmd, stdin));
              break waiting;
            }
            case ENDED -> {
              break waiting;
            }
          }
        }
      } else {
        inDone = IO.submit(stdinWriter(cmd, stdin));
      }
      if (track) {
        // the marker may still be on its way; the group is known as soon as it arrives
        err.onStarted(pgid -> runningPgid = pgid);
      }
      outDone.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
      errDone.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
      cmd.join(Math.max(1, remainingNanos(deadline)), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw timedOut(cmd, timeout, err, token, sudo);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(cmd);
      throw new TransportException(hostName + ": interrupted while running a command", false, e);
    } catch (ExecutionException e) {
      closeQuietly(cmd);
      throw lostOrAbandoned("connection lost during command", e.getCause());
    } catch (IOException e) {
      closeQuietly(cmd);
      throw lostOrAbandoned("connection lost during command", e);
    } finally {
      if (inDone != null) {
        inDone.cancel(true);
      }
      if (track) {
        runningPgid = -1;
      }
    }

    if (track && abandoned.get()) {
      closeQuietly(cmd);
      throw lostOrAbandoned("abandoned", null);
    }
    RemoteProcess.Markers markers = RemoteProcess.markers(err.text(), token);
    if (sudo && !markers.started() && err.wrongPassword()) {
      closeQuietly(cmd);
      throw new TransportException(hostName + ": sudo: incorrect password for " + user, false, null);
    }
    Integer status = cmd.getExitStatus();
    Signal signal = cmd.getExitSignal();
    closeQuietly(cmd);
    if (status == null && signal != null) {
      status = 128 + SIGNALS.getOrDefault(signal, 0);
    }
    if (status == null) {
      // sshj reports no exit status when the channel broke: never a success.
      throw lostOrAbandoned("connection lost during command (no exit status)", null);
    }
    if (markers.busy() != null && status == RemoteProcess.BUSY) {
      throw new TransportException(hostName + ": " + markers.busy(), false, null);
    }
    String stderr = markers.stderr();
    if (prompt != null) {
      stderr = stderr.replace(prompt, "");
    }
    return new CommandResult(status, out.text(), stderr,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private TransportException wrongPassword(Session.Command cmd) {
    closeQuietly(cmd);
    return new TransportException(hostName + ": sudo: incorrect password for " + user
        + " (from " + spec.becomePasswordEnv() + ")", false, null);
  }

  /**
   * Closes the channel and kills the command's process group with a second command: closing the
   * channel alone leaves it running (OpenSSH before 7.9 ignores signals).
   */
  private TransportException timedOut(Session.Command cmd, Duration timeout, Stderr err, String token, boolean sudo) {
    try {
      cmd.signal(Signal.KILL);
    } catch (IOException | RuntimeException e) {
      // OpenSSH before 7.9 ignores signals; the kill below is what counts
    }
    closeQuietly(cmd);
    if (!client.isConnected()) {
      return lostOrAbandoned("connection lost; command did not finish within " + SshConnectionFactory.seconds(timeout), null);
    }
    long pgid = RemoteProcess.markers(err.text(), token).pgid();
    String killed = "";
    if (pgid > 0) {
      try {
        CommandResult k = run(RemoteProcess.killScript(pgid), null, sudo, Duration.ofSeconds(20), false);
        killed = k.stdout().contains("gone") ? " (its process group " + pgid + " was killed)"
            : " (its process group " + pgid + " may still be running)";
      } catch (RuntimeException e) {
        killed = " (could not kill its process group " + pgid + ": " + SshConnectionFactory.oneLine(e) + ")";
      }
    }
    return new TransportException(hostName + ": command timed out after "
        + SshConnectionFactory.seconds(timeout) + killed, false, null);
  }

  private TransportException lostOrAbandoned(String what, Throwable cause) {
    if (abandoned.get()) {
      return new TransportException(hostName + ": command abandoned; its process group was killed", false, cause);
    }
    return lost(what, cause);
  }

  private TransportException lost(String what, Throwable cause) {
    String detail = cause == null ? "" : ": " + SshConnectionFactory.oneLine(cause);
    return new TransportException(label + ": " + what + detail, true, cause);
  }

  private static Runnable stdinWriter(Session.Command cmd, InputStream stdin) {
    return () -> {
      try {
        OutputStream os = cmd.getOutputStream();
        if (stdin != null) {
          // streamed: a bundle's image may be larger than the heap
          stdin.transferTo(os);
          os.flush();
        }
        // EOF, so that a command reading stdin ends
        os.close();
      } catch (IOException | RuntimeException e) {
        // the command ended without reading all its input; its exit status says what happened
      }
    };
  }

  private static long remainingNanos(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // best effort
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Reads stdout fully; reports the end. */
  private static final class Stdout implements Runnable {
    private final InputStream in;
    private final BlockingQueue<Event> events;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Stdout(InputStream in, BlockingQueue<Event> events) {
      this.in = in;
      this.events = events;
    }

    @Override
    public void run() {
      try {
        in.transferTo(buf);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        events.add(Event.ENDED);
      }
    }

    String text() {
      return buf.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Reads stderr fully; watches for sudo's prompt (our marker), its retry message and the
   * wrapper's start marker (which carries the process group id).
   */
  private static final class Stderr implements Runnable {
    private final InputStream in;
    private final String prompt;
    private final byte[] started;
    private final BlockingQueue<Event> events;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private int promptsSeen;
    private volatile boolean wrong;
    private volatile long pgid = Long.MIN_VALUE;
    private java.util.function.LongConsumer onStarted;
    private int scanned;

    Stderr(InputStream in, String prompt, String started, BlockingQueue<Event> events) {
      this.in = in;
      this.prompt = prompt;
      this.started = started.getBytes(StandardCharsets.US_ASCII);
      this.events = events;
    }

    @Override
    public void run() {
      try {
        byte[] chunk = new byte[32 * 1024];
        int n;
        boolean watching = prompt != null;
        while ((n = in.read(chunk)) >= 0) {
          synchronized (this) {
            buf.write(chunk, 0, n);
          }
          if (pgid == Long.MIN_VALUE) {
            findStarted();
          }
          // sudo speaks before the command starts; past a few KiB it is the command talking
          if (watching && buf.size() > 16 * 1024) {
            watching = false;
          }
          if (watching) {
            String s = buf.toString(StandardCharsets.UTF_8);
            int count = count(s, prompt);
            if (s.contains(SUDO_RETRY) && !wrong) {
              wrong = true;
              events.add(Event.WRONG_PASSWORD);
            }
            while (promptsSeen < count) {
              promptsSeen++;
              events.add(Event.PROMPT);
            }
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    /** The marker line {@code jprov-started-TOKEN PGID} may come after the script's own stderr. */
    private void findStarted() {
      byte[] all;
      synchronized (this) {
        all = buf.toByteArray();
      }
      for (int i = Math.max(0, scanned - started.length); i + started.length <= all.length; i++) {
        if (java.util.Arrays.equals(all, i, i + started.length, started, 0, started.length)) {
          int end = i + started.length;
          while (end < all.length && all[end] != '\n') {
            end++;
          }
          if (end == all.length) {
            return; // the line is not complete yet
          }
          String id = new String(all, i + started.length, end - i - started.length, StandardCharsets.US_ASCII);
          long g = id.matches("\\d+") ? Long.parseLong(id) : -1;
          java.util.function.LongConsumer callback;
          synchronized (this) {
            pgid = g;
            callback = onStarted;
          }
          if (callback != null) {
            callback.accept(g);
          }
          events.add(Event.STARTED);
          return;
        }
      }
      scanned = all.length;
    }

    /** Calls {@code c} with the process group id now if known, else when the marker arrives. */
    void onStarted(java.util.function.LongConsumer c) {
      long g;
      synchronized (this) {
        g = pgid;
        if (g == Long.MIN_VALUE) {
          onStarted = c;
          return;
        }
      }
      c.accept(g);
    }

    boolean wrongPassword() {
      return wrong || promptsSeen > 1;
    }

    synchronized String text() {
      return buf.toString(StandardCharsets.UTF_8);
    }

    private static int count(String s, String needle) {
      int c = 0;
      for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
        c++;
      }
      return c;
    }
  }

  // ---- upload

  private synchronized SFTPClient sftp() throws IOException {
    if (sftp == null) {
      sftp = client.newSFTPClient();
    }
    return sftp;
  }

  private void uploadWithSftp(FileUpload u) {
    String dest = u.path();
    String tmp = tempName(dest);
    SFTPClient s;
    try {
      s = sftp();
    } catch (IOException e) {
      throw uploadFailed(u, "cannot start SFTP", e);
    }
    boolean written = false;
    try {
      int mode;
      if (u.mode() != null) {
        mode = parseMode(u);
      } else {
        FileAttributes existing = s.statExistence(dest);
        mode = existing != null ? existing.getMode().getPermissionsMask() : 0644;
      }
      FileAttributes attrs = new FileAttributes.Builder().withPermissions(mode).build();
      try (RemoteFile f = s.open(tmp, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL), attrs)) {
        written = true;
        byte[] data = u.content();
        try (OutputStream os = f.new RemoteFileOutputStream(0, 16)) {
          os.write(data);
        }
      }
      // the open mode was filtered by the server's umask
      s.chmod(tmp, mode);
      String owner = UploadScript.ownerSpec(u);
      if (owner != null) {
        String chown = "chown -h " + Sh.quote(owner) + " " + Sh.quote(tmp);
        CommandResult r = run(chown, null, false, spec.commandTimeout());
        if (!r.ok()) {
          throw new IOException(chown + ": " + r.stderr().strip());
        }
      }
      try {
        s.rename(tmp, dest, EnumSet.of(RenameFlags.OVERWRITE));
      } catch (IOException e) {
        if (!client.isConnected()) {
          throw e;
        }
        // no posix-rename@openssh.com: fall back to mv, atomic on one filesystem
        CommandResult r = run("mv -f " + Sh.quote(tmp) + " " + Sh.quote(dest), null, false,
            spec.commandTimeout());
        if (!r.ok()) {
          throw new IOException("mv: " + r.stderr().strip());
        }
      }
    } catch (IOException | TransportException e) {
      if (written && client.isConnected()) {
        try {
          s.rm(tmp);
        } catch (IOException | RuntimeException ignored) {
          // best effort; the temp name is hidden and marked .jprov-
        }
      }
      if (e instanceof TransportException te) {
        throw te;
      }
      throw uploadFailed(u, SshConnectionFactory.oneLine(e), e);
    }
  }

  private void uploadWithSudo(FileUpload u) {
    if (u.mode() != null) {
      parseMode(u);
    }
    CommandResult r = run(UploadScript.of(u), new ByteArrayInputStream(u.content()), true, spec.commandTimeout());
    if (!r.ok()) {
      throw uploadFailed(u, "exit " + r.exitCode() + ": " + r.stderr().strip(), null);
    }
  }

  private int parseMode(FileUpload u) {
    try {
      int m = Integer.parseInt(u.mode(), 8);
      if (m < 0 || m > 07777) {
        throw new NumberFormatException();
      }
      return m;
    } catch (NumberFormatException e) {
      throw new TransportException("cannot upload " + u.path() + " to " + hostName
          + ": bad mode " + u.mode() + " (expected octal such as 0644)", false, e);
    }
  }

  private static String tempName(String dest) {
    int slash = dest.lastIndexOf('/');
    return dest.substring(0, slash + 1) + "." + dest.substring(slash + 1) + ".jprov-"
        + HexFormat.of().formatHex(randomBytes(6));
  }

  private TransportException uploadFailed(FileUpload u, String why, Throwable cause) {
    boolean unreachable = !client.isConnected();
    return new TransportException("cannot upload " + u.path() + " to " + (unreachable ? label : hostName)
        + ": " + why, unreachable, cause);
  }
}
