package io.jprov.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.ExitCodes;
import io.jprov.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LockFile}: written sorted and read back; a hand-edited file that is wrong names file:line:column. */
class LockFileTest {
  @TempDir Path dir;

  static LockFile.Entry el9() {
    Map<String, String> pins = new LinkedHashMap<>();
    pins.put("docker-ce", "3:27.3.1-1.el9");
    pins.put("containerd.io", "1.7.22-3.1.el9");
    return new LockFile.Entry("27.3.1", pins, "http://m/linux/centos/9/x86_64/stable", "2026-12-01T01:00:00Z");
  }

  static LockFile.Entry bookworm() {
    return new LockFile.Entry("27.3.1", Map.of("docker-ce", "5:27.3.1-1~debian.12~bookworm"), "http://m/linux/debian",
        "2026-12-01T01:00:00Z");
  }

  @Test
  void roundTripsSortedAndQuoted() {
    LockFile lock = LockFile.EMPTY.with(Map.of("27.3", Map.of("debian-bookworm-amd64", bookworm(),
        "centos-9-x86_64", el9()), "26.1.4", Map.of("centos-9-x86_64", el9())));
    Path f = dir.resolve("docker-lock.yml");
    lock.write(f, "docker-lock.yml");
    String text = lock.toYaml();
    assertThat(text).startsWith("# Docker CE package sets resolved by jprov");
    // versions in version order, lock keys sorted; 27.3 quoted so that YAML does not read a number
    assertThat(text.indexOf("'26.1.4'") < 0 ? text.indexOf("26.1.4:") : text.indexOf("'26.1.4'"))
        .isLessThan(text.indexOf("'27.3'"));
    assertThat(text.indexOf("centos-9-x86_64:", text.indexOf("'27.3'")))
        .isLessThan(text.indexOf("debian-bookworm-amd64:"));
    LockFile back = LockFile.read(f, "docker-lock.yml");
    assertThat(back.get("27.3", "centos-9-x86_64")).isEqualTo(el9());
    assertThat(back.get("27.3", "debian-bookworm-amd64")).isEqualTo(bookworm());
    assertThat(back.get("26.1.4", "centos-9-x86_64").pins()).containsExactlyEntriesOf(el9().pins());
    assertThat(back.lockKeys()).containsExactly("centos-9-x86_64", "debian-bookworm-amd64");
  }

  @Test
  void aMissingOrEmptyFileIsAnEmptyLock() throws Exception {
    assertThat(LockFile.read(dir.resolve("none.yml"), "none.yml").entries()).isEmpty();
    Files.writeString(dir.resolve("e.yml"), "");
    assertThat(LockFile.read(dir.resolve("e.yml"), "e.yml").entries()).isEmpty();
  }

  String error(String yaml) throws Exception {
    Path f = dir.resolve("docker-lock.yml");
    Files.writeString(f, yaml);
    try {
      LockFile.read(f, "inv/docker-lock.yml");
    } catch (InputException e) {
      assertThat(e.exitCode()).isEqualTo(ExitCodes.INPUT);
      return e.getMessage();
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  static final String GOOD_ENTRY = "      version: 27.3.1\n      repo: http://m/linux/centos/9/x86_64/stable\n"
      + "      resolved_at: '2026-12-01T01:00:00Z'\n";

  @Test
  void handEditedMistakesNameFileLineColumn() throws Exception {
    assertThat(error("docker: {}\n")).isEqualTo("inv/docker-lock.yml:1:1: the lock file has no 'format' (expected"
        + " format: 1)");
    assertThat(error("format: 2\ndocker: {}\n")).isEqualTo("inv/docker-lock.yml:1:9: format: expected 1 (this jprov"
        + " reads lock format 1), found '2'");
    assertThat(error("format: 1\ndokcer: {}\n")).isEqualTo("inv/docker-lock.yml:2:1: unknown key 'dokcer' (known:"
        + " format, docker); see docs/lock.md");
    assertThat(error("format: 1\ndocker:\n  latest: {}\n")).isEqualTo("inv/docker-lock.yml:3:3: docker: 'latest' is"
        + " not a Docker version or prefix (27.3.1, 27.3, 27)");
    assertThat(error("format: 1\ndocker:\n  '27.3':\n    centos-9-x86_64:\n" + GOOD_ENTRY
        + "      packages:\n        docker-ce: '3:27.3.1-1.el9; rm -rf /'\n"))
        .isEqualTo("inv/docker-lock.yml:9:20: docker.27.3.centos-9-x86_64.packages.docker-ce: expected an exact"
            + " version such as 3:27.3.1-1.el9, found '3:27.3.1-1.el9; rm -rf /'");
    assertThat(error("format: 1\ndocker:\n  '27.3':\n    centos-9-x86_64:\n" + GOOD_ENTRY))
        .isEqualTo("inv/docker-lock.yml:5:7: docker.27.3.centos-9-x86_64: 'packages' is missing");
    assertThat(error("format: 1\ndocker:\n  '27.3':\n    centos-9-x86_64:\n" + GOOD_ENTRY
        + "      packages: {docker-ce: '3:27.3.1-1.el9'}\n      pins: {}\n"))
        .startsWith("inv/docker-lock.yml:9:7: docker.27.3.centos-9-x86_64: unknown key 'pins'");
    assertThat(error("format: 1\ndocker:\n  '27.3':\n    centos-9-x86_64:\n" + GOOD_ENTRY.replace("http://m", "ftp://m")
        + "      packages: {docker-ce: '3:27.3.1-1.el9'}\n"))
        .startsWith("inv/docker-lock.yml:6:13: docker.27.3.centos-9-x86_64.repo: not an http(s) URL");
    assertThat(error("format: 1\ndocker: [a]\n")).isEqualTo("inv/docker-lock.yml:2:9: docker: expected a mapping,"
        + " found a list");
    assertThat(error("format: 1\ndocker:\n  '27.3':\n    centos-9-x86_64:\n" + GOOD_ENTRY
        + "      packages: {docker-ce: '3:27.3.1-1.el9'}\n    centos-9-x86_64: {}\n"))
        .startsWith("inv/docker-lock.yml:9:5: duplicate key 'centos-9-x86_64'");
  }

  @Test
  void anUnquotedVersionReadsAsWritten() throws Exception {
    Path f = dir.resolve("docker-lock.yml");
    Files.writeString(f, "format: 1\ndocker:\n  27.3:\n    centos-9-x86_64:\n      version: 27.10\n"
        + "      repo: http://m/linux/centos/9/x86_64/stable\n      packages:\n        docker-buildx-plugin: 0.17\n");
    LockFile l = LockFile.read(f, "docker-lock.yml");
    assertThat(l.get("27.3", "centos-9-x86_64").version()).isEqualTo("27.10");
    assertThat(l.get("27.3", "centos-9-x86_64").pins()).containsEntry("docker-buildx-plugin", "0.17");
  }
}
