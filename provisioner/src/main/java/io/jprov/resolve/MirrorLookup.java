package io.jprov.resolve;

import io.jprov.platform.VersionMatch;
import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.bundle.DebIndex;
import io.jprov.bundle.Digests;
import io.jprov.bundle.Http;
import io.jprov.bundle.RepoMetadata;
import io.jprov.bundle.RpmPackage;
import io.jprov.platform.Distro;
import io.jprov.platform.PackageManager;
import io.jprov.platform.RepoLookup;
import io.jprov.util.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * The controller's lookups in a Docker CE mirror (docs/lock.md): signing keys, and the exact package
 * set of a {@code docker.version} for a distro, taken from the lock file when it has the entry, else
 * resolved from the repository's own metadata ({@code repodata/repomd.xml} → primary for rpm,
 * {@code dists/<codename>/<channel>/binary-<arch>/Packages(.gz)} for apt) by {@link VersionMatch} and
 * remembered as an entry to add to the lock file at the end of the run ({@link #added}).
 *
 * <p>Thread-safe: many hosts ask at once; each URL is fetched once per run and each set resolved
 * once (the other hosts wait for it). A failure is remembered too, so every host of a distro gets the
 * same answer.
 */
public final class MirrorLookup implements RepoLookup {
  private final Http http;
  private final LockFile lock;
  private final boolean check;
  private final boolean ignoreLock;
  private final Clock clock;
  private final Map<String, FutureTask<byte[]>> fetched = new ConcurrentHashMap<>();
  private final Map<String, FutureTask<Map<String, List<String>>>> indexes = new ConcurrentHashMap<>();
  private final Map<List<Object>, FutureTask<Resolved>> resolved = new ConcurrentHashMap<>();
  /** version → lock key → entry resolved in this run. */
  private final Map<String, Map<String, LockFile.Entry>> added = new ConcurrentHashMap<>();

  /**
   * @param lock the lock file as read at the start of the run
   * @param check a check-mode run: an unreachable repository leaves the set {@link LookupException#pending()}
   * @param ignoreLock resolve every set again from the mirror ({@code jprov lock --update})
   */
  public MirrorLookup(Http http, LockFile lock, boolean check, boolean ignoreLock, Clock clock) {
    this.http = http;
    this.lock = lock;
    this.check = check;
    this.ignoreLock = ignoreLock;
    this.clock = clock;
  }

  /** A run's lookup: the lock file read from {@code lockFile} (exit 2 when it is invalid). */
  public static MirrorLookup forRun(Path lockFile, String display, boolean check) {
    return new MirrorLookup(new Http(), LockFile.read(lockFile, display), check, false, Clock.systemUTC());
  }

  /** The lock as read at the start. */
  public LockFile lock() {
    return lock;
  }

  /** The entries resolved from the mirror in this run (version → lock key → entry), sorted. */
  public Map<String, Map<String, LockFile.Entry>> added() {
    Map<String, Map<String, LockFile.Entry>> out = new TreeMap<>();
    added.forEach((v, m) -> out.put(v, new TreeMap<>(m)));
    return out;
  }

  @Override
  public byte[] fetch(String url) {
    try {
      return once(fetched, url, () -> http.get(url));
    } catch (JprovException e) {
      throw lookupFailure("", e);
    } catch (IllegalArgumentException e) {
      throw new LookupException("cannot fetch " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Resolved resolve(Distro distro, String mirror, String channel, String version, List<String> names) {
    if (distro == null) {
      throw new LookupException("cannot resolve docker.version " + version + ": the host's platform is not supported");
    }
    if (names.isEmpty()) {
      throw new LookupException("cannot resolve docker.version " + version + ": no package names");
    }
    String key = distro.lockKey();
    LockFile.Entry locked = ignoreLock ? null : lock.get(version, key);
    if (locked != null && locked.pins().keySet().containsAll(names)) {
      Map<String, String> pins = new LinkedHashMap<>();
      names.forEach(n -> pins.put(n, locked.pins().get(n)));
      return new Resolved(locked.version(), pins, LockFile.NAME);
    }
    // an entry that lacks a name the run asks for (docker_packages grew) is resolved again
    return once(resolved, List.of(version, key, names, distro.dockerRepoUrl(mirror, channel)), () -> {
      String repo = distro.dockerRepoUrl(mirror, channel);
      Map<String, List<String>> available;
      try {
        available = index(distro, mirror, channel);
      } catch (JprovException e) {
        throw lookupFailure("cannot resolve docker.version " + version + " for " + key + ": ", e);
      } catch (IllegalArgumentException e) {
        // a URL the HTTP client refuses
        throw new LookupException("cannot resolve docker.version " + version + " for " + key + ": " + e.getMessage(), e);
      }
      VersionMatch.Scheme scheme = distro.packageManager() == PackageManager.APT ? VersionMatch.Scheme.DEB
          : VersionMatch.Scheme.RPM;
      Map<String, String> pins = VersionMatch.select(scheme, version, names, available, repo);
      String upstream = scheme.upstream(pins.get(names.get(0)));
      added.computeIfAbsent(version, v -> new ConcurrentHashMap<>())
          .put(key, new LockFile.Entry(upstream, pins, repo, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()));
      return new Resolved(upstream, pins, repo);
    });
  }

  /** A network failure (exit 5; pending in check mode) or another failure (exit 3), as a LookupException. */
  private LookupException lookupFailure(String prefix, JprovException e) {
    if (e instanceof LookupException le) {
      return le;
    }
    boolean network = e.exitCode() == ExitCodes.NETWORK;
    return new LookupException(network ? ExitCodes.NETWORK : ExitCodes.FAILED, prefix + e.getMessage(), e,
        network && check);
  }

  /** Package name → every version the repository has for this distro's architecture (or none). */
  private Map<String, List<String>> index(Distro distro, String mirror, String channel) {
    if (distro.packageManager() == PackageManager.APT) {
      String dir = distro.dockerRepoUrl(mirror, channel) + "/dists/" + distro.codename() + "/" + channel
          + "/binary-" + distro.debArch();
      return once(indexes, dir, () -> aptIndex(dir, distro.debArch()));
    }
    String repo = distro.dockerRepoUrl(mirror, channel);
    return once(indexes, repo, () -> rpmIndex(repo, distro.arch()));
  }

  private Map<String, List<String>> rpmIndex(String repo, String arch) {
    byte[] repomd = get(repo + "/repodata/repomd.xml");
    RepoMetadata.PrimaryRef ref = RepoMetadata.primaryRef(repomd, repo);
    String url = repo + "/" + ref.href();
    byte[] primary = get(url);
    String found = Sha256.hex(Digests.of(ref.checksumType() == null ? "sha256" : ref.checksumType()).digest(primary));
    if (!found.equals(ref.checksum())) {
      throw new JprovException(ExitCodes.FAILED, url + ": " + ref.checksumType() + " does not match repomd.xml"
          + " (expected " + ref.checksum() + ", found " + found + "); the mirror may be updating, try again");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (RpmPackage p : RepoMetadata.parsePrimary(primary, repo, repo)) {
      if (arch.equals(p.arch()) || "noarch".equals(p.arch())) {
        out.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p.evr().toString());
      }
    }
    return out;
  }

  private Map<String, List<String>> aptIndex(String dir, String debArch) {
    byte[] data;
    try {
      data = gunzip(get(dir + "/Packages.gz"), dir + "/Packages.gz");
    } catch (JprovException e) {
      // a repository may publish only the plain index; any answer but an HTTP status is final
      if (e.getMessage() == null || !e.getMessage().contains(": HTTP ")) {
        throw e;
      }
      data = get(dir + "/Packages");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (DebIndex.Entry e : DebIndex.parse(new String(data, StandardCharsets.UTF_8))) {
      if (!e.name().isEmpty() && !e.version().isEmpty() && (debArch.equals(e.arch()) || "all".equals(e.arch()))) {
        out.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e.version());
      }
    }
    return out;
  }

  private byte[] get(String url) {
    return once(fetched, url, () -> http.get(url));
  }

  private static byte[] gunzip(byte[] data, String url) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new JprovException(ExitCodes.FAILED, url + ": not a valid gzip file: " + e.getMessage(), e);
    }
  }

  /**
   * The value of {@code key}, computed once: the first caller computes it, the others wait for it; a
   * failure is the answer for every caller.
   */
  private static <K, V> V once(Map<K, FutureTask<V>> memo, K key, Supplier<V> compute) {
    FutureTask<V> task = new FutureTask<>(compute::get);
    FutureTask<V> there = memo.putIfAbsent(key, task);
    if (there == null) {
      task.run();
      there = task;
    }
    try {
      return there.get();
    } catch (InterruptedException e) {
      // the run is being stopped: the task fails like any other lookup failure
      Thread.currentThread().interrupt();
      throw new LookupException("interrupted while waiting for " + key, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new JprovException(ExitCodes.INTERNAL, String.valueOf(e.getCause()), e.getCause());
    }
  }
}
