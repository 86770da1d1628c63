package io.k6bridge.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.k6bridge.aggregate.SinkFanOut;
import io.k6bridge.config.Config;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import io.k6bridge.threshold.ThresholdSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {
  private final MetricRegistry registry = new MetricRegistry();
  private final SeriesRegistry seriesRegistry = new SeriesRegistry();
  private final List<Series> series = new ArrayList<>();
  private final List<Double> values = new ArrayList<>();

  private Series series(Metric m, String... kv) {
    TagSet.Builder b = TagSet.builder();
    for (int i = 0; i < kv.length; i += 2) {
      b.put(kv[i], kv[i + 1]);
    }
    return seriesRegistry.get(m, b.build());
  }

  private void add(Series s, double v) {
    series.add(s);
    values.add(v);
  }

  private SampleBatch batch() {
    return new SampleBatch() {
      @Override
      public int size() {
        return series.size();
      }

      @Override
      public Series series(int i) {
        return series.get(i);
      }

      @Override
      public long timeNanos(int i) {
        return 0;
      }

      @Override
      public double value(int i) {
        return values.get(i);
      }
    };
  }

  @Test
  void compactTextMatchesK6Layout() {
    ThresholdSet thresholds =
        ThresholdSet.parse(
            "{\"http_req_duration\":[\"p(95)<500\"],\"http_req_duration{status:200}\":[\"max<100\"],"
                + "\"http_reqs\":[\"count>=3\"]}",
            registry);
    RunAggregates agg = new RunAggregates(false, thresholds, List.of());
    Series ok = series(BuiltinMetrics.HTTP_REQ_DURATION, "status", "200", "group", "");
    Series err = series(BuiltinMetrics.HTTP_REQ_DURATION, "status", "500", "group", "");
    Series reqs = series(BuiltinMetrics.HTTP_REQS, "group", "");
    Series check = series(BuiltinMetrics.CHECKS, "check", "status is 200", "group", "::login");
    Series sent = series(BuiltinMetrics.DATA_SENT);
    Metric custom = registry.register("my_counter", MetricType.COUNTER, ValueType.DEFAULT);
    add(ok, 10);
    add(ok, 20);
    add(err, 1500);
    for (int i = 0; i < 3; i++) {
      add(reqs, 1);
    }
    add(check, 1);
    add(check, 0);
    add(sent, 2048);
    add(series(custom), 5);
    new SinkFanOut(List.of(agg)).add(batch());
    Duration run = Duration.ofSeconds(2);
    assertEquals(
        List.of("http_req_duration"), thresholds.evaluate(agg::sink, run, false).breached());
    String text = TextSummary.render(agg, thresholds, SummaryOptions.defaults(), run, null);
    String expected =
        "\n\n"
            + "  █ THRESHOLDS \n\n"
            + "    http_req_duration\n"
            + "    ✗ 'p(95)<500' p(95)=1.35s\n\n"
            + "      {status:200}\n"
            + "      ✓ 'max<100' max=20ms\n\n"
            + "    http_reqs\n"
            + "    ✓ 'count>=3' count=3\n\n\n"
            + "  █ TOTAL RESULTS \n\n"
            + "    checks_total.......: 2      1/s\n"
            + "    checks_succeeded...: 50.00% 1 out of 2\n"
            + "    checks_failed......: 50.00% 1 out of 2\n\n"
            + "    ✗ status is 200\n"
            + "      ↳  50% — ✓ 1 / ✗ 1\n\n"
            + "    CUSTOM\n"
            + "    my_counter..........: 5      2.5/s\n\n"
            + "    HTTP\n"
            // k6's exact median is 20ms; the histogram's is within its 1/256 bound.
            + "    http_req_duration...: avg=510ms min=10ms med=20.06ms max=1.5s p(90)=1.2s p(95)=1.35s \n"
            + "      { status:200 }....: avg=15ms  min=10ms med=15ms    max=20ms p(90)=19ms p(95)=19.5ms\n"
            + "    http_reqs...........: 3      1.5/s\n\n"
            + "    NETWORK\n"
            + "    data_sent...........: 2.0 kB 1.0 kB/s\n\n\n\n";
    assertEquals(expected, text);
  }

  @Test
  void theInjectorsHealthIsItsOwnSectionNotK6sCustomMetrics() {
    RunAggregates agg = new RunAggregates(false, ThresholdSet.NONE, List.of());
    Metric cpu =
        registry.register("k6bridge_injector_cpu_process", MetricType.GAUGE, ValueType.DEFAULT);
    Metric lifecycle =
        registry.register("k6bridge_test_lifecycle", MetricType.GAUGE, ValueType.DEFAULT);
    Metric custom = registry.register("orders_placed", MetricType.COUNTER, ValueType.DEFAULT);
    add(series(cpu), 0.5);
    add(series(lifecycle), 1.7e12);
    add(series(custom), 3);
    new SinkFanOut(List.of(agg)).add(batch());
    Map<String, String> health = new java.util.LinkedHashMap<>();
    health.put("cpu_peak", "50% process, 70% machine");
    health.put("saturated", "no");
    String text =
        TextSummary.render(
            agg,
            ThresholdSet.NONE,
            SummaryOptions.defaults(),
            Duration.ofSeconds(1),
            null,
            "INJECTOR",
            health);
    assertEquals(
        "\n\n"
            + "  █ TOTAL RESULTS \n\n"
            + "    CUSTOM\n"
            + "    orders_placed...: 3 3/s\n\n\n"
            + "  █ INJECTOR \n\n"
            + "    cpu_peak....: 50% process, 70% machine\n"
            + "    saturated...: no\n\n\n\n",
        text);
  }

  private static SummaryOptions options(String... kv) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return SummaryOptions.from(Config.builder().layer("test", m).build());
  }

  /** Two groups (one nested twice), a named scenario and the default one, checks in each. */
  private RunAggregates grouped(boolean full) {
    RunAggregates agg = new RunAggregates(full, ThresholdSet.NONE, List.of());
    add(series(BuiltinMetrics.HTTP_REQS, "group", "::login", "scenario", "users"), 1);
    add(series(BuiltinMetrics.HTTP_REQS, "group", "::browse", "scenario", "users"), 1);
    add(series(BuiltinMetrics.HTTP_REQS, "group", "::browse::cart::pay", "scenario", "default"), 1);
    add(
        series(
            BuiltinMetrics.CHECKS, "check", "logged in", "group", "::login", "scenario", "users"),
        1);
    add(
        series(
            BuiltinMetrics.CHECKS,
            "check",
            "paid",
            "group",
            "::browse::cart::pay",
            "scenario",
            "default"),
        0);
    add(series(BuiltinMetrics.HTTP_REQ_WAITING, "group", "::login", "scenario", "users"), 12);
    add(series(BuiltinMetrics.GROUP_DURATION, "group", "::login", "scenario", "users"), 30);
    new SinkFanOut(List.of(agg)).add(batch());
    return agg;
  }

  @Test
  void fullModeAddsSortedGroupAndScenarioSectionsAsK6RendersThem() {
    String text =
        TextSummary.render(
            grouped(true),
            ThresholdSet.NONE,
            options("K6_SUMMARY_MODE", "full"),
            Duration.ofSeconds(1),
            null);
    // k6's quirks kept: nested groups render one level deep whatever their depth and their title
    // has no newline; a nested failed check's detail is indented by its base twice. Groups of a
    // named scenario are under its SCENARIO section, the default scenario's under GROUP.
    String expected =
        ""
            + "\n"
            + "\n"
            + "  █ TOTAL RESULTS \n"
            + "\n"
            + "    checks_total.......: 2      2/s\n"
            + "    checks_succeeded...: 50.00% 1 out of 2\n"
            + "    checks_failed......: 50.00% 1 out of 2\n"
            + "\n"
            + "    ✓ logged in\n"
            + "    ✗ paid\n"
            + "      ↳  0% — ✓ 0 / ✗ 1\n"
            + "\n"
            + "    HTTP\n"
            + "    http_req_waiting...: avg=12ms min=12ms med=12ms max=12ms p(90)=12ms p(95)=12ms\n"
            + "    http_reqs..........: 3 3/s\n"
            + "\n"
            + "\n"
            + "  █ GROUP: browse \n"
            + "\n"
            + "    ↳ GROUP: cart \n"
            + "    ↳ GROUP: pay \n"
            + "      checks_total.......: 1       1/s\n"
            + "      checks_succeeded...: 0.00%   0 out of 1\n"
            + "      checks_failed......: 100.00% 1 out of 1\n"
            + "\n"
            + "      ✗ paid\n"
            + "          ↳  0% — ✓ 0 / ✗ 1\n"
            + "\n"
            + "      HTTP\n"
            + "      http_reqs...: 1 1/s\n"
            + "\n"
            + "\n"
            + "  █ SCENARIO: users \n"
            + "\n"
            + "    checks_total.......: 1       1/s\n"
            + "    checks_succeeded...: 100.00% 1 out of 1\n"
            + "    checks_failed......: 0.00%   0 out of 1\n"
            + "\n"
            + "    ✓ logged in\n"
            + "\n"
            + "    HTTP\n"
            + "    http_req_waiting...: avg=12ms min=12ms med=12ms max=12ms p(90)=12ms p(95)=12ms\n"
            + "    http_reqs..........: 2 2/s\n"
            + "\n"
            + "    ↳ GROUP: browse \n"
            + "      HTTP\n"
            + "      http_reqs...: 1 1/s\n"
            + "\n"
            + "    ↳ GROUP: login \n"
            + "      checks_total.......: 1       1/s\n"
            + "      checks_succeeded...: 100.00% 1 out of 1\n"
            + "      checks_failed......: 0.00%   0 out of 1\n"
            + "\n"
            + "      ✓ logged in\n"
            + "\n"
            + "      HTTP\n"
            + "      http_req_waiting...: avg=12ms min=12ms med=12ms max=12ms p(90)=12ms p(95)=12ms\n"
            + "      http_reqs..........: 1 1/s\n"
            + "\n"
            + "\n"
            + "\n";
    assertEquals(expected, text);
  }

  @Test
  void compactModeHasNoGroupSections() {
    String text =
        TextSummary.render(
            grouped(false),
            ThresholdSet.NONE,
            SummaryOptions.defaults(),
            Duration.ofSeconds(1),
            null);
    assertEquals(-1, text.indexOf("GROUP:"), text);
    assertEquals(-1, text.indexOf("SCENARIO:"), text);
    assertEquals(-1, text.indexOf("http_req_waiting"), text);
  }

  @Test
  void timeUnitFixesTheUnitOfEveryTimeValue() {
    assertEquals("1.50s", ValueText.duration(1500, "s"));
    assertEquals("0.00s", ValueText.duration(1, "s"));
    assertEquals("1500.00ms", ValueText.duration(1500, "ms"));
    assertEquals("1500000.00µs", ValueText.duration(1500, "us"));
    // Without a unit, k6 picks one per value and truncates to two decimals.
    assertEquals("1.5s", ValueText.duration(1500, ""));
    assertEquals("1m30s", ValueText.duration(90_000, ""));
    assertEquals("1h0m0s", ValueText.duration(3_600_000, ""));
    assertEquals("999.99ms", ValueText.duration(999.999, ""));
    assertEquals("500µs", ValueText.duration(0.5, ""));
    assertEquals("500ns", ValueText.duration(0.0005, ""));
    assertEquals("0s", ValueText.duration(0, ""));
  }

  @Test
  void trendStatsAndTimeUnitShapeTheTrendLine() {
    RunAggregates agg = new RunAggregates(false, ThresholdSet.NONE, List.of());
    Series d = series(BuiltinMetrics.HTTP_REQ_DURATION, "group", "");
    for (int v = 1; v <= 4; v++) {
      add(d, v * 250);
    }
    new SinkFanOut(List.of(agg)).add(batch());
    String text =
        TextSummary.render(
            agg,
            ThresholdSet.NONE,
            options("K6_SUMMARY_TREND_STATS", "count,max,p(99.9)", "K6_SUMMARY_TIME_UNIT", "s"),
            Duration.ofSeconds(1),
            null);
    assertEquals(
        "\n\n  █ TOTAL RESULTS \n\n    HTTP\n"
            + "    http_req_duration...: count=4 max=1.00s p(99.9)=1.00s\n\n\n\n",
        text);
  }

  @Test
  void trendStatsAndTimeUnitAreValidatedWithK6Messages() {
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class, () -> SummaryOptions.parseTrendStats("avg,p95"));
    assertEquals("invalid trend stat 'p95', unknown format", bad.getMessage());
    IllegalArgumentException range =
        assertThrows(
            IllegalArgumentException.class, () -> SummaryOptions.parseTrendStats("p(101)"));
    assertEquals(
        "invalid percentile trend stat value 'p(101)', provide a number between 0 and 100",
        range.getMessage());
    assertThrows(RuntimeException.class, () -> options("K6_SUMMARY_TIME_UNIT", "m"));
    assertEquals(
        List.of("avg", "p(99.9)", "count"), SummaryOptions.parseTrendStats(" avg , p(99.9),count"));
  }

  /** One checked request in group ::login with a threshold that passes and one that fails. */
  private RunAggregates forJson(ThresholdSet thresholds) {
    RunAggregates agg =
        new RunAggregates(
            false,
            thresholds,
            List.of(
                io.k6bridge.threshold.Submetric.of(
                    BuiltinMetrics.HTTP_REQ_DURATION, "expected_response:true")));
    add(
        series(BuiltinMetrics.HTTP_REQ_DURATION, "expected_response", "true", "group", "::login"),
        100);
    add(series(BuiltinMetrics.HTTP_REQS, "group", "::login"), 1);
    add(series(BuiltinMetrics.HTTP_REQ_FAILED, "group", "::login"), 0);
    add(series(BuiltinMetrics.CHECKS, "check", "is 200", "group", "::login"), 1);
    add(series(BuiltinMetrics.VUS), 2);
    new SinkFanOut(List.of(agg)).add(batch());
    thresholds.evaluate(agg::sink, Duration.ofSeconds(2), false);
    return agg;
  }

  private ThresholdSet jsonThresholds() {
    return ThresholdSet.parse(
        "{\"http_req_duration\":[\"p(95)<50\"],\"http_req_failed\":[\"rate<0.01\"]}", registry);
  }

  @Test
  void summaryExportIsK6sOldJsonSummary() {
    ThresholdSet thresholds = jsonThresholds();
    String json =
        SummaryJson.summaryExport(
            forJson(thresholds), thresholds, SummaryOptions.defaults(), Duration.ofSeconds(2));
    // summary-wrapper.js oldJSONSummary: values flattened, rate renamed value, thresholds as
    // {expr: failed}, groups and checks keyed by name, JSON.stringify(x, null, 4).
    String expected =
        "{\n"
            + "    \"root_group\": {\n"
            + "        \"name\": \"\",\n"
            + "        \"path\": \"\",\n"
            + "        \"id\": \"d41d8cd98f00b204e9800998ecf8427e\",\n"
            + "        \"groups\": {\n"
            + "            \"login\": {\n"
            + "                \"name\": \"login\",\n"
            + "                \"path\": \"::login\",\n"
            + "                \"id\": \""
            + SummaryJson.md5("::login")
            + "\",\n"
            + "                \"groups\": {},\n"
            + "                \"checks\": {\n"
            + "                    \"is 200\": {\n"
            + "                        \"name\": \"is 200\",\n"
            + "                        \"path\": \"::login::is 200\",\n"
            + "                        \"id\": \""
            + SummaryJson.md5("::login::is 200")
            + "\",\n"
            + "                        \"passes\": 1,\n"
            + "                        \"fails\": 0\n"
            + "                    }\n"
            + "                }\n"
            + "            }\n"
            + "        },\n"
            + "        \"checks\": {}\n"
            + "    },\n"
            + "    \"metrics\": {\n"
            + "        \"http_req_duration\": {\n"
            + "            \"avg\": 100,\n"
            + "            \"min\": 100,\n"
            + "            \"med\": 100,\n"
            + "            \"max\": 100,\n"
            + "            \"p(90)\": 100,\n"
            + "            \"p(95)\": 100,\n"
            + "            \"thresholds\": {\n"
            + "                \"p(95)<50\": true\n"
            + "            }\n"
            + "        },\n"
            + "        \"http_req_failed\": {\n"
            + "            \"passes\": 0,\n"
            + "            \"fails\": 1,\n"
            + "            \"thresholds\": {\n"
            + "                \"rate<0.01\": false\n"
            + "            },\n"
            + "            \"value\": 0\n"
            + "        },\n"
            + "        \"http_req_duration{expected_response:true}\": {\n"
            + "            \"avg\": 100,\n"
            + "            \"min\": 100,\n"
            + "            \"med\": 100,\n"
            + "            \"max\": 100,\n"
            + "            \"p(90)\": 100,\n"
            + "            \"p(95)\": 100\n"
            + "        },\n"
            + "        \"http_reqs\": {\n"
            + "            \"count\": 1,\n"
            + "            \"rate\": 0.5\n"
            + "        },\n"
            + "        \"checks\": {\n"
            + "            \"passes\": 1,\n"
            + "            \"fails\": 0,\n"
            + "            \"value\": 1\n"
            + "        },\n"
            + "        \"vus\": {\n"
            + "            \"value\": 2,\n"
            + "            \"min\": 2,\n"
            + "            \"max\": 2\n"
            + "        }\n"
            + "    }\n"
            + "}";
    assertEquals(expected, json);
  }

  @Test
  void handleSummaryDataIsK6sSummaryObject() {
    ThresholdSet thresholds = jsonThresholds();
    String json =
        SummaryJson.handleSummaryData(
            forJson(thresholds), thresholds, SummaryOptions.defaults(), Duration.ofMillis(2500));
    String expected =
        "{\n"
            + "    \"root_group\": {\n"
            + "        \"name\": \"\",\n"
            + "        \"path\": \"\",\n"
            + "        \"id\": \"d41d8cd98f00b204e9800998ecf8427e\",\n"
            + "        \"groups\": [\n"
            + "            {\n"
            + "                \"name\": \"login\",\n"
            + "                \"path\": \"::login\",\n"
            + "                \"id\": \""
            + SummaryJson.md5("::login")
            + "\",\n"
            + "                \"groups\": [],\n"
            + "                \"checks\": [\n"
            + "                    {\n"
            + "                        \"name\": \"is 200\",\n"
            + "                        \"path\": \"::login::is 200\",\n"
            + "                        \"id\": \""
            + SummaryJson.md5("::login::is 200")
            + "\",\n"
            + "                        \"passes\": 1,\n"
            + "                        \"fails\": 0\n"
            + "                    }\n"
            + "                ]\n"
            + "            }\n"
            + "        ],\n"
            + "        \"checks\": []\n"
            + "    },\n"
            + "    \"options\": {\n"
            + "        \"summaryTrendStats\": [\n"
            + "            \"avg\",\n"
            + "            \"min\",\n"
            + "            \"med\",\n"
            + "            \"max\",\n"
            + "            \"p(90)\",\n"
            + "            \"p(95)\"\n"
            + "        ],\n"
            + "        \"summaryTimeUnit\": \"\",\n"
            + "        \"noColor\": false\n"
            + "    },\n"
            + "    \"state\": {\n"
            + "        \"isStdOutTTY\": false,\n"
            + "        \"isStdErrTTY\": false,\n"
            + "        \"testRunDurationMs\": 2500\n"
            + "    },\n"
            + "    \"metrics\": {\n"
            + "        \"http_req_duration\": {\n"
            + "            \"type\": \"trend\",\n"
            + "            \"contains\": \"time\",\n"
            + "            \"values\": {\n"
            + "                \"avg\": 100,\n"
            + "                \"min\": 100,\n"
            + "                \"med\": 100,\n"
            + "                \"max\": 100,\n"
            + "                \"p(90)\": 100,\n"
            + "                \"p(95)\": 100\n"
            + "            },\n"
            + "            \"thresholds\": {\n"
            + "                \"p(95)<50\": {\n"
            + "                    \"ok\": false\n"
            + "                }\n"
            + "            }\n"
            + "        },\n"
            + "        \"http_req_failed\": {\n"
            + "            \"type\": \"rate\",\n"
            + "            \"contains\": \"default\",\n"
            + "            \"values\": {\n"
            + "                \"rate\": 0,\n"
            + "                \"passes\": 0,\n"
            + "                \"fails\": 1\n"
            + "            },\n"
            + "            \"thresholds\": {\n"
            + "                \"rate<0.01\": {\n"
            + "                    \"ok\": true\n"
            + "                }\n"
            + "            }\n"
            + "        },\n"
            + "        \"http_req_duration{expected_response:true}\": {\n"
            + "            \"type\": \"trend\",\n"
            + "            \"contains\": \"time\",\n"
            + "            \"values\": {\n"
            + "                \"avg\": 100,\n"
            + "                \"min\": 100,\n"
            + "                \"med\": 100,\n"
            + "                \"max\": 100,\n"
            + "                \"p(90)\": 100,\n"
            + "                \"p(95)\": 100\n"
            + "            }\n"
            + "        },\n"
            + "        \"http_reqs\": {\n"
            + "            \"type\": \"counter\",\n"
            + "            \"contains\": \"default\",\n"
            + "            \"values\": {\n"
            + "                \"count\": 1,\n"
            + "                \"rate\": 0.4\n"
            + "            }\n"
            + "        },\n"
            + "        \"checks\": {\n"
            + "            \"type\": \"rate\",\n"
            + "            \"contains\": \"default\",\n"
            + "            \"values\": {\n"
            + "                \"rate\": 1,\n"
            + "                \"passes\": 1,\n"
            + "                \"fails\": 0\n"
            + "            }\n"
            + "        },\n"
            + "        \"vus\": {\n"
            + "            \"type\": \"gauge\",\n"
            + "            \"contains\": \"default\",\n"
            + "            \"values\": {\n"
            + "                \"value\": 2,\n"
            + "                \"min\": 2,\n"
            + "                \"max\": 2\n"
            + "            }\n"
            + "        }\n"
            + "    }\n"
            + "}";
    assertEquals(expected, json);
  }
}
