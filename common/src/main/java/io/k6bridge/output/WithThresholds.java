package io.k6bridge.output;

import io.k6bridge.threshold.ThresholdSet;

/**
 * An {@link Output} that needs the run's thresholds (k6's output.WithThresholds): the engine calls
 * {@link #setThresholds} once, before {@link Output#start()}.
 */
public interface WithThresholds {
  void setThresholds(ThresholdSet thresholds);
}
