package io.jprov.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpUrlTest {
  @Test
  void anHttpOrHttpsBaseUrlWithAHostPasses() {
    assertThat(HttpUrl.problem("https://download.docker.com")).isNull();
    assertThat(HttpUrl.problem("http://127.0.0.1:8080/docker-ce/")).isNull();
    assertThat(HttpUrl.problem("https://jdoe:pw@mirror.example.com/x")).isNull();
  }

  @Test
  void eachProblemIsNamed() {
    assertThat(HttpUrl.problem("")).contains("must not be empty");
    assertThat(HttpUrl.problem("https://a.example\n[evil]")).contains("whitespace or control characters");
    assertThat(HttpUrl.problem("https://a.example/\u2028x")).contains("whitespace or control characters");
    assertThat(HttpUrl.problem("ftp://a.example")).isEqualTo("it must start with http:// or https://");
    assertThat(HttpUrl.problem("mirror.example.com/docker-ce")).isEqualTo("it must start with http:// or https://");
    assertThat(HttpUrl.problem("https:///path")).isEqualTo("it has no host name");
    assertThat(HttpUrl.problem("https://a.example/?x=1")).isEqualTo("it must not have a query or fragment");
    assertThat(HttpUrl.problem("https://a.example/#top")).isEqualTo("it must not have a query or fragment");
    assertThat(HttpUrl.problem("https://a.example/%zz")).isNotNull();
  }
}
