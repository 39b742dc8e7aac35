package io.jprov.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.schmizz.sshj.common.KeyType;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An in-process Apache MINA SSH server on 127.0.0.1 and a random port, for transport tests
 * (modelled on sshj's own {@code SshServerExtension}). Commands really run with the local {@code
 * /bin/sh -c} as the current user; SFTP works on the local file system; direct-tcpip forwarding is
 * allowed and recorded (for jump hosts). Faults: drop the connection when a command contains a
 * marker; an optional fake {@code sudo} on PATH that checks a password read from stdin.
 *
 * <p>Configure before {@link #start()}; close after the test.
 */
public final class SshTestServer implements AutoCloseable {
  public static final String DROP_MARKER = "JPROV_TEST_DROP_CONNECTION";

  private final KeyPair hostKey;
  private final Set<String> authorizedKeys = new CopyOnWriteArraySet<>();
  private volatile String password;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<String> forwards = new CopyOnWriteArrayList<>();
  private final List<String> users = new CopyOnWriteArrayList<>();
  private final List<String> passwordsOffered = new CopyOnWriteArrayList<>();
  private Path fakeSudoDir;
  private Path pathPrefix;
  private boolean orphans;
  private Path runDir;
  private Path sessionDir;
  private SshServer sshd;

  public SshTestServer() {
    this.hostKey = newHostKey();
  }

  static KeyPair newHostKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Accepts the public key in an OpenSSH {@code .pub} file (or a {@code type base64} line). */
  public SshTestServer authorize(Path pubFile) throws IOException {
    authorizedKeys.add(Files.readString(pubFile).trim().split("\\s+")[1]);
    return this;
  }

  public SshTestServer authorizeBlob(byte[] blob) {
    authorizedKeys.add(Base64.getEncoder().encodeToString(blob));
    return this;
  }

  public SshTestServer password(String pw) {
    this.password = pw;
    return this;
  }

  /**
   * Puts a fake {@code sudo} first on PATH: it prints the {@code -p} prompt to stderr, reads one
   * line and compares it with {@code expected} (null: never asks, like NOPASSWD); on a mismatch it
   * prints "Sorry, try again.", the prompt again, and waits for input like the real one.
   */
  public SshTestServer fakeSudo(Path dir, String expected) throws IOException {
    Files.createDirectories(dir);
    String script = "#!/bin/sh\n"
        + "prompt='[sudo] password: '\n"
        + "while [ $# -gt 0 ]; do case \"$1\" in -S) shift;; -p) prompt=$2; shift 2;; *) break;; esac; done\n"
        + "here=$(dirname \"$0\")\n"
        + "if [ -f \"$here/expected\" ]; then\n"
        + "  printf '%s' \"$prompt\" >&2\n"
        + "  IFS= read -r pw || { echo 'sudo: no password was provided' >&2; exit 1; }\n"
        + "  if [ \"$pw\" != \"$(cat \"$here/expected\")\" ]; then\n"
        + "    echo 'Sorry, try again.' >&2; printf '%s' \"$prompt\" >&2; IFS= read -r pw; exit 1\n"
        + "  fi\n"
        + "fi\n"
        + "exec \"$@\"\n";
    Path sudo = dir.resolve("sudo");
    Files.writeString(sudo, script);
    Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (expected != null) {
      Files.writeString(dir.resolve("expected"), expected);
    }
    this.fakeSudoDir = dir;
    return this;
  }

  /**
   * Behaves like EL7's OpenSSH 7.4 with a command that is not writing: a closed channel (timeout)
   * leaves the command running, signals are ignored, and a dropped connection only ends the
   * session process (the command's parent), leaving its children to run on. Each command runs as
   * {@code sh -c 'sh -c "$1"' session COMMAND}: the outer shell stands for sshd's session process.
   */
  public SshTestServer leaveOrphans() {
    this.orphans = true;
    return this;
  }

  /** A copy of /bin/sh named {@code sshd-session}: the session process looks like sshd's in /proc. */
  private synchronized Path sessionShell() throws IOException {
    if (sessionDir == null) {
      sessionDir = Files.createTempDirectory("jprov-sshd-");
    }
    Path exe = sessionDir.resolve("sshd-session");
    if (!Files.exists(exe)) {
      Files.copy(Path.of("/bin/sh").toRealPath(), exe);
      Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return exe;
  }

  /** Puts {@code dir} first on every command's PATH (fake tools that fail like real ones). */
  public SshTestServer pathPrefix(Path dir) {
    this.pathPrefix = dir;
    return this;
  }

  public SshTestServer start() throws IOException {
    runDir = Files.createTempDirectory("jprov-run-");
    Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwx------"));
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPublickeyAuthenticator((user, key, session) -> {
      users.add(user);
      return authorizedKeys.contains(blob64(key));
    });
    sshd.setPasswordAuthenticator((user, pw, session) -> {
      passwordsOffered.add(pw);
      return password != null && password.equals(pw);
    });
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setCommandFactory((channel, command) -> new ShellCommand(command));
    sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    sshd.setFileSystemFactory(NativeFileSystemFactory.INSTANCE);
    TcpForwardingFilter tcp = new TcpForwardingFilter() {
      @Override
      public boolean canListen(SshdSocketAddress address, org.apache.sshd.common.session.Session s) {
        return false;
      }

      @Override
      public boolean canConnect(Type type, SshdSocketAddress address, org.apache.sshd.common.session.Session s) {
        forwards.add(address.getHostName() + ":" + address.getPort());
        return true;
      }
    };
    sshd.setForwardingFilter(ForwardingFilter.asForwardingFilter(null, null, tcp));
    sshd.start();
    return this;
  }

  public int port() {
    return sshd.getPort();
  }

  public PublicKey hostPublicKey() {
    return hostKey.getPublic();
  }

  /** The directory this "host" registers running jprov commands in ({@code JPROV_RUN_DIR}). */
  public Path runDir() {
    return runDir;
  }

  /** Command lines as the server received them. */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  /** Every password a client offered (password authentication), right or wrong, in order. */
  public List<String> passwordsOffered() {
    return List.copyOf(passwordsOffered);
  }

  /** direct-tcpip destinations ({@code host:port}) this server was asked to open. */
  List<String> forwards() {
    return List.copyOf(forwards);
  }

  /** A plain known_hosts line for this server. */
  public String knownHostsLine() {
    return KnownHostsFile.hostKeyName("127.0.0.1", port()) + " " + keyLine(hostKey.getPublic());
  }

  /** A hashed ({@code |1|salt|hmac}) known_hosts line for this server. */
  String hashedKnownHostsLine() throws Exception {
    byte[] salt = new byte[20];
    new java.security.SecureRandom().nextBytes(salt);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    byte[] hash = mac.doFinal(KnownHostsFile.hostKeyName("127.0.0.1", port()).getBytes(StandardCharsets.UTF_8));
    Base64.Encoder b64 = Base64.getEncoder();
    return "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hash) + " " + keyLine(hostKey.getPublic());
  }

  static String keyLine(PublicKey key) {
    return KeyType.fromKey(key) + " " + Base64.getEncoder().encodeToString(KnownHostsFile.blob(key));
  }

  private static String blob64(PublicKey key) {
    String entry = PublicKeyEntry.toString(key);
    return entry.split("\\s+")[1];
  }

  @Override
  public void close() throws IOException {
    if (sshd != null) {
      sshd.stop(true);
    }
    if (runDir != null) {
      try (var files = Files.list(runDir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(runDir);
    }
    if (sessionDir != null) {
      Files.deleteIfExists(sessionDir.resolve("sshd-session"));
      Files.deleteIfExists(sessionDir);
    }
  }

  /** A TCP server that accepts connections and never says anything. */
  public static final class Silent implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    public Silent() throws IOException {
      socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread t = new Thread(() -> {
        try {
          while (true) {
            accepted.add(socket.accept());
          }
        } catch (IOException e) {
          // closed
        }
      }, "silent-server");
      t.setDaemon(true);
      t.start();
    }

    public int port() {
      return socket.getLocalPort();
    }

    /** TCP connections accepted so far. */
    public int accepts() {
      return accepted.size();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  /** Runs the command line with {@code /bin/sh -c}, pumping the channel's streams. */
  private final class ShellCommand implements Command {
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Process process;

    ShellCommand(String command) {
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
      commands.add(command);
      ProcessBuilder pb = orphans
          ? new ProcessBuilder(sessionShell().toString(), "-c", "/bin/sh -c \"$1\"; rc=$?; exit $rc", "sshd-session",
              command)
          : new ProcessBuilder("/bin/sh", "-c", command);
      Map<String, String> penv = pb.environment();
      if (fakeSudoDir != null) {
        penv.put("PATH", fakeSudoDir + ":" + penv.getOrDefault("PATH", "/usr/bin:/bin"));
      }
      // every in-process server is a host of its own: its own registry of running jprov commands
      penv.put("JPROV_RUN_DIR", runDir.toString());
      if (pathPrefix != null) {
        penv.put("PATH", pathPrefix + ":" + penv.getOrDefault("PATH", "/usr/bin:/bin"));
      }
      process = pb.start();
      if (command.contains(DROP_MARKER)) {
        Thread dropper = new Thread(() -> {
          try {
            Thread.sleep(300);
            channel.getSession().close(true);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "drop-connection");
        dropper.setDaemon(true);
        dropper.start();
      }
      Thread o = pump(process.getInputStream(), out, "out");
      Thread e = pump(process.getErrorStream(), err, "err");
      Thread i = new Thread(() -> {
        try (OutputStream pin = process.getOutputStream()) {
          byte[] buf = new byte[16 * 1024];
          int n;
          while ((n = in.read(buf)) >= 0) {
            pin.write(buf, 0, n);
            pin.flush();
          }
        } catch (IOException ignored) {
          // process gone or channel closed
        }
      }, "test-sshd-in");
      i.setDaemon(true);
      i.start();
      Thread waiter = new Thread(() -> {
        try {
          int code = process.waitFor();
          o.join(TimeUnit.SECONDS.toMillis(30));
          e.join(TimeUnit.SECONDS.toMillis(30));
          exit.onExit(code);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
      }, "test-sshd-wait");
      waiter.setDaemon(true);
      waiter.start();
    }

    private Thread pump(InputStream from, OutputStream to, String name) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[16 * 1024];
        try {
          int n;
          while ((n = from.read(buf)) >= 0) {
            to.write(buf, 0, n);
            to.flush();
          }
        } catch (IOException ignored) {
          // channel closed
        }
      }, "test-sshd-" + name);
      t.setDaemon(true);
      t.start();
      return t;
    }

    @Override
    public void destroy(ChannelSession channel) {
      Process p = process;
      if (orphans) {
        org.apache.sshd.common.session.Session session = channel.getSession();
        if (p != null && (!session.isOpen() || session.isClosing())) {
          p.destroy(); // the session process goes; what it started does not
        }
        return;
      }
      if (p != null) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }

  static List<String> lines(String... s) {
    return new ArrayList<>(List.of(s));
  }
}
