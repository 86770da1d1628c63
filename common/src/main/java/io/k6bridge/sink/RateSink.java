package io.k6bridge.sink;

/**
 * The share of non-zero samples (k6's {@code RateSink}): checks passed, requests failed.
 * Single-threaded.
 */
public final class RateSink extends Sink {
  private long nonZero;
  private long total;

  public RateSink() {
    super(RATE);
  }

  /**
   * A rate of {@code nonZero} out of {@code total}, as a results file brings one back.
   *
   * @throws IllegalArgumentException unless 0 ≤ nonZero ≤ total
   */
  public static RateSink restore(long nonZero, long total) {
    if (nonZero < 0 || nonZero > total) {
      throw new IllegalArgumentException(nonZero + " passes out of " + total + " cannot be a rate");
    }
    RateSink r = new RateSink();
    r.nonZero = nonZero;
    r.total = total;
    return r;
  }

  void record(double value) {
    total++;
    if (value != 0) {
      nonZero++;
    }
  }

  @Override
  public void merge(Sink later) {
    RateSink o = (RateSink) later;
    nonZero += o.nonZero;
    total += o.total;
  }

  @Override
  public void reset() {
    nonZero = 0;
    total = 0;
  }

  @Override
  public boolean isEmpty() {
    return total == 0;
  }

  /** Samples whose value was not zero (k6's "passes" in the summary). */
  public long nonZero() {
    return nonZero;
  }

  /** Every sample added. */
  public long total() {
    return total;
  }

  /** nonZero / total, or 0 while empty (k6's "rate"). */
  public double rate() {
    return total == 0 ? 0 : (double) nonZero / total;
  }
}
