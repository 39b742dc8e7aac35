package io.jprov.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jprov.report.HtmlReport;
import io.jprov.report.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a synthetic 10,000-host run ({@link SyntheticRun}) in a real headless Chromium: the page
 * shows the report's counts and groups, filters and sorts right, renders hostile names as text, asks the network
 * for nothing, and prints its size and timings ({@code BENCH html-report …}). Screenshots go to
 * {@code target/html-report/} for a person to look at. Chromium is on every CI machine: without it this fails
 * under {@code -Djprov.requireDocker=true} and is skipped elsewhere ({@link Chromium#binary}).
 */
class HtmlReportBrowserTest {
  static final Path OUT = Path.of("target", "html-report");
  static final Duration BUILD = Duration.ofSeconds(120);

  @TempDir Path tmp;

  @Test
  void tenThousandHostsInARealBrowser() throws Exception {
    Chromium.binary();
    RunResult run = SyntheticRun.of(9_999, true);
    SyntheticRun.Expected e = SyntheticRun.expected(run);
    assertThat(e.hosts()).isEqualTo(10_000);
    Files.createDirectories(OUT);
    Path page = OUT.resolve("synthetic-10000.html");
    HtmlReport.write(page, run);
    long size = Files.size(page);
    // the same run as the JSON report (indented, as --json writes it) and as one line: what the compact data saves
    long jsonReport = Files.size(writeJson(run));
    long jsonMinified = new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsBytes(io.jprov.report.JsonReport.toMap(run)).length;

    try (Chromium c = Chromium.launch(tmp)) {
      c.send("Emulation.setDeviceMetricsOverride", Map.of("width", 1400, "height", 1000, "deviceScaleFactor", 1,
          "mobile", false));
      c.send("Page.enable", Map.of());
      c.send("Network.enable", Map.of());
      c.send("Log.enable", Map.of());
      c.send("Runtime.enable", Map.of());
      c.navigate(page.toAbsolutePath().toUri());
      c.waitFor("document.documentElement.dataset.built === 'yes'", BUILD);
      double fcp = c.eval("performance.getEntriesByName('first-contentful-paint')[0].startTime").asDouble();
      double built = c.eval("jprovTimings.built").asDouble();
      assertThat(fcp).as("the summary is painted before the page is built").isLessThan(built);
      c.screenshot(OUT.resolve("synthetic-overview.png"), true);

      // summary (plain HTML) and the filter buttons (counted by the script) agree with the run
      JsonNode cards = c.eval("Object.fromEntries([...document.querySelectorAll('#summary .card')]"
          + ".map(x => [x.dataset.k, +x.querySelector('b').textContent]))");
      assertThat(cards.get("hosts").asInt()).isEqualTo(10_000);
      assertThat(cards.get("ok").asInt()).isEqualTo(e.ok());
      assertThat(cards.get("changed").asInt()).isEqualTo(e.changed());
      assertThat(cards.get("failed").asInt()).isEqualTo(e.failed());
      assertThat(cards.get("unreachable").asInt()).isEqualTo(e.unreachable());
      assertThat(cards.get("interrupted").asInt()).isEqualTo(e.interrupted());
      assertThat(cards.get("not_run").asInt()).isEqualTo(e.notRun());
      assertThat(c.eval("+document.querySelector('[data-filter=failed]').dataset.count").asInt())
          .isEqualTo(e.failed());
      // a virtualised table: a screenful of rows exists, not 10,000
      assertThat(c.eval("document.querySelectorAll('#vt-rows .vr:not([hidden])').length").asInt()).isBetween(20, 80);
      assertThat(c.eval("document.getElementById('shown').textContent").asText()).isEqualTo("10000 of 10000 hosts");

      // failure groups: one per cause, host names and addresses taken out
      List<Integer> sizes = new ArrayList<>();
      c.eval("[...document.querySelectorAll('#groups .group .n')].map(n => parseInt(n.textContent))")
          .forEach(n -> sizes.add(n.asInt()));
      assertThat(sizes).isEqualTo(e.groupSizes());
      assertThat(c.eval("document.querySelector('#groups .group .cause').textContent").asText())
          .contains("<host>").doesNotContain("web-");
      c.eval("document.querySelector('#groups .group summary').click()");
      assertThat(c.eval("document.querySelectorAll('#groups .group[open] .hostlist .link').length").asInt())
          .isEqualTo(Math.min(500, e.groupSizes().get(0)));

      // filter to failed, then sort by duration: timed in the page, layout included
      double filterMs = c.eval(timed("document.querySelector('[data-filter=failed]').click()")).asDouble();
      assertThat(c.eval("document.getElementById('shown').textContent").asText())
          .isEqualTo(e.failed() + " of 10000 hosts");
      assertThat(c.eval("[...document.querySelectorAll('#vt-rows .vr:not([hidden])')].every(r => "
          + "r.dataset.status === 'failed')").asBoolean()).isTrue();
      c.eval("document.querySelector('[data-filter=all]').click()");
      double sortMs = c.eval(timed("document.querySelector('[data-sort=dur]').click()")).asDouble();
      assertThat(visibleNames(c).subList(0, 5)).isEqualTo(e.slowest());
      c.eval("document.querySelector('[data-sort=dur]').click()");
      assertThat(c.eval("document.querySelector('#vt-rows .vr .num').textContent").asText()).isEqualTo("0 ms");
      c.eval("document.querySelector('[data-sort=name]').click()");

      // the text box: names and messages
      long refused = run.hosts().stream().filter(h -> (h.name() + "\n" + h.message()).toLowerCase(Locale.ROOT)
          .contains("connection refused")).count();
      search(c, "Connection Refused");
      assertThat(c.eval("document.getElementById('shown').textContent").asText())
          .isEqualTo(refused + " of 10000 hosts");

      // hostile texts stay text: nothing ran, no element was made of them
      search(c, "<script>");
      assertThat(visibleNames(c)).containsExactly("<script>window.__pwned=1</script>");
      c.eval("document.querySelector('#vt-rows .vr').click()");
      assertThat(c.eval("document.querySelector('#detail-body h3').textContent").asText())
          .isEqualTo("<script>window.__pwned=1</script>");
      c.eval("document.querySelector('#detail .task summary').click()");
      assertThat(c.eval("document.querySelector('#detail .task .msg').textContent").asText())
          .isEqualTo("<b>bold</b> & </script><script>window.__pwned=3</script>");
      assertThat(c.eval("typeof window.__pwned").asText()).isEqualTo("undefined");
      assertThat(c.eval("document.querySelectorAll('img, #detail b, #vt-rows b, #groups b').length + ' ' + document.scripts.length").asText())
          .isEqualTo("0 2");
      c.screenshot(OUT.resolve("synthetic-failed-host.png"), false);

      // a changed host: its tasks, and a diff rendered when opened, masked
      search(c, "");
      c.eval("document.querySelector('[data-filter=changed]').click()");
      c.eval("document.querySelector('#vt-rows .vr').click()");
      String daemon = "[...document.querySelectorAll('#detail .task')].find(t => t.textContent.includes('8b.'))";
      assertThat(c.eval(daemon + ".querySelector('.diff') === null").asBoolean()).as("diff made on open").isTrue();
      c.eval(daemon + ".querySelector('summary').click()");
      String diff = c.eval(daemon + ".querySelector('.diff').textContent").asText();
      assertThat(diff).contains("https://ci:****@registry.example.com").doesNotContain(SyntheticRun.SECRET);
      assertThat(c.eval(daemon + ".querySelectorAll('.diff .add').length").asInt()).isEqualTo(3);
      c.screenshot(OUT.resolve("synthetic-host-detail.png"), false);

      // the timeline: the 50 slowest, slowest first
      assertThat(c.eval("document.querySelectorAll('#tl .tl-row').length").asInt()).isEqualTo(50);
      List<String> tl = new ArrayList<>();
      c.eval("[...document.querySelectorAll('#tl .tl-row .link')].slice(0, 5).map(l => l.textContent)")
          .forEach(n -> tl.add(n.asText()));
      assertThat(tl).isEqualTo(e.slowest());

      // no request but the page itself, no policy violation
      List<String> urls = c.events("Network.requestWillBeSent").stream()
          .map(r -> r.path("request").path("url").asText()).toList();
      assertThat(urls).containsExactly(page.toAbsolutePath().toUri().toString());
      assertThat(c.events("Log.entryAdded").stream().map(l -> l.path("entry").path("text").asText()))
          .noneMatch(t -> t.contains("Content Security Policy") || t.contains("Refused"));
      assertThat(c.events("Runtime.exceptionThrown")).isEmpty();

      System.out.printf(Locale.ROOT, "BENCH html-report hosts=%d size=%d bytes first_contentful_paint=%.0f ms "
          + "built=%.0f ms filter=%.1f ms sort=%.1f ms (json_report=%d bytes, minified=%d bytes)%n", e.hosts(), size,
          fcp, built, filterMs, sortMs, jsonReport, jsonMinified);
    }
  }

  private Path writeJson(RunResult run) {
    Path f = tmp.resolve("run.json");
    io.jprov.report.JsonReport.write(f, run);
    return f;
  }

  /** JavaScript that runs {@code action} and returns its time in ms, the layout it causes included. */
  static String timed(String action) {
    return "(() => { const t0 = performance.now(); " + action + "; document.body.offsetHeight; "
        + "return performance.now() - t0; })()";
  }

  static List<String> visibleNames(Chromium c) {
    List<String> names = new ArrayList<>();
    c.eval("[...document.querySelectorAll('#vt-rows .vr:not([hidden]) .name')].map(n => n.textContent)")
        .forEach(n -> names.add(n.asText()));
    return names;
  }

  /** Types into the filter box and waits for the table to follow (the box waits 80 ms for more keys). */
  static void search(Chromium c, String text) throws InterruptedException {
    c.eval("(() => { const s = document.getElementById('search'); s.value = " + jsString(text)
        + "; s.dispatchEvent(new Event('input')); })()");
    Thread.sleep(300);
    c.waitFor("true", Duration.ofSeconds(1));
  }

  static String jsString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
