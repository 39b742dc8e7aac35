package io.jprov.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.JprovRun;
import io.jprov.report.HtmlReport;
import io.jprov.report.ReportReader;
import io.jprov.report.RunResult;
import io.jprov.testfleet.TestFleet;
import io.jprov.testfleet.TestFleet.InventoryOptions;
import io.jprov.testfleet.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a real run on the test fleet, in a real headless Chromium: the Docker CE playbook with
 * {@code --diff} on a fresh CentOS 7 host (converges), two end-of-life hosts without a base repository mirror (fail
 * at step 2 with one cause) and a host that is down (unreachable). The JSON report is read back
 * ({@link ReportReader}, as {@code jprov report html} does) and its page must show the hosts, their statuses, the
 * failure group and, on a click, a task's diff. Screenshots in {@code target/html-report/fleet-*.png}.
 */
class HtmlReportFleetIT {
  @TempDir Path tmp;

  @BeforeAll
  static void docker() {
    TestFleet.assumeDocker();
    Chromium.binary();
  }

  @Test
  void aFleetRunsReportInARealBrowser() throws Exception {
    try (TestFleet fleet = TestFleet.builder().host("el7-1", Variant.FRESH).host("el7-eol-1", Variant.EOL)
        .host("el7-eol-2", Variant.EOL).start()) {
      Path inventory = fleet.dir().resolve("html.yml");
      Files.writeString(inventory, fleet.inventoryYaml(InventoryOptions.defaults().withoutBaseReposMirror())
          + "    gone-1: {address: 127.0.0.1, ssh_port: 1, connect_timeout: 2}\n");
      Path json = tmp.resolve("run.json");
      JprovRun r = JprovRun.shown("apply", "--no-color", "--diff", "--json", json.toString(), "-i",
          inventory.toString());
      assertThat(r.code()).as("a host failed").isEqualTo(3);

      RunResult run = ReportReader.read(json);
      Path page = HtmlReportBrowserTest.OUT.resolve("fleet.html");
      HtmlReport.write(page, run);

      try (Chromium c = Chromium.launch(tmp)) {
        c.send("Emulation.setDeviceMetricsOverride", Map.of("width", 1400, "height", 1000, "deviceScaleFactor", 1,
            "mobile", false));
        c.send("Page.enable", Map.of());
        c.send("Network.enable", Map.of());
        c.navigate(page.toAbsolutePath().toUri());
        c.waitFor("document.documentElement.dataset.built === 'yes'", Duration.ofSeconds(60));

        JsonNode cards = c.eval("Object.fromEntries([...document.querySelectorAll('#summary .card')]"
            + ".map(x => [x.dataset.k, +x.querySelector('b').textContent]))");
        assertThat(cards.get("hosts").asInt()).isEqualTo(4);
        assertThat(cards.get("changed").asInt()).isEqualTo(1);
        assertThat(cards.get("failed").asInt()).isEqualTo(2);
        assertThat(cards.get("unreachable").asInt()).isEqualTo(1);
        assertThat(cards.get("tasks_changed").asInt()).isGreaterThan(5);

        JsonNode rows = c.eval("Object.fromEntries([...document.querySelectorAll('#vt-rows .vr:not([hidden])')]"
            + ".map(r => [r.querySelector('.name').textContent, r.dataset.status]))");
        assertThat(rows.get("el7-1").asText()).isEqualTo("changed");
        assertThat(rows.get("el7-eol-1").asText()).isEqualTo("failed");
        assertThat(rows.get("el7-eol-2").asText()).isEqualTo("failed");
        assertThat(rows.get("gone-1").asText()).isEqualTo("unreachable");

        // the two end-of-life hosts are one group, whose cause names the missing mirror
        assertThat(c.eval("document.querySelectorAll('#groups .group').length").asInt()).isEqualTo(2);
        String eol = "[...document.querySelectorAll('#groups .group')].find(g => g.textContent.includes('failed'))";
        assertThat(c.eval(eol + ".querySelector('.n').textContent").asText()).isEqualTo("2 hosts");
        assertThat(c.eval(eol + ".querySelector('.cause').textContent").asText()).contains("base_repos_mirror");
        c.eval(eol + ".querySelector('summary').click()");
        List<String> members = new ArrayList<>();
        c.eval("[..." + eol + ".querySelectorAll('.hostlist .link')].map(l => l.textContent)")
            .forEach(n -> members.add(n.asText()));
        assertThat(members).containsExactly("el7-eol-1", "el7-eol-2");
        c.screenshot(HtmlReportBrowserTest.OUT.resolve("fleet-overview.png"), true);

        // a failed host's detail: its failing task says why
        c.eval("[...document.querySelectorAll('#vt-rows .vr')].find(r => r.textContent.includes('el7-eol-1')).click()");
        String failedTask = "document.querySelector('#detail .task[data-status=failed]')";
        assertThat(c.eval(failedTask + ".textContent").asText()).contains("2. base repositories");
        c.eval(failedTask + ".querySelector('summary').click()");
        assertThat(c.eval(failedTask + ".querySelector('.msg').textContent").asText()).contains("base_repos_mirror");
        c.screenshot(HtmlReportBrowserTest.OUT.resolve("fleet-failed-host.png"), false);

        // the converged host: daemon.json's diff opens on a click
        c.eval("[...document.querySelectorAll('#vt-rows .vr')].find(r => r.textContent.includes('el7-1')).click()");
        assertThat(c.eval("document.querySelector('#detail-body h3').textContent").asText()).isEqualTo("el7-1");
        String daemon = "[...document.querySelectorAll('#detail .task')].find(t => t.textContent.includes('8b.'))";
        assertThat(c.eval(daemon + ".dataset.status").asText()).isEqualTo("changed");
        assertThat(c.eval(daemon + ".querySelector('.diff') === null").asBoolean()).isTrue();
        c.eval(daemon + ".querySelector('summary').click()");
        assertThat(c.eval(daemon + ".querySelector('.diff').textContent").asText()).contains("daemon.json")
            .contains("log-driver");
        assertThat(c.eval(daemon + ".querySelectorAll('.diff .add').length").asInt()).isPositive();
        c.screenshot(HtmlReportBrowserTest.OUT.resolve("fleet-host-detail.png"), false);

        List<String> urls = c.events("Network.requestWillBeSent").stream()
            .map(e -> e.path("request").path("url").asText()).toList();
        assertThat(urls).containsExactly(page.toAbsolutePath().toUri().toString());
      }
    }
  }
}
