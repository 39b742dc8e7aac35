package io.jprov.transport.ssh;

import io.jprov.transport.ConnectionSpec;
import io.jprov.transport.HostKeyChecking;
import io.jprov.transport.Target;
import io.jprov.transport.Connection;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.TransportException;
import io.jprov.util.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Opens sshj connections (docs/inventory.md, docs/architecture.md): settings from the inventory, else from {@code
 * ~/.ssh/config}, else OpenSSH's defaults; keys, ssh-agent and password authentication; host keys
 * checked against {@code known_hosts}; an optional jump host; connect timeout with retries and
 * backoff for refused or timed-out connects only ({@link ConnectFailure} says why).
 *
 * <p>Thread-safe: {@link #open} is called from many host workers at once. Key files are read once
 * per run and shared; each {@code known_hosts} file is one shared, lock-protected object.
 */
public final class SshConnectionFactory implements ConnectionFactory {
  private static final List<String> DEFAULT_IDENTITIES = List.of("id_ed25519", "id_ecdsa", "id_rsa");
  /**
   * Keepalive like OpenSSH's {@code ServerAliveInterval 5} / {@code ServerAliveCountMax 3}: a host
   * that stops answering is reported unreachable after about 20 s instead of after the command
   * timeout (30 min by default), even while a command runs silently.
   */
  static final int KEEPALIVE_SECONDS = 5;
  static final int KEEPALIVE_COUNT_MAX = 3;

  private final Path home;
  private final Path sshDir;
  private final Function<String, String> env;
  /** {@link #env} for secrets: every value read is registered for masking first. */
  private final Function<String, String> secretEnv;
  private final int connectAttempts;
  private final Duration retryBackoff;
  private final Config sshjConfig = new DefaultConfig();
  private final Map<Path, KnownHostsFile> knownHosts = new ConcurrentHashMap<>();
  private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jprov-ssh-connect-watchdog");
        t.setDaemon(true);
        return t;
      });
  private volatile SshConfig sshConfig;
  /** Where sockets come from; null: sshj's default (tests count or fake connects with their own). */
  private volatile javax.net.SocketFactory socketFactory;
  private volatile int keepAliveSeconds = KEEPALIVE_SECONDS;
  private volatile int keepAliveCountMax = KEEPALIVE_COUNT_MAX;

  /** Uses the real home directory, {@code ~/.ssh} and process environment. */
  public SshConnectionFactory() {
    this(Path.of(System.getProperty("user.home")), System::getenv);
  }

  /** Uses {@code home/.ssh} for config, keys and known_hosts, and {@code env} for secrets. */
  public SshConnectionFactory(Path home, Function<String, String> env) {
    this(home, home.resolve(".ssh"), env, 3, Duration.ofMillis(500));
  }

  /**
   * @param home the user's home, for {@code ~} in paths
   * @param sshDir where {@code config}, default keys and {@code known_hosts} live
   * @param env environment lookup for secrets, {@code SSH_AUTH_SOCK} and {@code USER}
   * @param connectAttempts attempts for refused or timed-out connects (at least 1)
   * @param retryBackoff wait before the second attempt; doubled for each further one
   */
  public SshConnectionFactory(
      Path home, Path sshDir, Function<String, String> env, int connectAttempts, Duration retryBackoff) {
    this.home = home;
    this.sshDir = sshDir;
    this.env = env;
    this.secretEnv = name -> Secrets.register(env.apply(name));
    this.connectAttempts = Math.max(1, connectAttempts);
    this.retryBackoff = retryBackoff;
    // keepalive@openssh.com global requests with want-reply; unanswered ones end the connection
    sshjConfig.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
  }

  /**
   * Changes the keepalive (tests use one second): a request every {@code seconds}, the connection
   * is dropped when {@code countMax} requests in a row are unanswered. 0 seconds disables it.
   */
  SshConnectionFactory keepAlive(int seconds, int countMax) {
    this.keepAliveSeconds = seconds;
    this.keepAliveCountMax = countMax;
    return this;
  }

  /** Makes the direct (not jump-host) connects' sockets with {@code factory}: tests count attempts with it. */
  SshConnectionFactory socketFactory(javax.net.SocketFactory factory) {
    this.socketFactory = factory;
    return this;
  }

  /**
   * Where to connect and how: one host, after inventory and ssh config were merged.
   *
   * @param keyFiles keys named by the inventory or the ssh config, tried first (a missing one is
   *     reported)
   * @param defaultKeys whether {@code ~/.ssh/id_*} are tried too, after the agent
   * @param passwordEnv the environment variable with this endpoint's own password, or null
   */
  record Endpoint(String label, String address, int port, String user, List<String> keyFiles,
      boolean defaultKeys, String passwordEnv) {}

  /**
   * Connects to the host, through every jump host of {@code jump} (or the ssh config's {@code
   * ProxyJump}) in order: each hop is reached through the previous one, the target through the
   * last. Each jump host authenticates with its own credentials ({@code jump_key}, the inventory
   * {@code ssh_key}, the ssh config's IdentityFile for it, ssh-agent, default keys, {@code
   * jump_password_env}); the target's password is never offered to it.
   */
  @Override
  public Connection open(Target host) {
    ConnectionSpec spec = host.spec();
    Endpoint target = endpoint(host.name(), spec.address(), spec.port(), spec.user(), spec.key(), spec.passwordEnv());
    String jumpSpec = spec.jump() != null ? spec.jump() : config().resolve(alias(host.name(), spec.address())).proxyJump();
    SSHClient jumpClient = null;
    try {
      if (jumpSpec != null && !jumpSpec.isBlank() && !jumpSpec.equalsIgnoreCase("none")) {
        for (String hop : jumpSpec.split(",")) {
          Endpoint jump = jumpEndpoint(hop.strip(), target, spec);
          // Closing a hop closes the hops before it (see ChainedClient).
          jumpClient = connect(jump, jumpClient, spec, host.name() + " via jump host ");
        }
      }
      SSHClient client = connect(target, jumpClient, spec, "");
      return new SshConnection(host.name(), target.label(), target.user(), client, jumpClient, spec, secretEnv);
    } catch (RuntimeException e) {
      closeQuietly(jumpClient);
      throw e;
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }

  private static String alias(String name, String address) {
    return address != null ? address : name;
  }

  private Endpoint endpoint(String name, String address, Integer port, String user, String key,
      String passwordEnv) {
    SshConfig.Entry cfg = config().resolve(alias(name, address));
    String addr = address != null ? address : (cfg.hostName() != null ? cfg.hostName() : name);
    int p = port != null ? port : (cfg.port() != null ? cfg.port() : 22);
    String u = user != null ? user : (cfg.user() != null ? cfg.user() : localUser());
    List<String> keyFiles;
    boolean defaults = false;
    if (key != null) {
      keyFiles = List.of(expandHome(key));
    } else if (!cfg.identityFiles().isEmpty()) {
      keyFiles = cfg.identityFiles();
    } else {
      defaults = true;
      keyFiles = List.of();
    }
    return new Endpoint(name + " (" + addr + ":" + p + ")", addr, p, u, keyFiles, defaults, passwordEnv);
  }

  /**
   * One hop, {@code [user@]host[:port]}; the host may be an ssh-config alias; user defaults to the
   * target's. Keys: {@code jump_key} (else the config's IdentityFile for the hop, else the default
   * keys), then the inventory {@code ssh_key}; password: {@code jump_password_env} only.
   */
  private Endpoint jumpEndpoint(String spec, Endpoint target, ConnectionSpec conn) {
    String user = null;
    String hostPort = spec;
    int at = spec.lastIndexOf('@');
    if (at >= 0) {
      user = spec.substring(0, at);
      hostPort = spec.substring(at + 1);
    }
    Integer port = null;
    String host = hostPort;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      host = hostPort.substring(1, close);
      if (hostPort.length() > close + 2 && hostPort.charAt(close + 1) == ':') {
        port = Integer.parseInt(hostPort.substring(close + 2));
      }
    } else if (hostPort.indexOf(':') >= 0 && hostPort.indexOf(':') == hostPort.lastIndexOf(':')) {
      int colon = hostPort.indexOf(':');
      host = hostPort.substring(0, colon);
      port = Integer.parseInt(hostPort.substring(colon + 1));
    }
    SshConfig.Entry cfg = config().resolve(host);
    if (user == null && cfg.user() == null) {
      user = target.user();
    }
    Endpoint ep = endpoint(host, null, port, user, conn.jumpKey(), conn.jumpPasswordEnv());
    if (conn.key() == null) {
      return ep;
    }
    List<String> keyFiles = new ArrayList<>(ep.keyFiles());
    String targetKey = expandHome(conn.key());
    if (!keyFiles.contains(targetKey)) {
      keyFiles.add(targetKey);
    }
    return new Endpoint(ep.label(), ep.address(), ep.port(), ep.user(), List.copyOf(keyFiles), ep.defaultKeys(),
        ep.passwordEnv());
  }

  private SSHClient connect(Endpoint ep, SSHClient via, ConnectionSpec spec, String prefix) {
    String label = prefix + ep.label();
    KnownHostsFile kh = spec.hostKeyChecking() == HostKeyChecking.OFF ? revocations(spec) : knownHosts(spec);
    Auth auth = authMethods(ep, spec);
    long timeoutMs = spec.connectTimeout().toMillis();
    IOException last = null;
    ConnectFailure failure = null;
    for (int attempt = 1; attempt <= connectAttempts; attempt++) {
      if (attempt > 1) {
        sleep(retryBackoff.toMillis() << (attempt - 2));
      }
      ChainedClient client = new ChainedClient(sshjConfig);
      client.setConnectTimeout((int) timeoutMs);
      if (socketFactory != null) {
        client.setSocketFactory(socketFactory);
      }
      // must be set before connect: sshj starts the keepalive thread only when enabled then
      KeepAlive keepAlive = client.getConnection().getKeepAlive();
      keepAlive.setKeepAliveInterval(keepAliveSeconds);
      if (keepAlive instanceof KeepAliveRunner runner) {
        runner.setMaxAliveCount(keepAliveCountMax);
      }
      HostKeyCheck check = new HostKeyCheck(spec.hostKeyChecking(), kh, ep.address(), ep.port());
      client.addHostKeyVerifier(check);
      AtomicBoolean fired = new AtomicBoolean();
      // sshj reads the server's banner without a timeout: a server that accepts TCP and never
      // speaks would hang us, so a watchdog closes the socket.
      ScheduledFuture<?> dog = watchdog.schedule(() -> {
        fired.set(true);
        closeQuietly(client);
      }, timeoutMs, TimeUnit.MILLISECONDS);
      try {
        if (via != null) {
          DirectConnection tunnel = via.newDirectConnection(ep.address(), ep.port());
          client.connectVia(tunnel);
        } else {
          client.connect(ep.address(), ep.port());
        }
      } catch (IOException e) {
        dog.cancel(false);
        closeQuietly(client);
        if (check.refusal() != null) {
          throw unreachable(label + ": " + check.refusal(), e);
        }
        last = e;
        failure = ConnectFailure.of(e, fired.get(), ep.address(), spec.connectTimeout());
        if (failure.retried()) {
          continue;
        }
        throw unreachable(label + ": " + failure.text(attempt), e);
      } finally {
        dog.cancel(false);
      }
      try {
        if (auth.methods().isEmpty()) {
          throw new UserAuthException("no authentication method available");
        }
        client.auth(ep.user(), auth.methods());
        client.closesWithIt(via);
        return client;
      } catch (IOException e) {
        closeQuietly(client);
        if (e instanceof UserAuthException) {
          throw unreachable(label + ": authentication failed for user " + ep.user()
              + " (tried: " + (auth.tried().isEmpty() ? "nothing" : String.join(", ", auth.tried()))
              + ")" + (auth.notes().isEmpty() ? "" : "; " + String.join("; ", auth.notes())), e);
        }
        throw unreachable(label + ": connection lost during authentication: " + oneLine(e), e);
      }
    }
    throw unreachable(label + ": " + failure.text(connectAttempts), last);
  }

  /**
   * Why one connect attempt failed, from the exception the socket (or sshj) threw, and whether
   * another attempt can help. Retried: {@code connection refused} (a host that is booting, an sshd
   * that is restarting) and {@code connect timed out} (a lost packet, an sshd too busy to send its
   * banner). Not retried, because a second later the answer is the same: {@code unknown host} (the
   * name does not resolve), {@code no route to host} (nothing answers on that network: a wrong
   * address or a host that is off), {@code network unreachable} (this machine has no route to that
   * network), anything else the connect throws; host key and authentication failures are reported
   * apart and never retried either.
   *
   * @param cause the words for the operator, e.g. {@code no route to host}
   * @param retried whether a further attempt is made
   */
  record ConnectFailure(String cause, boolean retried) {
    static ConnectFailure of(IOException e, boolean watchdogFired, String address, Duration timeout) {
      if (watchdogFired || e instanceof SocketTimeoutException) {
        return new ConnectFailure("connect timed out after " + seconds(timeout), true);
      }
      if (e instanceof UnknownHostException) {
        return new ConnectFailure("unknown host " + address + " (the name does not resolve)", false);
      }
      if (e instanceof NoRouteToHostException) {
        return new ConnectFailure("no route to host", false);
      }
      // the JDK says which errno a ConnectException (or plain SocketException) stands for only in
      // its message: "Connection refused", "Network is unreachable", "Connection timed out", ...
      String m = Objects.toString(e.getMessage(), "").toLowerCase(java.util.Locale.ROOT);
      if (e instanceof java.net.SocketException) {
        if (m.contains("no route to host") || m.contains("host is unreachable")) {
          return new ConnectFailure("no route to host", false);
        }
        if (m.contains("network is unreachable")) {
          return new ConnectFailure("network unreachable", false);
        }
        if (m.contains("timed out")) {
          return new ConnectFailure("connect timed out after " + seconds(timeout), true);
        }
        if (e instanceof ConnectException && (m.isEmpty() || m.contains("refused"))) {
          return new ConnectFailure("connection refused", true);
        }
      }
      return new ConnectFailure("cannot connect: " + oneLine(e), false);
    }

    /** The cause, with the number of attempts when it was retried or when earlier attempts failed. */
    String text(int attempts) {
      return retried || attempts > 1
          ? cause + " (" + attempts + " attempt" + (attempts == 1 ? "" : "s") + ")"
          : cause;
    }
  }

  private record Auth(List<AuthMethod> methods, List<String> tried, List<String> notes) {}

  private Auth authMethods(Endpoint ep, ConnectionSpec spec) {
    List<AuthMethod> methods = new ArrayList<>();
    List<String> tried = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    // Explicitly named keys go first; the agent's keys before default identity files, like ssh.
    addKeys(ep.keyFiles(), true, spec, methods, tried, notes);
    String sock = env.apply("SSH_AUTH_SOCK");
    if (sock != null && !sock.isBlank()) {
      try {
        AgentClient agent = new AgentClient(Path.of(sock));
        List<AgentClient.Identity> ids = agent.identities();
        for (AgentClient.Identity id : ids) {
          methods.add(new AgentAuthMethod(agent, id));
        }
        tried.add(ids.isEmpty() ? "agent (no keys)" : "agent");
      } catch (IOException | RuntimeException e) {
        notes.add("ssh-agent at " + sock + " unusable: " + oneLine(e));
      }
    }
    if (ep.defaultKeys()) {
      addKeys(DEFAULT_IDENTITIES.stream().map(f -> sshDir.resolve(f).toString()).toList(), false, spec,
          methods, tried, notes);
    }
    if (ep.passwordEnv() != null) {
      String pw = secretEnv.apply(ep.passwordEnv());
      if (pw == null) {
        notes.add((ep.passwordEnv().equals(spec.passwordEnv()) ? "ssh_password_env " : "jump_password_env ")
            + ep.passwordEnv() + " is not set");
      } else {
        methods.add(new AuthPassword(fixed(pw)));
        methods.add(new AuthKeyboardInteractive(new PasswordResponseProvider(fixed(pw))));
        tried.add("password");
      }
    }
    return new Auth(methods, tried, notes);
  }

  private void addKeys(List<String> files, boolean named, ConnectionSpec spec, List<AuthMethod> methods,
      List<String> tried, List<String> notes) {
    for (String file : files) {
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        if (named) {
          notes.add("key " + file + " not found");
        }
        continue;
      }
      try {
        KeyPair kp = loadKey(path, spec.keyPassphraseEnv());
        methods.add(new AuthPublickey(new KeyPairProvider(kp)));
        tried.add("publickey " + file);
      } catch (IOException | RuntimeException e) {
        notes.add("key " + file + " unusable: " + keyProblem(e, spec.keyPassphraseEnv()));
      }
    }
  }

  private KeyPair loadKey(Path path, String passphraseEnv) throws IOException {
    String cacheKey = path.toAbsolutePath() + "\0" + passphraseEnv;
    KeyPair cached = keys.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    String passphrase = passphraseEnv == null ? null : secretEnv.apply(passphraseEnv);
    PasswordFinder finder = passphrase == null ? null : fixed(passphrase);
    KeyProvider provider;
    try (SSHClient loader = new SSHClient(sshjConfig)) {
      provider = finder == null
          ? loader.loadKeys(path.toString())
          : loader.loadKeys(path.toString(), finder);
    }
    KeyPair kp = new KeyPair(provider.getPublic(), provider.getPrivate());
    keys.put(cacheKey, kp);
    return kp;
  }

  private static String keyProblem(Exception e, String passphraseEnv) {
    String msg = oneLine(e);
    String lower = msg.toLowerCase();
    if (lower.contains("passphrase") || lower.contains("password") || lower.contains("encrypted")
        || lower.contains("decrypt") || lower.contains("padding") || lower.contains("checkint")) {
      return passphraseEnv == null
          ? "encrypted, set ssh_key_passphrase_env"
          : "cannot decrypt with the passphrase from " + passphraseEnv + " (" + msg + ")";
    }
    return msg;
  }

  private static PasswordFinder fixed(String secret) {
    return new PasswordFinder() {
      @Override
      public char[] reqPassword(Resource<?> resource) {
        return secret.toCharArray();
      }

      @Override
      public boolean shouldRetry(Resource<?> resource) {
        return false;
      }
    };
  }

  private KnownHostsFile knownHosts(ConnectionSpec spec) {
    Path file = spec.knownHosts() != null
        ? Path.of(expandHome(spec.knownHosts()))
        : sshDir.resolve("known_hosts");
    try {
      return knownHosts.computeIfAbsent(file.toAbsolutePath().normalize(), KnownHostsFile::new);
    } catch (UncheckedIOException e) {
      throw unreachable("cannot read known_hosts " + file + ": " + oneLine(e.getCause()), e);
    }
  }

  /**
   * With host_key_checking off the file is read only for its {@code @revoked} lines; a missing or
   * unreadable file then revokes nothing.
   */
  private KnownHostsFile revocations(ConnectionSpec spec) {
    try {
      return knownHosts(spec);
    } catch (TransportException e) {
      return null;
    }
  }

  private SshConfig config() {
    SshConfig c = sshConfig;
    if (c == null) {
      synchronized (this) {
        if (sshConfig == null) {
          try {
            sshConfig = SshConfig.load(sshDir.resolve("config"), home);
          } catch (IOException e) {
            throw unreachable("cannot read " + sshDir.resolve("config") + ": " + oneLine(e), e);
          }
        }
        c = sshConfig;
      }
    }
    return c;
  }

  private String localUser() {
    String u = env.apply("USER");
    return u != null ? u : System.getProperty("user.name");
  }

  private String expandHome(String path) {
    if (path.equals("~")) {
      return home.toString();
    }
    return path.startsWith("~/") ? home.resolve(path.substring(2)).toString() : path;
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : String.format("%.1fs", ms / 1000.0);
  }

  static String oneLine(Throwable e) {
    // sshj and the JDK put a cause's toString() in their messages ("net.schmizz.sshj.transport.
    // TransportException: Broken transport; encountered EOF"): people get the words, not the class
    String m = QUALIFIED_EXCEPTION.matcher(Objects.toString(e.getMessage(), "")).replaceAll("");
    m = m.strip().replaceAll("\\s*\\R\\s*", " ");
    return m.isEmpty() ? e.getClass().getSimpleName() : m;
  }

  private static final java.util.regex.Pattern QUALIFIED_EXCEPTION =
      java.util.regex.Pattern.compile("(?:[a-z][A-Za-z0-9_$]*\\.){1,8}[A-Z][A-Za-z0-9_$]*(?:Exception|Error):?\\s*");

  private static TransportException unreachable(String msg, Throwable cause) {
    return new TransportException(msg, true, cause);
  }

  static void closeQuietly(SSHClient c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      // closing is best effort
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while connecting", true, e);
    }
  }

  /**
   * A client that, once connected through a jump host, closes that jump host's client with it,
   * so closing the last hop (or the target) closes the whole chain. Connect attempts that fail do
   * not close the hop they went through: the next attempt uses it again.
   */
  private static final class ChainedClient extends SSHClient {
    private volatile SSHClient via;
    private final AtomicBoolean closed = new AtomicBoolean();

    ChainedClient(Config config) {
      super(config);
    }

    void closesWithIt(SSHClient through) {
      this.via = through;
    }

    @Override
    public void close() throws IOException {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        super.close();
      } finally {
        closeQuietly(via);
      }
    }
  }

  /** A key already read from disk. */
  private record KeyPairProvider(KeyPair kp) implements KeyProvider {
    @Override
    public java.security.PrivateKey getPrivate() {
      return kp.getPrivate();
    }

    @Override
    public java.security.PublicKey getPublic() {
      return kp.getPublic();
    }

    @Override
    public net.schmizz.sshj.common.KeyType getType() {
      return net.schmizz.sshj.common.KeyType.fromKey(kp.getPublic());
    }
  }
}
