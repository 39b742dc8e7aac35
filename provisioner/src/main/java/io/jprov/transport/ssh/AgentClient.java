package io.jprov.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal ssh-agent client (draft-miller-ssh-agent): list identities and sign. Talks to the
 * Unix socket named by {@code SSH_AUTH_SOCK} with the JDK's own Unix-domain socket channels, so no
 * native library is needed.
 *
 * <p>Each call opens its own socket, so an instance is safe to share between threads.
 */
final class AgentClient {
  static final int SSH_AGENT_RSA_SHA2_256 = 2;
  static final int SSH_AGENT_RSA_SHA2_512 = 4;

  private static final int FAILURE = 5;
  private static final int REQUEST_IDENTITIES = 11;
  private static final int IDENTITIES_ANSWER = 12;
  private static final int SIGN_REQUEST = 13;
  private static final int SIGN_RESPONSE = 14;
  private static final int MAX_MESSAGE = 256 * 1024;

  /** One key the agent holds: its SSH public key blob and comment. */
  record Identity(byte[] blob, String comment) {
    String keyType() {
      ByteBuffer b = ByteBuffer.wrap(blob);
      return new String(readString(b), StandardCharsets.UTF_8);
    }
  }

  private final Path socket;

  AgentClient(Path socket) {
    this.socket = socket;
  }

  Path socket() {
    return socket;
  }

  List<Identity> identities() throws IOException {
    ByteBuffer reply = call(new byte[] {REQUEST_IDENTITIES});
    int type = reply.get() & 0xff;
    if (type != IDENTITIES_ANSWER) {
      throw new IOException("ssh-agent refused to list identities (reply " + type + ")");
    }
    int n = reply.getInt();
    List<Identity> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] blob = readString(reply);
      String comment = new String(readString(reply), StandardCharsets.UTF_8);
      out.add(new Identity(blob, comment));
    }
    return out;
  }

  /** Returns the signature blob ({@code string algorithm, string signature}) over {@code data}. */
  byte[] sign(byte[] keyBlob, byte[] data, int flags) throws IOException {
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.write(SIGN_REQUEST);
    writeString(req, keyBlob);
    writeString(req, data);
    writeInt(req, flags);
    ByteBuffer reply = call(req.toByteArray());
    int type = reply.get() & 0xff;
    if (type == FAILURE) {
      throw new IOException("ssh-agent refused to sign");
    }
    if (type != SIGN_RESPONSE) {
      throw new IOException("unexpected ssh-agent reply " + type);
    }
    return readString(reply);
  }

  private ByteBuffer call(byte[] message) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = ByteBuffer.allocate(4 + message.length);
      out.putInt(message.length).put(message).flip();
      while (out.hasRemaining()) {
        ch.write(out);
      }
      ByteBuffer len = readFully(ch, 4);
      int n = len.getInt();
      if (n <= 0 || n > MAX_MESSAGE) {
        throw new IOException("bad ssh-agent reply length " + n);
      }
      return readFully(ch, n);
    }
  }

  private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new IOException("ssh-agent closed the connection");
      }
    }
    return b.flip();
  }

  static byte[] readString(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("bad string length " + n);
    }
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }

  static void writeString(ByteArrayOutputStream out, byte[] s) {
    writeInt(out, s.length);
    out.writeBytes(s);
  }

  static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }
}
