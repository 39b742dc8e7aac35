package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real {@code jprov facts --local} whose fact read hangs (a {@code uname} on the PATH
 * that sleeps): the engine's interrupt handling applies as for {@code apply}: the first SIGINT is
 * answered at once, the second abandons the command; the JSON is printed with the host
 * interrupted; exit 130.
 */
class FactsInterruptTest {
  @TempDir Path tmp;

  @Test
  void ctrlCTwiceAbandonsTheFactReadAndExits130() throws Exception {
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    Path uname = bin.resolve("uname");
    Files.writeString(uname, "#!/bin/sh\ntouch " + tmp.resolve("started") + "\nexec sleep 60\n");
    Files.setPosixFilePermissions(uname, PosixFilePermissions.fromString("rwxr-xr-x"));
    JprovSubprocess j = JprovSubprocess.start(Map.of("PATH", bin + ":" + System.getenv("PATH")), "facts", "--local");
    Process p = j.process();
    try {
      j.awaitFile(tmp.resolve("started"));
      j.kill("INT");
      j.awaitStderr("waiting for 1 running command", 2000);
      assertThat(p.isAlive()).isTrue();
      j.kill("INT");
      j.assertExits(130, 10);
      assertThat(j.stdout()).contains("\"localhost\"").contains("\"interrupted\"");
    } finally {
      p.destroyForcibly();
    }
  }
}
