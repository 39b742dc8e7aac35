package io.jprov.cli;

import static io.jprov.cli.CliTest.assertOneLineError;
import static io.jprov.cli.CliTest.jprov;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jprov.JprovRun;
import io.jprov.template.Templates;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input is an exit 2 with a one-line error naming where, before any host is contacted; never
 * a crash, a hang or an error found only after hosts were changed. The inventory's one host is
 * unreachable (port 1, refused at once): a run that gets past the checks exits 4, so a 2 proves
 * the check came first.
 */
class BadInputTest {
  @TempDir Path tmp;
  Path inv;

  static final String HOST = "web1: {address: 127.0.0.1, ssh_port: 1, connect_timeout: 1";

  @BeforeEach
  void inventory() throws Exception {
    inv = write("inv.yml", "all:\n  hosts:\n    " + HOST + "}\n");
  }

  Path write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void baselineGetsPastTheChecks() {
    JprovRun r = jprov("plan", "-i", inv.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(4);
  }

  @Test
  void nullDaemonJsonValueIsRefusedAtLoad() throws Exception {
    Path i = write("d.yml", "all:\n  hosts:\n    " + HOST + ", docker: {daemon: {x: ~}}}\n");
    assertOneLineError(jprov("apply", "-i", i.toString()), 2, i + ":3:", "docker.daemon.x", "must not be empty");
    Path nested = write("d2.yml", "all:\n  vars:\n    docker:\n      daemon:\n        log-opts: {max-size: ~}\n"
        + "  hosts:\n    " + HOST + "}\n");
    assertOneLineError(jprov("apply", "-i", nested.toString()), 2, nested + ":5:", "docker.daemon.log-opts.max-size");
  }

  @Test
  void nullDaemonJsonValueInPlaybookVarsIsFoundInPreflight() throws Exception {
    Path pb = write("pb.yml", "hosts: all\nvars:\n  docker: {daemon: {x: ~}}\ntasks:\n  - name: daemon.json\n"
        + "    template: {src: daemon.json.ftl, dest: /etc/docker/daemon.json, format: json}\n");
    assertOneLineError(jprov("apply", "-i", inv.toString(), pb.toString()), 2, "task 'daemon.json'",
        "the value of 'x' is empty (null)");
  }

  @Test
  void timeoutsAreBounded() throws Exception {
    Path a = write("t1.yml", "all:\n  hosts:\n    " + HOST + ", command_timeout: 999999999h}\n");
    assertOneLineError(jprov("plan", "-i", a.toString()), 2, a + ":3:", "command_timeout: at most 168h");
    Path b = write("t2.yml", "all:\n  hosts:\n    web1: {address: 127.0.0.1, ssh_port: 1, connect_timeout: 3000000s}\n");
    assertOneLineError(jprov("plan", "-i", b.toString()), 2, b + ":3:", "connect_timeout: at most 1h");
    assertOneLineError(jprov("plan", "-i", inv.toString(), "-e", "command_timeout=999999999"), 2,
        "-e command_timeout", "at most");
    // the bounds themselves are accepted
    Path c = write("t3.yml", "all:\n  hosts:\n    " + HOST + ", command_timeout: 168h}\n");
    assertThat(jprov("plan", "-i", c.toString()).code()).isEqualTo(4);
  }

  @Test
  void reportDestinationsAreCheckedBeforeAnyHost() throws Exception {
    assertOneLineError(jprov("plan", "-i", inv.toString(), "--json", "/proc/x.json"), 2, "--json /proc/x.json",
        "cannot create files in /proc");
    assertOneLineError(jprov("plan", "-i", inv.toString(), "--json", tmp.toString()), 2, "is a directory");
    assertOneLineError(jprov("plan", "-i", inv.toString(), "--json", tmp.resolve("no/such/r.json").toString()), 2,
        "does not exist");
    assertOneLineError(jprov("plan", "-i", inv.toString(), "--log-dir", "/proc/jprov-logs"), 2, "--log-dir");
    Path report = tmp.resolve("r.json");
    assertThat(jprov("plan", "-i", inv.toString(), "--json", report.toString()).code()).isEqualTo(4);
    assertThat(report).exists();
    assertThat(tmp.toFile().list()).noneMatch(n -> n.startsWith(".jprov-probe"));
  }

  @Test
  void bundleFetchUrlOptionsAreChecked() throws Exception {
    String dir = tmp.resolve("b").toString();
    assertOneLineError(jprov("bundle", "fetch", "--dir", dir, "--mirror", "ftp://x"), 2, "--mirror 'ftp://x'",
        "http:// or https://");
    assertOneLineError(jprov("bundle", "fetch", "--dir", dir, "--mirror", "not a url"), 2, "--mirror");
    assertOneLineError(jprov("bundle", "fetch", "--dir", dir, "--base-mirror", "http://"), 2, "--base-mirror");
    assertOneLineError(jprov("bundle", "fetch", "--dir", dir, "--registry", "https://r.example/\nx"), 2,
        "--registry", "\\n");
  }

  @Test
  void aMirrorRefusingConnectionsIsANetworkError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    JprovRun r = jprov("bundle", "fetch", "--dir", tmp.resolve("b").toString(), "--mirror", url, "--base-mirror", url,
        "--registry", url);
    assertOneLineError(r, 5, "network error", "127.0.0.1:" + port, "cannot connect");
  }

  @Test
  void recursiveTemplateIsAnInputErrorNamingIt() throws Exception {
    write("rec.ftl", "<#macro m><@m/></#macro><@m/>\n");
    write("fn.ftl", "<#function f n><#return f(n + 1)></#function>${f(1)}\n");
    write("self.ftl", "<#include \"self.ftl\">\n");
    for (String src : List.of("rec.ftl", "fn.ftl", "self.ftl")) {
      Path pb = write("pb.yml", "hosts: all\ntasks:\n  - name: render\n    template: {src: " + src
          + ", dest: /tmp/x.conf}\n");
      JprovRun r = jprov("plan", "-i", inv.toString(), pb.toString());
      assertOneLineError(r, 2, "task 'render'", src, "recursion too deep");
    }
  }

  @Test
  void aTemplateIncludesItsSibling() throws Exception {
    write("part.ftl", "part=${inventory_hostname}\n");
    Templates t = new Templates(List.of(tmp));
    write("main.ftl", "<#include \"part.ftl\">main\n");
    assertThat(t.renderFile("main.ftl", Map.of("inventory_hostname", "web1"), "test")).isEqualTo("part=web1\nmain\n");
    assertThat(t.renderFile(tmp.resolve("main.ftl").toString(), Map.of("inventory_hostname", "web1"), "test"))
        .isEqualTo("part=web1\nmain\n");
  }

  @Test
  void missingTemplateIsFoundBeforeAnyHost() throws Exception {
    Path pb = write("pb.yml", "hosts: all\ntasks:\n  - name: render\n    template: {src: nope.ftl, dest: /tmp/x.conf}\n");
    assertOneLineError(jprov("plan", "-i", inv.toString(), pb.toString()), 2, pb + ":3:", "task 'render'",
        "template 'nope.ftl' not found");
  }

  @Test
  void badPlaybookHostsPatternNamesThePlaybook() throws Exception {
    Path pb = write("pb.yml", "name: x\nhosts: 'web[1:'\ntasks: []\n");
    JprovRun r = jprov("plan", "-i", inv.toString(), pb.toString());
    assertOneLineError(r, 2, pb + ":2:8: hosts", "unclosed '['");
    assertThat(r.err()).doesNotContain("--limit");
    Path pb2 = write("pb2.yml", "name: x\nhosts: nosuch\ntasks: []\n");
    JprovRun r2 = jprov("plan", "-i", inv.toString(), pb2.toString());
    assertOneLineError(r2, 2, pb2.toString(), "hosts: no host or group named 'nosuch'");
    assertThat(r2.err()).doesNotContain("--limit");
  }

  @Test
  void controlCharactersAndShellCharactersInHostNamesAreRefused() throws Exception {
    for (String name : List.of("web\\0x", "web\\x07", "we b", "web;x", "web$(id)", "-oProxyCommand", "wéb")) {
      Path i = write("h.yml", "all:\n  hosts:\n    \"" + name + "\": {address: 127.0.0.1, ssh_port: 1}\n");
      assertOneLineError(jprov("plan", "-i", i.toString()), 2, i + ":3:", "bad host name");
    }
  }

  @Test
  void unknownTagIsAnErrorAndUnknownSkipTagANotice() {
    assertOneLineError(jprov("plan", "-i", inv.toString(), "--tags", "nosuchtag"), 2,
        "--tags: no task has tag 'nosuchtag' (tags: ", "packages", "verify");
    JprovRun r = jprov("plan", "-i", inv.toString(), "--skip-tags", "nosuchtag");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out()).contains("--skip-tags: no task has tag 'nosuchtag'");
  }

  @Test
  void limitGlobsMatchInLinearTime() throws Exception {
    String longName = "a".repeat(1000);
    Path i = write("long.yml", "all:\n  hosts:\n    " + longName + ": {address: 127.0.0.1, ssh_port: 1}\n");
    JprovRun r = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> jprov("plan", "-i", i.toString(), "--limit", "*a*a*a*a*a*a*a*b"));
    assertOneLineError(r, 2, "no hosts matched");
    JprovRun hit = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> jprov("inventory", "-i", i.toString(), "--list", "--limit", "*a*a*a*a*a*a*a*a"));
    assertThat(hit.code()).as(hit.err()).isIn(0, 2);
  }

  @Test
  void aModeFromExtraVarsIsValidatedAfterInterpolation() throws Exception {
    Path pb = write("pb.yml", "hosts: all\ntasks:\n  - name: dir\n    file: {path: /srv/x, state: directory, mode: \"${m}\"}\n");
    JprovRun r = jprov("plan", "-i", inv.toString(), pb.toString(), "-e", "m=0755; touch /tmp/x #${");
    assertOneLineError(r, 2, "task 'dir'", "mode", "0755; touch /tmp/x #${");
    Path ok = write("ok.yml", "hosts: all\nvars: {m: \"0755\"}\ntasks:\n  - name: dir\n"
        + "    file: {path: /srv/x, state: directory, mode: \"${m}\"}\n");
    JprovRun fine = jprov("plan", "-i", inv.toString(), ok.toString());
    assertThat(fine.code()).as(fine.err()).isEqualTo(4);
  }

  @Test
  void aNewlineInAProxyValueIsRefusedNamingTheVariable() throws Exception {
    JprovRun r = jprov("plan", "-i", inv.toString(), "-e", "docker.http_proxy=http://proxy:3128",
        "-e", "docker.no_proxy=a\nExecStartPre=/bin/touch /tmp/pwned");
    assertOneLineError(r, 2, "-e docker.no_proxy", "a\\nExecStartPre");
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
    assertOneLineError(jprov("plan", "-i", inv.toString(), "-e", "docker.https_proxy=http://p:3128/\nExecStartPre=x"),
        2, "-e docker.https_proxy");
    // in the playbook's own vars (not checked as inventory values): the drop-in template refuses it
    Path pb = write("pb.yml", "hosts: all\nvars:\n  docker:\n    http_proxy: http://proxy:3128\n"
        + "    no_proxy: \"a\\nExecStartPre=/bin/touch /tmp/pwned\"\ntasks:\n  - name: proxy\n"
        + "    template: {src: docker-http-proxy.conf.ftl, dest: /etc/systemd/system/docker.service.d/http-proxy.conf}\n");
    assertOneLineError(jprov("plan", "-i", inv.toString(), pb.toString()), 2, "task 'proxy'",
        "docker.no_proxy: a proxy value must not contain whitespace or control characters");
  }

  @Test
  void proxyDropInEscapesBackslashQuoteAndPercent() {
    Templates t = new Templates(List.of(Path.of(System.getProperty("jprov.home", ".."), "templates")));
    String out = t.renderFile("docker-http-proxy.conf.ftl",
        Map.of("docker", Map.of("http_proxy", "http://u:p\\w\"%h@proxy:3128")), "test");
    assertThat(out).contains("Environment=\"HTTP_PROXY=http://u:p\\\\w\\\"%%h@proxy:3128\"");
  }

  @Test
  void repoTemplateRefusesANewlineInTheMirror() {
    Templates t = new Templates(List.of(Path.of(System.getProperty("jprov.home", ".."), "templates")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.renderFile("docker-ce.repo.ftl",
            Map.of("docker", Map.of("mirror", "https://m.example\nenabled=0\n[evil]\nbaseurl=http://evil")), "test"))
        .isInstanceOf(io.jprov.InputException.class)
        .hasMessageContaining("docker.mirror must not contain whitespace or control characters");
  }
}
