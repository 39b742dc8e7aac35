package io.jprov.util;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.yaml.YNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void oneWordingForTheKindOfAValue() {
    assertThat(Text.kind(null)).isEqualTo("nothing");
    assertThat(Text.kind("x")).isEqualTo("a string");
    assertThat(Text.kind(5)).isEqualTo("a number");
    assertThat(Text.kind(5L)).isEqualTo("a number");
    assertThat(Text.kind(1.5)).isEqualTo("a number");
    assertThat(Text.kind(true)).isEqualTo("a boolean");
    assertThat(Text.kind(List.of())).isEqualTo("a list");
    assertThat(Text.kind(Map.of())).isEqualTo("a mapping");
  }

  @Test
  void describeAddsAScalarsValueShownSafely() {
    assertThat(Text.describe("22x")).isEqualTo("the string '22x'");
    assertThat(Text.describe("a\nb")).isEqualTo("the string 'a\\nb'");
    assertThat(Text.describe(70000)).isEqualTo("the number 70000");
    assertThat(Text.describe(false)).isEqualTo("the boolean false");
    assertThat(Text.describe(null)).isEqualTo("nothing");
    assertThat(Text.describe(List.of("secret"))).isEqualTo("a list");
    assertThat(Text.describe(Map.of("k", "v"))).isEqualTo("a mapping");
  }

  @Test
  void yamlNodesUseTheSameWords() {
    assertThat(new YNode.YScalar(null, "~", null).kind()).isEqualTo("nothing");
    assertThat(new YNode.YScalar("x", "x", null).kind()).isEqualTo("a string");
    assertThat(new YNode.YScalar(1, "1", null).kind()).isEqualTo("a number");
    assertThat(new YNode.YScalar(true, "yes", null).kind()).isEqualTo("a boolean");
  }
}
