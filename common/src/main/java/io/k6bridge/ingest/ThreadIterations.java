package io.k6bridge.ingest;

import io.k6bridge.metrics.Series;

/**
 * One tool thread's iterations, k6's {@code iterations} and {@code iteration_duration}, told from
 * its results and the thread's iteration counter, which a tool such as JMeter increments when an
 * iteration starts: the first result with a higher number closes the previous iteration, which
 * lasted from its first result's start to this result's start, timers and pauses included. The
 * thread's last iteration counts only if it was the thread's last loop: an iteration cut short by a
 * scheduler or a stop is not counted, as in k6.
 *
 * <p>Not thread-safe. A result that arrives after a later iteration's (relayed results can arrive
 * in two batches at once) is ignored rather than counted twice.
 */
public final class ThreadIterations {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final Series iterations;
  private final Series duration;
  private final int loops;
  // The iteration in progress (1-based), when its first result started and its last one ended.
  private int iteration;
  private long startMillis;
  private long endMillis;

  /**
   * @param loops how many iterations the thread runs, or -1 when infinite or unknown
   */
  public ThreadIterations(Series iterations, Series duration, int loops) {
    this.iterations = iterations;
    this.duration = duration;
    this.loops = loops;
  }

  /** A result of the thread's iteration {@code current}; records the iteration it closes. */
  public void observe(int current, long resultStart, long resultEnd, SampleWriter w) {
    if (current == iteration) {
      endMillis = Math.max(endMillis, resultEnd);
      return;
    }
    if (current < iteration) {
      return;
    }
    if (iteration > 0) {
      long t = resultStart * NANOS_PER_MILLI;
      w.record(iterations, t, 1);
      w.record(duration, t, Math.max(0, resultStart - startMillis));
    }
    iteration = current;
    startMillis = resultStart;
    endMillis = resultEnd;
  }

  /** At the end of the run: records the last iteration if the thread group ran it to the end. */
  public void flushLast(SampleWriter w) {
    if (iteration > 0 && loops > 0 && iteration >= loops) {
      long t = endMillis * NANOS_PER_MILLI;
      w.record(iterations, t, 1);
      w.record(duration, t, endMillis - startMillis);
    }
    iteration = 0;
  }
}
