package io.k6bridge.output.builtin;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import java.util.ArrayList;
import java.util.List;

/** A SampleBatch built by tests. */
public final class ListBatch implements SampleBatch {
  private final List<Series> series = new ArrayList<>();
  private final List<Long> times = new ArrayList<>();
  private final List<Double> values = new ArrayList<>();

  public ListBatch add(Series s, long timeNanos, double value) {
    series.add(s);
    times.add(timeNanos);
    values.add(value);
    return this;
  }

  @Override
  public int size() {
    return series.size();
  }

  @Override
  public Series series(int i) {
    return series.get(i);
  }

  @Override
  public long timeNanos(int i) {
    return times.get(i);
  }

  @Override
  public double value(int i) {
    return values.get(i);
  }
}
