package io.jprov.facts;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.facts.HostCheckFacts.BootConfig;
import io.jprov.facts.HostCheckFacts.Proc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The doctor's host facts run for real with the local sh (what FactCasesTest's recorded outputs cannot show). */
class HostCheckFactsTest {
  private static FactOutput runLocally(Fact<?> fact) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "( " + fact.command() + "\n) </dev/null 2>&1")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new FactOutput(p.waitFor(), out);
  }

  /** This JVM is a process of the user running the tests: the /proc reading finds it, with its groups. */
  @Test
  void processGroupsFindsThisProcess() throws Exception {
    String user = System.getProperty("user.name");
    Optional<List<Proc>> procs = HostCheckFacts.processGroups(user).parse(runLocally(HostCheckFacts.processGroups(user)));
    assertThat(procs).isPresent();
    String pid = String.valueOf(ProcessHandle.current().pid());
    assertThat(procs.get()).anySatisfy(p -> assertThat(p.pid()).isEqualTo(pid));
    String groups = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("Groups:")).findFirst().orElseThrow().substring("Groups:".length()).strip();
    Proc me = procs.get().stream().filter(p -> p.pid().equals(pid)).findFirst().orElseThrow();
    assertThat(String.join(" ", me.groups())).isEqualTo(groups.replaceAll("\\s+", " "));
  }

  @Test
  void processGroupsOfAMissingUserIsEmpty() throws Exception {
    Fact<Optional<List<Proc>>> f = HostCheckFacts.processGroups("no-such-user-jprov");
    assertThat(f.parse(runLocally(f))).isEmpty();
  }

  /** The boot files of this machine come back as the local sysctl --system would order them, each key once per file. */
  @Test
  void sysctlBootReadsThisMachine() throws Exception {
    BootConfig boot = HostCheckFacts.SYSCTL_BOOT.parse(runLocally(HostCheckFacts.SYSCTL_BOOT));
    List<String> names = boot.sysctl().stream().map(s -> s.file().substring(s.file().lastIndexOf('/') + 1)).toList();
    List<String> sorted = names.stream().filter(n -> !n.equals("sysctl.conf")).sorted().toList();
    assertThat(names.stream().filter(n -> !n.equals("sysctl.conf")).toList()).isEqualTo(sorted);
    assertThat(boot.sysctl()).allSatisfy(s -> assertThat(s.file()).doesNotStartWith("/lib/"));
  }

  @Test
  void otherFactsParseThisMachine() throws Exception {
    assertThat(HostCheckFacts.IPTABLES.parse(runLocally(HostCheckFacts.IPTABLES))).isNotNull();
    assertThat(HostCheckFacts.SELINUX.parse(runLocally(HostCheckFacts.SELINUX))).isNotNull();
    assertThat(HostCheckFacts.DOCKERD_VERSION.parse(runLocally(HostCheckFacts.DOCKERD_VERSION))).isNotNull();
  }

  @Test
  void sysctlKeysAsSysctlNamesThem() {
    assertThat(HostCheckFacts.sysctlKey("net/bridge/bridge-nf-call-iptables")).isEqualTo("net.bridge.bridge-nf-call-iptables");
    assertThat(HostCheckFacts.sysctlKey("net/ipv4/conf/enp3s0.200/forwarding")).isEqualTo("net.ipv4.conf.enp3s0/200.forwarding");
    assertThat(HostCheckFacts.sysctlKey("-kernel.sysrq")).isEqualTo("kernel.sysrq");
    assertThat(HostCheckFacts.sysctlKey("net.ipv4.conf.enp3s0/200.forwarding")).isEqualTo("net.ipv4.conf.enp3s0/200.forwarding");
  }
}
