package io.jprov.inventory;

import io.jprov.InputException;
import io.jprov.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * One of N shards of a fleet ({@code --shard K/N}, K = 1..N), chosen per host by rendezvous
 * (highest-random-weight) hashing of the host's inventory name, so that every host lands in exactly
 * one shard, a host stays in its shard from run to run, and adding or removing hosts moves only
 * those hosts (docs/ci.md gives the algorithm for other tools):
 *
 * <pre>
 * score(name, k) = first 8 bytes of SHA-256(UTF-8 "k:name"), read as an unsigned big-endian integer
 * shard(name, N) = the k in 1..N with the highest score (the smaller k on a tie)
 * </pre>
 *
 * @param index K, 1-based
 * @param count N
 */
public record Shard(int index, int count) {
  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException("shard " + index + "/" + count);
    }
  }

  /**
   * Reads {@code K/N}.
   *
   * @throws InputException naming the option and the value, when it is not K/N with 1 ≤ K ≤ N
   */
  public static Shard parse(String option, String value) {
    String v = value == null ? "" : value.strip();
    int slash = v.indexOf('/');
    int k = -1;
    int n = -1;
    if (slash > 0) {
      try {
        k = Integer.parseInt(v.substring(0, slash));
        n = Integer.parseInt(v.substring(slash + 1));
      } catch (NumberFormatException e) {
        k = -1;
      }
    }
    if (n < 1 || k < 1 || k > n) {
      throw new InputException(option + ": expected K/N with 1 ≤ K ≤ N (e.g. 2/5), found '"
          + io.jprov.util.Text.shown(value == null ? "" : value) + "'");
    }
    return new Shard(k, n);
  }

  /** The shard (1..count) of the host named {@code name}. */
  public static int of(String name, int count) {
    MessageDigest md = Sha256.digest();
    int best = 1;
    long bestScore = 0;
    for (int k = 1; k <= count; k++) {
      md.reset();
      byte[] h = md.digest((k + ":" + name).getBytes(StandardCharsets.UTF_8));
      long score = 0;
      for (int i = 0; i < 8; i++) {
        score = (score << 8) | (h[i] & 0xff);
      }
      if (k == 1 || Long.compareUnsigned(score, bestScore) > 0) {
        best = k;
        bestScore = score;
      }
    }
    return best;
  }

  /** Whether the host named {@code name} is in this shard. */
  public boolean contains(String name) {
    return of(name, count) == index;
  }

  /** The hosts of {@code hosts} in this shard, in their order. */
  public List<Host> select(List<Host> hosts) {
    return hosts.stream().filter(h -> contains(h.name())).toList();
  }

  /**
   * The line for a shard that got none of the {@code selected} hosts (not an error: with more shards than hosts
   * some CI jobs get none), ending with what was not done ({@code "nothing to run"}).
   */
  public String noneOf(int selected, String nothing) {
    return "shard " + this + ": none of the " + selected + (selected == 1 ? " selected host is" : " selected hosts are")
        + " in this shard; " + nothing;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
