package io.k6bridge.output.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.k6bridge.config.Config;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputEvents;
import io.k6bridge.output.builtin.BuiltinParams;
import io.k6bridge.output.builtin.ListBatch;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The output against a loopback server that answers as InfluxDB 1.x does, or fails on purpose. */
class InfluxDbOutputTest {
  private static final long T0 = 1_700_000_000_123_000_000L;

  private final SeriesRegistry registry = new SeriesRegistry();
  private final List<DropCounter> drops = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger writes = new AtomicInteger();
  private HttpServer server;

  /** Answers /query with 200, and the n-th /write (1-based) with {@code status.apply(n)}. */
  private String start(IntUnaryOperator status) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String target = x.getRequestURI().toString();
          int code = 200;
          if (x.getRequestURI().getPath().equals("/write")) {
            code = status.applyAsInt(writes.incrementAndGet());
          }
          if (code < 300) {
            requests.add(target + " " + x.getRequestHeaders().getFirst("User-Agent") + "\n" + body);
          }
          byte[] answer =
              code >= 400 ? "{\"error\":\"refused on purpose\"}".getBytes() : new byte[0];
          x.sendResponseHeaders(code == 200 && target.startsWith("/write") ? 204 : code, -1);
          x.getResponseBody().write(answer);
          x.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private Output output(String url, String... keyValues) {
    Map<String, String> m = new HashMap<>();
    m.put("K6_INFLUXDB_PUSH_INTERVAL", "100ms");
    m.put("K6BRIDGE_INJECTOR", "inj-1");
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    Config c = Config.builder().layer("test", m).build();
    return new InfluxDbOutputFactory()
        .create(
            new BuiltinParams(
                "influxdb",
                url,
                c,
                SystemTags.DEFAULT,
                new MetricRegistry(),
                Path.of("."),
                drops,
                OutputEvents.NONE,
                new io.k6bridge.secret.Secrets(),
                new io.k6bridge.output.builtin.OutputFiles()));
  }

  private ListBatch requests(int n) {
    Series s =
        registry.get(
            BuiltinMetrics.HTTP_REQS,
            TagSet.builder().put("name", "home").put("status", "200").build());
    ListBatch b = new ListBatch();
    for (int i = 0; i < n; i++) {
      b.add(s, T0 + (i / 2) * 1_000_000L, 1); // two requests in each millisecond
    }
    return b;
  }

  private List<String> points() {
    List<String> out = new ArrayList<>();
    for (String r : requests) {
      if (r.startsWith("/write")) {
        r.lines().skip(1).forEach(out::add);
      }
    }
    return out;
  }

  private long dropped() {
    return drops.stream().mapToLong(DropCounter::count).sum();
  }

  @Test
  void everySampleArrivesAsItsOwnPointAfterTheDatabaseIsCreated() throws Exception {
    String url = start(n -> 204);
    Output o = output(url + "/shop");
    o.start();
    o.addMetricSamples(requests(6));
    o.stop();
    assertEquals("/query k6\nq=CREATE+DATABASE+%22shop%22", requests.get(0));
    assertTrue(requests.get(1).startsWith("/write?db=shop&precision=n k6\n"), requests.get(1));
    List<String> points = points();
    assertEquals(6, points.size(), points.toString());
    Set<String> times = new HashSet<>();
    for (String p : points) {
      assertTrue(p.startsWith("http_reqs,injector=inj-1,name=home,status=200 value=1 "), p);
      times.add(p.substring(p.lastIndexOf(' ') + 1));
    }
    assertEquals(6, times.size(), "no point overwrites another: " + points);
    assertEquals(0, dropped());
  }

  @Test
  void serverErrorsAreRetriedInOrderAndNothingIsLost() throws Exception {
    String url = start(n -> n <= 2 ? 503 : 204);
    Output o = output(url + "/k6");
    o.start();
    o.addMetricSamples(requests(4));
    Thread.sleep(300);
    o.addMetricSamples(requests(2));
    o.stop();
    assertEquals(6, points().size(), points().toString());
    assertTrue(writes.get() >= 4, "two refused attempts, then the writes: " + writes.get());
    assertEquals(0, dropped());
  }

  @Test
  void aFullBacklogDropsTheOldestWritesAndCountsTheirPoints() throws Exception {
    String url = start(n -> 503);
    Output o =
        output(
            url + "/k6",
            "K6BRIDGE_INFLUXDB_MAX_PENDING_BYTES",
            "300",
            "K6BRIDGE_INFLUXDB_FLUSH_TIMEOUT",
            "300ms");
    o.start();
    for (int i = 0; i < 4; i++) {
      o.addMetricSamples(requests(4)); // about 230 bytes a write: one fits
      Thread.sleep(250);
    }
    o.stop();
    Map<String, Long> counted = new HashMap<>();
    drops.forEach(d -> counted.put(d.what(), d.count()));
    long overflowed =
        counted.get(
            "influxdb: points dropped from a full backlog (K6BRIDGE_INFLUXDB_MAX_PENDING_BYTES)");
    long undelivered =
        counted.get("influxdb: points not delivered by the end (K6BRIDGE_INFLUXDB_FLUSH_TIMEOUT)");
    assertTrue(overflowed >= 8, "older writes dropped: " + overflowed);
    assertEquals(16, overflowed + undelivered, "every point accounted for: " + counted);
  }

  @Test
  void refusedWritesAndWhatCannotBeDeliveredInTimeAreCounted() throws Exception {
    String url = start(n -> n == 1 ? 400 : 503);
    Output o = output(url + "/k6", "K6BRIDGE_INFLUXDB_FLUSH_TIMEOUT", "500ms");
    o.start();
    o.addMetricSamples(requests(3));
    Thread.sleep(400);
    o.addMetricSamples(requests(5));
    long before = System.nanoTime();
    o.stop();
    assertTrue(System.nanoTime() - before < 6_000_000_000L, "the final flush is bounded");
    Map<String, Long> counted = new HashMap<>();
    drops.forEach(d -> counted.put(d.what(), d.count()));
    assertEquals(3L, counted.get("influxdb: points refused by the server (4xx, not retried)"));
    assertEquals(
        5L,
        counted.get("influxdb: points not delivered by the end (K6BRIDGE_INFLUXDB_FLUSH_TIMEOUT)"));
  }
}
