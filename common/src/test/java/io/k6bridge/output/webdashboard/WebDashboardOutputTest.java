package io.k6bridge.output.webdashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.output.builtin.ListBatch;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import io.k6bridge.threshold.ThresholdSet;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebDashboardOutputTest {
  static final long T0 = 1_700_000_000_000L;

  final MetricRegistry registry = new MetricRegistry();
  final SeriesRegistry series = new SeriesRegistry();
  final AtomicLong clock = new AtomicLong(T0);
  @TempDir Path dir;

  WebDashboardOutput output(Duration period, List<String> tags, Path export, Path record) {
    // Port -1 binds a free port, as k6's code does.
    return new WebDashboardOutput(
        "web-dashboard",
        new DashboardOptions("127.0.0.1", -1, period, false, "", "", tags),
        registry,
        export,
        record,
        clock::get,
        false);
  }

  static List<String> names(List<EventStream.Frame> frames) {
    List<String> out = new ArrayList<>();
    for (EventStream.Frame f : frames) {
      out.add(f.name);
    }
    return out;
  }

  static String data(EventStream.Frame f) {
    return new String(f.data, StandardCharsets.UTF_8);
  }

  @Test
  void firesK6sEventsInK6sOrderWithK6sShapes() throws Exception {
    Metric custom = registry.register("my_ctr", MetricType.COUNTER, ValueType.DEFAULT);
    WebDashboardOutput out = output(Duration.ofSeconds(10), List.of("group"), null, null);
    out.setThresholds(
        ThresholdSet.parse(
                "{\"http_req_duration\":[\"p(95)<250\"],\"http_reqs\":[\"count>1\"],"
                    + "\"http_req_duration{status:200}\":[\"max<1000\"]}",
                registry)
            .definitions());
    out.start();
    try {
      TagSet root = TagSet.of(Map.of("group", "", "name", "a"));
      TagSet login = TagSet.of(Map.of("group", "::login", "name", "b"));
      out.addMetricSamples(
          new ListBatch()
              .add(series.get(BuiltinMetrics.HTTP_REQS, root), 1, 1)
              .add(series.get(BuiltinMetrics.HTTP_REQS, root), 2, 1)
              .add(series.get(BuiltinMetrics.HTTP_REQS, root), 3, 1)
              .add(series.get(BuiltinMetrics.HTTP_REQ_DURATION, login), 4, 100)
              .add(series.get(BuiltinMetrics.HTTP_REQ_DURATION, login), 5, 300)
              .add(series.get(custom, TagSet.EMPTY), 6, 5));
      clock.addAndGet(10_000);
      out.tick();
      clock.addAndGet(10_000);
      out.tick();
      clock.addAndGet(5_000);
    } finally {
      out.stop();
    }

    List<EventStream.Frame> f = out.events().history();
    assertEquals(
        List.of(
            "config",
            "param",
            "metric",
            "start",
            "metric",
            "cumulative",
            "threshold",
            "snapshot",
            "cumulative",
            "threshold",
            "snapshot",
            "cumulative",
            "threshold",
            "stop"),
        names(f));
    for (int i = 0; i < f.size(); i++) {
      assertEquals(i, f.get(i).id, "r3labs numbers the event log from 0");
    }
    assertEquals(
        "{\"thresholds\":{\"http_req_duration\":[\"p(95)\\u003c250\"],"
            + "\"http_req_duration{status:200}\":[\"max\\u003c1000\"],"
            + "\"http_reqs\":[\"count\\u003e1\"]},\"period\":10000,"
            + "\"aggregates\":{\"counter\":[\"count\",\"rate\"],\"gauge\":[\"value\"],"
            + "\"rate\":[\"rate\"],\"trend\":[\"avg\",\"max\",\"med\",\"min\",\"p(90)\",\"p(95)\","
            + "\"p(99)\"]}}",
        data(f.get(1)));
    assertEquals("{\"time\":{\"type\":\"gauge\",\"contains\":\"time\"}}", data(f.get(2)));
    assertEquals("[[" + T0 + "]]", data(f.get(3)));
    assertEquals(
        "{\"http_req_duration\":{\"type\":\"trend\",\"contains\":\"time\"},"
            + "\"http_req_duration{group:::login}\":{\"type\":\"trend\",\"contains\":\"time\"},"
            + "\"http_reqs\":{\"type\":\"counter\"},"
            + "\"my_ctr\":{\"type\":\"counter\",\"custom\":true}}",
        data(f.get(4)));
    String trend = "[200,300,200,100,280,290,298]";
    assertEquals(
        "[" + trend + "," + trend + ",[3,0.3],[5,0.5],[" + (T0 + 10_000) + "]]", data(f.get(5)));
    assertEquals("{\"http_req_duration\":[\"p(95)\\u003c250\"]}", data(f.get(6)));
    assertEquals(
        "[" + trend + "," + trend + ",[3,0.3],[5,0.5],[" + (T0 + 10_000) + "]]", data(f.get(7)));
    assertEquals(
        "[" + trend + "," + trend + ",[3,0.15],[5,0.25],[" + (T0 + 20_000) + "]]", data(f.get(8)));
    assertEquals("[[],[],[],[],[" + (T0 + 20_000) + "]]", data(f.get(10)));
    assertEquals(
        "[" + trend + "," + trend + ",[3,0.12],[5,0.2],[" + (T0 + 25_000) + "]]", data(f.get(11)));
    assertEquals("[[" + (T0 + 25_000) + "]]", data(f.get(13)));
  }

  @Test
  void tagSubmetricsOnlyForNonEmptyValuesAndNamesSortByBytes() throws Exception {
    WebDashboardOutput out = output(Duration.ofSeconds(1), List.of("group", "name"), null, null);
    out.start();
    try {
      out.addMetricSamples(
          new ListBatch()
              .add(series.get(BuiltinMetrics.VUS, TagSet.EMPTY), 1, 7)
              .add(
                  series.get(
                      BuiltinMetrics.CHECKS,
                      TagSet.of(Map.of("group", "", "name", "Z", "check", "ok"))),
                  1,
                  1)
              .add(
                  series.get(
                      BuiltinMetrics.CHECKS,
                      TagSet.of(Map.of("group", "", "name", "a", "check", "ok"))),
                  1,
                  0));
      clock.addAndGet(1_000);
      out.tick();
    } finally {
      out.stop();
    }
    List<EventStream.Frame> f = out.events().history();
    assertEquals(
        "{\"checks\":{\"type\":\"rate\"},\"checks{name:Z}\":{\"type\":\"rate\"},"
            + "\"checks{name:a}\":{\"type\":\"rate\"},\"vus\":{\"type\":\"gauge\"}}",
        data(f.get(4)));
    // checks, checks{name:Z}, checks{name:a}, time, vus: "Z" sorts before "a", "time" before "vus".
    assertEquals("[[0.5],[1],[0],[" + (T0 + 1_000) + "],[7]]", data(f.get(5)));
    assertEquals("snapshot", f.get(6).name, "no threshold event when none is defined");
  }

  @Test
  void truncatesValuesAsK6() {
    // xk6-dashboard's meter_test.go Test_significant, exactly.
    assertEquals(123456.0, Aggregation.significant(123456.7890));
    assertEquals(12345.0, Aggregation.significant(12345.678));
    assertEquals(1234.5, Aggregation.significant(1234.5678));
    assertEquals(123.45, Aggregation.significant(123.45678));
    assertEquals(12.345, Aggregation.significant(12.345678));
    assertEquals(1.2345, Aggregation.significant(1.2345678));
    assertEquals(0.12345, Aggregation.significant(0.12345678));
    assertEquals(0.01234, Aggregation.significant(0.012345678));
    assertEquals(0.00123, Aggregation.significant(0.0012345678));
    assertEquals(0.00012, Aggregation.significant(0.00012345678));
    assertEquals(0.00001, Aggregation.significant(0.000012345678));
    assertEquals(0.0, Aggregation.significant(0.0000012345678));
    assertEquals(-0.12345, Aggregation.significant(-0.123456));
    assertEquals(42.0, Aggregation.significant(42.0));
  }

  @Test
  void reportAndRecordHoldTheRunsEventsInK6sOrder() throws Exception {
    Path report = dir.resolve("report.html");
    Path record = dir.resolve("events.ndjson");
    WebDashboardOutput out = output(Duration.ofSeconds(1), List.of("group"), report, record);
    out.start();
    try {
      for (int i = 0; i < 3; i++) {
        out.addMetricSamples(
            new ListBatch().add(series.get(BuiltinMetrics.HTTP_REQS, TagSet.EMPTY), 1, 1));
        clock.addAndGet(1_000);
        out.tick();
      }
    } finally {
      out.stop();
    }
    String html = Files.readString(report);
    int at = html.indexOf(HtmlReport.DATA_TAG);
    assertTrue(at > 0, "k6's data tag is there");
    String b64 = html.substring(at + HtmlReport.DATA_TAG.length(), html.indexOf("</script>", at));
    String ndjson =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(b64)))
                .readAllBytes(),
            StandardCharsets.UTF_8);
    List<String> events = new ArrayList<>();
    for (String line : ndjson.split("\n")) {
      events.add(line.substring("{\"event\":\"".length(), line.indexOf('"', 10)));
    }
    assertEquals(
        List.of(
            "config",
            "param",
            "metric",
            "start",
            "metric",
            "snapshot",
            "snapshot",
            "snapshot",
            "stop",
            "cumulative"),
        events);
    assertTrue(
        ndjson.contains("{\"event\":\"cumulative\",\"data\":[[3,1],[" + (T0 + 3_000)),
        "the last cumulative: " + ndjson);
    assertFalse(html.contains("src=\"dashboard.js\""), "everything inlined: " + html.length());
    assertTrue(html.contains("uPlot"), "the charting library is inlined");

    List<String> recorded = Files.readAllLines(record);
    assertEquals(1 + 1 + 1 + 1 + 3 * 2 + 1 + 1, recorded.size(), String.join("\n", recorded));
    assertTrue(recorded.get(0).startsWith("{\"event\":\"param\",\"data\":{"), recorded.get(0));
    assertTrue(recorded.get(recorded.size() - 1).startsWith("{\"event\":\"stop\",\"data\":[["));
  }

  @Test
  void noReportForOneSnapshotOrLess() throws Exception {
    Path report = dir.resolve("short.html");
    WebDashboardOutput out = output(Duration.ofSeconds(1), List.of("group"), report, null);
    out.start();
    clock.addAndGet(1_000);
    out.tick();
    out.stop();
    assertFalse(Files.exists(report));
  }

  @Test
  void keepsAtMost2880PeriodsOverA100kPeriodRun() throws Exception {
    Duration base = Duration.ofSeconds(10);
    // No timer thread: the test ticks, as fast as it can.
    WebDashboardOutput out =
        new WebDashboardOutput(
            "web-dashboard",
            new DashboardOptions("127.0.0.1", -1, base, false, "", "", List.of()),
            registry,
            null,
            null,
            clock::get,
            false);
    out.start();
    long end = T0 + base.toMillis() * 100_000;
    int ticks = 0;
    long lastBytes = 0;
    try {
      ListBatch batch =
          new ListBatch().add(series.get(BuiltinMetrics.HTTP_REQS, TagSet.EMPTY), 1, 1);
      while (clock.get() < end) {
        out.addMetricSamples(batch);
        clock.addAndGet(out.period().toMillis());
        out.tick();
        ticks++;
        assertTrue(out.events().keptSnapshots() <= WebDashboardOutput.MAX_PERIODS);
      }
      for (EventStream.Frame f : out.events().history()) {
        lastBytes += f.wire.length;
      }
    } finally {
      out.stop();
    }
    long steps = out.period().toMillis() / base.toMillis();
    assertEquals(Long.highestOneBit(steps), steps, "the period grew in doublings of the base");
    assertEquals(64, steps, "100,000 periods fit in 2,880 at 64 times the period");
    assertTrue(ticks < 20_000, "ticks: " + ticks);
    assertTrue(out.events().history().size() < 3 * WebDashboardOutput.MAX_PERIODS + 10);
    assertTrue(lastBytes < 1_000_000, "kept events: " + lastBytes + " bytes");
    // The kept snapshots are evenly spaced in time, the last one at the end of the run.
    List<Long> times = new ArrayList<>();
    for (EventStream.Frame f : out.events().history()) {
      if (f.name.equals("snapshot")) {
        String d = data(f);
        times.add(Long.parseLong(d.substring(d.lastIndexOf('[') + 1, d.length() - 2)));
      }
    }
    long gap = times.get(times.size() - 1) - times.get(times.size() - 2);
    assertEquals(out.period().toMillis(), gap);
  }
}
