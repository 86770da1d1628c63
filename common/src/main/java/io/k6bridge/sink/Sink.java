package io.k6bridge.sink;

import io.k6bridge.metrics.MetricType;

/**
 * Cumulative aggregation of one series' samples, as k6's {@code metrics.Sink}: what the end-of-test
 * summary, thresholds, Prometheus remote write and the web dashboard read.
 *
 * <p>Sinks are not thread-safe: the engine thread that drains samples owns them, so adding costs no
 * synchronization.
 *
 * <p>An abstract class rather than an interface: every aggregating output adds every sample through
 * a call site that meets all four kinds, and a virtual call there costs a fraction of an
 * interface call (profiled: interface dispatch was the engine thread's largest single cost).
 */
public abstract class Sink {
  Sink() {}

  /**
   * Adds one sample.
   *
   * @param timeNanos Unix epoch nanoseconds of when the measured thing happened
   */
  public abstract void add(long timeNanos, double value);

  /**
   * Adds what {@code later} holds, as if its samples had been added here after this sink's own;
   * {@code later} must be of the same kind. Lets an aggregate over a long span be kept by merging
   * short ones instead of adding every sample twice.
   */
  public abstract void merge(Sink later);

  /** True until the first sample is added. */
  public abstract boolean isEmpty();

  /** A new, empty sink of the kind k6 uses for {@code type}. */
  public static Sink of(MetricType type) {
    switch (type) {
      case COUNTER:
        return new CounterSink();
      case GAUGE:
        return new GaugeSink();
      case RATE:
        return new RateSink();
      case TREND:
        return new TrendSink();
      default:
        throw new IllegalArgumentException("no sink for metric type " + type);
    }
  }
}
