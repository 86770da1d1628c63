package io.k6bridge.output.prometheusrw;

import io.k6bridge.output.prometheusrw.proto.BucketSpan;
import io.k6bridge.output.prometheusrw.proto.Histogram;
import io.k6bridge.sink.TrendSink;

/**
 * Writes a {@link TrendSink} as a Prometheus native histogram of schema 3: bucket i holds values in
 * (2^((i-1)/8), 2^(i/8)], growing by 2^(1/8) ≈ 1.09, the schema that k6's bucket factor 1.1 selects
 * in the Prometheus Go client.
 *
 * <p><b>Re-bucketing:</b> the sink splits every power of two into 128 equal buckets. Each goes
 * whole into the schema-3 bucket holding its midpoint, so a value lands in a neighbouring native
 * bucket only when it lies within 1/128 (0.8&nbsp;%) of that bucket's boundary; the native buckets
 * themselves are 9&nbsp;% wide, which bounds histogram_quantile's error regardless. Count, sum and
 * the zero bucket are exact. Buckets arrive in increasing order, so they are encoded in one pass
 * without sorting. Single-threaded and reused.
 */
final class NativeHistogramEncoder implements TrendSink.BucketVisitor {
  static final int SCHEMA = 3;
  private static final double BUCKETS_PER_LN = (1 << SCHEMA) / Math.log(2);

  private double divisor;
  private Histogram.Builder out;
  private int lastIndex;
  private long lastCount;
  private long previousCount;
  private int spanStart;
  private int spanLength;
  private boolean any;

  /**
   * The histogram of {@code sink}'s values divided by {@code divisor} (1000 turns ms into seconds),
   * timestamped {@code timestampMillis}.
   */
  Histogram encode(TrendSink sink, double divisor, long timestampMillis) {
    this.divisor = divisor;
    this.out =
        Histogram.newBuilder()
            .setCountInt(sink.count())
            .setSum(sink.sum() / divisor)
            .setSchema(SCHEMA)
            .setZeroThreshold(TrendSink.ZERO_THRESHOLD / divisor)
            .setZeroCountInt(sink.zeroCount())
            .setTimestamp(timestampMillis);
    any = false;
    previousCount = 0;
    sink.forEachBucket(this);
    if (any) {
      closeBucket();
      closeSpan();
    }
    Histogram h = out.build();
    out = null;
    return h;
  }

  @Override
  public void bucket(double lower, double upper, long count) {
    int index = index((lower + upper) / 2 / divisor);
    if (any && index == lastIndex) {
      lastCount += count;
      return;
    }
    if (any) {
      closeBucket();
      if (index != lastIndex + 1) {
        closeSpan();
        out.addPositiveSpans(
            BucketSpan.newBuilder().setOffset(index - lastIndex - 1).setLength(0).build());
        spanStart = out.getPositiveSpansCount() - 1;
        spanLength = 0;
      }
    } else {
      out.addPositiveSpans(BucketSpan.newBuilder().setOffset(index).setLength(0).build());
      spanStart = 0;
      spanLength = 0;
      any = true;
    }
    lastIndex = index;
    lastCount = count;
  }

  private void closeBucket() {
    out.addPositiveDeltas(lastCount - previousCount);
    previousCount = lastCount;
    spanLength++;
  }

  private void closeSpan() {
    out.setPositiveSpans(
        spanStart, out.getPositiveSpans(spanStart).toBuilder().setLength(spanLength));
  }

  /** The schema-3 bucket index of a positive value: the smallest i with v <= 2^(i/8). */
  static int index(double v) {
    return (int) Math.ceil(Math.log(v) * BUCKETS_PER_LN);
  }
}
