package io.jprov.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jprov.util.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The JUnit XML report, read back with the JDK's DOM parser as a CI server would read it. */
class JunitReportTest {
  @TempDir Path tmp;

  @AfterEach
  void forget() {
    Secrets.clearForTests();
  }

  private static TaskResult task(String name, TaskResult.Status status, String message) {
    return new TaskResult(name, "command", status, 1500, message, null, List.of("echo " + name));
  }

  private static RunResult run(boolean check, HostResult... hosts) {
    return new RunResult("docker-ce", check, Instant.parse("2026-12-01T00:00:00Z"),
        Instant.parse("2026-12-01T00:00:12.345Z"), List.of(hosts), null);
  }

  private Document write(RunResult run) throws Exception {
    Path file = tmp.resolve("junit.xml");
    JunitReport.write(file, run);
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static List<Element> elements(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  private static Element suite(Document doc, String host) {
    return elements(doc.getDocumentElement(), "testsuite").stream()
        .filter(s -> s.getAttribute("name").equals(host)).findFirst().orElseThrow();
  }

  private static Element testcase(Element suite, String name) {
    return elements(suite, "testcase").stream()
        .filter(c -> c.getAttribute("name").equals(name)).findFirst().orElseThrow();
  }

  private static String counts(Element e) {
    return e.getAttribute("tests") + "/" + e.getAttribute("failures") + "/" + e.getAttribute("errors") + "/"
        + e.getAttribute("skipped");
  }

  @Test
  void aSuitePerHostATestCasePerTaskWithCountsPerStatus() throws Exception {
    HostResult web01 = new HostResult("web01", HostResult.Status.FAILED, 4200, List.of(
        task("1. repo", TaskResult.Status.OK, "present"),
        task("2. packages", TaskResult.Status.CHANGED, "installed docker-ce"),
        task("3. proxy", TaskResult.Status.SKIPPED, "no proxy configured"),
        task("4. service", TaskResult.Status.FAILED, "systemctl start docker failed (exit 1)\nJob for docker.service failed")),
        7, "4. service failed");
    HostResult web02 = new HostResult("web02", HostResult.Status.OK, 900, List.of(
        task("1. repo", TaskResult.Status.OK, "present")), 1, null);
    HostResult down = new HostResult("db.example.com", HostResult.Status.UNREACHABLE, 30, List.of(), 0,
        "db.example.com (10.9.9.9:22): connection refused");
    Document doc = write(run(false, web01, web02, down));

    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    assertThat(root.getAttribute("name")).isEqualTo("docker-ce");
    assertThat(counts(root)).isEqualTo("6/1/1/1");
    assertThat(root.getAttribute("time")).isEqualTo("12.345");
    assertThat(elements(root, "testsuite")).extracting(s -> s.getAttribute("name"))
        .containsExactly("web01", "web02", "db.example.com");

    Element s1 = suite(doc, "web01");
    assertThat(counts(s1)).isEqualTo("4/1/0/1");
    assertThat(s1.getAttribute("time")).isEqualTo("4.200");
    assertThat(elements(s1, "testcase")).extracting(c -> c.getAttribute("classname")).containsOnly("web01");
    assertThat(testcase(s1, "1. repo").getAttribute("time")).isEqualTo("1.500");
    assertThat(testcase(s1, "2. packages").getChildNodes().getLength()).isZero(); // a change outside check mode passes
    Element failure = elements(testcase(s1, "4. service"), "failure").get(0);
    assertThat(failure.getAttribute("message")).isEqualTo("systemctl start docker failed (exit 1) …");
    assertThat(failure.getAttribute("type")).isEqualTo("failed");
    assertThat(failure.getTextContent()).isEqualTo(
        "systemctl start docker failed (exit 1)\nJob for docker.service failed\n\ncommands:\n  echo 4. service");
    assertThat(elements(testcase(s1, "3. proxy"), "skipped").get(0).getAttribute("message"))
        .isEqualTo("no proxy configured");

    assertThat(counts(suite(doc, "web02"))).isEqualTo("1/0/0/0");

    // an unreachable host still has a test case (a suite without one is dropped by Jenkins)
    Element s3 = suite(doc, "db.example.com");
    assertThat(counts(s3)).isEqualTo("1/0/1/0");
    Element error = elements(testcase(s3, "host reachable"), "error").get(0);
    assertThat(error.getAttribute("type")).isEqualTo("unreachable");
    assertThat(error.getAttribute("message")).isEqualTo("db.example.com (10.9.9.9:22): connection refused");
  }

  @Test
  void inCheckModeAChangeIsAFailureSoThePipelineShowsDrift() throws Exception {
    TaskResult drift = new TaskResult("8. daemon.json", "template", TaskResult.Status.CHANGED, 3,
        "would write /etc/docker/daemon.json", "--- a\n+++ b\n@@ -1 +1 @@\n-{}\n+{\"debug\": true}\n", List.of());
    HostResult h = new HostResult("web01", HostResult.Status.CHANGED, 10, List.of(
        task("1. repo", TaskResult.Status.OK, "present"), drift), 2, null);
    Document doc = write(run(true, h));
    assertThat(counts(doc.getDocumentElement())).isEqualTo("2/1/0/0");
    Element failure = elements(testcase(suite(doc, "web01"), "8. daemon.json"), "failure").get(0);
    assertThat(failure.getAttribute("message")).isEqualTo("would change: write /etc/docker/daemon.json");
    assertThat(failure.getAttribute("type")).isEqualTo("drift");
    assertThat(failure.getTextContent()).contains("+{\"debug\": true}");
  }

  @Test
  void aDeferredTaskPassesWithItsMessageInSystemOutInBothModes() throws Exception {
    TaskResult deferred = new TaskResult("restart docker", "docker_restart", TaskResult.Status.DEFERRED, 3,
        "restart deferred: 2 running containers (docker.restart: if-idle)", null, List.of("record the pending restart"));
    for (boolean check : new boolean[] {false, true}) {
      HostResult h = new HostResult("web01", HostResult.Status.OK, 10, List.of(
          task("1. repo", TaskResult.Status.OK, "present"), deferred), 2, null);
      Document doc = write(run(check, h));
      assertThat(counts(doc.getDocumentElement())).as("check %s", check).isEqualTo("2/0/0/0");
      Element c = testcase(suite(doc, "web01"), "restart docker");
      assertThat(elements(c, "failure")).isEmpty();
      assertThat(elements(c, "skipped")).isEmpty();
      assertThat(elements(c, "system-out")).singleElement().extracting(Element::getTextContent)
          .isEqualTo("deferred: restart deferred: 2 running containers (docker.restart: if-idle)");
    }
  }

  @Test
  void interruptedIsAnErrorAndNotRunIsSkipped() throws Exception {
    HostResult stopped = new HostResult("web01", HostResult.Status.INTERRUPTED, 5, List.of(
        task("1. repo", TaskResult.Status.OK, "present")), 1, "interrupted");
    HostResult notRun = new HostResult("web02", HostResult.Status.NOT_RUN, 0, List.of(), 0,
        "batch 1 of 2: 1 of 1 hosts failed or were unreachable (100%), more than max_fail_percentage 0%");
    Document doc = write(run(false, stopped, notRun));
    assertThat(counts(suite(doc, "web01"))).isEqualTo("2/0/1/0");
    assertThat(elements(testcase(suite(doc, "web01"), "host finished"), "error").get(0).getAttribute("type"))
        .isEqualTo("interrupted");
    assertThat(counts(suite(doc, "web02"))).isEqualTo("1/0/0/1");
    assertThat(elements(testcase(suite(doc, "web02"), "host run"), "skipped").get(0).getAttribute("message"))
        .startsWith("not run: batch 1 of 2");
  }

  @Test
  void controlCharactersXmlCannotCarryAreWrittenAsEscapes() throws Exception {
    // what a host may print: colours, a bell, a NUL, a lone surrogate; tabs and line breaks are fine
    String raw = "\u001b[31merror\u001b[0m\u0007 at\u0000 \ud800 end\tok \ud83d\udc33";
    HostResult h = new HostResult("web01", HostResult.Status.FAILED, 1, List.of(
        task("t\u0001 <&> \"q\"", TaskResult.Status.FAILED, raw)), 1, null);
    Path file = tmp.resolve("junit.xml");
    JunitReport.write(file, run(false, h));
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    Element c = elements(doc.getDocumentElement(), "testcase").get(0);
    assertThat(c.getAttribute("name")).isEqualTo("t\\u0001 <&> \"q\"");
    Element failure = elements(c, "failure").get(0);
    assertThat(failure.getAttribute("message"))
        .isEqualTo("\\u001B[31merror\\u001B[0m\\u0007 at\\u0000 \\uD800 end ok \ud83d\udc33"); // tab read as a space
    assertThat(failure.getTextContent()).startsWith("\\u001B[31merror\\u001B[0m\\u0007 at\\u0000 \\uD800 end\tok \ud83d\udc33");
  }

  @Test
  void repeatedTaskNamesStayDistinct() throws Exception {
    HostResult h = new HostResult("web01", HostResult.Status.CHANGED, 1, List.of(
        task("restart docker", TaskResult.Status.CHANGED, "restarted"),
        task("restart docker", TaskResult.Status.CHANGED, "restarted")), 1, null);
    Document doc = write(run(false, h));
    assertThat(elements(doc.getDocumentElement(), "testcase")).extracting(e -> e.getAttribute("name"))
        .containsExactly("restart docker", "restart docker (2)");
  }

  @Test
  void secretsAreMaskedAndTheFileIsOwnerOnlyAndReplacedNotFollowed() throws Exception {
    Secrets.register("sudo-Pw-5521");
    Path victim = tmp.resolve("victim");
    Files.writeString(victim, "keep\n");
    Path file = tmp.resolve("junit.xml");
    Files.createSymbolicLink(file, victim);
    HostResult h = new HostResult("web01", HostResult.Status.FAILED, 1, List.of(
        task("t", TaskResult.Status.FAILED, "sudo said sudo-Pw-5521 at http://u:urlpw@m/x")), 1, null);
    JunitReport.write(file, run(false, h));
    assertThat(Files.readString(victim)).isEqualTo("keep\n");
    assertThat(Files.isSymbolicLink(file)).isFalse();
    String xml = Files.readString(file);
    assertThat(xml).contains("sudo said ****").contains("http://u:****@m/x")
        .doesNotContain("sudo-Pw-5521").doesNotContain("urlpw");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("victim", "junit.xml");
    }
  }
}
