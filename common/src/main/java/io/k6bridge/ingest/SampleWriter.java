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

  /** Records one sample. Must only be called by the thread that obtained this writer. */
  public void record(Series series, long timeNanos, double value) {
    Chunk c = writeChunk;
    int pos = writePos;
    if (pos == c.capacity()) {
      Chunk fresh = ingest.takeChunk();
      if (fresh == null) {
        // Single writer: a plain read-modify-write of our own volatile is safe.
        dropped = dropped + 1;
        return;
      }
      c.linkNext(fresh);
      writeChunk = c = fresh;
      pos = 0;
    }
    c.series[pos] = series;
    c.times[pos] = timeNanos;
    c.values[pos] = value;
    writePos = pos + 1;
    c.publish(pos + 1);
  }

  long dropped() {
    return dropped;
  }
}
