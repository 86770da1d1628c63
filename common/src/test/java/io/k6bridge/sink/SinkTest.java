package io.k6bridge.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.metrics.MetricType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** k6's metrics/sink_test.go vectors for the counter, gauge and rate sinks, and the factory. */
class SinkTest {
  private static final long NOW = 1_700_000_000_123_456_789L;
  private static final double[] SAMPLES10 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 100};

  @Test
  void ofGivesK6sSinkForEachType() {
    assertEquals(CounterSink.class, Sink.of(MetricType.COUNTER).getClass());
    assertEquals(GaugeSink.class, Sink.of(MetricType.GAUGE).getClass());
    assertEquals(RateSink.class, Sink.of(MetricType.RATE).getClass());
    assertEquals(TrendSink.class, Sink.of(MetricType.TREND).getClass());
    for (MetricType t : MetricType.values()) {
      assertTrue(Sink.of(t).isEmpty(), t.toString());
    }
  }

  @Test
  void counterOneValue() {
    CounterSink sink = new CounterSink();
    sink.add(NOW, 1.0);
    assertEquals(1.0, sink.sum());
    assertEquals(NOW, sink.firstTimeNanos());
    assertFalse(sink.isEmpty());
  }

  @Test
  void counterValuesKeepTheFirstTime() {
    CounterSink sink = new CounterSink();
    for (int i = 0; i < SAMPLES10.length; i++) {
      sink.add(NOW + i, SAMPLES10[i]);
    }
    assertEquals(145.0, sink.sum());
    assertEquals(NOW, sink.firstTimeNanos());
  }

  @Test
  void counterRateIsPerSecondOfTheGivenDuration() {
    CounterSink sink = new CounterSink();
    for (double s : SAMPLES10) {
      sink.add(NOW, s);
    }
    assertEquals(145.0, sink.rate(Duration.ofSeconds(1)));
    assertEquals(72.5, sink.rate(Duration.ofSeconds(2)));
    assertEquals(290.0, sink.rate(Duration.ofMillis(500)));
  }

  @Test
  void counterEmpty() {
    CounterSink sink = new CounterSink();
    assertTrue(sink.isEmpty());
    assertEquals(0.0, sink.sum());
    assertEquals(0.0, sink.rate(Duration.ofSeconds(3)));
  }

  @Test
  void gaugeOneValue() {
    GaugeSink sink = new GaugeSink();
    sink.add(NOW, 1.0);
    assertEquals(1.0, sink.last());
    assertEquals(1.0, sink.min());
    assertEquals(1.0, sink.max());
    assertFalse(sink.isEmpty());
  }

  @Test
  void gaugeValues() {
    GaugeSink sink = new GaugeSink();
    for (double s : new double[] {1, 2, 3, 4, 10, 5}) {
      sink.add(NOW, s);
    }
    assertEquals(5.0, sink.last());
    assertEquals(1.0, sink.min());
    assertEquals(10.0, sink.max());
  }

  @Test
  void gaugeMaxNeverBelowZeroAsInK6() {
    GaugeSink sink = new GaugeSink();
    sink.add(NOW, -3);
    sink.add(NOW, -7);
    assertEquals(-7.0, sink.last());
    assertEquals(-7.0, sink.min());
    assertEquals(0.0, sink.max());
  }

  @Test
  void gaugeEmpty() {
    GaugeSink sink = new GaugeSink();
    assertTrue(sink.isEmpty());
    assertEquals(0.0, sink.last());
    assertEquals(0.0, sink.min());
    assertEquals(0.0, sink.max());
  }

  @Test
  void rateOneTrueOneFalse() {
    RateSink t = new RateSink();
    t.add(NOW, 1.0);
    assertEquals(1, t.total());
    assertEquals(1, t.nonZero());
    RateSink f = new RateSink();
    f.add(NOW, 0.0);
    assertEquals(1, f.total());
    assertEquals(0, f.nonZero());
    assertEquals(0.0, f.rate());
    assertFalse(f.isEmpty());
  }

  @Test
  void rateValues() {
    RateSink sink = new RateSink();
    for (double s : new double[] {1, 0, 1, 0, 0, 1}) {
      sink.add(NOW, s);
    }
    assertEquals(6, sink.total());
    assertEquals(3, sink.nonZero());
    assertEquals(0.5, sink.rate());
  }

  @Test
  void rateCountsAnyNonZeroAsTrue() {
    RateSink sink = new RateSink();
    sink.add(NOW, -1);
    sink.add(NOW, 0.25);
    sink.add(NOW, 0);
    sink.add(NOW, -0.0);
    assertEquals(0.5, sink.rate());
  }

  @Test
  void rateEmptyIsZero() {
    RateSink sink = new RateSink();
    assertTrue(sink.isEmpty());
    assertEquals(0.0, sink.rate());
  }

  /**
   * Merging consecutive periods, empty ones included (first, between and last), gives the sink that
   * saw every sample, for every kind: what the web dashboard's cumulative meter relies on.
   */
  @Test
  void mergingConsecutivePeriodsEqualsOneSinkOverAllSamples() {
    double[] values = {-3, 0, 2.5, 7, 1, -8, 4, 0, 9};
    int[] periodEnds = {0, 3, 3, 7, 9, 9}; // sample indexes where each period ends
    for (MetricType type : MetricType.values()) {
      Sink whole = Sink.of(type);
      Sink merged = Sink.of(type);
      int from = 0;
      for (int end : periodEnds) {
        Sink period = Sink.of(type);
        for (int i = from; i < end; i++) {
          period.add(NOW + i, values[i]);
          whole.add(NOW + i, values[i]);
        }
        merged.merge(period);
        from = end;
      }
      assertEquals(describe(whole), describe(merged), type.toString());
    }
  }

  private static String describe(Sink s) {
    if (s instanceof CounterSink) {
      CounterSink c = (CounterSink) s;
      return c.sum() + " from " + c.firstTimeNanos() + " empty " + c.isEmpty();
    }
    if (s instanceof GaugeSink) {
      GaugeSink g = (GaugeSink) s;
      return g.last() + " " + g.min() + " " + g.max() + " empty " + g.isEmpty();
    }
    if (s instanceof RateSink) {
      RateSink r = (RateSink) s;
      return r.nonZero() + "/" + r.total();
    }
    TrendSink t = (TrendSink) s;
    return t.count() + " " + t.sum() + " " + t.min() + " " + t.max() + " " + t.percentile(0.9);
  }

  @Test
  void resetCounterGaugeAndRateAddAsNew() {
    CounterSink counter = new CounterSink();
    GaugeSink gauge = new GaugeSink();
    RateSink rate = new RateSink();
    for (double v : SAMPLES10) {
      counter.add(NOW, v);
      gauge.add(NOW, -v);
      rate.add(NOW, v > 5 ? 1 : 0);
    }
    counter.reset();
    gauge.reset();
    rate.reset();
    assertTrue(counter.isEmpty());
    assertTrue(gauge.isEmpty());
    assertTrue(rate.isEmpty());

    counter.add(NOW + 7, 2);
    gauge.add(NOW, 3);
    rate.add(NOW, 1);
    assertEquals(2, counter.sum());
    assertEquals(NOW + 7, counter.firstTimeNanos(), "the first time after the reset");
    assertEquals(3, gauge.last());
    assertEquals(3, gauge.min(), "not the -100 before the reset");
    assertEquals(3, gauge.max());
    assertEquals(1, rate.nonZero());
    assertEquals(1, rate.total());
  }
}
