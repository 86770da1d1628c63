package io.k6bridge.itdashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6bridge.testplans.DashboardReport;
import io.k6bridge.testplans.LoopbackTarget;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One real JMeter 5.6.3 run with {@code K6_WEB_DASHBOARD=true}, watched as a user would: an early
 * and a late subscriber read {@code /events} frame by frame, headless Chromium opens the live page
 * and then the exported report. The machine is slow and shared, so nothing here depends on timing
 * beyond generous deadlines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path BUILD = Path.of(System.getProperty("k6.build.dir", "target"));
  static final Path OUT = BUILD.resolve("dashboard");
  static final Path SHOTS = BUILD.resolve("screenshots");
  static final Path REPORT = OUT.resolve("report.html");
  static final Path RECORD = OUT.resolve("events.ndjson");

  LoopbackTarget target;
  JMeterProcess jmeter;
  String base;
  SseFrames early;
  int exitStatus = -1;

  @BeforeAll
  void startRun() throws Exception {
    Files.createDirectories(OUT);
    Files.deleteIfExists(REPORT);
    target = LoopbackTarget.start(0, null);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    Map<String, String> props = new LinkedHashMap<>();
    props.put("target.port", Integer.toString(target.port()));
    props.put("threads", "3");
    props.put("duration", "24");
    props.put("K6_WEB_DASHBOARD", "true");
    props.put("K6_WEB_DASHBOARD_PORT", Integer.toString(port));
    props.put("K6_WEB_DASHBOARD_PERIOD", "1s");
    props.put("K6_WEB_DASHBOARD_TAGS", "group,name");
    props.put("K6_WEB_DASHBOARD_EXPORT", REPORT.toString());
    props.put("K6_WEB_DASHBOARD_RECORD", RECORD.toString());
    props.put(
        "K6_THRESHOLDS",
        "{\"http_req_duration\":[\"p(95)<5000\"],\"http_req_failed\":[\"rate<0.01\"]}");
    jmeter = JMeterProcess.start(BUILD, Path.of(System.getProperty("k6.plan")), props);
    // JMeter takes a while to start on a loaded machine: subscribe as soon as the port answers.
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (true) {
      SseFrames s = SseFrames.open(base + "/events");
      while (s.response() == null && !s.ended()) {
        Thread.sleep(50);
      }
      if (s.response() != null) {
        early = s;
        break;
      }
      if (System.nanoTime() > deadline || !jmeter.alive()) {
        throw new AssertionError(
            "the dashboard never answered at "
                + base
                + "; see "
                + jmeter.console
                + " and "
                + jmeter.log);
      }
      Thread.sleep(500);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (jmeter != null && jmeter.alive()) {
      jmeter.kill();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  @Order(1)
  void lateSubscriberGetsEveryPastEventReplayed() throws Exception {
    early.awaitCount("snapshot", 3, 90);
    assertEquals(
        "text/event-stream", early.response().headers().firstValue("Content-Type").orElse(""));
    assertEquals(
        "*",
        early.response().headers().firstValue("Access-Control-Allow-Origin").orElse(""),
        "as in k6, other origins may read the event stream");
    List<SseFrames.Frame> seen = early.frames();
    try (SseFrames late = SseFrames.open(base + "/events")) {
      late.awaitFrames(seen.size(), 30);
      assertEquals(
          seen,
          late.frames().subList(0, seen.size()),
          "the late subscriber's first frames are the early one's, byte for byte");
    }
  }

  @Test
  @Order(2)
  void liveDashboardShowsTheRunInChromium() throws Exception {
    try (Chromium chromium = Chromium.launch(OUT)) {
      chromium.open(base + "/", 1440, 900);
      chromium.await("location.pathname === '/ui/' && location.search === '?endpoint=/'", 60);
      chromium.await("document.getElementById('status').textContent === 'live'", 60);
      chromium.await("document.querySelectorAll('.uplot').length >= 5", 60);
      chromium.await("document.querySelectorAll('#requests tbody tr').length >= 4", 60);
      String table = chromium.eval("document.getElementById('requests').innerText").asText();
      assertTrue(table.contains("checkout"), table);
      assertTrue(table.contains("error"), table);
      String kpis = chromium.eval("document.getElementById('kpis').innerText").asText();
      assertFalse(kpis.contains("Requests\n–"), kpis);
      String thresholds = chromium.eval("document.getElementById('thresholds').innerText").asText();
      assertTrue(thresholds.contains("rate<0.01"), thresholds);
      chromium.screenshot(SHOTS.resolve("live-dashboard.png"));
      assertEquals(List.of(), chromium.errors(), "console errors on the live page");
    }
  }

  @Test
  @Order(2)
  void theUiFollowsOnlyHttpEndpointsAndNamesAnotherServersOrigin() throws Exception {
    try (Chromium chromium = Chromium.launch(OUT)) {
      chromium.open(base + "/ui/?endpoint=javascript:alert(document.domain)//", 1024, 700);
      chromium.await("document.getElementById('status').textContent === 'invalid endpoint'", 60);
      assertEquals(
          "none",
          chromium.eval("document.getElementById('report-link').style.display").asText(),
          "no link runs the endpoint's script");
      chromium.open(base + "/ui/?endpoint=http://127.0.0.1:9/", 1024, 700);
      chromium.await(
          "document.getElementById('source').textContent" + " === 'data from http://127.0.0.1:9'",
          60);
      chromium.open(base + "/ui/?endpoint=/", 1024, 700);
      chromium.await("document.getElementById('status').textContent === 'live'", 60);
      assertTrue(
          chromium.eval("document.getElementById('source').hidden").asBoolean(),
          "our own server needs no note");
    }
  }

  @Test
  @Order(3)
  void streamFollowsK6sGrammarAndEndsWithStop() throws Exception {
    exitStatus = jmeter.await(180);
    early.awaitEnd(30);
    assertTrue(early.ended(), "the stream ends after stop");
    List<SseFrames.Frame> frames = early.frames();

    // ids count up from 0 (r3labs' event log); every frame is id, data, event[, retry].
    for (int i = 0; i < frames.size(); i++) {
      SseFrames.Frame f = frames.get(i);
      assertEquals(i, f.id());
      boolean stop = f.event().equals("stop");
      assertEquals(stop ? 4 : 3, f.lines().size(), f.lines().toString());
      assertTrue(f.lines().get(0).startsWith("id: "));
      assertTrue(f.lines().get(1).startsWith("data: "));
      assertTrue(f.lines().get(2).startsWith("event: "));
      if (stop) {
        assertEquals("retry: 9007199254740991", f.lines().get(3));
      }
    }
    List<String> events = new ArrayList<>();
    for (SseFrames.Frame f : frames) {
      events.add(f.event());
    }
    assertEquals(List.of("config", "param", "metric", "start"), events.subList(0, 4));
    String grammar =
        String.join(" ", events.subList(4, events.size()))
            .replaceAll("(metric )?cumulative (threshold )?snapshot", "P")
            .replaceAll("(metric )?cumulative (threshold )?stop", "END");
    assertTrue(grammar.matches("(P )+END"), grammar);
    assertEquals(events.size() - 1, events.indexOf("stop"));

    JsonNode param = JSON.readTree(frames.get(1).data());
    assertEquals(1000, param.path("period").asInt());
    assertTrue(frames.get(1).data().contains("\"rate\\u003c0.01\""), frames.get(1).data());
    JsonNode aggregates = param.path("aggregates");

    // Every snapshot/cumulative has one array per name announced so far, "time" included, in
    // byte order, each empty or holding its type's aggregates.
    Map<String, String> types = new java.util.TreeMap<>();
    long start = JSON.readTree(frames.get(3).data()).get(0).get(0).asLong();
    JsonNode lastCumulative = null;
    int snapshots = 0;
    for (SseFrames.Frame f : frames) {
      JsonNode data = JSON.readTree(f.data());
      switch (f.event()) {
        case "metric" ->
            data.fields()
                .forEachRemaining(e -> types.put(e.getKey(), e.getValue().path("type").asText()));
        case "snapshot", "cumulative" -> {
          List<String> names = new ArrayList<>(new TreeSet<>(types.keySet()));
          assertEquals(names.size(), data.size(), f.event() + " " + f.id());
          for (int i = 0; i < names.size(); i++) {
            JsonNode row = data.get(i);
            int expected = aggregates.path(types.get(names.get(i))).size();
            assertTrue(row.size() == 0 || row.size() == expected, names.get(i) + ": " + row);
          }
          long time = data.get(names.indexOf("time")).get(0).asLong();
          assertTrue(time > start, "time " + time + " after start " + start);
          if (f.event().equals("snapshot")) {
            snapshots++;
          } else {
            lastCumulative = data;
          }
        }
        default -> {}
      }
    }
    assertTrue(snapshots >= 10, "a snapshot per second of a 24 s run: " + snapshots);
    assertTrue(types.containsKey("http_req_duration{group:::checkout}"), types.toString());
    assertTrue(types.containsKey("vus"), types.toString());

    // The final cumulative counts exactly the requests the target answered.
    List<String> names = new ArrayList<>(new TreeSet<>(types.keySet()));
    long served = target.counts().values().stream().mapToLong(Long::longValue).sum();
    long counted = lastCumulative.get(names.indexOf("http_reqs")).get(0).asLong();
    assertEquals(served, counted, "http_reqs count vs requests the target served");
    assertTrue(events.contains("threshold"), "http_req_failed rate<0.01 fails: error requests");
  }

  @Test
  @Order(4)
  void exportedReportAndRecordHoldTheRun() throws Exception {
    assertTrue(Files.exists(REPORT), "report written at the end");
    String html = Files.readString(REPORT);
    assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "no remote asset");
    List<String> lines = DashboardReport.lines(html);
    List<SseFrames.Frame> frames = early.frames();
    long streamedSnapshots = frames.stream().filter(f -> f.event().equals("snapshot")).count();
    assertTrue(lines.get(0).startsWith("{\"event\":\"config\""));
    assertEquals(
        streamedSnapshots,
        lines.stream().filter(l -> l.startsWith("{\"event\":\"snapshot\"")).count());
    assertTrue(lines.get(lines.size() - 2).startsWith("{\"event\":\"cumulative\""));
    assertTrue(lines.get(lines.size() - 1).startsWith("{\"event\":\"threshold\""));

    List<String> recorded = Files.readAllLines(RECORD);
    assertEquals(frames.size() - 1, recorded.size(), "every event but config");
    for (int i = 1; i < frames.size(); i++) {
      assertEquals(
          "{\"event\":\"" + frames.get(i).event() + "\",\"data\":" + frames.get(i).data() + "}",
          recorded.get(i - 1));
    }

    try (Chromium chromium = Chromium.launch(OUT)) {
      chromium.open(REPORT.toUri().toString(), 1440, 900);
      chromium.await("document.getElementById('status').textContent === 'finished'", 60);
      chromium.await("document.querySelectorAll('.uplot').length >= 5", 60);
      chromium.await("document.querySelectorAll('#requests tbody tr').length >= 4", 60);
      String metrics = chromium.eval("document.getElementById('metrics').innerText").asText();
      assertTrue(metrics.contains("http_req_duration"), metrics);
      assertTrue(metrics.contains("data_received"), metrics);
      chromium.screenshot(SHOTS.resolve("report.png"));
      assertEquals(List.of(), chromium.errors(), "console errors in the report");
    }
  }
}
