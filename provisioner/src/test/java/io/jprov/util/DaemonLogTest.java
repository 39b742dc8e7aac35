package io.jprov.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The daemon's own error among a unit's journal lines, systemd's generic lines skipped (219 and newer wording). */
class DaemonLogTest {
  @Test
  void theDaemonsErrorWinsOverSystemdsLines() {
    assertThat(DaemonLog.lastError(List.of(
        "Starting Docker Application Container Engine...",
        "time=\"2026-12-01T07:00:58Z\" level=info msg=\"Starting up\"",
        "unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character '}'",
        "docker.service: main process exited, code=exited, status=1/FAILURE",
        "start request repeated too quickly for docker.service",
        "Unit docker.service entered failed state.")))
        .isEqualTo("unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character '}'");
  }

  @Test
  void logfmtErrorsGiveTheirMessage() {
    assertThat(DaemonLog.lastError(List.of(
        "Dec 01 07:05:12 host1 dockerd[4410]: time=\"2026-12-01T07:05:12Z\" level=fatal msg=\"no \\\"overlay\\\" driver\"")))
        .isEqualTo("no \"overlay\" driver");
  }

  @Test
  void newerSystemdsGenericLinesAndJournalMarkersAreNotErrors() {
    assertThat(DaemonLog.lastError(List.of(
        "docker.service: Main process exited, code=exited, status=1/FAILURE",
        "docker.service: Failed with result 'exit-code'.",
        "docker.service: Scheduled restart job, restart counter is at 2.",
        "docker.service: Start request repeated too quickly.",
        "docker.service: Deactivated successfully.",
        "docker.service holdoff time over, scheduling restart.",
        "-- No entries --"))).isEmpty();
  }

  @Test
  void withoutAnErrorTheLastOtherLineIsKept() {
    assertThat(DaemonLog.lastError(List.of("Starting Docker Application Container Engine...",
        "dockerd: \"dockerd\" requires 0 arguments.", "Usage:        dockerd [OPTIONS]")))
        .isEqualTo("Usage:        dockerd [OPTIONS]");
  }
}
