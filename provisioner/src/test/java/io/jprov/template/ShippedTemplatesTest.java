package io.jprov.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jprov.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The templates under the top-level {@code templates/} render with sample variables. */
class ShippedTemplatesTest {
  private static final Path HOME = Path.of(System.getProperty("jprov.home", ".."));
  private static final Path DIR = HOME.resolve("templates");
  private final Templates templates = new Templates(List.of(DIR));

  private static Map<String, Object> model(String channel, List<String> mirrors, Map<String, Object> daemon) {
    Map<String, Object> docker = new LinkedHashMap<>();
    docker.put("version", "26.1.4");
    docker.put("mirror", "https://mirrors.ustc.edu.cn/docker-ce/");
    docker.put("channel", channel);
    docker.put("registry_mirrors", mirrors);
    docker.put("users", List.of("ops"));
    if (daemon != null) {
      docker.put("daemon", daemon);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("docker", docker);
    m.put("facts", Map.of("os", Map.of("id", "centos", "version", "7", "major", "7"), "arch", "x86_64"));
    return m;
  }

  @TestFactory
  Stream<DynamicTest> everyTemplateRenders() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".ftl")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () ->
        assertThat(templates.renderFile(f.getFileName().toString(),
            model("stable", List.of("https://docker.mirrors.ustc.edu.cn"), null), "test")).isNotBlank()));
  }

  @Test
  void daemonJsonDefaults() throws Exception {
    String out = templates.renderFile("daemon.json.ftl", model("stable", List.of(), null), "test");
    assertThat(out).isEqualTo("""
        {
          "log-driver": "json-file",
          "log-opts": {
            "max-size": "100m",
            "max-file": "3"
          }
        }
        """);
    new ObjectMapper().readTree(out);
  }

  @Test
  void daemonJsonWithMirrorsAndExtraKeysIsValidAndStable() throws Exception {
    Map<String, Object> daemon = new LinkedHashMap<>();
    daemon.put("live-restore", true);
    daemon.put("max-concurrent-downloads", 5);
    daemon.put("exec-opts", List.of("native.cgroupdriver=systemd"));
    daemon.put("labels", List.of());
    daemon.put("default-ulimits", Map.of("nofile", Map.of("Name", "nofile", "Hard", 65536, "Soft", 65536)));
    daemon.put("data-root", "/data/docker \"quoted\"\\");
    Map<String, Object> model = model("stable",
        List.of("https://docker.mirrors.ustc.edu.cn", "https://hub-mirror.c.163.com"), daemon);
    String out = templates.renderFile("daemon.json.ftl", model, "test");
    JsonNode json = new ObjectMapper().readTree(out);
    assertThat(json.get("registry-mirrors")).hasSize(2);
    assertThat(json.get("registry-mirrors").get(0).asText()).isEqualTo("https://docker.mirrors.ustc.edu.cn");
    assertThat(json.get("log-opts").get("max-file").asText()).isEqualTo("3");
    assertThat(json.get("live-restore").asBoolean()).isTrue();
    assertThat(json.get("max-concurrent-downloads").asInt()).isEqualTo(5);
    assertThat(json.get("data-root").asText()).isEqualTo("/data/docker \"quoted\"\\");
    assertThat(json.get("default-ulimits").get("nofile").get("Hard").asInt()).isEqualTo(65536);
    assertThat(out).doesNotContainPattern(",\\s*[}\\]]").endsWith("}\n");
    assertThat(out.indexOf("registry-mirrors")).isLessThan(out.indexOf("log-driver"));
    assertThat(templates.renderFile("daemon.json.ftl", model, "test")).isEqualTo(out);
  }

  @Test
  void daemonKeysOverrideDefaults() throws Exception {
    String out = templates.renderFile("daemon.json.ftl",
        model("stable", List.of(), Map.of("log-opts", Map.of("max-size", "10m"))), "test");
    JsonNode json = new ObjectMapper().readTree(out);
    assertThat(json.get("log-opts").get("max-size").asText()).isEqualTo("10m");
    assertThat(json.get("log-opts").has("max-file")).isFalse();
  }

  @Test
  void dockerRepoStable() {
    String out = templates.renderFile("docker-ce.repo.ftl", model("stable", List.of(), null), "test");
    assertThat(out).contains("""
        [docker-ce-stable]
        name=Docker CE Stable - $basearch
        baseurl=https://mirrors.ustc.edu.cn/docker-ce/linux/centos/7/$basearch/stable
        enabled=1
        gpgcheck=1
        gpgkey=https://mirrors.ustc.edu.cn/docker-ce/linux/centos/gpg
        """);
    assertThat(out).contains("[docker-ce-stable-debuginfo]", "[docker-ce-stable-source]",
        "[docker-ce-test-debuginfo]", "[docker-ce-test-source]",
        "baseurl=https://mirrors.ustc.edu.cn/docker-ce/linux/centos/7/debug-$basearch/stable",
        "baseurl=https://mirrors.ustc.edu.cn/docker-ce/linux/centos/7/source/test");
    assertThat(section(out, "docker-ce-test")).contains("enabled=0");
    assertThat(out).doesNotContain("$releasever").doesNotContain("nightly").doesNotContain("gpgcheck=0");
    assertThat(out.split("enabled=1", -1)).hasSize(2);
  }

  @Test
  void dockerRepoTestChannelEnablesTest() {
    String out = templates.renderFile("docker-ce.repo.ftl", model("test", List.of(), null), "test");
    assertThat(section(out, "docker-ce-test")).contains("enabled=1")
        .contains("baseurl=https://mirrors.ustc.edu.cn/docker-ce/linux/centos/7/$basearch/test");
    assertThat(section(out, "docker-ce-stable")).contains("enabled=1");
    assertThat(section(out, "docker-ce-test-source")).contains("enabled=0");
  }

  @Test
  void dockerRepoRejectsUnknownChannel() {
    assertThatThrownBy(() -> templates.renderFile("docker-ce.repo.ftl", model("nightly", List.of(), null), "test"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("docker.channel must be stable or test, found 'nightly'")
        .hasMessageContaining("docker-ce.repo.ftl:");
  }

  private static String section(String ini, String name) {
    int start = ini.indexOf("[" + name + "]\n");
    int end = ini.indexOf("\n[", start + 1);
    return ini.substring(start, end < 0 ? ini.length() : end);
  }
}
