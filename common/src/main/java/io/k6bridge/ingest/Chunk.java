package io.k6bridge.ingest;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.metrics.Series;
import io.k6bridge.registry.SeriesRegistry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A fixed block of sample slots written by one producer thread and read by the engine thread.
 * {@code published} is written with release semantics after each write, so the reader sees complete
 * slots only, without locks. Slots hold series ids rather than references: storing a reference into
 * a long-lived array costs the writer a GC write barrier per sample, the largest single cost of
 * recording, with a G1 refinement thread kept busy behind it.
 */
final class Chunk implements SampleBatch {
  private static final VarHandle PUBLISHED;
  private static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      PUBLISHED = l.findVarHandle(Chunk.class, "published", int.class);
      NEXT = l.findVarHandle(Chunk.class, "next", Chunk.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final SeriesRegistry registry;
  final int[] ids;
  final long[] times;
  final double[] values;

  @SuppressWarnings("unused") // accessed through PUBLISHED
  private int published;

  @SuppressWarnings("unused") // accessed through NEXT
  private Chunk next;

  // Reader-side window, set by the engine before handing this chunk to outputs as a batch.
  private int from;
  private int to;

  Chunk(SeriesRegistry registry, int capacity) {
    this.registry = registry;
    ids = new int[capacity];
    times = new long[capacity];
    values = new double[capacity];
  }

  int capacity() {
    return ids.length;
  }

  /** Writer side: the first {@code count} slots are complete. */
  void publish(int count) {
    PUBLISHED.setRelease(this, count);
  }

  int published() {
    return (int) PUBLISHED.getAcquire(this);
  }

  void linkNext(Chunk c) {
    NEXT.setRelease(this, c);
  }

  Chunk next() {
    return (Chunk) NEXT.getAcquire(this);
  }

  /** Readies a recycled chunk for a new writer. Only called when no thread references it. */
  void reset() {
    PUBLISHED.setRelease(this, 0);
    NEXT.setRelease(this, (Chunk) null);
  }

  void window(int from, int to) {
    this.from = from;
    this.to = to;
  }

  @Override
  public int size() {
    return to - from;
  }

  @Override
  public Series series(int i) {
    return registry.byId(ids[from + i]);
  }

  @Override
  public int seriesId(int i) {
    return ids[from + i];
  }

  @Override
  public long timeNanos(int i) {
    return times[from + i];
  }

  @Override
  public double value(int i) {
    return values[from + i];
  }
}
