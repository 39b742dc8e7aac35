package io.jprov.cli;

import static io.jprov.cli.CliTest.jprov;
import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jprov facts}: JSON per host, exit 0, or 4 when a host is unreachable. */
class FactsCommandTest {
  @TempDir Path tmp;

  @Test
  void localFactsAsJson() {
    JprovRun r = jprov("facts", "--local");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("{").contains("\"localhost\"").contains("\"arch\"").doesNotContain("unreachable");
  }

  @Test
  void unreachableHostIsReportedAndExits4() throws Exception {
    Path inv = tmp.resolve("inv.yml");
    Files.writeString(inv, "all:\n  hosts:\n    here:\n      connection: local\n    gone:\n      address: 127.0.0.1\n"
        + "      ssh_port: 1\n      connect_timeout: 2\n");
    JprovRun r = jprov("facts", "-i", inv.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(4);
    assertThat(r.out()).contains("\"here\"").contains("\"gone\"").contains("\"unreachable\" : \"gone (127.0.0.1:1): connection refused");
  }
}
