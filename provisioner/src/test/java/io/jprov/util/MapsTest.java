package io.jprov.util;

import static io.jprov.TestMaps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapsTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> frozen(Map<String, Object> m) {
    return (Map<String, Object>) Maps.freeze(m);
  }

  @Test
  void mapsMergeKeyByKeyListsScalarsAndNullReplace() {
    Map<String, Object> base = map("docker", map("version", "26.1.4", "users", List.of("a"), "daemon", map("debug", true)),
        "port", 1, "gone", "x");
    Map<String, Object> over = map("docker", map("users", List.of("b"), "daemon", map("log", "json")), "gone", null);
    Map<String, Object> out = Maps.deepMerge(base, over);
    assertThat(out).isEqualTo(map("docker", map("version", "26.1.4", "users", List.of("b"),
        "daemon", map("debug", true, "log", "json")), "port", 1, "gone", null));
    assertThat(base).isEqualTo(map("docker", map("version", "26.1.4", "users", List.of("a"), "daemon", map("debug", true)),
        "port", 1, "gone", "x"));
    // the engine adds inventory_hostname to the result
    out.put("inventory_hostname", "h");
    assertThat(out).containsKey("inventory_hostname");
  }

  @Test
  void mergedIsUnmodifiableAndSharesWhatALayerDoesNotChange() {
    Map<String, Object> base = frozen(map("a", map("x", 1), "b", map("y", 2)));
    Map<String, Object> over = frozen(map("a", map("z", 3)));
    Map<String, Object> out = Maps.merged(base, over);
    assertThat(out.get("b")).isSameAs(base.get("b"));
    assertThat(out.get("a")).isEqualTo(map("x", 1, "z", 3));
    assertThatThrownBy(() -> out.put("c", 1)).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> a = (Map<String, Object>) out.get("a");
    assertThatThrownBy(() -> a.put("c", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(Maps.merged(base, Map.of())).isSameAs(base);
    assertThat(Maps.merged(Map.of(), over)).isSameAs(over);
  }

  @Test
  void freezeIsDeepAndKeepsOrderAndNulls() {
    List<Object> list = new ArrayList<>(Arrays.asList("x", null, map("k", new ArrayList<>(List.of(1)))));
    @SuppressWarnings("unchecked")
    Map<String, Object> frozen = (Map<String, Object>) Maps.freeze(map("z", list, "a", null));
    assertThat(frozen.keySet()).containsExactly("z", "a");
    assertThat(frozen).containsEntry("a", null);
    @SuppressWarnings("unchecked")
    List<Object> l = (List<Object>) frozen.get("z");
    assertThatThrownBy(() -> l.add(1)).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> inner = (List<Object>) ((Map<String, Object>) l.get(2)).get("k");
    assertThatThrownBy(() -> inner.add(2)).isInstanceOf(UnsupportedOperationException.class);
    list.add("later");
    assertThat(l).hasSize(3);
  }
}
