package io.k6bridge.output.webdashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.k6bridge.aggregate.SinkFanOut;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.registry.SeriesRegistry;
import io.k6bridge.testing.ThreadAllocations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adding samples of known series, within a period, allocates nothing on the engine thread. */
class AggregationAllocationTest {
  /** A batch over primitive arrays, so that reading it allocates nothing either. */
  static final class ArrayBatch implements SampleBatch {
    final Series[] series;
    final double[] values;

    ArrayBatch(Series[] series, double[] values) {
      this.series = series;
      this.values = values;
    }

    @Override
    public int size() {
      return series.length;
    }

    @Override
    public Series series(int i) {
      return series[i];
    }

    @Override
    public long timeNanos(int i) {
      return i;
    }

    @Override
    public double value(int i) {
      return values[i];
    }
  }

  @Test
  void addingKnownSeriesAllocatesNothing() {
    SeriesRegistry registry = new SeriesRegistry();
    TagSet tags = TagSet.of(Map.of("group", "::checkout", "name", "pay", "status", "200"));
    Series[] series = new Series[10_000];
    double[] values = new double[series.length];
    for (int i = 0; i < series.length; i++) {
      series[i] =
          registry.get(
              i % 3 == 0
                  ? BuiltinMetrics.HTTP_REQ_DURATION
                  : i % 3 == 1 ? BuiltinMetrics.HTTP_REQS : BuiltinMetrics.HTTP_REQ_FAILED,
              tags);
      values[i] = i % 3 == 0 ? 1 + (i % 500) : i % 2;
    }
    ArrayBatch batch = new ArrayBatch(series, values);
    SinkFanOut fanOut = new SinkFanOut(List.of(new Aggregation(List.of("group", "name"))));
    for (int i = 0; i < 50; i++) {
      fanOut.add(batch); // routes and the trend's buckets are created here; then the JIT
    }

    long least =
        ThreadAllocations.leastBytes(
            3,
            () -> {
              for (int i = 0; i < 20; i++) {
                fanOut.add(batch);
              }
            });
    assertEquals(0, least, "bytes allocated for 200,000 samples, least of three rounds");
  }
}
