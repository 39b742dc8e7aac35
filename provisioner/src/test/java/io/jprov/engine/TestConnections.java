package io.jprov.engine;

import io.jprov.transport.CommandResult;
import io.jprov.transport.Connection;
import io.jprov.transport.ConnectionFactory;
import io.jprov.transport.ExecRequest;
import io.jprov.transport.FileCopy;
import io.jprov.transport.FileUpload;
import io.jprov.transport.TransportException;
import io.jprov.transport.local.LocalConnectionFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Connection factories for engine tests: every host is this machine, through the local transport. */
final class TestConnections {
  private TestConnections() {}

  /** Local connections, except to {@code down}, which refuses like an SSH host at 10.9.9.9 that is down. */
  static ConnectionFactory localExcept(String down) {
    ConnectionFactory local = new LocalConnectionFactory();
    return target -> {
      if (target.name().equals(down)) {
        throw new TransportException(down + " (10.9.9.9:22): connection refused", true, null);
      }
      return local.open(target);
    };
  }

  /** Local connections, each one counted in {@code opened}. */
  static ConnectionFactory localCounted(AtomicInteger opened) {
    ConnectionFactory local = new LocalConnectionFactory();
    return target -> {
      opened.incrementAndGet();
      return local.open(target);
    };
  }

  /**
   * Local connections to hosts that say they run another OS: the platform fact's commands (and the
   * family guesses of the first read) read {@code osRelease.get(host)} instead of {@code /etc/os-release}, no {@code /etc/redhat-release},
   * {@code x86_64} and kernel {@code 5.14.0} (hosts not in the map read this machine's).
   */
  static ConnectionFactory localWithOsRelease(Map<String, Path> osRelease) {
    ConnectionFactory local = new LocalConnectionFactory();
    return target -> {
      Connection c = local.open(target);
      Path file = osRelease.get(target.name());
      if (file == null) {
        return c;
      }
      return new Connection() {
        @Override
        public String hostName() {
          return c.hostName();
        }

        @Override
        public CommandResult exec(ExecRequest r) {
          String script = r.script()
              .replace("cat /etc/os-release 2>/dev/null", "cat '" + file + "'")
              .replace("( . /etc/os-release;", "( . '" + file + "';") // the first read's family guesses
              .replace("head -n 1 /etc/redhat-release 2>/dev/null", "true")
              .replace("uname -m; uname -r", "echo x86_64; echo 5.14.0");
          return c.exec(new ExecRequest(script, r.stdin(), r.become(), r.timeout()));
        }

        @Override
        public void upload(FileUpload upload) {
          c.upload(upload);
        }

        @Override
        public FileCopy.Result copy(FileCopy copy) {
          return c.copy(copy);
        }

        @Override
        public int roundTrips() {
          return c.roundTrips();
        }

        @Override
        public void close() {
          c.close();
        }
      };
    };
  }
}
