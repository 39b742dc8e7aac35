package io.jprov.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * jprov's install directory, which holds {@code playbooks/} and {@code templates/}: the {@code
 * jprov.home} system property (set by the launcher), else two levels above the running jar
 * ({@code provisioner/target/jprov.jar}), else the working directory.
 */
final class Home {
  private Home() {}

  static Path find() {
    String prop = System.getProperty("jprov.home");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    try {
      Path code = Path.of(Home.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = code; p != null; p = p.getParent()) {
        if (Files.isDirectory(p.resolve("playbooks")) && Files.isDirectory(p.resolve("templates"))) {
          return p;
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall back to the working directory
    }
    return Path.of("").toAbsolutePath();
  }
}
