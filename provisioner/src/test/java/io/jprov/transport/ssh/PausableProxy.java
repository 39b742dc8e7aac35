package io.jprov.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a test server that can stop forwarding without closing anything: a
 * host that went silent (cable pulled, VM frozen), as opposed to one that refuses or resets.
 */
final class PausableProxy implements AutoCloseable {
  private final ServerSocket socket;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean paused;

  PausableProxy(int targetPort) throws IOException {
    this.target = targetPort;
    socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread t = new Thread(() -> {
      try {
        while (true) {
          Socket client = socket.accept();
          Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
          sockets.add(client);
          sockets.add(server);
          pump(client, server);
          pump(server, client);
        }
      } catch (IOException e) {
        // closed
      }
    }, "pausable-proxy");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** From now on nothing is forwarded in either direction; connections stay open. */
  void pause() {
    paused = true;
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          while (paused) {
            Thread.sleep(50);
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // closed
      }
    }, "pausable-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
