package io.k6bridge.output.builtin;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.output.DropCounter;
import java.util.Arrays;

/**
 * Samples waiting for an output's flusher thread, as k6's {@code output.SampleBuffer}: the engine
 * thread copies each batch in with {@link #addMetricSamples}, the flusher takes everything at once
 * with {@link #drain}. Two blocks of primitive arrays are swapped back and forth, so the steady
 * state allocates nothing. The buffer holds at most {@code maxSamples}; anything beyond is counted
 * in the {@link DropCounter} instead of blocking the engine or growing without bound.
 *
 * <p>The lock is only ever shared by the engine thread and the flusher thread, and held for a copy
 * or a swap; sampler threads never reach this class.
 */
public final class SampleBuffer {
  private static final int INITIAL_CAPACITY = 1024;

  private final int maxSamples;
  private final DropCounter drops;
  private Block filling = new Block();
  private Block drained = new Block();

  /** Every sample ever kept, so that what a hung flusher still holds can be counted. */
  private long accepted;

  public SampleBuffer(int maxSamples, DropCounter drops) {
    if (maxSamples <= 0) {
      throw new IllegalArgumentException("maxSamples must be greater than 0: " + maxSamples);
    }
    this.maxSamples = maxSamples;
    this.drops = drops;
  }

  /**
   * A buffer bounded by a configured count (such as K6BRIDGE_BUFFER_SAMPLES), capped to array size.
   */
  public static SampleBuffer bounded(long maxSamples, DropCounter drops) {
    return new SampleBuffer((int) Math.min(maxSamples, Integer.MAX_VALUE - 8), drops);
  }

  /** Copies as much of {@code batch} as fits; the rest is counted as dropped. */
  public synchronized void addMetricSamples(SampleBatch batch) {
    int n = batch.size();
    int kept = Math.min(n, maxSamples - filling.size);
    filling.ensure(filling.size + kept, maxSamples);
    for (int i = 0; i < kept; i++) {
      filling.put(batch.series(i), batch.timeNanos(i), batch.value(i));
    }
    accepted += kept;
    if (kept < n) {
      drops.add(n - kept);
    }
  }

  /** How many samples were ever kept (not dropped) since the buffer was created. */
  public synchronized long accepted() {
    return accepted;
  }

  /**
   * Everything added since the last drain, oldest first. The result stays valid until the next
   * call; only one thread (the flusher) may drain.
   */
  public synchronized SampleBatch drain() {
    Block out = filling;
    filling = drained;
    filling.size = 0;
    drained = out;
    return out;
  }

  private static final class Block implements SampleBatch {
    Series[] series = new Series[INITIAL_CAPACITY];
    long[] times = new long[INITIAL_CAPACITY];
    double[] values = new double[INITIAL_CAPACITY];
    int size;

    void ensure(int needed, int max) {
      if (needed > series.length) {
        int cap = (int) Math.min(max, Math.max(needed, 2L * series.length));
        series = Arrays.copyOf(series, cap);
        times = Arrays.copyOf(times, cap);
        values = Arrays.copyOf(values, cap);
      }
    }

    void put(Series s, long time, double value) {
      series[size] = s;
      times[size] = time;
      values[size] = value;
      size++;
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
    public long timeNanos(int i) {
      return times[i];
    }

    @Override
    public double value(int i) {
      return values[i];
    }
  }
}
