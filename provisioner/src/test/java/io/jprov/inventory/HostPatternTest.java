package io.jprov.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.InputException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPatternTest {
  private static final Inventory INV = Inv.of("""
      all:
        hosts:
          solo:
        children:
          web:
            hosts:
              web[01:04]:
            children:
              canary:
                hosts:
                  web01:
          db:
            hosts:
              db[1:2]:
          eu:
            hosts:
              web03:
              db2:
      """);

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(delimiter = '|', textBlock = """
      all                 | solo web01 web02 web03 web04 db1 db2
      '*'                 | solo web01 web02 web03 web04 db1 db2
      web                 | web01 web02 web03 web04
      canary              | web01
      db1                 | db1
      'db2,web02'         | web02 db2
      'db2:web02'         | web02 db2
      'web*'              | web01 web02 web03 web04
      'web0?'             | web01 web02 web03 web04
      'web0[2-3]'         | web02 web03
      'web[02:03]'        | web02 web03
      'web[02:09]'        | web02 web03 web04
      '*1'                | web01 db1
      'ca*'               | web01
      'web:!canary'       | web02 web03 web04
      'web:&eu'           | web03
      'all:!web'          | solo db1 db2
      '!web'              | solo db1 db2
      '&eu'               | web03 db2
      'web,db:&eu:!db2'   | web03
      ' web , !web01 '    | web02 web03 web04
      """)
  void selects(String pattern, String expected) {
    assertThat(HostPattern.parse(pattern).select(INV)).extracting(Host::name)
        .containsExactlyElementsOf(List.of(expected.split(" ")));
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(delimiter = '|', textBlock = """
      'zzz*'
      'nothere?'
      'web[07:09]'
      """)
  void globsMatchingNothingSelectNothing(String pattern) {
    assertThat(HostPattern.parse(pattern).select(INV)).isEmpty();
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(delimiter = '|', textBlock = """
      webb              | --limit: no host or group named 'webb' (did you mean 'web'?)
      'web,!dbb'        | --limit: no host or group named 'dbb' (did you mean 'db'?)
      'web01x'          | --limit: no host or group named 'web01x' (did you mean 'web01'?)
      'quux'            | --limit: no host or group named 'quux'
      ''                | --limit: empty pattern
      'web,,db'         | --limit: empty term
      '!'               | --limit: empty term
      'web[3:1]'        | --limit: host range [3:1]: start '3' is after end '1'
      """)
  void rejects(String pattern, String message) {
    assertThatThrownBy(() -> INV.select(pattern == null ? "" : pattern))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(message);
  }

  @org.junit.jupiter.api.Test
  void undefinedNameMessageIsExact() {
    assertThatThrownBy(() -> INV.select("quux"))
        .hasMessage("--limit: no host or group named 'quux'");
  }
}
