package io.k6bridge.itdashboard;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Debian's headless chromium, driven over the DevTools protocol with the JDK's WebSocket client:
 * navigate, evaluate, screenshot, and every console error or uncaught exception the page raises.
 */
final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = new ArrayList<>();

  private Chromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Starts chromium on about:blank with a fresh profile under {@code dir} and attaches to it. */
  static Chromium launch(Path dir) throws Exception {
    Files.createDirectories(dir);
    Path profile = Files.createTempDirectory(dir, "chromium-profile-");
    Process p =
        new ProcessBuilder(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve("chromium.log").toFile())
            .start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
      if (System.nanoTime() > deadline || !p.isAlive()) {
        p.destroyForcibly();
        throw new AssertionError("chromium did not open its DevTools port");
      }
      Thread.sleep(100);
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    HttpClient http = HttpClient.newHttpClient();
    String page = null;
    while (page == null) {
      JsonNode targets =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      for (JsonNode t : targets) {
        if (t.path("type").asText().equals("page")) {
          page = t.path("webSocketDebuggerUrl").asText();
        }
      }
      if (page == null) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("chromium has no page target");
        }
        Thread.sleep(100);
      }
    }
    Listener listener = new Listener();
    WebSocket ws =
        http.newWebSocketBuilder().buildAsync(URI.create(page), listener).get(30, TimeUnit.SECONDS);
    Chromium c = new Chromium(p, ws);
    listener.owner = c;
    c.call("Runtime.enable", Map.of());
    c.call("Log.enable", Map.of());
    c.call("Page.enable", Map.of());
    return c;
  }

  /** Sends one command and waits for its result. */
  JsonNode call(String method, Map<String, Object> params) throws Exception {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    pending.put(id, result);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", JSON.valueToTree(params));
    socket.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
    JsonNode r = result.get(60, TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new AssertionError(method + ": " + r.get("error"));
    }
    return r.path("result");
  }

  void open(String url, int width, int height) throws Exception {
    call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    call("Page.navigate", Map.of("url", url));
  }

  /** The value of a JavaScript expression in the page. */
  JsonNode eval(String expression) throws Exception {
    JsonNode r =
        call(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new AssertionError("evaluating " + expression + ": " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Polls {@code expression} until it is true. */
  void await(String expression, long seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!holds(expression)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "page never satisfied: "
                + expression
                + "; body: "
                + eval("document.body ? document.body.innerText.slice(0, 2000) : ''").asText()
                + "; errors: "
                + errors());
      }
      Thread.sleep(250);
    }
  }

  /** Whether the expression is true now; false while the page is still loading and it throws. */
  private boolean holds(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    return !r.has("exceptionDetails") && r.path("result").path("value").asBoolean(false);
  }

  /** A PNG of the whole page. */
  void screenshot(Path file) throws Exception {
    JsonNode r =
        call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
  }

  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  private void onMessage(JsonNode msg) {
    if (msg.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asLong());
      if (f != null) {
        f.complete(msg);
      }
      return;
    }
    String method = msg.path("method").asText();
    JsonNode params = msg.path("params");
    synchronized (this) {
      if (method.equals("Runtime.consoleAPICalled")
          && params.path("type").asText().equals("error")) {
        errors.add("console.error: " + params.path("args"));
      } else if (method.equals("Runtime.exceptionThrown")) {
        errors.add("exception: " + params.path("exceptionDetails"));
      } else if (method.equals("Log.entryAdded")
          && params.path("entry").path("level").asText().equals("error")) {
        errors.add(
            "log: "
                + params.path("entry").path("text").asText()
                + " "
                + params.path("entry").path("url").asText());
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    socket.abort();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** Reassembles text messages that arrive in parts. */
  private static final class Listener implements WebSocket.Listener {
    volatile Chromium owner;
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode msg = JSON.readTree(text.toString());
          if (owner != null) {
            owner.onMessage(msg);
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        } finally {
          text.setLength(0);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
