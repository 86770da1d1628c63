package io.k6bridge.ingest;

import io.k6bridge.metrics.Series;

/**
 * The producer side of {@link SampleIngest} for one thread. {@link #record} never blocks, never
 * does I/O and allocates nothing in the steady state: it fills the current chunk and, when that is
 * full, links a chunk from the shared pool. When the pool is exhausted the sample is dropped and
 * counted; the count is reported at the end of the run.
 */
public final class SampleWriter {
  private final SampleIngest ingest;
  final Thread owner;

  // Writer-side state: touched only by the owner thread.
  private Chunk writeChunk;
  private int writePos;

  // Reader-side state: touched only by the engine thread.
  Chunk readChunk;
  int readPos;

  private volatile long dropped;

  SampleWriter(SampleIngest ingest, Thread owner, Chunk first) {
    this.ingest = ingest;
    this.owner = owner;
    this.writeChunk = first;
    this.readChunk = first;
  }

  /**
   * Records one sample. Must only be called by the thread that obtained this writer, with a series
   * of the ingest's registry.
   */
  public void record(Series series, long timeNanos, double value) {
    Chunk c = chunkFor(1);
    if (c == null) {
      return;
    }
    int pos = writePos;
    c.ids[pos] = series.id();
    c.times[pos] = timeNanos;
    c.values[pos] = value;
    writePos = pos + 1;
    c.publish(pos + 1);
  }

  /**
   * Records {@code values[i]} into {@code series[i]} for every series, all at {@code timeNanos},
   * with one publication: what one request measures costs one hand-off instead of one per metric.
   * The samples are kept or dropped together.
   */
  public void record(Series[] series, long timeNanos, double[] values) {
    int n = series.length;
    Chunk c = chunkFor(n);
    if (c == null) {
      return;
    }
    int pos = writePos;
    for (int i = 0; i < n; i++) {
      c.ids[pos + i] = series[i].id();
      c.times[pos + i] = timeNanos;
      c.values[pos + i] = values[i];
    }
    writePos = pos + n;
    c.publish(pos + n);
  }

  /**
   * The chunk with room for {@code n} more samples: the current one, or a fresh one linked after it
   * (the current chunk's last slots stay unused); null, with the samples counted as dropped, when
   * the pool is exhausted.
   */
  private Chunk chunkFor(int n) {
    Chunk c = writeChunk;
    if (writePos + n <= c.capacity()) {
      return c;
    }
    Chunk fresh = n <= c.capacity() ? ingest.takeChunk() : null;
    if (fresh == null) {
      // Single writer: a plain read-modify-write of our own volatile is safe.
      dropped = dropped + n;
      return null;
    }
    c.linkNext(fresh);
    writeChunk = fresh;
    writePos = 0;
    return fresh;
  }

  long dropped() {
    return dropped;
  }
}
