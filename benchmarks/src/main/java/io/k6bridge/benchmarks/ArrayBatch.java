package io.k6bridge.benchmarks;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import java.util.Arrays;

/**
 * A batch of samples in arrays, as the engine's ingest chunks hold them: series ids, not series.
 */
public final class ArrayBatch implements SampleBatch {
  private Series[] series = new Series[16];
  private int[] ids = new int[16];
  private long[] times = new long[16];
  private double[] values = new double[16];
  private int size;

  public ArrayBatch add(Series s, long timeNanos, double value) {
    if (size == ids.length) {
      series = Arrays.copyOf(series, size * 2);
      ids = Arrays.copyOf(ids, size * 2);
      times = Arrays.copyOf(times, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    series[size] = s;
    ids[size] = s.id();
    times[size] = timeNanos;
    values[size] = value;
    size++;
    return this;
  }

  /** Empties the batch, keeping its arrays. */
  public void clear() {
    size = 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Series series(int i) {
    return series[i];
  }

  @Override
  public int seriesId(int i) {
    return ids[i];
  }

  @Override
  public long timeNanos(int i) {
    return times[i];
  }

  @Override
  public double value(int i) {
    return values[i];
  }
}
