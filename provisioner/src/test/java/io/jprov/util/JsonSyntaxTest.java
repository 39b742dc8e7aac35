package io.jprov.util;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSyntaxTest {
  @ParameterizedTest
  @ValueSource(strings = {"{}", "[]", "{\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\n\"]}",
      "{\n  \"registry-mirrors\": [\n    \"https://m.example\"\n  ],\n  \"log-opts\": {\"max-size\": \"100m\"}\n}\n", "0"})
  void valid(String json) {
    assertThatCode(() -> JsonSyntax.check(json)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"a\": 1,}|1:9: expected '\"'",
      "{\"a\": [1, 2}|1:12: expected ']'",
      "{\"a\" 1}|1:6: expected ':'",
      "{'a': 1}|1:2: expected '\"'",
      "[01]|1:3: expected ']'",
      "{} {}|1:4: expected end of document",
      "{\"a\": tru}|1:7: expected a value",
      "|1:1: expected a value"})
  void invalid(String json, String message) {
    assertThatThrownBy(() -> JsonSyntax.check(json == null ? "" : json))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }
}
