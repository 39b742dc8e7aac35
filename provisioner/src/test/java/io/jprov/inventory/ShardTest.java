package io.jprov.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.InputException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {
  @Test
  void matchesTheDocumentedAlgorithmAsAnotherToolComputesIt() {
    // computed with Python's hashlib from the formula in docs/ci.md:
    // max(range(1, n+1), key=lambda k: (int.from_bytes(sha256(f"{k}:{name}".encode()).digest()[:8], "big"), -k))
    int[] expected = {1, 1, 3, 2, 2, 2, 3, 2, 1, 3};
    for (int i = 1; i <= 10; i++) {
      assertThat(Shard.of(String.format("web%02d", i), 3)).as("web%02d", i).isEqualTo(expected[i - 1]);
    }
    assertThat(Shard.of("el7-1", 4)).isEqualTo(4);
    assertThat(Shard.of("rocky9-1", 4)).isEqualTo(2);
    assertThat(Shard.of("h0001", 10)).isEqualTo(5);
  }

  @Test
  void everyHostInExactlyOneShardAndRoughlyEvenly() {
    int n = 5;
    int[] sizes = new int[n + 1];
    for (int i = 0; i < 5000; i++) {
      String name = "host" + i;
      int inShards = 0;
      for (int k = 1; k <= n; k++) {
        if (new Shard(k, n).contains(name)) {
          inShards++;
          sizes[k]++;
        }
      }
      assertThat(inShards).isEqualTo(1);
    }
    assertThat(IntStream.rangeClosed(1, n).map(k -> sizes[k])).allMatch(s -> s > 850 && s < 1150);
  }

  @Test
  void addingAShardMovesHostsOnlyToTheNewShard() {
    Map<String, Integer> before = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      before.put("h" + i, Shard.of("h" + i, 4));
    }
    int moved = 0;
    for (Map.Entry<String, Integer> e : before.entrySet()) {
      int now = Shard.of(e.getKey(), 5);
      if (now != e.getValue()) {
        assertThat(now).isEqualTo(5);
        moved++;
      }
    }
    assertThat(moved).isBetween(300, 500); // about a fifth
  }

  @Test
  void parsesKOverN() {
    assertThat(Shard.parse("--shard", "2/5")).isEqualTo(new Shard(2, 5));
    assertThat(Shard.parse("--shard", " 1/1 ")).isEqualTo(new Shard(1, 1));
    for (String bad : new String[] {"0/3", "4/3", "3", "a/b", "1/0", "-1/2", "/2", "1/", ""}) {
      assertThatThrownBy(() -> Shard.parse("--shard", bad)).as(bad).isInstanceOf(InputException.class)
          .hasMessageStartingWith("--shard: expected K/N");
    }
  }
}
