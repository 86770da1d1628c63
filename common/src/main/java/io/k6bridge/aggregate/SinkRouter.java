package io.k6bridge.aggregate;

import io.k6bridge.metrics.Series;
import io.k6bridge.sink.Sink;

/**
 * A consumer of samples that only aggregates them: the summary's aggregates, remote write's
 * per-series sinks, the dashboard's periods. It names, once per series, the sinks that series'
 * samples go to, and a {@link SinkFanOut} adds every sample to them: one pass over a batch serves
 * every router, instead of one pass per consumer.
 *
 * <p>The fan-out calls both methods with {@link #lock()} held, on the thread that adds; the
 * router's readers (a push or timer thread) take the same lock to read or reset its sinks, and no
 * other router's lock while they hold it (the fan-out holds them all). A router must not replace a
 * sink it has named: the fan-out keeps adding to it.
 */
public interface SinkRouter {
  /** Guards this router's sinks between the adding thread and the router's own readers. */
  Object lock();

  /** The sinks every sample of {@code series} is added to; may be empty, never null. */
  Sink[] sinksFor(Series series);

  /** Whether {@link #touched} is wanted: it costs the fan-out a little per sample. */
  default boolean wantsTouched() {
    return false;
  }

  /**
   * After each batch, once for each series the batch held: how many of its samples were added and
   * the latest of their times (Unix epoch ns).
   */
  default void touched(Series series, int samples, long latestNanos) {}
}
