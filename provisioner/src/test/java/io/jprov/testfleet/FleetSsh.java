package io.jprov.testfleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;

/**
 * A plain SSH login to a test host with sshj (key authentication, any host key accepted). Each instance is a
 * new login, so group changes made since the last login apply. Not part of jprov: tests use it to check the
 * fleet and the state jprov leaves behind.
 */
public final class FleetSsh implements AutoCloseable {
  private final SSHClient client;

  private FleetSsh(SSHClient client) {
    this.client = client;
  }

  /** Logs in as {@code user} with the fleet's key. */
  public static FleetSsh connect(String host, int port, String user, Path privateKey) throws IOException {
    SSHClient c = new SSHClient();
    c.addHostKeyVerifier(new PromiscuousVerifier());
    c.setConnectTimeout(10_000);
    c.setTimeout(120_000);
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        c.connect(host, port);
        c.authPublickey(user, c.loadKeys(privateKey.toString()));
        return new FleetSsh(c);
      } catch (IOException e) {
        last = e;
        try {
          c.close();
        } catch (IOException ignored) {
          // next attempt uses a new client
        }
        c = new SSHClient();
        c.addHostKeyVerifier(new PromiscuousVerifier());
        c.setConnectTimeout(10_000);
        c.setTimeout(120_000);
        sleep(250);
      }
    }
    throw new IOException("cannot log in as " + user + " to " + host + ":" + port, last);
  }

  /** Logs in as {@code user} with a password. */
  public static FleetSsh connectWithPassword(String host, int port, String user, String password)
      throws IOException {
    SSHClient c = new SSHClient();
    c.addHostKeyVerifier(new PromiscuousVerifier());
    c.setConnectTimeout(10_000);
    c.connect(host, port);
    c.authPassword(user, password);
    return new FleetSsh(c);
  }

  /** Runs {@code command} through the login shell's exec channel (like {@code ssh host command}). */
  public ExecResult run(String command) throws IOException {
    return run(command, null);
  }

  /** Runs {@code command}, feeding {@code stdin} (may be null) to it. */
  public ExecResult run(String command, String stdin) throws IOException {
    try (Session s = client.startSession()) {
      Session.Command cmd = s.exec(command);
      if (stdin != null) {
        OutputStream in = cmd.getOutputStream();
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
        in.flush();
      }
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread errReader = new Thread(() -> copy(cmd.getErrorStream(), err));
      errReader.start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      copy(cmd.getInputStream(), out);
      try {
        errReader.join(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      cmd.join(120, TimeUnit.SECONDS);
      Integer rc = cmd.getExitStatus();
      return new ExecResult(rc == null ? -1 : rc, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    }
  }

  public SSHClient client() {
    return client;
  }

  @Override
  public void close() throws IOException {
    client.close();
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException ignored) {
      // channel closed
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
