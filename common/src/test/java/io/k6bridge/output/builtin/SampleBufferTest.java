package io.k6bridge.output.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.DropCounter;
import io.k6bridge.registry.SeriesRegistry;
import org.junit.jupiter.api.Test;

class SampleBufferTest {
  private final Series reqs = new SeriesRegistry().get(BuiltinMetrics.HTTP_REQS, TagSet.EMPTY);

  private ListBatch batch(int n, int from) {
    ListBatch b = new ListBatch();
    for (int i = 0; i < n; i++) {
      b.add(reqs, from + i, from + i);
    }
    return b;
  }

  @Test
  void copiesBatchesAndDrainsInOrder() {
    SampleBuffer buffer = new SampleBuffer(10_000, new DropCounter("x"));
    buffer.addMetricSamples(batch(3000, 0)); // beyond the initial capacity
    buffer.addMetricSamples(batch(2, 3000));
    SampleBatch drained = buffer.drain();
    assertEquals(3002, drained.size());
    for (int i = 0; i < 3002; i++) {
      assertSame(reqs, drained.series(i));
      assertEquals(i, drained.timeNanos(i));
      assertEquals(i, drained.value(i));
    }
    assertEquals(0, buffer.drain().size());
  }

  @Test
  void countsSamplesPastTheBoundAndKeepsTheFirst() {
    DropCounter drops = new DropCounter("x");
    SampleBuffer buffer = new SampleBuffer(5, drops);
    buffer.addMetricSamples(batch(3, 0));
    buffer.addMetricSamples(batch(4, 3));
    assertEquals(2, drops.count());
    SampleBatch drained = buffer.drain();
    assertEquals(5, drained.size());
    assertEquals(4, drained.timeNanos(4));
    buffer.addMetricSamples(batch(5, 100)); // room again after a drain
    assertEquals(2, drops.count());
    assertEquals(5, buffer.drain().size());
  }

  @Test
  void drainedSamplesSurviveLaterAdds() {
    SampleBuffer buffer = new SampleBuffer(100, new DropCounter("x"));
    buffer.addMetricSamples(batch(2, 0));
    SampleBatch drained = buffer.drain();
    buffer.addMetricSamples(batch(2, 50));
    assertEquals(1, drained.timeNanos(1));
  }
}
