package io.jprov.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jprov.InputException;
import io.jprov.modules.docker.DockerVars;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Every file in {@code src/test/resources/inventory/bad/} must fail to load. Its first line says
 * how: {@code # expect: LINE:COL text} (the message must contain {@code file:LINE:COL} and the
 * text), or {@code # expect: ALIAS} for alias bombs (must fail fast, naming the file).
 */
class InventoryErrorsTest {

  @TestFactory
  @Timeout(60)
  Stream<DynamicTest> badInventories() throws IOException, URISyntaxException {
    Path dir = Path.of(getClass().getResource("/inventory/bad").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(30);
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      String name = f.getFileName().toString();
      String first = Files.readAllLines(f).get(0);
      assertThat(first).startsWith("# expect: ");
      String expect = first.substring("# expect: ".length());
      InputException e = catchThrowableOfType(
          () -> Inventory.load(f, name, Map.of(), DockerVars.SCHEMA), InputException.class);
      assertThat(e).as("loading %s must fail", name).isNotNull();
      assertThat(e.getMessage()).doesNotContain("\n");
      if (expect.equals("ALIAS")) {
        assertThat(e.getMessage()).startsWith(name + ":").containsIgnoringCase("alias");
        return;
      }
      int sp = expect.indexOf(' ');
      assertThat(e.getMessage())
          .startsWith(name + ":" + expect.substring(0, sp) + ": ")
          .contains(expect.substring(sp + 1));
    }));
  }

  @Test
  void extraVarsAreValidatedAndNamedByTheirOption() {
    String yaml = "all:\n  hosts:\n    web01:\n";
    assertThatThrownBy(() -> Inv.of(yaml, Map.of("docker", Map.of("channel", "nightly"))))
        .isInstanceOf(InputException.class)
        .hasMessage("-e docker.channel=nightly: docker.channel: the nightly channel no longer exists;"
            + " use stable or test");
    assertThatThrownBy(() -> Inv.of(yaml, Map.of("ssh_port", "abc")))
        .hasMessageStartingWith("-e ssh_port=abc: ssh_port: expected a port number");
    assertThatThrownBy(() -> Inv.of(yaml, Map.of("ssh_usr", "x")))
        .hasMessage("-e ssh_usr: unknown variable 'ssh_usr' (did you mean 'ssh_user'?)");
    assertThatThrownBy(() -> Inv.of(yaml, Map.of("ssh_password", "x")))
        .hasMessageContaining("secrets must not be written");
  }

  @Test
  void missingFileIsAnInputError() {
    assertThatThrownBy(() -> Inventory.load(Path.of("/nonexistent/inv.yml"), "inv.yml", Map.of(), DockerVars.SCHEMA))
        .isInstanceOf(InputException.class)
        .hasMessage("inv.yml: file not found");
  }

  @Test
  void emptyDocumentIsAnError() {
    assertThatThrownBy(() -> Inv.of(""))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("inv.yml:1:1: empty inventory");
  }
}
