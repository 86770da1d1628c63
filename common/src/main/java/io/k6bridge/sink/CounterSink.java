package io.k6bridge.sink;

import java.time.Duration;

/** A counter's total and when it started counting (k6's {@code CounterSink}). Single-threaded. */
public final class CounterSink extends Sink {
  private double sum;
  private long firstTimeNanos;
  private boolean empty = true;

  public CounterSink() {
    super(COUNTER);
  }

  /** A counter holding {@code sum}, as a results file brings one back. */
  public static CounterSink restore(double sum) {
    CounterSink c = new CounterSink();
    c.record(0, sum);
    return c;
  }

  void record(long timeNanos, double value) {
    sum += value;
    if (empty) {
      firstTimeNanos = timeNanos;
      empty = false;
    }
  }

  @Override
  public void merge(Sink later) {
    CounterSink o = (CounterSink) later;
    if (o.empty) {
      return;
    }
    sum += o.sum;
    if (empty) {
      firstTimeNanos = o.firstTimeNanos;
      empty = false;
    }
  }

  @Override
  public void reset() {
    sum = 0;
    firstTimeNanos = 0;
    empty = true;
  }

  @Override
  public boolean isEmpty() {
    return empty;
  }

  /** The sum of every added value (k6's "count"). */
  public double sum() {
    return sum;
  }

  /** Epoch nanoseconds of the first sample; 0 while empty. */
  public long firstTimeNanos() {
    return firstTimeNanos;
  }

  /**
   * The sum per second over {@code elapsed} (k6's "rate": the test run's duration so far, not the
   * span between samples). Like k6, a zero duration yields an infinite or NaN rate.
   */
  public double rate(Duration elapsed) {
    return sum / (elapsed.toNanos() / 1e9);
  }
}
