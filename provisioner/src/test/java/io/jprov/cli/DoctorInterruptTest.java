package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real {@code jprov doctor --local --json} whose read hangs (a {@code uname} on the PATH that sleeps):
 * the first SIGINT is answered at once, the second abandons the read; the host is reported interrupted on the
 * console and in the JSON report, which is still written; exit 130.
 */
class DoctorInterruptTest {
  @TempDir Path tmp;

  @Test
  void ctrlCTwiceAbandonsTheReadWritesTheReportAndExits130() throws Exception {
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    Path uname = bin.resolve("uname");
    Files.writeString(uname, "#!/bin/sh\ntouch " + tmp.resolve("started") + "\nexec sleep 60\n");
    Files.setPosixFilePermissions(uname, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path report = tmp.resolve("doctor.json");
    JprovSubprocess j = JprovSubprocess.start(Map.of("PATH", bin + ":" + System.getenv("PATH")), "doctor", "--local",
        "--json", report.toString());
    Process p = j.process();
    try {
      j.awaitFile(tmp.resolve("started"));
      j.kill("INT");
      j.awaitStderr("waiting for 1 running command", 2000);
      assertThat(p.isAlive()).isTrue();
      j.kill("INT");
      j.assertExits(130, 10);
      assertThat(j.stdout()).contains("localhost  INTERRUPTED").contains("1 interrupted");
      JsonNode host = new ObjectMapper().readTree(report.toFile()).get("hosts").get(0);
      assertThat(host.get("status").asText()).isEqualTo("interrupted");
      assertThat(host.get("message").asText()).isNotEmpty();
    } finally {
      p.destroyForcibly();
    }
  }
}
