package io.k6bridge.sink;

/** A gauge's last value and extremes (k6's {@code GaugeSink}). Single-threaded. */
public final class GaugeSink extends Sink {
  private double last;
  private double min;
  // Starts at 0 and only rises, as in k6: a gauge that only ever held negative values reports a
  // max of 0 there too, and the summary must match k6's.
  private double max;
  private boolean empty = true;

  public GaugeSink() {
    super(GAUGE);
  }

  /** A gauge whose last value and extremes these were, as a results file brings one back. */
  public static GaugeSink restore(double last, double min, double max) {
    GaugeSink g = new GaugeSink();
    g.last = last;
    g.min = min;
    g.max = max;
    g.empty = false;
    return g;
  }

  void record(double value) {
    last = value;
    if (value > max) {
      max = value;
    }
    if (empty || value < min) {
      min = value;
    }
    empty = false;
  }

  @Override
  public void merge(Sink later) {
    GaugeSink o = (GaugeSink) later;
    if (o.empty) {
      return;
    }
    last = o.last;
    max = Math.max(max, o.max);
    min = empty ? o.min : Math.min(min, o.min);
    empty = false;
  }

  @Override
  public void reset() {
    last = 0;
    min = 0;
    max = 0;
    empty = true;
  }

  @Override
  public boolean isEmpty() {
    return empty;
  }

  /** The value added last (k6's "value"); 0 while empty. */
  public double last() {
    return last;
  }

  /** The smallest value added; 0 while empty. */
  public double min() {
    return min;
  }

  /** The largest value added, but never below 0 (k6's rule); 0 while empty. */
  public double max() {
    return max;
  }
}
