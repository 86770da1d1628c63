package io.k6bridge.output;

import io.k6bridge.metrics.Series;

/**
 * A read-only run of samples handed to {@link Output#addMetricSamples}. It is a view over the
 * engine's buffers and is only valid during that call: an output that keeps samples copies them.
 * Times are Unix epoch nanoseconds of when the measured thing happened, never of processing.
 */
public interface SampleBatch {
  int size();

  Series series(int i);

  long timeNanos(int i);

  double value(int i);
}
