package io.jprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.JprovRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --list-tasks}, {@code --list-tags} and the options checked before any output ({@code --serial}). */
class ListingTest {
  @TempDir Path tmp;

  private static final String NL = System.lineSeparator();

  private Path playbook() throws Exception {
    Path pb = tmp.resolve("pb.yml");
    Files.writeString(pb, """
        name: demo
        hosts: web
        tasks:
          - name: first
            file: {path: /tmp/a, state: directory}
            tags: [setup, files]
          - name: second
            file: {path: /tmp/b, state: directory}
            tags: [verify]
          - name: always there
            file: {path: /tmp/c, state: directory}
            tags: [always]
        """);
    return pb;
  }

  @Test
  void listTasksWithTheirTagsNeedsNoInventory() throws Exception {
    Path pb = playbook();
    JprovRun r = JprovRun.of("apply", pb.toString(), "--list-tasks");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("playbook: " + pb + NL + NL
        + "  play #1 (web): demo\tTAGS: []" + NL
        + "    tasks:" + NL
        + "      first\tTAGS: [files, setup]" + NL
        + "      second\tTAGS: [verify]" + NL
        + "      always there\tTAGS: [always]" + NL);
  }

  @Test
  void listsAreFilteredByTagsAndSkipTagsAsARunIs() throws Exception {
    Path pb = playbook();
    JprovRun r = JprovRun.of("plan", pb.toString(), "--list-tasks", "--list-tags", "--tags", "verify");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("playbook: " + pb + NL + NL
        + "  play #1 (web): demo\tTAGS: []" + NL
        + "    tasks:" + NL
        + "      second\tTAGS: [verify]" + NL
        + "      always there\tTAGS: [always]" + NL
        + "      TASK TAGS: [always, verify]" + NL);
    JprovRun skip = JprovRun.of("plan", pb.toString(), "--list-tags", "--skip-tags", "always,verify");
    assertThat(skip.code()).isZero();
    assertThat(skip.out()).endsWith("      TASK TAGS: [files, setup]" + NL);
  }

  @Test
  void anUnknownTagIsRefusedAsInARun() throws Exception {
    JprovRun r = JprovRun.of("apply", playbook().toString(), "--list-tags", "--tags", "nope");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("jprov: --tags: no task has tag 'nope' (tags: always, files, setup, verify)" + NL);
  }

  @Test
  void listingContactsNoHost() throws Exception {
    // an inventory whose only host cannot be reached: listing neither reads nor connects
    Path inv = tmp.resolve("inv.yml");
    Files.writeString(inv, "all:\n  hosts:\n    web1: {address: 127.0.0.1, ssh_port: 1, connect_timeout: 1}\n");
    JprovRun r = JprovRun.of("apply", "-i", inv.toString(), "--list-tasks");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("1. preflight").doesNotContain("PLAY").doesNotContain("UNREACHABLE");
  }

  @Test
  void helpNamesTheDefaultPlaybooksTags() {
    JprovRun tags = JprovRun.of("plan", "--list-tags");
    assertThat(tags.code()).as(tags.err()).isZero();
    Matcher m = Pattern.compile("TASK TAGS: \\[(.*)]").matcher(tags.out());
    assertThat(m.find()).as(tags.out()).isTrue();
    assertThat(RunOptions.DEFAULT_PLAYBOOK_TAGS).isEqualTo(m.group(1));
    for (String command : new String[] {"apply", "plan"}) {
      String help = JprovRun.of(command, "--help").out().replaceAll("\\s+", " ");
      assertThat(help).contains("The default playbook's tags: " + m.group(1) + "; --list-tags lists a playbook's.");
      assertThat(help).contains("--list-tasks").contains("--list-tags");
    }
  }

  @Test
  void aBadSerialIsRefusedBeforeAnyOutput() {
    for (String serial : new String[] {"0", "-1", "0%", "101%", "x", "1.5"}) {
      JprovRun r = JprovRun.of("apply", "--local", "--serial", serial);
      assertThat(r.code()).as(serial).isEqualTo(2);
      assertThat(r.out()).as(serial).isEmpty();
      assertThat(r.err()).as(serial).isEqualTo(
          "jprov: --serial: expected a positive number or a percentage from 1% to 100%, found '" + serial + "'" + NL);
    }
    JprovRun plan = JprovRun.of("plan", "--local", "--serial", "0");
    assertThat(plan.code()).isEqualTo(2);
    assertThat(plan.out()).isEmpty();
  }
}
