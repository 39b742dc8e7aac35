package io.jprov.modules;

import io.jprov.facts.AccountFacts;
import io.jprov.facts.DpkgFacts;
import io.jprov.facts.Fact;
import io.jprov.facts.FileContentFacts;
import io.jprov.facts.FileDigests;
import io.jprov.facts.FileStat;
import io.jprov.facts.KernelFacts;
import io.jprov.facts.RpmFacts;
import io.jprov.facts.ServiceFacts;
import io.jprov.facts.SnapshotFacts;
import io.jprov.facts.VersionLockFacts;
import io.jprov.facts.YumFacts;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Answers for {@link TaskModule#affects}: which facts, by key, a task's commands may move.
 *
 * <p>Facts are sorted into kinds of host state by the prefix of their key, taken from the facts'
 * own factories (so a renamed key moves with them). A narrow answer names the kinds and paths a
 * module touches; a fact of any other recognised kind is kept. A fact of no recognised kind (a
 * command's exit status such as {@code unless:}, a validation, a URL's answer, a kind added later)
 * is always taken as moved: what it reads is unknown.
 */
public final class Affects {
  private Affects() {}

  /** Every fact may have moved (the default of {@link TaskModule#affects}). */
  public static final Predicate<String> EVERYTHING = key -> true;

  /** A kind of host state, recognised by the key prefixes of its facts. */
  public enum Kind {
    /** A file or directory at a path: stat, content, snapshots, digests under a directory, versionlock lists. */
    PATHS(kind(FileStat.of("/x", false)), kind(FileStat.of("/x", true)), kind(FileContentFacts.of("/x")),
        kind(SnapshotFacts.pending("/x")), kind(FileDigests.under("/x")), kind(VersionLockFacts.list("/x"))),
    /** Installed packages, imported rpm keys and what the repositories offer. */
    PACKAGES(kind(RpmFacts.query(List.of("x"))), RpmFacts.GPG_PUBKEYS.key(), kind(DpkgFacts.query(List.of("x"))),
        kind(YumFacts.available(List.of("x"))), kind(YumFacts.availableUnlocked(List.of("x"))),
        kind(YumFacts.dnfAvailable(List.of("x"))), kind(DpkgFacts.available(List.of("x")))),
    /** systemd units. */
    UNITS(kind(ServiceFacts.of("x"))),
    /** Loaded kernel modules and sysctl values. */
    KERNEL(kind(KernelFacts.moduleLoaded("x")), kind(KernelFacts.sysctl("x"))),
    /** Groups and group membership. */
    ACCOUNTS(kind(AccountFacts.group("x")), kind(AccountFacts.groupsOf("x")));

    private final List<String> prefixes;

    Kind(String... prefixes) {
      this.prefixes = List.of(prefixes);
    }

    boolean holds(String key) {
      for (String p : prefixes) {
        if (p.endsWith(":") ? key.startsWith(p) : key.equals(p)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The key's prefix up to its first ':' (inclusive), or the whole key when it has none. */
  private static String kind(Fact<?> f) {
    int colon = f.key().indexOf(':');
    return colon < 0 ? f.key() : f.key().substring(0, colon + 1);
  }

  /** The kind of a fact key; null when it is of no recognised kind. */
  static Kind kindOf(String key) {
    for (Kind k : Kind.values()) {
      if (k.holds(key)) {
        return k;
      }
    }
    return null;
  }

  /**
   * Facts of no recognised kind, plus those {@code moved} accepts: the narrow answer a module
   * builds from {@link #kinds} and {@link #paths}.
   */
  @SafeVarargs
  public static Predicate<String> only(Predicate<String>... moved) {
    return key -> {
      if (kindOf(key) == null) {
        return true;
      }
      for (Predicate<String> m : moved) {
        if (m.test(key)) {
          return true;
        }
      }
      return false;
    };
  }

  /** Every fact of these kinds. */
  public static Predicate<String> kinds(Kind... kinds) {
    return key -> {
      for (Kind k : kinds) {
        if (k.holds(key)) {
          return true;
        }
      }
      return false;
    };
  }

  /**
   * Facts about these paths, a path inside them or a directory holding them, compared as written
   * ({@code /etc/docker} moves {@code /etc/docker/daemon.json}, {@code /etc/docker/daemon.json.jprov-prev}
   * and {@code /etc}). A path fact is keyed by its kind's prefix and the path.
   */
  public static Predicate<String> paths(Collection<String> paths) {
    List<String> list = List.copyOf(paths);
    return key -> {
      if (!Kind.PATHS.holds(key)) {
        return false;
      }
      String path = key.substring(key.indexOf(':') + 1);
      for (String p : list) {
        if (path.startsWith(p) || p.startsWith(path)) {
          return true;
        }
      }
      return false;
    };
  }
}
