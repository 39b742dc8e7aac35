package io.jprov.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Messages people read: the words of a library exception, never its class names. */
class SshMessagesTest {

  @Test
  void wrappedLibraryExceptionsLoseTheirClassNames() {
    IOException sshj = new IOException(
        "net.schmizz.sshj.transport.TransportException: Broken transport; encountered EOF");
    assertThat(SshConnectionFactory.oneLine(sshj)).isEqualTo("Broken transport; encountered EOF");
    IOException nested = new IOException("java.util.concurrent.ExecutionException: java.net.ConnectException:"
        + " Connection refused\n  more");
    assertThat(SshConnectionFactory.oneLine(nested)).isEqualTo("Connection refused more");
    assertThat(SshConnectionFactory.oneLine(new EOFException())).isEqualTo("EOFException");
    assertThat(SshConnectionFactory.oneLine(new IOException("No route to host"))).isEqualTo("No route to host");
  }
}
