package io.k6bridge.output.webdashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.k6bridge.aggregate.SinkFanOut;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.builtin.ListBatch;
import io.k6bridge.registry.SeriesRegistry;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.Sink;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregationTest {
  private final SeriesRegistry registry = new SeriesRegistry();

  @Test
  void hundredsOfSubmetricsGrowTheSlotsWithoutLosingASample() {
    Aggregation aggregation = new Aggregation(List.of("group", "name"));
    SinkFanOut fanOut = new SinkFanOut(List.of(aggregation));
    ListBatch batch = new ListBatch();
    Series[] series = new Series[300]; // 601 slots: the arrays grow at 64, 128, 256 and 512
    for (int g = 0; g < series.length; g++) {
      series[g] =
          registry.get(
              BuiltinMetrics.HTTP_REQS, TagSet.of(Map.of("group", "::tc" + g, "name", "req" + g)));
      batch.add(series[g], g, 1);
    }
    fanOut.add(batch);

    assertEquals(List.of(), fanOut.failures());
    for (Series s : series) {
      Sink[] sinks = aggregation.sinksFor(s); // the metric's, its group's and its name's
      assertEquals(3, sinks.length);
      assertEquals(1, ((CounterSink) sinks[1]).sum(), s.toString());
      assertEquals(1, ((CounterSink) sinks[2]).sum(), s.toString());
    }
    Sink total = aggregation.sinksFor(series[0])[0];
    assertEquals(300, ((CounterSink) total).sum());
  }

  @Test
  void submetricsStopAtTheLimitAndTheMetricStillCountsEverySample() {
    Aggregation aggregation = new Aggregation(List.of("url"), 10);
    SinkFanOut fanOut = new SinkFanOut(List.of(aggregation));
    ListBatch batch = new ListBatch();
    for (int u = 0; u < 25; u++) {
      batch.add(
          registry.get(
              BuiltinMetrics.HTTP_REQS, TagSet.of(Map.of("url", "http://shop/order/" + u))),
          u,
          1);
    }
    fanOut.add(batch);
    Series late = registry.get(BuiltinMetrics.HTTP_REQS, TagSet.of(Map.of("url", "x")));
    Sink[] sinks = aggregation.sinksFor(late);
    assertEquals(1, sinks.length, "no submetric beyond the limit");
    assertEquals(25, ((CounterSink) sinks[0]).sum());
    assertEquals(16, aggregation.unsplit());
    String described =
        new String(
            aggregation.tick(1, java.time.Duration.ofSeconds(1)).newMetrics,
            java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(11, described.split("\\{\"type\"").length - 1, described);
  }
}
