package io.jprov.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @AfterEach
  void forget() {
    Secrets.clearForTests();
  }

  @Test
  void urlCredentialsKeepTheUserAndLoseThePassword() {
    assertThat(Secrets.mask("baseurl=https://jdoe:s3cret@mirror.example.com/centos/7"))
        .isEqualTo("baseurl=https://jdoe:****@mirror.example.com/centos/7");
    assertThat(Secrets.mask("HTTP_PROXY=http://:pw@proxy:3128")).isEqualTo("HTTP_PROXY=http://:****@proxy:3128");
    assertThat(Secrets.mask("http://mirror:8080/x and https://user@host/")).isEqualTo("http://mirror:8080/x and https://user@host/");
  }

  @Test
  void passwordLikeKeys() {
    assertThat(Secrets.mask("{\"password\": \"abc\", \"x\": 1}")).isEqualTo("{\"password\": \"****\", \"x\": 1}");
    assertThat(Secrets.mask("token=abc def")).isEqualTo("token=**** def");
    // the name of the variable holding a secret is not the secret
    assertThat(Secrets.mask("\"ssh_password_env\" : \"JPROV_SSH_PASSWORD\"")).isEqualTo("\"ssh_password_env\" : \"JPROV_SSH_PASSWORD\"");
  }

  @Test
  void registeredValuesAreMaskedAnywhereAlsoUrlEncodedAndLongestFirst() {
    assertThat(Secrets.mask("pw is p@ss w0rd!")).isEqualTo("pw is p@ss w0rd!");
    Secrets.register("p@ss w0rd!");
    Secrets.register("w0rd");
    assertThat(Secrets.mask("pw is p@ss w0rd! or p%40ss+w0rd%21 or w0rd"))
        .isEqualTo("pw is **** or **** or ****");
  }

  @Test
  void masksInLinearTimeOnHugeValues() {
    // a 100 KB value passed on the command line: the regexes this replaced backtracked for minutes
    String word = "a".repeat(200_000);
    String scheme = "x".repeat(200_000) + "://";
    String keys = "password".repeat(25_000);
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
      assertThat(Secrets.mask(word)).isEqualTo(word);
      assertThat(Secrets.mask(scheme)).isEqualTo(scheme);
      assertThat(Secrets.mask(keys + "=v")).isEqualTo(keys + "=****");
      assertThat(Secrets.mask("https://u:" + word + "@h/")).isEqualTo("https://u:****@h/");
    });
  }

  @Test
  void keysAndUrlsInAnyCaseAndPosition() {
    assertThat(Secrets.mask("DB_PASSWORD = hunter2, next")).isEqualTo("DB_PASSWORD = ****, next");
    assertThat(Secrets.mask("İx password=abc")).isEqualTo("İx password=****");
    assertThat(Secrets.mask("see HTTPS://A:B@h and ftp+x://c:d@e")).isEqualTo("see HTTPS://A:****@h and ftp+x://c:****@e");
    assertThat(Secrets.mask("1http://u:p@h")).isEqualTo("1http://u:****@h");
    assertThat(Secrets.mask("://u:p@h")).isEqualTo("://u:p@h");
    assertThat(Secrets.mask("token:")).isEqualTo("token:");
  }

  @Test
  void nullAndBlankAreNotSecrets() {
    assertThat(Secrets.register(null)).isNull();
    assertThat(Secrets.register("  ")).isEqualTo("  ");
    assertThat(Secrets.mask("a  b")).isEqualTo("a  b");
    assertThat(Secrets.mask(null)).isNull();
  }
}
