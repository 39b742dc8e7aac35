package io.jprov.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the engine asks of a service task's raw interpolated arguments ({@link
 * ServiceModule#restartedUnit}, {@link ServiceModule#startedUnit}): name and state read with the
 * module's declared types, other arguments ignored, an invalid value answered with null.
 */
class ServiceUnitQuestionsTest {
  private static final Plan START = Plan.change("enable docker, start docker", List.of(new Command.Shell("true")));

  @Test
  void aRestartHandlerNamesItsUnit() {
    assertThat(ServiceModule.restartedUnit(Map.of("name", "docker", "state", "restarted", "daemon_reload", true)))
        .isEqualTo("docker");
    assertThat(ServiceModule.restartedUnit(Map.of("name", "docker", "state", "started"))).isNull();
    assertThat(ServiceModule.restartedUnit(Map.of("name", "docker", "enabled", true))).isNull();
  }

  @Test
  void anInvalidUnitOrStateIsNoAnswer() {
    assertThat(ServiceModule.restartedUnit(Map.of("name", "docker; reboot", "state", "restarted"))).isNull();
    assertThat(ServiceModule.restartedUnit(Map.of("name", List.of("docker"), "state", "restarted"))).isNull();
    assertThat(ServiceModule.startedUnit(Map.of("name", "docker", "state", "start"), START)).isNull();
  }

  @Test
  void onlyAPlannedStartOfTheUnitCounts() {
    assertThat(ServiceModule.startedUnit(Map.of("name", "docker", "state", "started"), START)).isEqualTo("docker");
    assertThat(ServiceModule.startedUnit(Map.of("name", "docker", "state", "started"),
        Plan.change("enable docker", List.of(new Command.Shell("true"))))).isNull();
    assertThat(ServiceModule.startedUnit(Map.of("name", "docker", "state", "started"), Plan.ok("docker is active")))
        .isNull();
  }
}
