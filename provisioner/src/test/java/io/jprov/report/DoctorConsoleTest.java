package io.jprov.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.doctor.DoctorResult;
import io.jprov.doctor.Finding;
import io.jprov.doctor.HostDoctor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DoctorConsole}: a line per host and its problems, -v, a large fleet by check, masking, colours. */
class DoctorConsoleTest {
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  static String print(DoctorResult r, boolean color, int verbosity) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    new DoctorConsole(new PrintStream(b, true, StandardCharsets.UTF_8), color, verbosity).print(r);
    return b.toString(StandardCharsets.UTF_8);
  }

  static DoctorResult result(List<HostDoctor> hosts) {
    return new DoctorResult(T0, T0.plusSeconds(3), null, hosts);
  }

  static final HostDoctor WEB1 = HostDoctor.examined("web1", List.of(
      Finding.ok("services.docker", "active (running), enabled"), Finding.ok("net.ip-forward", "net.ipv4.ip_forward = 1")));
  static final HostDoctor WEB17 = HostDoctor.examined("web17", List.of(
      Finding.fail("services.docker", "failed (Result: exit-code): unable to configure the Docker daemon with file"
          + " /etc/docker/daemon.json: invalid character '}'", "fix /etc/docker/daemon.json, then run jprov apply"),
      Finding.warn("storage.driver", "devicemapper with a loop file", "set docker.daemon.storage-driver: overlay2"),
      Finding.ok("net.ip-forward", "net.ipv4.ip_forward = 1")));
  static final HostDoctor GONE = HostDoctor.notRead("db1", HostDoctor.Status.UNREACHABLE,
      "db1 (10.0.0.9:22): connection refused");

  @Test
  void aLinePerHostThenItsWarningsAndFailuresWithTheirFixThenTheRecap() {
    assertThat(print(result(List.of(WEB1, WEB17, GONE)), false, 0)).isEqualTo("""
        web1   ok           2 ok
        web17  FAIL         1 fail, 1 warn, 1 ok
          fail  services.docker: failed (Result: exit-code): unable to configure the Docker daemon with file \
        /etc/docker/daemon.json: invalid character '}'
                fix: fix /etc/docker/daemon.json, then run jprov apply
          warn  storage.driver: devicemapper with a loop file
                fix: set docker.daemon.storage-driver: overlay2
        db1    UNREACHABLE  db1 (10.0.0.9:22): connection refused

        doctor: 3 hosts in 3s: 1 ok, 1 fail, 1 unreachable
        """);
  }

  @Test
  void onANarrowTerminalTheEvidenceAndTheFixBreakAtSpacesUnderTheirIndent() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    new DoctorConsole(new PrintStream(b, true, StandardCharsets.UTF_8), 60).print(result(List.of(WEB17)));
    String text = b.toString(StandardCharsets.UTF_8);
    assertThat(text).isEqualTo("""
        web17  FAIL         1 fail, 1 warn, 1 ok
          fail  services.docker: failed (Result: exit-code): unable
                to configure the Docker daemon with file
                /etc/docker/daemon.json: invalid character '}'
                fix: fix /etc/docker/daemon.json, then run jprov
                     apply
          warn  storage.driver: devicemapper with a loop file
                fix: set docker.daemon.storage-driver: overlay2

        doctor: 1 host in 3s: 1 fail
        """);
    assertThat(text.lines()).allMatch(l -> l.length() <= 60);
  }

  @Test
  void verboseListsTheOkFindingsToo() {
    assertThat(print(result(List.of(WEB1)), false, 1)).isEqualTo("""
        web1  ok           2 ok
          ok    services.docker: active (running), enabled
          ok    net.ip-forward: net.ipv4.ip_forward = 1

        doctor: 1 host in 3s: 1 ok
        """);
  }

  @Test
  void aLargeFleetIsShownByCheckWithBoundedListsOfHosts() {
    List<HostDoctor> hosts = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      String name = String.format("n%04d", i);
      hosts.add(i % 100 == 0 ? HostDoctor.examined(name, List.of(Finding.fail("services.docker", "inactive (dead)"
          + " on " + name, "systemctl start docker"), Finding.warn("net.firewalld", "running", "see docs")))
          : i % 250 == 1 ? HostDoctor.notRead(name, HostDoctor.Status.UNREACHABLE, name + ": connection refused")
          : i % 2 == 0 ? HostDoctor.examined(name, List.of(Finding.warn("net.firewalld", "running", "see docs")))
          : HostDoctor.examined(name, List.of(Finding.ok("net.firewalld", "not running"))));
    }
    String out = print(result(hosts), false, 0);
    assertThat(out).isEqualTo("""
        fail  services.docker on 10 hosts: n0100, n0200, n0300, n0400, n0500, n0600, n0700, n0800, n0900, n1000
              n0100: inactive (dead) on n0100
              fix: systemctl start docker
        warn  net.firewalld on 500 hosts: n0002, n0004, n0006, n0008, n0010, n0012, n0014, n0016, n0018, n0020 \
        and 490 more
              n0002: running
              fix: see docs
        UNREACHABLE  n0001: connection refused
        UNREACHABLE  n0251: connection refused
        UNREACHABLE  n0501: connection refused
        UNREACHABLE  n0751: connection refused
        496 ok hosts not listed (-v and the --json report list every host)

        doctor: 1000 hosts in 3s: 496 ok, 490 warn, 10 fail, 4 unreachable
        """);
    assertThat(print(result(hosts), false, 1).lines().count()).as("-v lists every host").isGreaterThan(1000);
  }

  @Test
  void textsAreMaskedAndKeptOnOneLine() {
    HostDoctor h = HostDoctor.examined("web1", List.of(Finding.warn("registry.proxy",
        "HTTP_PROXY=http://ops:hunter2@proxy:3128\nsecond line", "set docker.http_proxy\r")));
    String out = print(result(List.of(h)), false, 0);
    assertThat(out).contains("registry.proxy: HTTP_PROXY=http://ops:****@proxy:3128\\nsecond line")
        .contains("fix: set docker.http_proxy\\r\n").doesNotContain("hunter2");
  }

  @Test
  void coloursOnlyWhenAsked() {
    String plain = print(result(List.of(WEB1, WEB17, GONE)), false, 0);
    String colored = print(result(List.of(WEB1, WEB17, GONE)), true, 0);
    assertThat(plain).doesNotContain("\u001b[");
    assertThat(colored).contains("\u001b[32mok\u001b[0m").contains("\u001b[31mFAIL\u001b[0m")
        .contains("\u001b[33mwarn\u001b[0m").contains("\u001b[31mUNREACHABLE\u001b[0m");
    assertThat(colored.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
  }

  @Test
  void onATerminalAProgressLineIsRedrawnWhileReadingAndClearedBeforeTheResult() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DoctorConsole c = new DoctorConsole(new PrintStream(b, true, StandardCharsets.UTF_8), false, 0, true);
    RunListener l = c.progress(3);
    for (int i = 0; i < 3; i++) {
      l.commandRan("h" + i, "gather 9 facts", new io.jprov.transport.CommandResult(0, "", "", 1));
    }
    c.print(result(List.of(WEB1)));
    String out = b.toString(StandardCharsets.UTF_8);
    // the first read and the last are always drawn; those between at most every 100 ms
    assertThat(out).startsWith("\r\u001b[2Kdoctor: 1 of 3 hosts read").contains("\r\u001b[2Kdoctor: 3 of 3 hosts read")
        .endsWith("\r\u001b[2Kweb1  ok           2 ok\n\ndoctor: 1 host in 3s: 1 ok\n");

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    DoctorConsole ci = new DoctorConsole(new PrintStream(log, true, StandardCharsets.UTF_8), false, 0, false);
    ci.progress(1).commandRan("h", "gather", new io.jprov.transport.CommandResult(0, "", "", 1));
    assertThat(log.toString(StandardCharsets.UTF_8)).as("no progress off a terminal").isEmpty();
  }
}
