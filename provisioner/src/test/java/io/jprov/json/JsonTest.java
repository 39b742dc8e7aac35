package io.jprov.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  @ParameterizedTest
  @ValueSource(strings = {"{}", "[]", "{\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\n\"]}",
      "{\n  \"registry-mirrors\": [\n    \"https://m.example\"\n  ],\n  \"log-opts\": {\"max-size\": \"100m\"}\n}\n", "0"})
  void valid(String json) {
    assertThat(Json.check(json)).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"a\": 1,}|1:9: ",
      "{\"a\": [1, 2}|1:12: ",
      "{\"a\" 1}|1:6: ",
      "{'a': 1}|1:2: ",
      "[01]|1:3: ",
      "{} {}|1:4: expected end of document",
      "{\"a\": tru}|1:10: Unrecognized token 'tru'",
      "[\"a\u0001\"]|1:4: ",
      "[1.]|1:3: ",
      "\"abc|1:5: "})
  void invalid(String json, String where) {
    assertThat(Json.check(json)).startsWith("invalid JSON at " + where).doesNotContain("\n");
  }

  @Test
  void nothingIsNoValue() {
    assertThat(Json.check("")).isEqualTo("invalid JSON at 1:1: expected a value, found end of input");
    assertThat(Json.check(" \n")).startsWith("invalid JSON at 2:1: expected a value");
  }

  @Test
  void namesLineAndColumnAcrossLines() {
    assertThat(Json.check("{\"a\":\n  [1,\n   }")).startsWith("invalid JSON at 3:4: Unexpected character ('}'");
  }

  @Test
  void whereAnArrayStartedIsALineAndColumnNotASourceDescription() {
    assertThat(Json.check("{\"a\": [1, 2}"))
        .isEqualTo("invalid JSON at 1:12: Unexpected close marker '}': expected ']' (for Array starting at 1:7)");
  }
}
