package io.k6bridge.ingest;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.registry.SeriesRegistry;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The non-blocking hand-off from sampler threads to the engine thread.
 *
 * <p>Each producer thread owns a {@link SampleWriter} that appends into a linked list of fixed-size
 * chunks; the engine thread reads published slots behind it and recycles chunks once every output
 * has seen them. There is no per-sample wake-up, lock or allocation: the engine drains on its own
 * schedule. Memory is bounded by the chunk budget; a sample that finds no free chunk is dropped and
 * counted, never blocked on.
 */
public final class SampleIngest {
  private final SeriesRegistry registry;
  private final int chunkSize;
  private final int maxChunks;
  private final AtomicInteger allocated = new AtomicInteger();
  private final ConcurrentLinkedQueue<Chunk> free = new ConcurrentLinkedQueue<>();
  private final CopyOnWriteArrayList<SampleWriter> writers = new CopyOnWriteArrayList<>();
  private final ThreadLocal<SampleWriter> current = new ThreadLocal<>();
  // Drops of writers whose threads ended and were unregistered.
  private volatile long retiredDrops;

  /**
   * @param registry the registry of every series recorded here
   * @param chunkSize samples per chunk
   * @param maxSamples the most samples buffered at once, across all threads
   */
  public SampleIngest(SeriesRegistry registry, int chunkSize, long maxSamples) {
    if (chunkSize < 1 || maxSamples < chunkSize) {
      throw new IllegalArgumentException("chunkSize " + chunkSize + ", maxSamples " + maxSamples);
    }
    this.registry = registry;
    this.chunkSize = chunkSize;
    this.maxChunks = (int) Math.min(Integer.MAX_VALUE, maxSamples / chunkSize);
  }

  /** The calling thread's writer, created and registered on first use. */
  public SampleWriter writer() {
    SampleWriter w = current.get();
    if (w == null) {
      Chunk first = takeChunk();
      if (first == null) {
        // Every thread needs one chunk to stand on; allocate past the budget rather than fail.
        allocated.incrementAndGet();
        first = new Chunk(registry, chunkSize);
      }
      w = new SampleWriter(this, Thread.currentThread(), first);
      writers.add(w);
      current.set(w);
    }
    return w;
  }

  Chunk takeChunk() {
    Chunk c = free.poll();
    if (c != null) {
      return c;
    }
    int n = allocated.get();
    while (n < maxChunks) {
      if (allocated.compareAndSet(n, n + 1)) {
        return new Chunk(registry, chunkSize);
      }
      n = allocated.get();
    }
    return null;
  }

  /**
   * Engine thread only: hands every published, unread sample to {@code consumer} as batches, then
   * recycles fully read chunks. Writers of finished threads are unregistered once drained.
   *
   * @return the number of samples handed over
   */
  public long drain(Consumer<SampleBatch> consumer) {
    long total = 0;
    for (Iterator<SampleWriter> it = writers.iterator(); it.hasNext(); ) {
      SampleWriter w = it.next();
      boolean ownerAlive = w.owner.isAlive();
      total += drainWriter(w, consumer);
      if (!ownerAlive && w.readChunk.next() == null && w.readPos == w.readChunk.published()) {
        retiredDrops += w.dropped();
        writers.remove(w);
        w.readChunk.reset();
        free.offer(w.readChunk);
      }
    }
    return total;
  }

  private long drainWriter(SampleWriter w, Consumer<SampleBatch> consumer) {
    long total = 0;
    while (true) {
      Chunk c = w.readChunk;
      int published = c.published();
      if (published > w.readPos) {
        c.window(w.readPos, published);
        consumer.accept(c);
        total += published - w.readPos;
        w.readPos = published;
      }
      // The writer links a next chunk only after its last write to this one (which may leave
      // slots unused), so with a non-null next, a re-read 'published' is final for this chunk.
      Chunk next = c.next();
      if (next == null || w.readPos < c.published()) {
        return total;
      }
      w.readChunk = next;
      w.readPos = 0;
      c.reset();
      free.offer(c);
    }
  }

  /** Samples dropped because the buffer budget was exhausted, since the start. */
  public long dropped() {
    long d = retiredDrops;
    for (SampleWriter w : writers) {
      d += w.dropped();
    }
    return d;
  }

  /** Chunks created so far, pooled or in use: constant once the pool covers the load. */
  int allocatedChunks() {
    return allocated.get();
  }

  /** Writers still registered: threads alive, or dead with samples not yet drained. */
  int registeredWriters() {
    return writers.size();
  }

  /** The most samples this ingest buffers at once. */
  public long capacity() {
    return (long) maxChunks * chunkSize;
  }
}
