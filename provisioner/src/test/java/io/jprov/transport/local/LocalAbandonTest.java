package io.jprov.transport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.transport.CommandResult;
import io.jprov.transport.ExecRequest;
import io.jprov.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalConnection#abandon()} kills the running command and what it started; yum's lock wait applies locally. */
class LocalAbandonTest {
  @TempDir Path tmp;

  @Test
  void abandonKillsTheRunningCommandAndItsChildren() throws Exception {
    LocalConnection c = new LocalConnection("localhost", Duration.ofMinutes(5));
    Path pids = tmp.resolve("pids");
    CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(() -> c.exec(ExecRequest.of(
        "sleep 60 & echo $! > " + pids + ".tmp; mv " + pids + ".tmp " + pids + "; sleep 60", false)));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!Files.exists(pids) && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    long child = Long.parseLong(Files.readString(pids).strip());
    assertThat(ProcessHandle.of(child)).isPresent();
    c.abandon();
    assertThatThrownBy(() -> running.get(15, TimeUnit.SECONDS))
        .hasCauseInstanceOf(TransportException.class)
        .hasMessageContaining("localhost: command abandoned");
    until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("background child").isFalse();
    assertThatThrownBy(() -> c.exec(ExecRequest.of("true", false))).hasMessageContaining("abandoned");
  }

  @Test
  void yumInALocalScriptGoesThroughTheBoundedLockWait() {
    LocalConnection c = new LocalConnection("localhost", Duration.ofSeconds(30));
    assertThat(c.exec(ExecRequest.of("type yum", false)).stdout()).contains("function");
  }
}
