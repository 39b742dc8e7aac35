package io.jprov.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commands of {@link RepoCheckFacts} run for real with the local {@code sh} (and curl, when this
 * machine has it) against a registry stand-in on the loopback: the recorded cases show the parsers, this
 * shows the shell.
 */
class RepoCheckFactsLocalTest {
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // Docker Hub's answer to an anonymous GET /v2/: 401 with a token challenge
    server.createContext("/v2/", x -> {
      x.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"https://auth.example/token\"");
      byte[] body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(401, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.createContext("/", x -> {
      x.sendResponseHeaders(404, -1);
      x.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static FactOutput run(Fact<?> fact) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "( " + fact.command() + "\n) </dev/null 2>&1")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new FactOutput(p.waitFor(), out);
  }

  private static boolean curl() throws Exception {
    return new ProcessBuilder("sh", "-c", "command -v curl").start().waitFor() == 0;
  }

  @Test
  void registryThatAsksForATokenIsOk() throws Exception {
    assumeTrue(curl(), "curl is not installed here");
    Fact<RepoCheckFacts.RegistryAnswer> fact = RepoCheckFacts.registryV2(base + "/");
    RepoCheckFacts.RegistryAnswer a = fact.parse(run(fact));
    assertThat(a.answer().status()).as(a.toString()).isEqualTo(401);
    assertThat(a.ok()).isTrue();
  }

  @Test
  void pathWithoutTheRegistryApiIsNot() throws Exception {
    assumeTrue(curl(), "curl is not installed here");
    Fact<RepoCheckFacts.RegistryAnswer> fact = RepoCheckFacts.registryV2(base + "/repository/docker-hub");
    RepoCheckFacts.RegistryAnswer a = fact.parse(run(fact));
    assertThat(a.answer().status()).as(a.toString()).isEqualTo(404);
    assertThat(a.ok()).isFalse();
  }

  @Test
  void closedPortGivesCurlsError() throws Exception {
    assumeTrue(curl(), "curl is not installed here");
    server.stop(0);
    Fact<RepoCheckFacts.RegistryAnswer> fact = RepoCheckFacts.registryV2(base);
    RepoCheckFacts.RegistryAnswer a = fact.parse(run(fact));
    assertThat(a.answer().reached()).as(a.toString()).isFalse();
    assertThat(a.answer().exitCode()).isEqualTo(7);
    assertThat(a.answer().error()).startsWith("curl: (7)");
  }

  @Test
  void clockIsThisMachinesClock() throws Exception {
    Long clock = RepoCheckFacts.HOST_CLOCK.parse(run(RepoCheckFacts.HOST_CLOCK));
    assertThat(clock).isNotNull();
    assertThat(Math.abs(clock - System.currentTimeMillis() / 1000)).isLessThan(5);
  }

  @Test
  void proxyEnvReadsWithoutError() throws Exception {
    FactOutput out = run(RepoCheckFacts.DOCKER_PROXY_ENV);
    assertThat(out.exitCode()).as(out.output()).isZero();
    assertThat(out.output()).as("the last line says whether dockerd runs").containsAnyOf("stopped", "running ");
  }
}
