package io.k6bridge.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.builtin.ListBatch;
import io.k6bridge.registry.SeriesRegistry;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.Sink;
import io.k6bridge.sink.TrendSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkFanOutTest {
  private final SeriesRegistry registry = new SeriesRegistry();
  private final Series reqs =
      registry.get(BuiltinMetrics.HTTP_REQS, TagSet.of(Map.of("name", "a")));
  private final Series duration =
      registry.get(BuiltinMetrics.HTTP_REQ_DURATION, TagSet.of(Map.of("name", "a")));

  /** One sink per series, or two for the duration; records what the fan-out asked and told. */
  private static final class Router implements SinkRouter {
    final Object lock = new Object();
    final boolean touchedWanted;
    final Map<Series, List<Sink>> sinks = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    boolean lockHeld = true;

    Router(boolean touchedWanted) {
      this.touchedWanted = touchedWanted;
    }

    @Override
    public Object lock() {
      return lock;
    }

    @Override
    public Sink[] sinksFor(Series series) {
      lockHeld &= Thread.holdsLock(lock);
      calls.add("sinksFor " + series.metric().name());
      boolean trend = series.metric() == BuiltinMetrics.HTTP_REQ_DURATION;
      List<Sink> own =
          trend ? List.of(new TrendSink(), new TrendSink()) : List.of(new CounterSink());
      sinks.put(series, own);
      return own.toArray(new Sink[0]);
    }

    @Override
    public boolean wantsTouched() {
      return touchedWanted;
    }

    @Override
    public void touched(Series series, int samples, long latestNanos) {
      lockHeld &= Thread.holdsLock(lock);
      calls.add("touched " + series.metric().name() + " " + samples + " " + latestNanos);
    }
  }

  @Test
  void everySampleReachesEverySinkOfEveryRouterAndSeriesAreRoutedOnce() {
    Router first = new Router(false);
    Router second = new Router(true);
    SinkFanOut fanOut = new SinkFanOut(List.of(first, second));
    fanOut.add(new ListBatch().add(reqs, 10, 1).add(duration, 11, 120).add(reqs, 12, 1));
    fanOut.add(new ListBatch().add(duration, 20, 80).add(reqs, 21, 1));

    for (Router r : List.of(first, second)) {
      assertEquals(3, ((CounterSink) r.sinks.get(reqs).get(0)).sum());
      for (Sink s : r.sinks.get(duration)) {
        TrendSink trend = (TrendSink) s;
        assertEquals(2, trend.count());
        assertEquals(200, trend.sum());
        assertEquals(80, trend.min());
      }
      assertTrue(r.lockHeld, "sinksFor and touched run with the router's lock held");
    }
    assertEquals(List.of("sinksFor http_reqs", "sinksFor http_req_duration"), first.calls);
  }

  @Test
  void touchedGivesEachSeriesOfABatchItsSampleCountAndLatestTime() {
    Router router = new Router(true);
    SinkFanOut fanOut = new SinkFanOut(List.of(router));
    // Samples come in the order sampler threads recorded them, not by time.
    fanOut.add(
        new ListBatch().add(reqs, 30, 1).add(duration, 31, 5).add(reqs, 25, 1).add(reqs, 29, 1));
    fanOut.add(new ListBatch().add(duration, 12, 5));
    fanOut.add(new ListBatch());

    assertEquals(
        List.of(
            "sinksFor http_reqs",
            "sinksFor http_req_duration",
            "touched http_reqs 3 30",
            "touched http_req_duration 1 31",
            "touched http_req_duration 1 12"),
        router.calls);
  }

  @Test
  void aRouterWithoutTouchedIsNotTold() {
    Router router = new Router(false);
    new SinkFanOut(List.of(router)).add(new ListBatch().add(reqs, 1, 1));
    assertEquals(List.of("sinksFor http_reqs"), router.calls);
  }

  @Test
  void addingWaitsForARouterWhoseReaderHoldsItsLock() throws Exception {
    Router router = new Router(false);
    SinkFanOut fanOut = new SinkFanOut(List.of(router));
    fanOut.add(new ListBatch().add(reqs, 1, 1)); // routed
    Thread adder;
    synchronized (router.lock) {
      adder = new Thread(() -> fanOut.add(new ListBatch().add(reqs, 2, 1)));
      adder.start();
      adder.join(200);
      assertTrue(adder.isAlive(), "the fan-out adds only with the router's lock");
      assertEquals(1, ((CounterSink) router.sinks.get(reqs).get(0)).sum());
    }
    adder.join(5_000);
    assertEquals(2, ((CounterSink) router.sinks.get(reqs).get(0)).sum());
  }

  /** A router whose sinks for one series include a null, which adding would throw on. */
  private static class BrokenRouter implements SinkRouter {
    final Series broken;
    final CounterSink counted = new CounterSink();
    boolean touchedThrows;

    BrokenRouter(Series broken) {
      this.broken = broken;
    }

    @Override
    public Object lock() {
      return this;
    }

    @Override
    public Sink[] sinksFor(Series series) {
      return series == broken ? new Sink[] {counted, null} : new Sink[] {counted};
    }

    @Override
    public boolean wantsTouched() {
      return touchedThrows;
    }

    @Override
    public void touched(Series series, int samples, long latestNanos) {
      throw new IllegalStateException("touched is broken");
    }
  }

  @Test
  void aRouterThatThrowsIsCutOffAndEveryOtherRouterGetsTheWholeBatch() {
    Router before = new Router(true);
    BrokenRouter broken = new BrokenRouter(duration);
    Router after = new Router(true);
    List<String> told = new ArrayList<>();
    SinkFanOut fanOut =
        new SinkFanOut(
            List.of(
                new SinkFanOut.Consumer("before", before),
                new SinkFanOut.Consumer("broken", broken),
                new SinkFanOut.Consumer("after", after)),
            (name, e) -> told.add(name + " " + e.getClass().getSimpleName()));
    // The broken router names a null sink for the duration: it is refused when the series is
    // routed, before any of that series' samples is added.
    fanOut.add(
        new ListBatch()
            .add(reqs, 10, 1)
            .add(duration, 11, 120)
            .add(reqs, 12, 1)
            .add(duration, 13, 80));
    fanOut.add(new ListBatch().add(reqs, 20, 1).add(duration, 21, 100));

    for (Router r : List.of(before, after)) {
      assertEquals(3, ((CounterSink) r.sinks.get(reqs).get(0)).sum());
      for (Sink s : r.sinks.get(duration)) {
        assertEquals(3, ((TrendSink) s).count());
      }
      assertTrue(r.calls.contains("touched http_reqs 2 12"), r.calls.toString());
      assertTrue(r.calls.contains("touched http_req_duration 2 13"), r.calls.toString());
    }
    assertEquals(List.of("broken IllegalStateException"), told);
    assertEquals(1, broken.counted.sum(), "the broken router got what came before its failure");
    SinkFanOut.Failure f = fanOut.failures().get(0);
    assertEquals("broken", f.name());
    assertEquals(
        3 + 2, f.lostSamples(), "the sample it failed on, the rest of its batch, then all");
  }

  @Test
  void aRouterWhoseTouchedThrowsIsCutOffWithoutCostingTheOthers() {
    BrokenRouter broken = new BrokenRouter(null);
    broken.touchedThrows = true;
    Router other = new Router(true);
    SinkFanOut fanOut = new SinkFanOut(List.of(broken, other));
    fanOut.add(new ListBatch().add(reqs, 10, 1));
    fanOut.add(new ListBatch().add(reqs, 20, 1));

    assertEquals(
        List.of("sinksFor http_reqs", "touched http_reqs 1 10", "touched http_reqs 1 20"),
        other.calls);
    assertEquals(1, broken.counted.sum());
    assertEquals(1, fanOut.failures().size());
    assertEquals(1, fanOut.failures().get(0).lostSamples());
  }

  @Test
  void aRouterThatThrowsNamingSinksLosesTheRestOfTheBatch() {
    Router other = new Router(false);
    SinkRouter naming =
        new BrokenRouter(null) {
          @Override
          public Sink[] sinksFor(Series series) {
            if (series == duration) {
              throw new ArrayIndexOutOfBoundsException("64");
            }
            return super.sinksFor(series);
          }
        };
    SinkFanOut fanOut = new SinkFanOut(List.of(naming, other));
    fanOut.add(new ListBatch().add(reqs, 1, 1).add(duration, 2, 5).add(reqs, 3, 1));
    assertEquals(2, ((CounterSink) other.sinks.get(reqs).get(0)).sum());
    assertEquals(1, ((TrendSink) other.sinks.get(duration).get(0)).count());
    assertEquals(2, fanOut.failures().get(0).lostSamples());
  }
}
