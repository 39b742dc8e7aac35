package io.jprov.yaml;

import static io.jprov.TestMaps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class YamlWriterTest {
  @Test
  void blockStyleInInsertionOrderWithAComment() {
    Map<String, Object> doc = map("zeta", 1, "alpha", map("os", "el7", "arch", "x86_64"),
        "list", List.of(map("name", "docker-ce", "version", "3:26.1.4-1.el7"), "plain"), "empty", List.of());
    assertThat(YamlWriter.write(doc, "first line\n\nthird")).isEqualTo("""
        # first line
        #
        # third
        zeta: 1
        alpha:
          os: el7
          arch: x86_64
        list:
          - name: docker-ce
            version: 3:26.1.4-1.el7
          - plain
        empty: []
        """);
  }

  @Test
  void quotesWhatAReaderWouldTakeForSomethingElse() {
    List<String> tricky = List.of("1.10", "26.1", "yes", "off", "null", "~", "0x1F", "1e3", "a: b", "- x", "#c",
        "x #c", "", " lead", "trail ", "tab\there", "new\nline", "nul\u0000", "\"q\" and 'q'", "back\\slash",
        "{flow}", "[list]", "*alias", "&anchor", "!tag", "%dir", "@at", "`tick`", "é ünïcode", "3:26", "0755");
    Map<String, Object> doc = map("values", tricky, "n", 7, "b", true, "z", null, "big", 12345678901L);
    String text = YamlWriter.write(doc, null);
    YNode.YMap back = (YNode.YMap) YamlLoader.parse(text, "written");
    List<Object> read = new ArrayList<>();
    for (YNode n : ((YNode.YSeq) back.get("values")).items()) {
      read.add(((YNode.YScalar) n).value());
    }
    assertThat(read).as(text).isEqualTo(tricky);
    assertThat(((YNode.YScalar) back.get("n")).value()).isEqualTo(7);
    assertThat(((YNode.YScalar) back.get("b")).value()).isEqualTo(true);
    assertThat(((YNode.YScalar) back.get("z")).value()).isNull();
    assertThat(((YNode.YScalar) back.get("big")).value()).isEqualTo(12345678901L);
    assertThat(text).contains("  - '1.10'\n").contains("  - é ünïcode\n").doesNotContain("!!");
  }

  @Test
  void refusesWhatWouldNeedATag() {
    assertThatThrownBy(() -> YamlWriter.write(map("a", List.of(map("b", new StringBuilder("x")))), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the document.a[0].b is a StringBuilder, not a map,"
            + " list, string, number, boolean or null");
    assertThatThrownBy(() -> YamlWriter.write(Set.of("x"), null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> YamlWriter.write(Map.of(1, "x"), null)).hasMessageContaining("not a string: 1");
    assertThat(YamlWriter.write(Arrays.asList("a", null), null)).isEqualTo("  - a\n  - null\n");
  }
}
