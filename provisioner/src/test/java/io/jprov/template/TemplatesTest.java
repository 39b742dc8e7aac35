package io.jprov.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jprov.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesTest {
  private static final String WHERE = "play.yml:12:3: task 'conf'";

  private final Templates t = new Templates(List.of());

  private static Map<String, Object> model() {
    Map<String, Object> docker = new LinkedHashMap<>();
    docker.put("version", "26.1.4");
    docker.put("users", List.of("ops", "ci"));
    docker.put("daemon", Map.of("debug", true));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("docker", docker);
    m.put("port", 8080);
    m.put("root", "/tmp/x");
    m.put("facts", Map.of("os", Map.of("id", "centos", "version", "7")));
    return m;
  }

  @Test
  void interpolatesStringsRecursively() {
    Object out = t.interpolate(Map.of("path", "${root}/etc/app.conf",
        "list", List.of("v${docker.version}", 1, true), "plain", "no template $HOME"), model(), WHERE);
    assertThat(out).isEqualTo(Map.of("path", "/tmp/x/etc/app.conf",
        "list", List.of("v26.1.4", 1, true), "plain", "no template $HOME"));
  }

  @Test
  void singleExpressionKeepsItsType() {
    assertThat(t.interpolate("${docker.users}", model(), WHERE)).isEqualTo(List.of("ops", "ci"));
    assertThat(t.interpolate("${port}", model(), WHERE)).isEqualTo(8080);
    assertThat(t.interpolate("${port + 1}", model(), WHERE)).isInstanceOf(Number.class);
    assertThat(t.interpolate("${docker.daemon}", model(), WHERE)).isEqualTo(Map.of("debug", true));
    assertThat(t.interpolate("${docker.daemon.debug}", model(), WHERE)).isEqualTo(true);
    assertThat(t.interpolate("${docker.version}", model(), WHERE)).isEqualTo("26.1.4");
  }

  @Test
  void numbersAndBooleansRenderForComputers() {
    assertThat(t.interpolate("port=${port * 1000} debug=${docker.daemon.debug}", model(), WHERE))
        .isEqualTo("port=8080000 debug=true");
  }

  @Test
  void twoExpressionsMakeAString() {
    assertThat(t.interpolate("${port}${port}", model(), WHERE)).isEqualTo("80808080");
  }

  @Test
  void undefinedVariableNamesWhereAndTheVariable() {
    assertThatThrownBy(() -> t.interpolate("v${docker.versoin}", model(), WHERE))
        .isInstanceOf(InputException.class)
        .hasMessage(WHERE + ": undefined variable 'docker.versoin'");
    assertThatThrownBy(() -> t.interpolate("${nope}", model(), WHERE))
        .hasMessage(WHERE + ": undefined variable 'nope'");
  }

  @Test
  void undefinedVariableIsTypedWithItsNameAndRoot() {
    Map<String, Object> noFacts = new LinkedHashMap<>(model());
    noFacts.remove("facts");
    assertThatThrownBy(() -> t.interpolate("v${docker.versoin}", model(), WHERE))
        .isInstanceOfSatisfying(UndefinedVariableException.class, e -> {
          assertThat(e.name()).isEqualTo("docker.versoin");
          assertThat(e.root()).isEqualTo("docker");
        });
    assertThatThrownBy(() -> t.interpolate("${facts.os.id}", noFacts, WHERE))
        .isInstanceOfSatisfying(UndefinedVariableException.class, e -> assertThat(e.root()).isEqualTo("facts"));
    assertThatThrownBy(() -> t.condition("facts.os.id == \"centos\"", noFacts, WHERE))
        .isInstanceOfSatisfying(UndefinedVariableException.class, e -> assertThat(e.root()).isEqualTo("facts"));
    assertThatThrownBy(() -> t.interpolate("${my_facts_dir}/x", model(), WHERE))
        .isInstanceOfSatisfying(UndefinedVariableException.class, e -> {
          assertThat(e.name()).isEqualTo("my_facts_dir");
          assertThat(e.root()).isEqualTo("my_facts_dir");
        });
    // a syntax error is no undefined variable
    assertThatThrownBy(() -> t.interpolate("${docker.}", model(), WHERE))
        .isInstanceOf(InputException.class).isNotInstanceOf(UndefinedVariableException.class);
  }

  @Test
  void syntaxErrorIsOneLine() {
    assertThatThrownBy(() -> t.interpolate("x ${port +}", model(), WHERE))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(WHERE + ": ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("FTL stack"));
  }

  @Test
  void noClassInstantiationOrApi() {
    assertThatThrownBy(() -> t.interpolate(
        "${\"freemarker.template.utility.Execute\"?new()(\"id\")}", model(), WHERE))
        .isInstanceOf(InputException.class);
    assertThatThrownBy(() -> t.interpolate("${docker?api.size()}", model(), WHERE))
        .isInstanceOf(InputException.class);
  }

  @Test
  void conditions() {
    assertThat(t.condition("facts.os.id == \"centos\" && docker.users?size > 0", model(), WHERE)).isTrue();
    assertThat(t.condition("port < 80", model(), WHERE)).isFalse();
    assertThat(t.condition("${docker.daemon.debug}", model(), WHERE)).isTrue();
    assertThat(t.condition("docker.proxy??", model(), WHERE)).isFalse();
  }

  @Test
  void nonBooleanConditionIsAClearError() {
    assertThatThrownBy(() -> t.condition("docker.version", model(), WHERE))
        .isInstanceOf(InputException.class)
        .hasMessage(WHERE + ": condition 'docker.version' must be true or false, but it is the string '26.1.4'");
    assertThatThrownBy(() -> t.condition("docker.daemon", model(), WHERE))
        .hasMessage(WHERE + ": condition 'docker.daemon' must be true or false, but it is a mapping");
    assertThatThrownBy(() -> t.condition("port", model(), WHERE))
        .hasMessage(WHERE + ": condition 'port' must be true or false, but it is the number 8080");
  }

  @Test
  void undefinedInConditionNamesTheVariable() {
    assertThatThrownBy(() -> t.condition("dokcer.users?size > 0", model(), WHERE))
        .hasMessage(WHERE + ": undefined variable 'dokcer'");
  }

  @Test
  void renderFileFromDirsInOrder(@TempDir Path dir) throws Exception {
    Path home = Files.createDirectories(dir.resolve("home/templates"));
    Path play = Files.createDirectories(dir.resolve("play"));
    Files.writeString(home.resolve("a.ftl"), "home ${port}\n");
    Files.writeString(play.resolve("a.ftl"), "play ${port}\n");
    Files.writeString(play.resolve("b.ftl"), "<#list docker.users as u>${u}<#sep>,</#list>\n");
    Templates tt = new Templates(List.of(home, play));
    assertThat(tt.renderFile("a.ftl", model(), WHERE)).isEqualTo("home 8080\n");
    assertThat(tt.renderFile("b.ftl", model(), WHERE)).isEqualTo("ops,ci\n");
    assertThat(tt.renderFile(play.resolve("a.ftl").toString(), model(), WHERE)).isEqualTo("play 8080\n");
    assertThatThrownBy(() -> tt.renderFile("c.ftl", model(), WHERE))
        .hasMessageStartingWith(WHERE + ": template 'c.ftl' not found in [");
    assertThatThrownBy(() -> tt.renderFile("../../etc/passwd", model(), WHERE))
        .hasMessageContaining("not found");
  }

  @Test
  void renderFileErrorsNameFileLineColumn(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.ftl"), "line one\nport=${docker.prot}\n");
    Files.writeString(dir.resolve("syntax.ftl"), "a\n<#if port>\n");
    Templates tt = new Templates(List.of(dir));
    assertThatThrownBy(() -> tt.renderFile("bad.ftl", model(), WHERE))
        .isInstanceOf(InputException.class)
        .hasMessage(WHERE + ": " + dir.resolve("bad.ftl") + ":2:8: undefined variable 'docker.prot'");
    assertThatThrownBy(() -> tt.renderFile("syntax.ftl", model(), WHERE))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(WHERE + ": " + dir.resolve("syntax.ftl") + ":")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void editedTemplateIsReloaded(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.ftl");
    Files.writeString(f, "one");
    Templates tt = new Templates(List.of(dir));
    assertThat(tt.renderFile("x.ftl", model(), WHERE)).isEqualTo("one");
    Files.writeString(f, "two!");
    assertThat(tt.renderFile("x.ftl", model(), WHERE)).isEqualTo("two!");
  }

  @Test
  void shQuotesOneWord() {
    Map<String, Object> m = model();
    m.put("dir", "/tmp/it's here");
    assertThat(t.interpolate("mkdir -p ${sh(dir + \"/var\")}", m, WHERE))
        .isEqualTo("mkdir -p '/tmp/it'\"'\"'s here/var'");
    assertThat(t.interpolate("ls ${sh(root)}", m, WHERE)).isEqualTo("ls /tmp/x");
  }

  @Test
  void shellVariablesNeedARawString() {
    assertThatThrownBy(() -> t.interpolate("echo ${HOME}", model(), WHERE))
        .hasMessage(WHERE + ": undefined variable 'HOME'");
    assertThat(t.interpolate("echo ${r\"${HOME}\"} $HOME", model(), WHERE)).isEqualTo("echo ${HOME} $HOME");
  }
}
