package io.k6bridge.sink;

import java.util.Arrays;

/**
 * A trend's distribution (k6's {@code TrendSink}) in bounded memory: a log-linear histogram whose
 * cost grows with the range of the values, not with their number.
 *
 * <p><b>Exact:</b> {@link #count}, {@link #sum}, {@link #min}, {@link #max}, {@link #avg}.
 *
 * <p><b>Percentiles</b> follow k6's definition in structure: the rank is {@code p·(n−1)} and the
 * result interpolates linearly between the order statistics at the rank's floor and ceiling; {@link
 * #med} is {@code percentile(0.5)}. Each order statistic comes from the histogram: the midpoint of
 * the bucket holding that rank, clamped to [min, max]. Ranks 0 and n−1 are the exact min and max;
 * zeros are exact.
 *
 * <p><b>Accuracy:</b> every power of two is split into 128 equal buckets, so a bucket is at most
 * 1/128 of its lower bound wide and its midpoint is within 1/256 of any value in it. Interpolating
 * between two non-negative order statistics cannot add error, so <b>every percentile is within
 * 0.39&nbsp;% (1/256) of the value k6 computes from all samples</b>, for values above {@link
 * #ZERO_THRESHOLD} (so across 1&nbsp;µs to 10<sup>7</sup>&nbsp;ms and beyond).
 *
 * <p><b>Values</b> are milliseconds or bytes. Negative values are recorded as 0: durations here are
 * differences of clock readings, where a negative result means "no time" and the sample must still
 * count. NaN and infinities are not recorded and are counted in {@link #rejected()}. Values at or
 * below {@link #ZERO_THRESHOLD} go to the zero bucket, whose order statistic is 0 (clamped to min).
 *
 * <p><b>Memory:</b> 128 counters (1 KiB) per power of two between the smallest and largest positive
 * value, plus at most half that again of headroom from amortized growth: 14 to 21 KiB for values
 * from 1 ms to 10 s. {@link #add} allocates only when a value falls outside the range seen so far.
 *
 * <p>Not thread-safe: the engine thread owns its sinks.
 */
public final class TrendSink extends Sink {
  /**
   * Positive values at or below this (2<sup>−20</sup>, under a nanosecond in milliseconds, under a
   * byte) are counted in the zero bucket, as a Prometheus native histogram's zero threshold.
   */
  public static final double ZERO_THRESHOLD = 0x1p-20;

  private static final int SUB_BUCKET_BITS = 7;
  private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
  // A positive double's bits, shifted right by this, are its exponent followed by the top
  // SUB_BUCKET_BITS of its mantissa: a bucket index that grows with the value.
  private static final int SHIFT = 52 - SUB_BUCKET_BITS;
  private static final int LOWEST_INDEX = index(Math.nextUp(ZERO_THRESHOLD));
  private static final long[] NO_BUCKETS = new long[0];

  private long count;
  private long zeroCount;
  private long rejected;
  private double sum;
  // Infinite while empty, so that adding needs no emptiness test; the accessors say 0.
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  // counts[i] holds bucket index base + i; only [lowIndex, highIndex] can be non-zero.
  private long[] counts = NO_BUCKETS;
  private int base;
  private int lowIndex = Integer.MAX_VALUE;
  private int highIndex = Integer.MIN_VALUE;

  /** Receives the non-empty buckets above the zero bucket. */
  @FunctionalInterface
  public interface BucketVisitor {
    /** A bucket holding {@code count} values {@code v} with {@code lower <= v < upper}. */
    void bucket(double lower, double upper, long count);
  }

  public TrendSink() {
    super(TREND);
  }

  /**
   * A trend from its exact totals and the buckets {@link #forEachBucket} visited, by lower bound:
   * how a results file brings one back, exactly as it was.
   *
   * @throws IllegalArgumentException when the parts cannot be one trend's (a lower bound that is no
   *     bucket's, counts that do not add up, min above max)
   */
  public static TrendSink restore(
      long count,
      long zeroCount,
      double sum,
      double min,
      double max,
      double[] lowers,
      long[] counts) {
    TrendSink t = new TrendSink();
    long total = zeroCount;
    for (int i = 0; i < lowers.length; i++) {
      double lower = lowers[i];
      int index = lower > 0 && lower <= Double.MAX_VALUE ? index(lower) : -1;
      if (index < LOWEST_INDEX || lowerBound(index) != lower || counts[i] <= 0) {
        throw new IllegalArgumentException(
            "bucket " + lower + " holding " + counts[i] + " is not a trend bucket");
      }
      int slot = t.slot(index);
      t.counts[slot] += counts[i];
      total += counts[i];
    }
    if (zeroCount < 0 || total != count) {
      throw new IllegalArgumentException(
          "the buckets hold " + total + " values, the trend counts " + count);
    }
    if (count > 0 && !(min <= max && min >= 0)) {
      throw new IllegalArgumentException("min " + min + " and max " + max + " cannot be a trend's");
    }
    t.count = count;
    t.zeroCount = zeroCount;
    t.sum = sum;
    if (count > 0) {
      t.min = min;
      t.max = max;
    }
    return t;
  }

  /** Adds one value; see the class comment for negatives, NaN and infinities. */
  public void add(double value) {
    if (!(Math.abs(value) <= Double.MAX_VALUE)) { // NaN and both infinities, in one comparison
      rejected++;
      return;
    }
    double v = value <= 0 ? 0.0 : value; // also turns -0.0 into 0.0
    if (v < min) {
      min = v;
    }
    if (v > max) {
      max = v;
    }
    count++;
    sum += v;
    if (v <= ZERO_THRESHOLD) {
      zeroCount++;
    } else {
      // slot() may replace the array, so it must run before 'counts' is read.
      int i = slot(index(v));
      counts[i]++;
    }
  }

  /** Adds everything {@code later} (a trend sink) holds, as if its values had been added here. */
  @Override
  public void merge(Sink later) {
    TrendSink other = (TrendSink) later;
    rejected += other.rejected;
    if (other.count == 0) {
      return;
    }
    if (other.min < min) {
      min = other.min;
    }
    if (other.max > max) {
      max = other.max;
    }
    count += other.count;
    sum += other.sum;
    zeroCount += other.zeroCount;
    if (other.lowIndex <= other.highIndex) {
      // Growing to both ends first keeps this to one resize at most.
      slot(other.lowIndex);
      slot(other.highIndex);
      for (int index = other.lowIndex; index <= other.highIndex; index++) {
        long c = other.counts[index - other.base];
        if (c != 0) {
          counts[index - base] += c;
        }
      }
    }
  }

  /** Keeps the bucket array and its range: a period's values tend to fall where the last's did. */
  @Override
  public void reset() {
    if (lowIndex <= highIndex) {
      Arrays.fill(counts, lowIndex - base, highIndex - base + 1, 0L);
    }
    count = 0;
    zeroCount = 0;
    rejected = 0;
    sum = 0;
    min = Double.POSITIVE_INFINITY;
    max = Double.NEGATIVE_INFINITY;
    lowIndex = Integer.MAX_VALUE;
    highIndex = Integer.MIN_VALUE;
  }

  @Override
  public boolean isEmpty() {
    return count == 0;
  }

  /** Values recorded (rejected ones excluded). */
  public long count() {
    return count;
  }

  /** The sum of the recorded values, exactly as k6 adds them. */
  public double sum() {
    return sum;
  }

  /** The smallest value, exact; 0 while empty. */
  public double min() {
    return count == 0 ? 0 : min;
  }

  /** The largest value, exact; 0 while empty. */
  public double max() {
    return count == 0 ? 0 : max;
  }

  /** sum / count, exact; 0 while empty. */
  public double avg() {
    return count == 0 ? 0 : sum / count;
  }

  /** The median, {@code percentile(0.5)}. */
  public double med() {
    return percentile(0.5);
  }

  /**
   * k6's percentile for {@code p} in [0, 1] (p(95) is 0.95); 0 while empty, the only value when
   * there is one.
   */
  public double percentile(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("percentile " + p + " is outside [0, 1]");
    }
    if (count == 0) {
      return 0;
    }
    if (count == 1) {
      return min;
    }
    double rank = p * (count - 1);
    long below = (long) Math.floor(rank);
    long above = (long) Math.ceil(rank);
    double low = orderStatistic(below);
    double high = above == below ? low : orderStatistic(above);
    return low + (high - low) * (rank - below);
  }

  /** Values in the zero bucket: zeros, clipped negatives and positives up to ZERO_THRESHOLD. */
  public long zeroCount() {
    return zeroCount;
  }

  /** NaN and infinite values that were not recorded. */
  public long rejected() {
    return rejected;
  }

  /** Visits the non-empty buckets above the zero bucket, in increasing order. */
  public void forEachBucket(BucketVisitor visitor) {
    for (int index = lowIndex; index <= highIndex; index++) {
      long c = counts[index - base];
      if (c != 0) {
        visitor.bucket(lowerBound(index), lowerBound(index + 1), c);
      }
    }
  }

  /** Buckets allocated, for the memory bound's test. */
  int allocatedBuckets() {
    return counts.length;
  }

  /** The value of rank {@code rank} (0-based) in sorted order, as the histogram knows it. */
  private double orderStatistic(long rank) {
    if (rank == 0) {
      return min;
    }
    if (rank == count - 1) {
      return max;
    }
    long seen = zeroCount;
    if (rank < seen) {
      return clamp(0.0);
    }
    for (int index = lowIndex; index <= highIndex; index++) {
      seen += counts[index - base];
      if (rank < seen) {
        return clamp((lowerBound(index) + lowerBound(index + 1)) / 2);
      }
    }
    throw new IllegalStateException("rank " + rank + " beyond count " + count);
  }

  private double clamp(double v) {
    return Math.max(min, Math.min(max, v));
  }

  private static int index(double positive) {
    return (int) (Double.doubleToRawLongBits(positive) >>> SHIFT);
  }

  private static double lowerBound(int index) {
    return Double.longBitsToDouble((long) index << SHIFT);
  }

  /** The position of bucket {@code index} in {@link #counts}, growing the array to hold it. */
  private int slot(int index) {
    if (index < lowIndex) {
      lowIndex = index;
    }
    if (index > highIndex) {
      highIndex = index;
    }
    int i = index - base;
    if (i < 0 || i >= counts.length) {
      grow(index);
      i = index - base;
    }
    return i;
  }

  private void grow(int index) {
    if (counts.length == 0) {
      // Start with the power of two holding the first value.
      counts = new long[SUB_BUCKETS];
      base = Math.max(LOWEST_INDEX, index & -SUB_BUCKETS);
      return;
    }
    int low = Math.min(base, index);
    int high = Math.max(base + counts.length, index + 1);
    int length = Math.max(high - low, counts.length + counts.length / 2);
    // Put the headroom on the side that grew: values tend to keep spreading the same way.
    int newBase = Math.max(LOWEST_INDEX, index < base ? high - length : low);
    long[] grown = new long[length];
    System.arraycopy(counts, 0, grown, base - newBase, counts.length);
    counts = grown;
    base = newBase;
  }

  @Override
  public String toString() {
    return "TrendSink{count="
        + count
        + ", min="
        + min()
        + ", max="
        + max()
        + ", avg="
        + avg()
        + "}";
  }
}
