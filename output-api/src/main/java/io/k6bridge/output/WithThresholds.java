package io.k6bridge.output;

import java.util.List;

/**
 * An {@link Output} that needs the run's thresholds (k6's output.WithThresholds): the run calls
 * {@link #setThresholds} once, before {@link Output#start()}.
 */
public interface WithThresholds {
  /**
   * @param thresholds every threshold of the run, in the order the user defined them
   */
  void setThresholds(List<ThresholdDefinition> thresholds);
}
