package io.k6bridge.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.registry.SeriesRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SampleIngestTest {
  private final SeriesRegistry registry = new SeriesRegistry();

  private Series seriesOf(int thread) {
    return registry.get(
        BuiltinMetrics.HTTP_REQS, TagSet.builder().put("thread", "" + thread).build());
  }

  /** What the engine saw, per producer thread, in arrival order. */
  private static final class Received {
    final long[][] values;
    final int[] counts;
    // Samples recorded together share the time of the group's first value.
    final int group;

    Received(int threads, int perThread) {
      this(threads, perThread, 1);
    }

    Received(int threads, int perThread, int group) {
      values = new long[threads][perThread];
      counts = new int[threads];
      this.group = group;
    }

    void accept(SampleBatch batch) {
      for (int i = 0; i < batch.size(); i++) {
        int thread = Integer.parseInt(batch.series(i).tags().get("thread"));
        long v = (long) batch.value(i);
        assertEquals((v - v % group) * 10, batch.timeNanos(i), "time travels with its value");
        values[thread][counts[thread]++] = v;
      }
    }

    long total() {
      long t = 0;
      for (int c : counts) {
        t += c;
      }
      return t;
    }
  }

  /**
   * Runs {@code threads} producers recording {@code perThread} samples each (value = sequence
   * number) while this thread drains concurrently; returns what was drained.
   */
  private Received produceWhileDraining(SampleIngest ingest, int threads, int perThread)
      throws InterruptedException {
    return produceWhileDraining(ingest, threads, perThread, 1);
  }

  /** As above, recording {@code group} samples per call (perThread must be a multiple of it). */
  private Received produceWhileDraining(SampleIngest ingest, int threads, int perThread, int group)
      throws InterruptedException {
    Received received = new Received(threads, perThread, group);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      Series s = seriesOf(t);
      Thread p =
          new Thread(
              () -> {
                try {
                  start.await();
                  SampleWriter w = ingest.writer();
                  Series[] together = new Series[group];
                  java.util.Arrays.fill(together, s);
                  double[] values = new double[group];
                  for (long i = 0; i < perThread; i += group) {
                    if (group == 1) {
                      w.record(s, i * 10, i);
                      continue;
                    }
                    for (int k = 0; k < group; k++) {
                      values[k] = i + k;
                    }
                    w.record(together, i * 10, values);
                  }
                } catch (Throwable e) {
                  failure.set(e);
                }
              });
      p.start();
      producers.add(p);
    }
    start.countDown();
    boolean alive = true;
    while (alive) {
      alive = false;
      for (Thread p : producers) {
        alive |= p.isAlive();
      }
      ingest.drain(received::accept);
    }
    ingest.drain(received::accept);
    assertEquals(null, failure.get());
    return received;
  }

  @Test
  void everySampleIsDrainedExactlyOnceInPerThreadOrder() throws InterruptedException {
    int threads = 4;
    int perThread = 200_000;
    // Budget for everything: nothing may be dropped, whatever the scheduling.
    SampleIngest ingest =
        new SampleIngest(registry, 64, (long) threads * perThread + 64L * threads);
    Received r = produceWhileDraining(ingest, threads, perThread);
    assertEquals(0, ingest.dropped());
    assertEveryThreadsSamplesInOrder(r, threads, perThread);
  }

  private static void assertEveryThreadsSamplesInOrder(Received r, int threads, int perThread) {
    for (int t = 0; t < threads; t++) {
      assertEquals(perThread, r.counts[t], "thread " + t);
      for (int i = 0; i < perThread; i++) {
        if (r.values[t][i] != i) {
          assertEquals(i, r.values[t][i], "thread " + t + " sample " + i);
        }
      }
    }
  }

  @Test
  void samplesRecordedTogetherAreDrainedExactlyOnceInOrderAcrossPartlyFilledChunks()
      throws InterruptedException {
    int threads = 3;
    int perThread = 300_000;
    // 64 is no multiple of 3: every chunk ends with a slot left unused.
    SampleIngest ingest = new SampleIngest(registry, 64, (long) threads * perThread * 2);
    Received r = produceWhileDraining(ingest, threads, perThread, 3);
    assertEquals(0, ingest.dropped());
    assertEveryThreadsSamplesInOrder(r, threads, perThread);
  }

  @Test
  void aBatchReadFromThePartOfAChunkNotYetDrainedGivesEachSamplesSeriesId() {
    SampleIngest ingest = new SampleIngest(registry, 8, 16);
    SampleWriter w = ingest.writer();
    List<Integer> ids = new ArrayList<>();
    List<Integer> expected = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int t = 0; t < 2; t++) {
        Series s = seriesOf(2 * round + t); // a different series in every slot
        w.record(s, 1, 1);
        expected.add(s.id());
      }
      ingest.drain(
          batch -> {
            for (int i = 0; i < batch.size(); i++) {
              assertEquals(batch.series(i).id(), batch.seriesId(i));
              ids.add(batch.seriesId(i));
            }
          });
    }
    assertEquals(expected, ids);
  }

  @Test
  void samplesRecordedTogetherMoveToAFreshChunkAndAreKeptOrDroppedWhole() {
    SampleIngest ingest = new SampleIngest(registry, 4, 12); // three chunks
    SampleWriter w = ingest.writer();
    Series s = seriesOf(0);
    Series[] three = {s, s, s};
    w.record(s, 0, 0);
    w.record(s, 0, 1); // two slots of the first chunk left
    w.record(three, 10, new double[] {2, 3, 4}); // too few: all three go to the second chunk
    w.record(three, 20, new double[] {5, 6, 7}); // one slot left there: to the third chunk
    w.record(three, 30, new double[] {8, 9, 10}); // one slot left, no free chunk: all dropped
    assertEquals(3, ingest.dropped());
    List<String> drained = new ArrayList<>();
    Consumer<SampleBatch> collect =
        batch -> {
          for (int i = 0; i < batch.size(); i++) {
            drained.add((long) batch.value(i) + "@" + batch.timeNanos(i));
          }
        };
    assertEquals(8, ingest.drain(collect));
    assertEquals(List.of("0@0", "1@0", "2@10", "3@10", "4@10", "5@20", "6@20", "7@20"), drained);
    // The drain recycled the first two chunks, so recording resumes, in order.
    drained.clear();
    w.record(s, 40, 11); // the third chunk's last slot
    w.record(three, 50, new double[] {12, 13, 14}); // a recycled chunk
    assertEquals(4, ingest.drain(collect));
    assertEquals(List.of("11@40", "12@50", "13@50", "14@50"), drained);
    assertEquals(3, ingest.allocatedChunks());
    assertEquals(3, ingest.dropped());
    // A group larger than a chunk can never be recorded: dropped and counted, not looped on.
    w.record(new Series[] {s, s, s, s, s}, 60, new double[5]);
    assertEquals(8, ingest.dropped());
  }

  @Test
  void underASmallBudgetDeliveredPlusDroppedIsEverythingAndOrderHolds()
      throws InterruptedException {
    int threads = 4;
    int perThread = 300_000;
    SampleIngest ingest = new SampleIngest(registry, 16, 16 * 8);
    Received r = produceWhileDraining(ingest, threads, perThread);
    assertEquals((long) threads * perThread, r.total() + ingest.dropped());
    for (int t = 0; t < threads; t++) {
      for (int i = 1; i < r.counts[t]; i++) {
        if (r.values[t][i] <= r.values[t][i - 1]) {
          fail("thread " + t + " out of order at " + i);
        }
      }
    }
  }

  @Test
  void aFullBufferDropsInsteadOfBlockingAndCountsExactlyWhatWasLost() {
    SampleIngest ingest = new SampleIngest(registry, 4, 8); // two chunks
    SampleWriter w = ingest.writer();
    Series s = seriesOf(0);
    for (long i = 0; i < 100; i++) {
      w.record(s, i * 10, i);
    }
    assertEquals(92, ingest.dropped());
    Received r = new Received(1, 100);
    assertEquals(8, ingest.drain(r::accept));
    assertEquals(8, r.counts[0]);
    for (int i = 0; i < 8; i++) {
      assertEquals(i, r.values[0][i]);
    }
    // Once drained, the chunks are free again and recording resumes.
    for (long i = 100; i < 104; i++) {
      w.record(s, i * 10, i);
    }
    assertEquals(92, ingest.dropped());
    assertEquals(4, ingest.drain(r::accept));
    assertEquals(100, r.values[0][8]);
  }

  @Test
  void chunksAreRecycledSoTheSteadyStateCreatesNoneAndRecordAllocatesNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    // 100 samples a round span at most 5 chunks (the partly read one plus 4 new ones).
    SampleIngest ingest = new SampleIngest(registry, 32, 32 * 5);
    SampleWriter w = ingest.writer();
    Series s = seriesOf(0);
    AtomicLong drained = new AtomicLong();
    SampleBatchCounter counter = new SampleBatchCounter(drained);
    long v = 0;
    for (int round = 0; round < 1000; round++) { // warm-up, also fills the pool
      for (int i = 0; i < 100; i++) {
        w.record(s, v * 10, v++);
      }
      ingest.drain(counter);
    }
    int chunks = ingest.allocatedChunks();
    // Only the writer's side is measured: it is what sampler threads run. (The engine's drain
    // allocates a queue node per recycled chunk, about 24 bytes per 512 samples.) The JIT can
    // allocate a few bytes on this thread while it recompiles, so the least of five runs counts:
    // a per-sample allocation would show in every run as megabytes.
    long leastRecordBytes = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 5 && leastRecordBytes != 0; attempt++) {
      long recordBytes = 0;
      for (int round = 0; round < 10_000; round++) {
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100; i++) {
          w.record(s, v * 10, v++);
        }
        recordBytes += threads.getCurrentThreadAllocatedBytes() - before;
        ingest.drain(counter);
      }
      leastRecordBytes = Math.min(leastRecordBytes, recordBytes);
    }
    assertEquals(chunks, ingest.allocatedChunks(), "chunks created in the steady state");
    assertEquals(0, leastRecordBytes, "bytes allocated by 1,000,000 records");
    assertEquals(0, ingest.dropped());
    assertEquals(v, drained.get());
  }

  /** A consumer that allocates nothing, so the allocation measurement sees only the ingest. */
  private static final class SampleBatchCounter
      implements java.util.function.Consumer<SampleBatch> {
    private final AtomicLong total;

    SampleBatchCounter(AtomicLong total) {
      this.total = total;
    }

    @Override
    public void accept(SampleBatch batch) {
      total.addAndGet(batch.size());
    }
  }

  @Test
  void finishedThreadsAreUnregisteredOnceDrainedAndTheirChunkAndDropsKept()
      throws InterruptedException {
    SampleIngest ingest = new SampleIngest(registry, 4, 8);
    Series s = seriesOf(0);
    Thread t =
        new Thread(
            () -> {
              SampleWriter w = ingest.writer();
              for (long i = 0; i < 10; i++) {
                w.record(s, i * 10, i);
              }
            });
    t.start();
    t.join();
    assertEquals(1, ingest.registeredWriters());
    assertEquals(2, ingest.dropped());
    Received r = new Received(1, 10);
    assertEquals(8, ingest.drain(r::accept));
    assertEquals(0, ingest.registeredWriters());
    assertEquals(2, ingest.dropped(), "drops of a retired writer are still reported");
    int chunks = ingest.allocatedChunks();

    // Its chunks went back to the pool: a new thread gets them instead of new ones.
    Thread again =
        new Thread(
            () -> {
              SampleWriter w = ingest.writer();
              for (long i = 0; i < 8; i++) {
                w.record(s, i * 10, i);
              }
            });
    again.start();
    again.join();
    assertEquals(chunks, ingest.allocatedChunks());
    assertEquals(2, ingest.dropped());
    assertEquals(8, ingest.drain(new Received(1, 8)::accept));
  }

  @Test
  void aLiveThreadStaysRegisteredAndKeepsItsWriter() {
    SampleIngest ingest = new SampleIngest(registry, 4, 8);
    SampleWriter w = ingest.writer();
    ingest.drain(b -> {});
    assertEquals(1, ingest.registeredWriters());
    assertSame(w, ingest.writer());
  }
}
