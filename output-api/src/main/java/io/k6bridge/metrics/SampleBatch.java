package io.k6bridge.metrics;

/**
 * A read-only run of samples handed to {@link io.k6bridge.output.Output#addMetricSamples}. It is a
 * view over the engine's buffers and is only valid during that call: an output that keeps samples
 * copies them. Times are Unix epoch nanoseconds of when the measured thing happened, never of
 * processing.
 */
public interface SampleBatch {
  int size();

  Series series(int i);

  /**
   * {@code series(i).id()}, which an output that keeps per-series state in an array by id can read
   * without touching the series itself: the engine's buffers hold ids.
   */
  default int seriesId(int i) {
    return series(i).id();
  }

  long timeNanos(int i);

  double value(int i);
}
