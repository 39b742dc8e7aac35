package io.jprov.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium (Debian's {@code /usr/bin/chromium}; {@code -Djprov.chromium=PATH} for another) driven
 * over the DevTools protocol: one page target, commands and events as JSON over the JDK's WebSocket client. Enough
 * for the HTML report's tests: navigate, evaluate, screenshots, the network requests and console messages the
 * page caused.
 *
 * <pre>{@code
 * try (Chromium c = Chromium.launch(tmp)) {
 *   c.navigate(file.toUri());
 *   c.waitFor("document.documentElement.dataset.built === 'yes'", Duration.ofSeconds(60));
 *   long n = c.eval("document.querySelectorAll('.vr').length").asLong();
 *   c.screenshot(Path.of("target/html-report/x.png"));
 * }
 * }</pre>
 */
public final class Chromium implements AutoCloseable {
  /** System property naming the browser binary. */
  public static final String BINARY_PROPERTY = "jprov.chromium";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();

  private Chromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** The browser binary, or the test skipped (failed in CI, {@code -Djprov.requireDocker=true}) when there is none. */
  public static Path binary() {
    Path bin = Path.of(System.getProperty(BINARY_PROPERTY, "/usr/bin/chromium"));
    if (!Files.isExecutable(bin)) {
      String msg = "no Chromium at " + bin + " (Debian: apt-get install chromium; or -D" + BINARY_PROPERTY + "=PATH)";
      if (Boolean.getBoolean("jprov.requireDocker")) {
        Assertions.fail(msg + "; -Djprov.requireDocker=true (CI) forbids skipping");
      }
      Assumptions.assumeTrue(false, msg);
    }
    return bin;
  }

  /** Starts a headless browser with a new profile under {@code dir} and connects to its blank page. */
  public static Chromium launch(Path dir) throws IOException, InterruptedException {
    Path bin = binary();
    Path profile = Files.createTempDirectory(dir, "chromium-profile-");
    List<String> cmd = new ArrayList<>(List.of(bin.toString(), "--headless=new", "--disable-gpu", "--no-first-run",
        "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--disable-sync",
        "--disable-component-update", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
        "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1400,1000", "about:blank"));
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.add(1, "--no-sandbox"); // Chromium refuses to run as root with its sandbox
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile()).start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IOException("Chromium did not start (exit " + (p.isAlive() ? "none" : p.exitValue()) + "); see "
              + profile + ".log");
        }
        Thread.sleep(50);
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
      HttpClient http = HttpClient.newHttpClient();
      JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
      String ws = null;
      for (JsonNode t : targets) {
        if ("page".equals(t.path("type").asText())) {
          ws = t.get("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (ws == null) {
        throw new IOException("Chromium has no page target: " + targets);
      }
      Listener listener = new Listener();
      WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
          .buildAsync(URI.create(ws), listener).join();
      Chromium c = new Chromium(p, profile, socket);
      listener.owner = c;
      return c;
    } catch (IOException | InterruptedException | RuntimeException e) {
      p.destroyForcibly();
      throw e;
    }
  }

  /** Sends a command and waits for its result; a protocol error is an {@link IllegalStateException}. */
  public JsonNode send(String method, Map<String, ?> params) {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", JSON.valueToTree(params));
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(msg.toString(), true).join();
    JsonNode r;
    try {
      r = f.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(method + ": no answer from Chromium (" + e + ")", e);
    } finally {
      pending.remove(id);
    }
    if (r.has("error")) {
      throw new IllegalStateException(method + ": " + r.get("error"));
    }
    return r.get("result");
  }

  /** Evaluates a JavaScript expression in the page (promises awaited) and returns its value as JSON. */
  public JsonNode eval(String expression) {
    JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
        "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("page script failed: " + r.get("exceptionDetails") + "\n" + expression);
    }
    return r.path("result").path("value");
  }

  /** Loads {@code url} and waits for its load event. */
  public void navigate(URI url) throws InterruptedException {
    int before = events.size();
    send("Page.navigate", Map.of("url", url.toString()));
    long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
    while (events.subList(before, events.size()).stream()
        .noneMatch(e -> "Page.loadEventFired".equals(e.path("method").asText()))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no load event for " + url);
      }
      Thread.sleep(20);
    }
  }

  /** Polls a JavaScript condition until it is true. */
  public void waitFor(String condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eval("!!(" + condition + ")").asBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true after " + timeout + ": " + condition);
      }
      Thread.sleep(25);
    }
  }

  /** A PNG of the viewport (or the whole page) written to {@code file}. */
  public void screenshot(Path file, boolean fullPage) throws IOException {
    JsonNode r = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", fullPage));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
  }

  /** The params of every event of {@code method} received so far. */
  public List<JsonNode> events(String method) {
    return events.stream().filter(e -> method.equals(e.path("method").asText())).map(e -> e.get("params")).toList();
  }

  @Override
  public void close() throws IOException {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the browser goes anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** Reassembles frames into messages; answers complete their command, the rest are recorded as events. */
  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder buf = new StringBuilder();
    private volatile Chromium owner;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buf.append(data);
      if (last) {
        String text = buf.toString();
        buf.setLength(0);
        try {
          JsonNode msg = JSON.readTree(text);
          Chromium c = owner;
          while (c == null) {
            Thread.onSpinWait();
            c = owner;
          }
          if (msg.has("id")) {
            CompletableFuture<JsonNode> f = c.pending.get(msg.get("id").asInt());
            if (f != null) {
              f.complete(msg);
            }
          } else {
            c.events.add(msg);
          }
        } catch (IOException e) {
          throw new IllegalStateException("not JSON from Chromium: " + text, e);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
