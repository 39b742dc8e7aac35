package io.jprov.cli;

import static io.jprov.cli.CliTest.jprov;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jprov.JprovRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unreachable host is reported with the cause the operating system gave, not as "connection refused". */
class UnreachableCauseCliTest {
  @TempDir Path tmp;

  @Test
  void eachHostSaysWhyItIsUnreachable() throws Exception {
    // Linux refuses a TCP connect to a multicast address with ENETUNREACH, whatever the routes
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "Linux only");
    Path inv = tmp.resolve("inv.yml");
    Files.writeString(inv, "all:\n  hosts:\n    typo:\n      address: node3.example.invalid\n"
        + "    offnet:\n      address: 224.0.0.1\n    down:\n      address: 127.0.0.1\n      ssh_port: 1\n");
    JprovRun r = jprov("facts", "-i", inv.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(4);
    assertThat(r.out())
        .contains("\"unreachable\" : \"typo (node3.example.invalid:22): unknown host node3.example.invalid "
            + "(the name does not resolve)\"")
        .contains("\"unreachable\" : \"offnet (224.0.0.1:22): network unreachable\"")
        .contains("\"unreachable\" : \"down (127.0.0.1:1): connection refused (3 attempts)\"");
  }
}
