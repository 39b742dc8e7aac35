package io.jprov.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpUrlTest {
  @ParameterizedTest
  @ValueSource(strings = {"https://download.docker.com", "http://127.0.0.1:8080/docker-ce/",
      "https://jdoe:pw@mirror.example.com/x"})
  void anHttpOrHttpsBaseUrlWithAHostPasses(String url) {
    assertThat(HttpUrl.problem(url)).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                                 | it must not be empty or contain whitespace or control characters",
      "'https://a.example/\u2028x'        | it must not be empty or contain whitespace or control characters",
      "'https://a.example/ x'             | it must not be empty or contain whitespace or control characters",
      "ftp://a.example                    | it must start with http:// or https://",
      "mirror.example.com/docker-ce       | it must start with http:// or https://",
      "https:///path                      | it has no host name",
      "https://a.example/?x=1             | it must not have a query or fragment",
      "https://a.example/#top             | it must not have a query or fragment",
      "https://a.example/%zz              | Malformed escape pair"})
  void eachProblemIsNamed(String url, String problem) {
    assertThat(HttpUrl.problem(url)).isEqualTo(problem);
  }

  @Test
  void aNewlineIsAProblem() {
    assertThat(HttpUrl.problem("https://a.example\n[evil]")).contains("control characters");
  }
}
