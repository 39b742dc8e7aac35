package io.jprov.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.transport.CommandResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failed task's message is one summarised line (yum's failing repository, not its advice block);
 * with {@code -v} the console also shows the failed command's whole output under the task line.
 */
class ConsoleVerboseOutputTest {
  private static final String YUM = "One of the configured repositories failed (CentOS-7 - Base),\n"
      + "            yum-config-manager --save --setopt=base.skip_if_unavailable=true\n"
      + "failure: repodata/repomd.xml from base: [Errno 256] No more mirrors to try.\n"
      + "http://mirror/7/os/x86_64/repodata/repomd.xml: [Errno 14] HTTP Error 404 - Not Found\n";
  private static final String SUMMARY = "yum cannot read repository base: "
      + "http://mirror/7/os/x86_64/repodata/repomd.xml: [Errno 14] HTTP Error 404 - Not Found; nothing was changed";

  private static String console(int verbosity) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleReporter c = new ConsoleReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, false, verbosity);
    c.runStarted("pb", false, 1);
    c.hostStarted("el7-1");
    c.taskStarted("el7-1", "4. prerequisites installed");
    c.commandRan("el7-1", "gather 2 facts", new CommandResult(1, "fact text\n", "", 1));
    c.commandRan("el7-1", "yum install -y yum-utils", new CommandResult(1, "Loaded plugins: fastestmirror\n", YUM, 1));
    c.taskFinished("el7-1", new TaskResult("4. prerequisites installed", "package", TaskResult.Status.FAILED, 1,
        SUMMARY, null, List.of("yum install -y yum-utils"), false));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void verboseShowsTheFailedCommandsWholeOutputUnderTheTask() {
    String out = console(1);
    assertThat(out).contains("el7-1 | FAILED | 4. prerequisites installed | " + SUMMARY + "\n"
        + "    $ yum install -y yum-utils\n"
        + "    | Loaded plugins: fastestmirror\n"
        + "    | One of the configured repositories failed (CentOS-7 - Base),\n");
    assertThat(out).contains("    | http://mirror/7/os/x86_64/repodata/repomd.xml: [Errno 14] HTTP Error 404 - Not Found\n");
    assertThat(out).doesNotContain("fact text");
  }

  @Test
  void withoutVerboseTheTaskIsOneLine() {
    String out = console(0);
    assertThat(out).contains("el7-1 | FAILED | 4. prerequisites installed | " + SUMMARY + "\n");
    assertThat(out).doesNotContain("yum-config-manager").doesNotContain("Loaded plugins");
  }
}
