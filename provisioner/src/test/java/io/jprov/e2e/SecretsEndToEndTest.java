package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI on the local connection with a mirror URL that carries credentials: the password
 * appears in no output (console with -v and --diff, --json, --log-dir), the report and log files
 * are 0600, and symlinks planted at their paths are replaced, not followed.
 */
class SecretsEndToEndTest {
  private static final Path PLAYBOOK = Path.of("src/test/resources/playbooks/secrets-e2e.yml");
  private static final String PASSWORD = "Pr0xyPw-918";
  private static final String MIRROR = "https://jdoe:" + PASSWORD + "@mirror.example.com/centos";

  @TempDir Path tmp;

  @Test
  void aMirrorPasswordAppearsInNoOutputAndReportsAreOwnerOnly() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root);
    // an older repo file: read as a fact and shown in the diff
    Files.writeString(root.resolve("mirror.repo"), "baseurl=https://jdoe:" + PASSWORD + "@old.example.com/\n");
    Path victim = tmp.resolve("victim");
    Files.writeString(victim, "not yours\n");
    Path json = tmp.resolve("report.json");
    Files.createSymbolicLink(json, victim);
    Path logs = tmp.resolve("logs");
    Files.createDirectories(logs);
    Files.createSymbolicLink(logs.resolve("localhost.log"), victim);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        "apply", PLAYBOOK.toString(), "--local", "--no-color", "--diff", "-v",
        "-e", "root=" + root, "-e", "mirror=" + MIRROR, "--json", json.toString(), "--log-dir", logs.toString());
    String console = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);

    assertThat(code).as(console).isEqualTo(3); // the probe fails on purpose
    // the run really handled the secret: the file holds it, the console shows the masked form
    assertThat(Files.readString(root.resolve("mirror.repo"))).contains(PASSWORD);
    assertThat(console).contains("https://jdoe:****@mirror.example.com/centos")
        .contains("cannot reach").doesNotContain(PASSWORD);

    assertThat(Files.readString(victim)).isEqualTo("not yours\n");
    assertThat(Files.isSymbolicLink(json)).isFalse();
    assertThat(Files.readString(json)).contains("jdoe:****@").doesNotContain(PASSWORD);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(json))).isEqualTo("rw-------");

    Path log = logs.resolve("localhost.log");
    assertThat(Files.isSymbolicLink(log)).isFalse();
    String logText = Files.readString(log);
    assertThat(logText).contains("TASK probe the mirror").contains("jdoe:****@")
        .contains("characters of fact output, not stored").doesNotContain(PASSWORD);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log, LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo("rw-------");
    List<Path> leftovers = new ArrayList<>();
    try (Stream<Path> s = Files.list(tmp)) {
      s.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(leftovers::add);
    }
    assertThat(leftovers).isEmpty();
  }

  @Test
  void aNewLogDirIsOwnerOnly() throws Exception {
    Path logs = tmp.resolve("new/logs");
    int code = Main.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
        "apply", PLAYBOOK.toString(), "--local", "-e", "root=" + tmp.resolve("r"), "-e", "mirror=" + MIRROR,
        "--log-dir", logs.toString());
    assertThat(code).isEqualTo(3);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logs))).isEqualTo("rwx------");
    assertThat(Files.readString(logs.resolve("localhost.log"))).doesNotContain(PASSWORD);
  }
}
