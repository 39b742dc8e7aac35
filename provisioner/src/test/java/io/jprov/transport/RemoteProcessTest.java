package io.jprov.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The yum lock wait that {@link RemoteProcess} puts in front of every script using yum, run for
 * real with {@code sh} and a fake {@code yum}; the lock file is a temporary one instead of
 * {@code /var/run/yum.pid}.
 */
class RemoteProcessTest {
  @TempDir Path tmp;
  Process holder;

  @AfterEach
  void stopHolder() {
    if (holder != null) {
      holder.destroyForcibly();
    }
  }

  private record Run(int rc, String out, String err, Duration took) {}

  private Run run(String script) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(bin.resolve("yum"), "#!/bin/sh\necho \"yum $*\"\n");
    bin.resolve("yum").toFile().setExecutable(true);
    String wrapped = RemoteProcess.withYumLockWait(script, tmp.resolve("yum.pid").toString());
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("sh", "-c", "PATH=" + bin + ":$PATH\n" + wrapped).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes());
    String err = new String(p.getErrorStream().readAllBytes());
    return new Run(p.waitFor(), out, err, Duration.ofNanos(System.nanoTime() - t0));
  }

  @Test
  void yumRunsAtOnceWithExitOnLockWhenNobodyHoldsTheLock() throws Exception {
    Files.writeString(tmp.resolve("yum.pid"), "999999999\n"); // stale: no such process
    Run r = run("yum install -y docker-ce && echo done");
    assertThat(r.rc()).isZero();
    assertThat(r.out()).isEqualTo("yum --setopt=exit_on_lock=True install -y docker-ce\ndone\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aHeldLockIsWaitedForABoundedTimeThenFailsNamingTheHolder() throws Exception {
    holder = new ProcessBuilder("sleep", "300").start();
    Files.writeString(tmp.resolve("yum.pid"), holder.pid() + "\n");
    Run r = run("JPROV_YUM_LOCK_WAIT=2; yum install -y docker-ce || exit $?; echo never");
    assertThat(r.rc()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("jprov: waiting up to 2 s for the yum lock held by pid " + holder.pid())
        .contains("jprov: yum is locked by pid " + holder.pid() + " (sleep 300 ) (" + tmp.resolve("yum.pid")
            + "); gave up after 2 s");
    assertThat(r.took()).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void yumRunsOnceTheHolderIsGone() throws Exception {
    holder = new ProcessBuilder("sleep", "2").start();
    Files.writeString(tmp.resolve("yum.pid"), holder.pid() + "\n");
    Run r = run("JPROV_YUM_LOCK_WAIT=30; yum makecache fast");
    assertThat(r.rc()).isZero();
    assertThat(r.out()).isEqualTo("yum --setopt=exit_on_lock=True makecache fast\n");
  }

  @Test
  void scriptsWithoutYumAreLeftAlone() {
    assertThat(RemoteProcess.withYumLockWait("rpm -q docker-ce")).isEqualTo("rpm -q docker-ce");
  }
}
