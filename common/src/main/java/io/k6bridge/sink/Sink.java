package io.k6bridge.sink;

import io.k6bridge.metrics.MetricType;

/**
 * Cumulative aggregation of one series' samples, as k6's {@code metrics.Sink}: what the end-of-test
 * summary, thresholds, Prometheus remote write and the web dashboard read.
 *
 * <p>Sinks are not thread-safe: the engine thread that drains samples owns them, so adding costs no
 * synchronization.
 *
 * <p>The four kinds are closed, and {@link #add} picks one with a switch rather than a virtual
 * call: every aggregating output adds every sample through a call site that meets all four, where a
 * virtual call cannot be inlined and goes through a dispatch stub, a visible share of the engine
 * thread's instructions in a profile (benchmarks/RESULTS.md). An interface call costs more still.
 */
public abstract class Sink {
  static final int COUNTER = 0;
  static final int GAUGE = 1;
  static final int RATE = 2;
  static final int TREND = 3;

  private final int kind;

  Sink(int kind) {
    this.kind = kind;
  }

  /**
   * Adds one sample.
   *
   * @param timeNanos Unix epoch nanoseconds of when the measured thing happened
   */
  public final void add(long timeNanos, double value) {
    switch (kind) {
      case COUNTER:
        ((CounterSink) this).record(timeNanos, value);
        break;
      case GAUGE:
        ((GaugeSink) this).record(value);
        break;
      case RATE:
        ((RateSink) this).record(value);
        break;
      default:
        ((TrendSink) this).add(value);
        break;
    }
  }

  /**
   * Adds what {@code later} holds, as if its samples had been added here after this sink's own;
   * {@code later} must be of the same kind. Lets an aggregate over a long span be kept by merging
   * short ones instead of adding every sample twice.
   */
  public abstract void merge(Sink later);

  /** True until the first sample is added. */
  public abstract boolean isEmpty();

  /**
   * Empties the sink, as new, keeping what it allocated: a periodic aggregate can restart in place
   * while whoever adds to it keeps its reference.
   */
  public abstract void reset();

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
