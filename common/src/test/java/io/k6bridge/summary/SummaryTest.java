package io.k6bridge.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricRegistry;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.SeriesRegistry;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.output.SampleBatch;
import io.k6bridge.threshold.ThresholdSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
    ThresholdSet thresholds = ThresholdSet.parse(
        "{\"http_req_duration\":[\"p(95)<500\"],\"http_req_duration{status:200}\":[\"max<100\"],"
            + "\"http_reqs\":[\"count>=3\"]}", registry);
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
    agg.add(batch());
    Duration run = Duration.ofSeconds(2);
    assertEquals(List.of("http_req_duration"),
        thresholds.evaluate(agg::sink, run, false).breached());
    String text = TextSummary.render(agg, thresholds, SummaryOptions.defaults(), run, null);
    String expected = "\n\n"
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
}
