package io.jprov.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which facts the gatherer reads with one command: batches of one kind together, the rest alone. */
class FactGathererTest {
  private static final Pattern COMMAND = Pattern.compile("\\n\\( (.*?)\\n\\) </dev/null 2>&1\\n", Pattern.DOTALL);

  private static List<String> commands(String script) {
    Matcher m = COMMAND.matcher("\n" + script);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void factsOfOneKindAreReadByOneCommandWhereTheFirstOfThemIs() {
    Fact<?> rpmA = RpmFacts.query(List.of("docker-ce", "containerd.io"));
    Fact<?> rpmB = RpmFacts.query(List.of("docker-ce-cli"));
    Fact<?> docker = ServiceFacts.of("docker");
    Fact<?> containerd = ServiceFacts.of("containerd");
    Fact<?> stat = FileStat.of("/etc/docker/daemon.json", true);
    List<String> commands = commands(new FactGatherer("n1").script(
        List.of(HostFacts.PLATFORM, rpmA, docker, rpmB, stat, containerd)));

    assertThat(commands).hasSize(4);
    assertThat(commands.get(0)).isEqualTo(HostFacts.PLATFORM.command());
    assertThat(commands.get(1)).isEqualTo(RpmFacts.command(new java.util.TreeSet<>(
        List.of("containerd.io", "docker-ce", "docker-ce-cli"))));
    assertThat(commands.get(2)).startsWith("set -- docker containerd\n")
        .containsOnlyOnce("systemctl show -p Id,LoadState,ActiveState,UnitFileState \"$@\"");
    assertThat(commands.get(3)).isEqualTo(stat.command());
  }

  @Test
  void aBatchableFactAloneRunsItsOwnCommand() {
    Fact<?> rpm = RpmFacts.query(List.of("docker-ce"));
    Fact<?> docker = ServiceFacts.of("docker");
    FactGatherer gatherer = new FactGatherer("n1");
    assertThat(commands(gatherer.script(List.of(rpm, docker)))).containsExactly(rpm.command(), docker.command());

    String stdout = "\n::jprov:n1:0:begin::\npackage docker-ce is not installed\n::jprov:n1:0:rc=1::\n"
        + "\n::jprov:n1:1:begin::\nactive=active\nenabled_rc=0\nenabled=enabled\n\n::jprov:n1:1:rc=0::\n";
    Map<String, FactOutput> out = gatherer.parse(List.of(rpm, docker), stdout);
    assertThat(out.get(rpm.key())).isEqualTo(new FactOutput(1, "package docker-ce is not installed"));
    assertThat(out.get(docker.key())).isEqualTo(new FactOutput(0, "active=active\nenabled_rc=0\nenabled=enabled\n"));
  }

  @Test
  void aBatchCutShortNamesTheFirstFactOfTheBatch() {
    List<Fact<?>> facts = List.of(DpkgFacts.query(List.of("docker-ce")), DpkgFacts.query(List.of("containerd.io")));
    assertThatThrownBy(() -> new FactGatherer("n1").parse(facts, "\n::jprov:n1:0:begin::\ndocker-ce\t1\tii \n"))
        .isInstanceOf(IllegalStateException.class).hasMessage("no output for fact dpkgq:docker-ce");
  }

  @Test
  void aUnitTheBatchOutputDoesNotAnswerIsNotGathered() {
    List<Fact<?>> facts = List.of(ServiceFacts.of("docker"), ServiceFacts.of("network"));
    // network's block does not say what is-enabled answers, and its own section is missing
    String stdout = "\n::jprov:n1:0:begin::\nId=docker.service\nLoadState=loaded\nActiveState=active\n"
        + "UnitFileState=enabled\n\nId=network.service\nLoadState=loaded\nActiveState=active\nUnitFileState=bad\n"
        + "\n::jprov:n1:0:rc=0::\n";
    assertThatThrownBy(() -> new FactGatherer("n1").parse(facts, stdout))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("systemd:network");
  }

  @Test
  void aMarkerWithAnotherNonceIsOutputNotAMarker() {
    List<Fact<?>> facts = List.of(ServiceFacts.of("docker"), ServiceFacts.of("network"));
    String stdout = "\n::jprov:n1:0:begin::\nId=docker.service\nLoadState=loaded\nActiveState=active\n"
        + "UnitFileState=enabled\n\nId=network.service\nLoadState=loaded\nActiveState=active\nUnitFileState=bad\n"
        + "::jprov:n1:unit:2::\nactive=active\nenabled_rc=0\nenabled=x\n::jprov:forged:unit:1::\nenabled\n"
        + "\n::jprov:n1:0:rc=0::\n";
    Map<String, FactOutput> out = new FactGatherer("n1").parse(facts, stdout);
    assertThat(out.get("systemd:docker").output()).isEqualTo("active=active\nenabled_rc=0\nenabled=enabled\n");
    assertThat(ServiceFacts.parse(out.get("systemd:network").output()).enabled()).isEqualTo("enabled");
  }
}
