package io.k6bridge.output.webdashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.builtin.ListBatch;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The HTTP side, over real sockets: SSE frames byte for byte, replay, redirects, pages. */
class SseTest {
  final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void streamsFramesAsR3labsAndReplaysToLateSubscribers() throws Exception {
    WebDashboardOutput out =
        new WebDashboardOutput(
            "web-dashboard",
            new DashboardOptions(
                "127.0.0.1", 0, Duration.ofSeconds(10), false, "", "", List.of("group")),
            new MetricRegistry(),
            null,
            null,
            clock::get,
            false);
    out.start();
    String base = "http://127.0.0.1:" + out.port();
    assertEquals("web-dashboard " + base, out.description());

    HttpResponse<Stream<String>> early = get(base + "/events", null);
    assertEquals(200, early.statusCode());
    assertEquals("text/event-stream", early.headers().firstValue("Content-Type").orElse(""));
    assertEquals("*", early.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    Iterator<String> lines = early.body().iterator();
    assertEquals(
        List.of("id: 0", "data: {\"title\":\"k6bridge\"}", "event: config", ""), next(lines, 4));
    next(lines, 4); // param
    assertEquals(
        List.of(
            "id: 2",
            "data: {\"time\":{\"type\":\"gauge\",\"contains\":\"time\"}}",
            "event: metric",
            ""),
        next(lines, 4));
    assertEquals(List.of("id: 3", "data: [[1700000000000]]", "event: start", ""), next(lines, 4));

    out.addMetricSamples(
        new ListBatch()
            .add(new SeriesRegistry().get(BuiltinMetrics.HTTP_REQS, TagSet.EMPTY), 1, 2));
    clock.addAndGet(10_000);
    out.tick();
    assertEquals(
        List.of(
            "id: 4",
            "data: {\"http_reqs\":{\"type\":\"counter\"}}",
            "event: metric",
            "",
            "id: 5",
            "data: [[2,0.2],[1700000010000]]",
            "event: cumulative",
            "",
            "id: 6",
            "data: [[2,0.2],[1700000010000]]",
            "event: snapshot",
            ""),
        next(lines, 12));

    // A subscriber arriving now gets everything from id 0; Last-Event-ID replays from that id on.
    List<String> late = next(get(base + "/events", null).body().iterator(), 28);
    assertEquals("id: 0", late.get(0));
    assertEquals("event: snapshot", late.get(26));
    List<String> resumed = next(get(base + "/events", "5").body().iterator(), 4);
    assertEquals("id: 5", resumed.get(0));

    HttpResponse<String> root =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(307, root.statusCode());
    assertEquals("/ui/?endpoint=/", root.headers().firstValue("Location").orElse(""));
    String page = text(base + "/ui/");
    assertTrue(page.contains("<script src=\"dashboard.js\"></script>"), page);
    assertTrue(text(base + "/ui/uPlot.iife.min.js").contains("uPlot"));
    assertTrue(text(base + "/report").contains(HtmlReport.DATA_TAG));
    assertEquals(
        404,
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode());

    clock.addAndGet(1_000);
    out.stop();
    List<String> rest = new ArrayList<>();
    lines.forEachRemaining(rest::add);
    assertEquals(
        List.of(
            "id: 7",
            "data: [[2,0.18181],[1700000011000]]",
            "event: cumulative",
            "",
            "id: 8",
            "data: [[1700000011000]]",
            "event: stop",
            "retry: 9007199254740991",
            ""),
        rest,
        "the stream ends after stop");
  }

  @Test
  void fourHundredIdleSubscribersGetABoundedServerAndTheRestA503() throws Exception {
    WebDashboardOutput out =
        new WebDashboardOutput(
            "web-dashboard",
            new DashboardOptions("127.0.0.1", 0, Duration.ofSeconds(10), false, "", "", List.of()),
            new MetricRegistry(),
            null,
            null,
            clock::get,
            false);
    out.start();
    List<java.net.Socket> sockets = new ArrayList<>();
    try {
      int ok = 0;
      int refused = 0;
      for (int i = 0; i < 400; i++) {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", out.port());
        sockets.add(socket);
        socket
            .getOutputStream()
            .write(
                ("GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.setSoTimeout(10_000);
        String status =
            new java.io.BufferedReader(
                    new java.io.InputStreamReader(
                        socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                .readLine();
        if (status.startsWith("HTTP/1.1 200")) {
          ok++;
        } else if (status.startsWith("HTTP/1.1 503")) {
          refused++;
        }
      }
      assertEquals(DashboardServer.MAX_SUBSCRIBERS, ok);
      assertEquals(400 - DashboardServer.MAX_SUBSCRIBERS, refused);
      long threads =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().startsWith("k6bridge-web-dashboard-"))
              .count();
      assertTrue(threads <= DashboardServer.MAX_SUBSCRIBERS + 8 + 1, "threads: " + threads);
      assertEquals(DashboardServer.MAX_SUBSCRIBERS, out.subscribers());
    } finally {
      for (java.net.Socket socket : sockets) {
        socket.close();
      }
      out.stop();
    }
  }

  @Test
  void onlyTheEventStreamAllowsOtherOrigins() throws Exception {
    WebDashboardOutput out =
        new WebDashboardOutput(
            "web-dashboard",
            new DashboardOptions("127.0.0.1", 0, Duration.ofSeconds(10), false, "", "", List.of()),
            new MetricRegistry(),
            null,
            null,
            clock::get,
            false);
    out.start();
    try {
      String base = "http://127.0.0.1:" + out.port();
      for (String path : List.of("/ui/", "/report", "/", "/nothing")) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), path);
      }
    } finally {
      out.stop();
    }
  }

  @Test
  void theKeptBytesFollowPublishingAndThinning() {
    EventStream stream = new EventStream();
    EventStream.Frame metric = stream.publish("metric", new byte[100], -1);
    long perPeriod = 0;
    for (int p = 0; p < 4; p++) {
      perPeriod = stream.publish("snapshot", new byte[1000], p).wire.length;
    }
    assertEquals(metric.wire.length + 4 * perPeriod, stream.keptBytes());
    stream.thin();
    assertEquals(metric.wire.length + 2 * perPeriod, stream.keptBytes(), "every other period");
  }

  @Test
  void aSubscriberThatFallsFarBehindIsLetGo() {
    EventStream stream = new EventStream();
    stream.publish("config", new byte[] {'{', '}'}, -1);
    java.util.concurrent.BlockingQueue<EventStream.Frame> stalled = stream.subscribe(0);
    for (int i = 0; i < EventStream.MAX_BACKLOG + 10; i++) {
      stream.publish("snapshot", new byte[] {'[', ']'}, i);
    }
    assertEquals(1, stalled.size());
    assertTrue(stalled.peek() == EventStream.END, "its stream ends; the browser reconnects");
    assertEquals(0, stream.subscriberCount());
  }

  private HttpResponse<Stream<String>> get(String url, String lastEventId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
  }

  private String text(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static List<String> next(Iterator<String> lines, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(lines.next());
    }
    return out;
  }
}
