package io.jprov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.testfleet.FleetHost;
import io.jprov.testfleet.TestFleet;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every fleet integration test shares: the Docker engine is required (a skipped suite fails CI
 * with {@code -Djprov.requireDocker=true}), a scratch directory, jprov run as a user would run it,
 * and the playbook's default pinned set.
 */
abstract class FleetTestBase {
  /** The playbook's default set (docker_sets 26.1.4), as rpm reports it. */
  static final Map<String, String> SET_26 = Map.of(
      "docker-ce", "3:26.1.4-1.el7", "docker-ce-cli", "1:26.1.4-1.el7", "containerd.io", "1.6.33-3.1.el7",
      "docker-buildx-plugin", "0.14.1-1.el7", "docker-compose-plugin", "2.27.1-1.el7",
      "docker-ce-rootless-extras", "26.1.4-1.el7");

  @TempDir Path tmp;

  @BeforeAll
  static void docker() {
    TestFleet.assumeDocker();
  }

  /** {@code jprov apply -i inventory extra...} in a scratch directory. */
  ApplyRun jprov(Path inventory, String... extra) throws Exception {
    return ApplyRun.apply(tmp, inventory, extra);
  }

  interface Call<T> {
    T call() throws Exception;
  }

  /** Runs {@code c} on another thread (a run to interrupt or break while it goes on). */
  static <T> CompletableFuture<T> async(Call<T> c) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return c.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Every package of {@code set} is installed at exactly its pinned version. */
  static void assertSet(FleetHost h, Map<String, String> set) {
    for (Map.Entry<String, String> p : set.entrySet()) {
      assertThat(h.packageVersion(p.getKey())).as(h + " " + p.getKey()).contains(p.getValue());
    }
  }
}
