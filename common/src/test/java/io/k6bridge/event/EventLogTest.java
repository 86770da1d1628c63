package io.k6bridge.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.k6bridge.config.Config;
import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.engine.RunReport;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.registry.MetricRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class EventLogTest {
  @TempDir Path dir;

  @Test
  void lineCarriesTheRunContextAndEscapesWhatWouldBreakIt() throws Exception {
    RunContext context =
        new RunContext(TagSet.of(Map.of("testid", "run-1", "env", "ci")), null, "inj-1", null)
            .describedAs("shop.jmx", RunContext.REMOTE_ENGINE);
    try (EventLog log = EventLog.open("logs/events.jsonl", dir, context)) {
      log.emit("output_failed", Map.of("reason", "line\nbreak \"quoted\" \u2028"));
    }
    String line = Files.readString(dir.resolve("logs/events.jsonl"));
    assertTrue(
        line.matches(
            "\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\",\"event\":\"output_failed\","
                + "\"testid\":\"run-1\",\"plan\":\"shop.jmx\",\"injector\":\"inj-1\",\"role\":\"remote-engine\","
                + "\"tags\":\\{\"env\":\"ci\",\"testid\":\"run-1\"\\},\"data\":\\{\"reason\":\"line\\\\nbreak"
                + " \\\\\"quoted\\\\\" \\\\u2028\"\\}\\}\n"),
        line);
  }

  @Test
  void everySecretOfTheRunIsMaskedInEveryLineEvenWhenAReceiverEchoesIt() throws Exception {
    HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    echo.createContext(
        "/",
        x -> {
          x.getRequestBody().readAllBytes();
          byte[] body =
              ("denied for "
                      + x.getRequestHeaders().getFirst("Authorization")
                      + " and "
                      + x.getRequestHeaders().getFirst("X-Token"))
                  .getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(400, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    echo.start();
    try {
      Config config =
          Config.builder()
              .layer(
                  "environment",
                  Map.of(
                      "K6BRIDGE_EVENTS",
                      "events.jsonl",
                      "K6BRIDGE_TELEMETRY_INTERVAL",
                      "off",
                      "K6_PROMETHEUS_RW_SERVER_URL",
                      "http://127.0.0.1:" + echo.getAddress().getPort() + "/api/v1/write",
                      "K6_PROMETHEUS_RW_USERNAME",
                      "loadtester",
                      "K6_PROMETHEUS_RW_PASSWORD",
                      "pa\"ss-9",
                      "K6_PROMETHEUS_RW_HEADERS_X-Token",
                      "hdr-secret-7",
                      "K6_OUT",
                      "experimental-prometheus-rw"))
              .build();
      MetricsEngine engine = MetricsEngine.create(config, new MetricRegistry(), dir);
      engine.start();
      engine.writer().record(engine.series().get(BuiltinMetrics.HTTP_REQS, TagSet.EMPTY), 1, 1);
      engine.stop();
    } finally {
      echo.stop(0);
    }
    String lines = Files.readString(dir.resolve("events.jsonl"));
    assertTrue(lines.contains("denied for <redacted> and <redacted>"), lines);
    String basic =
        Base64.getEncoder()
            .encodeToString("loadtester:pa\"ss-9".getBytes(StandardCharsets.ISO_8859_1));
    for (String form : List.of(basic, "ss-9", "hdr-secret-7")) {
      assertFalse(lines.contains(form), form + " in " + lines);
    }
  }

  @Test
  void aRunWritesStartBreachAbortDropsAndStopWithItsContext() throws Exception {
    Config config =
        Config.builder()
            .layer(
                "environment",
                Map.of(
                    "K6_TAGS", "testid=run-9",
                    "K6BRIDGE_INJECTOR", "inj-9",
                    "K6BRIDGE_EVENTS", "events.jsonl",
                    "K6BRIDGE_TELEMETRY_INTERVAL", "100ms",
                    "K6_OUT", "test-plugin=throw-events",
                    "K6_SUMMARY_MODE", "disabled",
                    "K6_THRESHOLDS",
                        "{\"http_reqs\":[{\"threshold\":\"count<5\",\"abortOnFail\":true}]}"))
            .build();
    MetricsEngine engine = MetricsEngine.create(config, new MetricRegistry(), dir);
    engine.describeRun("shop.jmx", RunContext.STANDALONE);
    List<String> aborts = new CopyOnWriteArrayList<>();
    engine.onAbort(aborts::add);
    engine.start();
    Series reqs = engine.series().get(BuiltinMetrics.HTTP_REQS, TagSet.EMPTY);
    for (int i = 0; i < 10; i++) {
      engine.writer().record(reqs, i, 1);
    }
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (aborts.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    RunReport report = engine.stop();
    List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
    List<String> events =
        lines.stream()
            .map(l -> l.replaceAll(".*\"event\":\"([a-z_]+)\".*", "$1"))
            .collect(Collectors.toList());
    assertEquals(
        List.of("test_start", "threshold_breached", "test_abort", "samples_dropped", "test_stop"),
        events,
        String.join("\n", lines));
    for (String l : lines) {
      assertTrue(
          l.contains(
              "\"testid\":\"run-9\",\"plan\":\"shop.jmx\",\"injector\":\"inj-9\","
                  + "\"role\":\"standalone\",\"tags\":{\"testid\":\"run-9\"}"),
          l);
    }
    assertTrue(
        lines.get(0).endsWith("\"data\":{\"outputs\":[\"test-plugin (throw-events)\"]}}"),
        lines.get(0));
    assertTrue(
        lines.get(1).endsWith("\"data\":{\"metric\":\"http_reqs\",\"thresholds\":[\"count<5\"]}}"),
        lines.get(1));
    assertTrue(
        lines.get(2).contains("\"reason\":\"thresholds on metrics 'http_reqs' were crossed"),
        lines.get(2));
    long dropped = report.totalDropped();
    assertTrue(dropped >= 10, report.drops().toString());
    assertTrue(
        lines
            .get(3)
            .contains(
                "\"what\":\"test-plugin=throw-events: output threw while"
                    + " accepting samples\",\"count\":"
                    + dropped),
        lines.get(3));
    assertTrue(
        lines
            .get(4)
            .contains(
                "\"dropped\":"
                    + dropped
                    + ",\"thresholds_failed\":"
                    + "[\"http_reqs\"],\"aborted\":\"thresholds on metrics 'http_reqs' were crossed"),
        lines.get(4));
    assertEquals(List.of("http_reqs"), report.breachedThresholds());
  }
}
