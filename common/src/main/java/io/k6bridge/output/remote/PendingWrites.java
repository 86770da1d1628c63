package io.k6bridge.output.remote;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Compressed writes waiting for the receiver, oldest first, bounded in bytes. Writes leave in the
 * order they came and whole, so a receiver never sees a series go back in time. When a new write
 * does not fit, the oldest ones are dropped: with cumulative values, a later write carries what an
 * earlier one did, so what is lost is resolution, not totals. Single-threaded: the push thread owns
 * it.
 *
 * @param <T> what the owner needs to know about a write it gets back as dropped
 */
public final class PendingWrites<T> {
  private final long maxBytes;
  private final ArrayDeque<Write<T>> queue = new ArrayDeque<>();
  private long bytes;

  public PendingWrites(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** A compressed WriteRequest, how many samples it holds, and the owner's note about it. */
  public static final class Write<T> {
    public final byte[] body;
    public final int samples;
    public final T note;

    public Write(byte[] body, int samples, T note) {
      this.body = body;
      this.samples = samples;
      this.note = note;
    }
  }

  /**
   * Appends {@code w}, first dropping the oldest writes until it fits; returns what was dropped,
   * oldest first. A write larger than the whole bound is still kept, alone: the newest data is the
   * most valuable.
   */
  public List<Write<T>> add(Write<T> w) {
    List<Write<T>> dropped = List.of();
    while (!queue.isEmpty() && bytes + w.body.length > maxBytes) {
      if (dropped.isEmpty()) {
        dropped = new ArrayList<>();
      }
      dropped.add(removeFirst());
    }
    queue.addLast(w);
    bytes += w.body.length;
    return dropped;
  }

  /** The oldest write, or null. */
  public Write<T> first() {
    return queue.peekFirst();
  }

  public Write<T> removeFirst() {
    Write<T> w = queue.removeFirst();
    bytes -= w.body.length;
    return w;
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  public int size() {
    return queue.size();
  }

  /** Compressed bytes waiting. */
  public long bytes() {
    return bytes;
  }
}
