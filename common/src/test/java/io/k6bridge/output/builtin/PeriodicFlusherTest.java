package io.k6bridge.output.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.DropCounter;
import io.k6bridge.registry.SeriesRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PeriodicFlusherTest {
  private final Series reqs = new SeriesRegistry().get(BuiltinMetrics.HTTP_REQS, TagSet.EMPTY);

  @Test
  void stopFlushesWhatIsStillBuffered() throws Exception {
    SampleBuffer buffer = new SampleBuffer(100, new DropCounter("x"));
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    PeriodicFlusher f =
        PeriodicFlusher.start(
            "t", Duration.ofHours(1), buffer, s -> sizes.add(s.size()), new DropCounter("x"));
    buffer.addMetricSamples(new ListBatch().add(reqs, 1, 1).add(reqs, 2, 1));
    f.stop();
    assertEquals(List.of(2), sizes);
  }

  @Test
  void aThrowingFlushIsCountedAndTheThreadGoesOn() throws Exception {
    SampleBuffer buffer = new SampleBuffer(100, new DropCounter("x"));
    DropCounter failed = new DropCounter("failed");
    CountDownLatch firstCall = new CountDownLatch(1);
    List<Integer> written = new CopyOnWriteArrayList<>();
    PeriodicFlusher f =
        PeriodicFlusher.start(
            "t",
            Duration.ofMillis(5),
            buffer,
            s -> {
              if (firstCall.getCount() > 0) {
                firstCall.countDown();
                throw new IOException("disk full");
              }
              written.add(s.size());
            },
            failed);
    buffer.addMetricSamples(new ListBatch().add(reqs, 1, 1).add(reqs, 2, 1).add(reqs, 3, 1));
    assertTrue(firstCall.await(10, TimeUnit.SECONDS));
    buffer.addMetricSamples(new ListBatch().add(reqs, 4, 1));
    f.stop();
    assertEquals(3, failed.count());
    assertEquals(List.of(1), written);
  }

  @Test
  void emptyBuffersAreNotFlushed() throws Exception {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    PeriodicFlusher f =
        PeriodicFlusher.start(
            "t",
            Duration.ofMillis(1),
            new SampleBuffer(10, new DropCounter("x")),
            s -> sizes.add(s.size()),
            new DropCounter("x"));
    f.stop();
    assertEquals(List.of(), sizes);
  }
}
