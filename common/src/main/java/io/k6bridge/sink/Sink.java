package io.k6bridge.sink;

import io.k6bridge.metrics.MetricType;

/**
 * Cumulative aggregation of one series' samples, as k6's {@code metrics.Sink}: what the end-of-test
 * summary, thresholds, Prometheus remote write and the web dashboard read.
 *
 * <p>Sinks are not thread-safe: the engine thread that drains samples owns them, so adding costs no
 * synchronization.
 */
public interface Sink {
  /**
   * Adds one sample.
   *
   * @param timeNanos Unix epoch nanoseconds of when the measured thing happened
   */
  void add(long timeNanos, double value);

  /** True until the first sample is added. */
  boolean isEmpty();

  /** A new, empty sink of the kind k6 uses for {@code type}. */
  static Sink of(MetricType type) {
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
