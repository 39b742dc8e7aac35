package io.jprov.platform;

import io.jprov.JprovException;
import java.util.List;
import java.util.Map;

/**
 * What the controller looks up in a Docker CE mirror for the modules (they never touch the network
 * themselves): repository signing keys, and the exact package set of a Docker version for one distro,
 * resolved from the repository's own metadata (rpm repodata, apt {@code Packages}) and recorded in the
 * lock file ({@code docker-lock.yml}, docs/lock.md). One instance serves every host of a run; it is
 * thread-safe and caches what it fetched.
 */
public interface RepoLookup {

  /**
   * The bytes at {@code url} (an http(s) URL), fetched once per run.
   *
   * @throws LookupException when it cannot be fetched (the message names the URL and the cause)
   */
  byte[] fetch(String url);

  /**
   * The exact versions of {@code names} for Docker {@code version} on {@code distro}: from the lock file
   * when it has an entry for this version and {@link Distro#lockKey()}, else resolved from the metadata of
   * the repository under {@code mirror} ({@link Distro#dockerRepoUrl}) and recorded for the lock file.
   *
   * @param version a full version ({@code 27.3.1}) or a prefix ({@code 27.3}, {@code 27})
   * @param names the set, the first being the anchor whose version must match ({@code docker-ce})
   * @throws LookupException when the version is not there (the message names the nearest ones) or
   *     the metadata cannot be read
   */
  Resolved resolve(Distro distro, String mirror, String channel, String version, List<String> names);

  /**
   * A resolved set.
   *
   * @param version the anchor's upstream version ({@code 27.3.1})
   * @param pins name → exact version as the package manager writes it ({@code 3:27.3.1-1.el9},
   *     {@code 5:27.3.1-1~debian.12~bookworm})
   * @param source where it came from: {@code docker-lock.yml} or the repository URL
   */
  record Resolved(String version, Map<String, String> pins, String source) {}

  /**
   * A lookup failed; the message is one line for the task's result. Its exit code is {@link
   * io.jprov.ExitCodes#NETWORK} when the repository could not be read (unreachable, HTTP error), else
   * {@link io.jprov.ExitCodes#FAILED} (e.g. no such version).
   */
  final class LookupException extends JprovException {
    private final boolean pending;

    public LookupException(String message) {
      super(io.jprov.ExitCodes.FAILED, message);
      this.pending = false;
    }

    public LookupException(String message, Throwable cause) {
      super(io.jprov.ExitCodes.FAILED, message, cause);
      this.pending = false;
    }

    /**
     * @param exitCode {@link io.jprov.ExitCodes#NETWORK} or {@link io.jprov.ExitCodes#FAILED}
     * @param pending see {@link #pending()}
     */
    public LookupException(int exitCode, String message, Throwable cause, boolean pending) {
      super(exitCode, message, cause);
      this.pending = pending;
    }

    /**
     * True when the answer is not known yet but a plan may go on without it: a check-mode run could not
     * reach the repository (the lookup knows the run's mode; modules do not).
     */
    public boolean pending() {
      return pending;
    }
  }

  /** No controller lookups (unit tests, and runs that need none): every call fails saying so. */
  RepoLookup NONE = new RepoLookup() {
    @Override
    public byte[] fetch(String url) {
      throw new LookupException("no repository lookups in this run (fetch " + url + ")");
    }

    @Override
    public Resolved resolve(Distro distro, String mirror, String channel, String version, List<String> names) {
      throw new LookupException("no repository lookups in this run (resolve " + version + " for " + distro.key() + ")");
    }
  };
}
