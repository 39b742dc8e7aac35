package io.jprov.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostRangeTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      web01                     | web01
      web[01:03].example.com    | web01.example.com web02.example.com web03.example.com
      web[1:3]                  | web1 web2 web3
      web[8:11]                 | web8 web9 web10 web11
      web[08:11]                | web08 web09 web10 web11
      n[001:003]                | n001 n002 n003
      db[a:c]                   | dba dbb dbc
      db[A:C]                   | dbA dbB dbC
      h[1:10:3]                 | h1 h4 h7 h10
      h[a:e:2]                  | ha hc he
      r[1:2]-[a:b]              | r1-a r1-b r2-a r2-b
      x[5:5]                    | x5
      """)
  void expands(String spec, String expected) {
    assertThat(HostRange.expand(spec)).containsExactlyElementsOf(List.of(expected.split(" ")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      web[20:01]      | start '20' is after end '01'
      db[c:a]         | start 'c' is after end 'a'
      db[1:c]         | mixes numbers and letters
      db[a:C]         | mixes upper- and lower-case letters
      web[1-5]        | malformed host range [1-5]
      web[1:2:3:4]    | malformed host range
      web[ab:cd]      | malformed host range
      web[:5]         | malformed host range
      web[1:5:0]      | bad step '0'
      web[1:5:x]      | bad step 'x'
      web[01:100]     | needs bounds of equal width
      web[1:5         | unbalanced brackets
      web]1:5[        | unbalanced brackets
      h[0:999999999]  | expands to 1000000000 hosts
      h[0:999][0:999] | expands to 1000000 hosts
      """)
  void rejects(String spec, String message) {
    assertThatThrownBy(() -> HostRange.expand(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
