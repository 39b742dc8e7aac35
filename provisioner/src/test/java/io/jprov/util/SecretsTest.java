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
  void nullAndBlankAreNotSecrets() {
    assertThat(Secrets.register(null)).isNull();
    assertThat(Secrets.register("  ")).isEqualTo("  ");
    assertThat(Secrets.mask("a  b")).isEqualTo("a  b");
    assertThat(Secrets.mask(null)).isNull();
  }
}
