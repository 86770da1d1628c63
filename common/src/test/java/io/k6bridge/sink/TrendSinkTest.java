package io.k6bridge.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k6bridge.testing.ThreadAllocations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrendSinkTest {
  /** The bound the class comment states (and the README quotes). */
  private static final double BOUND = 1.0 / 256;

  private static final double[] PERCENTILES = {0, .01, .5, .9, .95, .99, .999, 1};

  // k6 sink_test.go: unsortedSamples10, in seconds.
  private static final double[] UNSORTED10 = {
    0.120, 0.035, 0.015, 0.190, 0.280, 0.001, 0.070, 0.499, 1.200, 2.500
  };

  /** k6's exact percentile over all samples (metrics/sink.go before it used a histogram). */
  static double exactK6(double[] sorted, double p) {
    int n = sorted.length;
    if (n == 0) {
      return 0;
    }
    if (n == 1) {
      return sorted[0];
    }
    double i = p * (n - 1);
    double j = sorted[(int) Math.floor(i)];
    double k = sorted[(int) Math.ceil(i)];
    return j + (k - j) * (i - Math.floor(i));
  }

  private static TrendSink sinkOf(double... values) {
    TrendSink sink = new TrendSink();
    for (double v : values) {
      sink.add(v);
    }
    return sink;
  }

  @Test
  void empty() {
    TrendSink sink = new TrendSink();
    assertTrue(sink.isEmpty());
    assertEquals(0.0, sink.min());
    assertEquals(0.0, sink.max());
    assertEquals(0.0, sink.avg());
    assertEquals(0, sink.count());
    assertEquals(0.0, sink.percentile(0));
    assertEquals(0.0, sink.percentile(0.99));
    int[] visited = {0};
    sink.forEachBucket((lo, hi, c) -> visited[0]++);
    assertEquals(0, visited[0]);
  }

  @Test
  void oneValueIsEveryPercentile() {
    TrendSink sink = sinkOf(0.050);
    assertEquals(1, sink.count());
    assertEquals(0.050, sink.min());
    assertEquals(0.050, sink.max());
    assertEquals(0.050, sink.avg());
    assertEquals(0.050, sink.sum());
    for (int i = 0; i <= 100; i++) {
      assertEquals(0.050, sink.percentile(i / 100.0));
    }
  }

  @Test
  void countSumMinMaxAvgAreExact() {
    TrendSink sink = sinkOf(UNSORTED10);
    assertEquals(10, sink.count());
    assertEquals(0.001, sink.min());
    assertEquals(2.5, sink.max());
    assertEquals(4.91, sink.sum());
    assertEquals(0.491, sink.avg());
  }

  @Test
  void twoValuesInterpolateExactlyBetweenMinAndMax() {
    TrendSink sink = sinkOf(5.0, 10.0);
    assertEquals(5.0, sink.percentile(0));
    assertEquals(7.5, sink.percentile(0.5));
    assertEquals(5 + (10 - 5) * 0.95, sink.percentile(0.95));
    assertEquals(5 + (10 - 5) * 0.99, sink.percentile(0.99));
    assertEquals(10.0, sink.percentile(1));
  }

  @Test
  void moreThanTwoMatchK6WithinTheBound() {
    TrendSink sink = sinkOf(UNSORTED10);
    // k6's expected values for this vector.
    assertEquals(0.001, sink.percentile(0));
    assertEquals(0.155, sink.med(), 0.155 * BOUND);
    assertEquals(1.915, sink.percentile(0.95), 1.915 * BOUND);
    assertEquals(2.383, sink.percentile(0.99), 2.383 * BOUND);
    assertEquals(2.5, sink.percentile(1));
  }

  @Test
  void summaryStatsOfOneToNineAndHundred() {
    TrendSink sink = sinkOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 100);
    assertEquals(1.0, sink.min());
    assertEquals(100.0, sink.max());
    assertEquals(14.5, sink.avg());
    assertEquals(5.5, sink.med(), 5.5 * BOUND);
    assertEquals(18.1, sink.percentile(0.90), 18.1 * BOUND);
    assertEquals(59.05, sink.percentile(0.95), 59.05 * BOUND);
  }

  @Test
  void zerosAreExact() {
    TrendSink sink = new TrendSink();
    for (int i = 0; i < 900; i++) {
      sink.add(0.0);
    }
    for (int i = 0; i < 100; i++) {
      sink.add(3.7);
    }
    assertEquals(900, sink.zeroCount());
    assertEquals(0.0, sink.percentile(0));
    assertEquals(0.0, sink.med());
    assertEquals(0.0, sink.percentile(0.899));
    // rank 899.1: between the last zero and the first 3.7
    assertEquals(0.1 * 3.7, sink.percentile(0.9), 0.1 * 3.7 * BOUND);
    assertEquals(3.7, sink.percentile(0.95), 3.7 * BOUND);
    assertEquals(3.7, sink.percentile(1));
  }

  @Test
  void negativesAreRecordedAsZero() {
    TrendSink sink = sinkOf(-2.5, -0.0, 4.0);
    assertEquals(3, sink.count());
    assertEquals(2, sink.zeroCount());
    assertEquals(0.0, sink.min());
    assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(sink.min()));
    assertEquals(4.0, sink.sum());
    assertEquals(0.0, sink.med());
  }

  @Test
  void nanAndInfinitiesAreRejectedAndCounted() {
    TrendSink sink =
        sinkOf(1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3.0);
    assertEquals(2, sink.count());
    assertEquals(3, sink.rejected());
    assertEquals(4.0, sink.sum());
    assertEquals(3.0, sink.max());
  }

  @Test
  void valuesAtOrBelowTheZeroThresholdAreInTheZeroBucket() {
    TrendSink sink = sinkOf(TrendSink.ZERO_THRESHOLD, TrendSink.ZERO_THRESHOLD / 3, 1.0);
    assertEquals(2, sink.zeroCount());
    assertEquals(TrendSink.ZERO_THRESHOLD / 3, sink.min());
    // The zero bucket's order statistic is 0, clamped to the exact min.
    assertEquals(TrendSink.ZERO_THRESHOLD / 3, sink.percentile(0.25));
  }

  @Test
  void percentileOutsideZeroToOneIsRejected() {
    TrendSink sink = sinkOf(1, 2, 3);
    assertThrows(IllegalArgumentException.class, () -> sink.percentile(-0.01));
    assertThrows(IllegalArgumentException.class, () -> sink.percentile(1.01));
    assertThrows(IllegalArgumentException.class, () -> sink.percentile(Double.NaN));
  }

  @Test
  void bucketsCoverEveryPositiveValueOnceInOrderWithinTheStatedWidth() {
    SplittableRandom r = new SplittableRandom(7);
    double[] values = new double[20_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.pow(10, -3 + 10 * r.nextDouble()); // 1 µs .. 1e7 ms
    }
    TrendSink sink = sinkOf(values);
    sink.add(0);
    Arrays.sort(values);
    List<double[]> buckets = new ArrayList<>();
    sink.forEachBucket((lo, hi, c) -> buckets.add(new double[] {lo, hi, c}));
    int next = 0;
    double previousUpper = 0;
    for (double[] b : buckets) {
      assertTrue(b[0] >= previousUpper, "buckets ascend and do not overlap");
      assertTrue(b[1] - b[0] <= b[0] / 128, "bucket width at most 1/128 of its lower bound");
      for (int i = 0; i < (long) b[2]; i++, next++) {
        assertTrue(values[next] >= b[0] && values[next] < b[1], values[next] + " in " + b[0]);
      }
      previousUpper = b[1];
    }
    assertEquals(values.length, next);
    assertEquals(1, sink.zeroCount());
  }

  /** Long-tailed distributions, in milliseconds (or bytes). */
  private static DoubleSupplier distribution(String name, SplittableRandom r) {
    switch (name) {
      case "lognormal":
        return () -> Math.exp(Math.log(120) + 0.9 * gaussian(r));
      case "pareto":
        return () -> Math.min(1e7, 0.8 / Math.pow(1 - r.nextDouble(), 1 / 1.1));
      case "bimodal":
        return () ->
            r.nextDouble() < 0.7
                ? Math.abs(4 + 0.6 * gaussian(r))
                : Math.abs(2500 + 400 * gaussian(r));
      case "many-zeros":
        return () -> r.nextDouble() < 0.8 ? 0.0 : Math.exp(Math.log(2) + 1.5 * gaussian(r));
      case "full-range":
        return () -> Math.pow(10, -3 + 10 * r.nextDouble());
      case "integers":
        return () -> 1 + r.nextInt(2000);
      default:
        throw new IllegalArgumentException(name);
    }
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  @ParameterizedTest
  @ValueSource(strings = {"lognormal", "pareto", "bimodal", "many-zeros", "full-range", "integers"})
  void everyPercentileIsWithinTheStatedBoundOfK6sExactValue(String name) {
    SplittableRandom r = new SplittableRandom(name.hashCode());
    DoubleSupplier next = distribution(name, r);
    double[] values = new double[200_001];
    TrendSink sink = new TrendSink();
    for (int i = 0; i < values.length; i++) {
      values[i] = next.getAsDouble();
      sink.add(values[i]);
    }
    Arrays.sort(values);
    double worst = 0;
    for (double p : PERCENTILES) {
      double exact = exactK6(values, p);
      double approx = sink.percentile(p);
      double error = exact == 0 ? Math.abs(approx) : Math.abs(approx - exact) / exact;
      worst = Math.max(worst, error);
      assertTrue(
          error <= BOUND * (1 + 1e-9),
          name + " p(" + p * 100 + "): " + approx + " vs exact " + exact + ", error " + error);
    }
    assertEquals(values[0], sink.percentile(0));
    assertEquals(values[values.length - 1], sink.percentile(1));
    assertEquals(values.length, sink.count());
    System.out.printf("%s: worst relative percentile error %.5f%%%n", name, worst * 100);
  }

  @Test
  void mergeEqualsOneSinkOverTheUnion() {
    SplittableRandom r = new SplittableRandom(42);
    TrendSink union = new TrendSink();
    TrendSink[] parts = {new TrendSink(), new TrendSink(), new TrendSink(), new TrendSink()};
    String[] kinds = {"lognormal", "many-zeros", "full-range", "pareto"};
    for (int part = 0; part < parts.length; part++) {
      DoubleSupplier next = distribution(kinds[part], r);
      for (int i = 0; i < 25_000; i++) {
        double v = next.getAsDouble();
        parts[part].add(v);
        union.add(v);
      }
    }
    parts[1].add(Double.NaN);
    union.add(Double.NaN);
    TrendSink merged = new TrendSink();
    for (TrendSink p : parts) {
      merged.merge(p);
    }
    merged.merge(new TrendSink());
    assertEquals(union.count(), merged.count());
    assertEquals(union.zeroCount(), merged.zeroCount());
    assertEquals(union.rejected(), merged.rejected());
    assertEquals(union.min(), merged.min());
    assertEquals(union.max(), merged.max());
    // Only the order of additions differs.
    assertEquals(union.sum(), merged.sum(), Math.abs(union.sum()) * 1e-12);
    for (double p = 0; p <= 1; p += 0.001) {
      assertEquals(union.percentile(p), merged.percentile(p), "p=" + p);
    }
    assertEquals(buckets(union), buckets(merged));
  }

  @Test
  void mergeIntoANonEmptySinkGrowsBothWays() {
    TrendSink a = sinkOf(10, 20);
    TrendSink b = sinkOf(0.002, 5e6, 0);
    a.merge(b);
    assertEquals(5, a.count());
    assertEquals(0.0, a.min());
    assertEquals(5e6, a.max());
    // 2^-9·[1+3/128, 1+4/128), 8·[1+32/128, ...), 16·[1+32/128, ...), 2^22·[1+24/128, ...)
    assertEquals(
        List.of(
            "0.0019989013671875..0.00201416015625 x1",
            "10.0..10.0625 x1",
            "20.0..20.125 x1",
            "4980736.0..5013504.0 x1"),
        buckets(a));
  }

  private static List<String> buckets(TrendSink sink) {
    List<String> out = new ArrayList<>();
    sink.forEachBucket((lo, hi, c) -> out.add(lo + ".." + hi + " x" + c));
    return out;
  }

  @Test
  void memoryGrowsWithTheValueRangeNotTheSampleCount() {
    SplittableRandom r = new SplittableRandom(1);
    DoubleSupplier next = distribution("lognormal", r);
    TrendSink sink = new TrendSink();
    for (int i = 0; i < 1_000_000; i++) {
      sink.add(next.getAsDouble());
    }
    int octaves = (int) Math.ceil(Math.log(sink.max() / sink.min()) / Math.log(2)) + 1;
    assertTrue(
        sink.allocatedBuckets() <= 1.5 * 128 * octaves,
        sink.allocatedBuckets() + " buckets for " + octaves + " octaves");
    assertTrue(sink.allocatedBuckets() <= 3072, sink.allocatedBuckets() + " buckets");
    System.out.printf(
        "1M lognormal samples %.3f..%.1f ms: %d buckets (%d KiB)%n",
        sink.min(), sink.max(), sink.allocatedBuckets(), sink.allocatedBuckets() * 8 / 1024);

    // The full stated range, 1 µs .. 1e7 ms: 34 octaves.
    TrendSink wide = sinkOf(0.001, 1e7);
    assertTrue(wide.allocatedBuckets() <= 1.5 * 128 * 35, wide.allocatedBuckets() + " buckets");
  }

  @Test
  void addAllocatesNothingOnceTheRangeIsCovered() {
    TrendSink sink = sinkOf(0, 0.01, 60_000);
    double[] values = new double[100_000];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < values.length; i++) {
      values[i] = 0.01 + r.nextDouble() * 59_999;
    }
    for (int round = 0; round < 3; round++) { // warm up the JIT
      for (double v : values) {
        sink.add(v);
      }
    }
    // Five rounds: a JIT event once left 736 bytes in a single round of CI.
    long least =
        ThreadAllocations.leastBytes(
            5,
            () -> {
              for (double v : values) {
                sink.add(v);
              }
            });
    assertEquals(0, least, "bytes allocated by 100,000 adds, least of five rounds");
  }

  @Test
  void resetAddsAsNewWithoutAllocatingForValuesInTheRangeSeen() {
    TrendSink reused = new TrendSink();
    for (int i = 1; i <= 1000; i++) {
      reused.add(i);
    }
    reused.add(Double.NaN);
    reused.reset();
    assertTrue(reused.isEmpty());
    assertEquals(0, reused.rejected());

    TrendSink fresh = new TrendSink();
    double[] values = {0, 3, 250, 17.5, 999, 42};
    for (double v : values) {
      reused.add(v);
      fresh.add(v);
    }
    assertEquals(fresh.count(), reused.count());
    assertEquals(fresh.zeroCount(), reused.zeroCount());
    assertEquals(fresh.sum(), reused.sum());
    assertEquals(fresh.min(), reused.min());
    assertEquals(fresh.max(), reused.max());
    for (double p : new double[] {0, 0.25, 0.5, 0.9, 0.99, 1}) {
      assertEquals(fresh.percentile(p), reused.percentile(p), "p" + p);
    }
    List<Double> buckets = new ArrayList<>();
    reused.forEachBucket((lower, upper, count) -> buckets.add(lower));
    assertEquals(values.length - 1, buckets.size(), "only the new values' buckets, zero aside");

    long least =
        ThreadAllocations.leastBytes(
            3,
            () -> {
              reused.reset();
              for (int i = 1; i <= 1000; i++) {
                reused.add(i);
              }
            });
    assertEquals(0, least, "bytes allocated refilling a reset sink's range");
  }
}
