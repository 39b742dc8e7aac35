package io.jprov.facts;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.facts.ServiceFacts.ServiceState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit batch's script run for real with {@code sh} and {@code bash} (EL's sh) against a
 * {@code systemctl} stand-in that answers from files and logs every call: one {@code show} for
 * all units, and a unit's own is-active/is-enabled only where show's block does not answer.
 */
class ServiceBatchShTest {
  private static final String STUB = """
      #!/bin/sh
      echo "$*" >> "$STUB_DIR/calls"
      case $1 in
        show) cat "$STUB_DIR/show" ;;
        is-active) cat "$STUB_DIR/$2.active"; exit 3 ;;
        is-enabled) cat "$STUB_DIR/$2.enabled" >&2; cat "$STUB_DIR/$2.answer"; exit 0 ;;
      esac
      """;

  private Map<String, ServiceState> gather(String shell, Path dir, List<String> units) throws Exception {
    Assumptions.assumeTrue(new ProcessBuilder("sh", "-c", "command -v " + shell).start().waitFor() == 0,
        shell + " is not installed");
    Path stub = dir.resolve("bin/systemctl");
    Files.createDirectories(stub.getParent());
    Files.writeString(stub, STUB);
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<Fact<?>> facts = units.stream().<Fact<?>>map(ServiceFacts::of).toList();
    FactGatherer gatherer = new FactGatherer("n0nce");
    ProcessBuilder pb = new ProcessBuilder(shell, "-c", gatherer.script(facts)).redirectErrorStream(true);
    pb.environment().put("PATH", stub.getParent() + ":" + System.getenv("PATH"));
    pb.environment().put("STUB_DIR", dir.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    Map<String, FactOutput> outputs = gatherer.parse(facts, out);
    Map<String, ServiceState> states = new java.util.LinkedHashMap<>();
    for (String u : units) {
      states.put(u, ServiceFacts.parse(outputs.get("systemd:" + u).output()));
    }
    return states;
  }

  private static List<String> calls(Path dir) throws Exception {
    return Files.readAllLines(dir.resolve("calls"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void everyBlockAnswersSoShowIsTheOnlyCall(String shell, @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("show"), "Id=docker.service\nLoadState=loaded\nActiveState=active\n"
        + "UnitFileState=enabled\n\nId=containerd.service\nLoadState=loaded\nActiveState=inactive\n"
        + "UnitFileState=disabled\n\nId=nosuch.service\nLoadState=not-found\nActiveState=inactive\nUnitFileState=\n");
    Map<String, ServiceState> s = gather(shell, dir, List.of("docker", "containerd", "nosuch"));
    assertThat(calls(dir)).containsExactly("show -p Id,LoadState,ActiveState,UnitFileState docker containerd nosuch");
    assertThat(s.get("docker")).isEqualTo(new ServiceState("active", "enabled", 0));
    assertThat(s.get("containerd")).isEqualTo(new ServiceState("inactive", "disabled", 1));
    assertThat(s.get("nosuch").exists()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void aSysvScriptIsAskedOnItsOwn(String shell, @TempDir Path dir) throws Exception {
    // EL7: an init.d script is UnitFileState=bad (or empty); is-enabled asks chkconfig
    Files.writeString(dir.resolve("show"), "Id=docker.service\nLoadState=loaded\nActiveState=active\n"
        + "UnitFileState=enabled\n\nId=network.service\nLoadState=loaded\nActiveState=active\nUnitFileState=bad\n");
    Files.writeString(dir.resolve("network.active"), "active\n");
    Files.writeString(dir.resolve("network.enabled"),
        "network.service is not a native service, redirecting to /sbin/chkconfig.\n"
            + "Executing /sbin/chkconfig network --level=5\n");
    Files.writeString(dir.resolve("network.answer"), "enabled\n");
    Map<String, ServiceState> s = gather(shell, dir, List.of("docker", "network"));
    assertThat(calls(dir)).containsExactly("show -p Id,LoadState,ActiveState,UnitFileState docker network",
        "is-active network", "is-enabled network");
    assertThat(s.get("docker")).isEqualTo(new ServiceState("active", "enabled", 0));
    assertThat(s.get("network")).isEqualTo(new ServiceState("active", "enabled", 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void anAliasIsAskedOnItsOwn(String shell, @TempDir Path dir) throws Exception {
    // show of an alias shows its unit (Id and UnitFileState of NetworkManager-dispatcher), while
    // is-enabled of the alias may answer "alias"
    Files.writeString(dir.resolve("show"), "Id=NetworkManager-dispatcher.service\nLoadState=loaded\n"
        + "ActiveState=inactive\nUnitFileState=enabled\n\nId=docker.socket\nLoadState=loaded\nActiveState=active\n"
        + "UnitFileState=enabled\n");
    String alias = "dbus-org.freedesktop.nm-dispatcher";
    Files.writeString(dir.resolve(alias + ".active"), "inactive\n");
    Files.writeString(dir.resolve(alias + ".enabled"), "");
    Files.writeString(dir.resolve(alias + ".answer"), "alias\n");
    Map<String, ServiceState> s = gather(shell, dir, List.of(alias, "docker.socket"));
    assertThat(calls(dir)).containsExactly("show -p Id,LoadState,ActiveState,UnitFileState " + alias + " docker.socket",
        "is-active " + alias, "is-enabled " + alias);
    assertThat(s.get(alias)).isEqualTo(new ServiceState("inactive", "alias", 0));
    assertThat(s.get("docker.socket")).isEqualTo(new ServiceState("active", "enabled", 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void noBlockPerUnitAsksEveryUnitOnItsOwn(String shell, @TempDir Path dir) throws Exception {
    String down = "System has not been booted with systemd as init system (PID 1). Can't operate.\n"
        + "Failed to connect to bus: Host is down\n";
    Files.writeString(dir.resolve("show"), down);
    for (String u : List.of("docker", "containerd")) {
      Files.writeString(dir.resolve(u + ".active"), down);
      Files.writeString(dir.resolve(u + ".enabled"), down);
      Files.writeString(dir.resolve(u + ".answer"), "");
    }
    Map<String, ServiceState> s = gather(shell, dir, List.of("docker", "containerd"));
    assertThat(calls(dir)).containsExactly("show -p Id,LoadState,ActiveState,UnitFileState docker containerd",
        "is-active docker", "is-enabled docker", "is-active containerd", "is-enabled containerd");
    assertThat(s.get("docker").active()).startsWith("System has not been booted");
    assertThat(s.get("containerd").enabled()).isEqualTo("Failed to connect to bus: Host is down");
  }
}
