package io.k6bridge.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Active users (k6's vus) and their peak (vus_max) for a tool that reports users starting and
 * ending rather than a count ({@link RunHost#activeUsers}): updated from every tool thread, sampled
 * by the engine thread once a second. Atomics, not locks: one update per user start and end, never
 * per request.
 */
public final class UserCount {
  private final AtomicLong active = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();

  public void started() {
    long now = active.incrementAndGet();
    long p;
    while (now > (p = peak.get()) && !peak.compareAndSet(p, now)) {
      // another thread raised the peak first: re-read and retry
    }
  }

  public void ended() {
    active.decrementAndGet();
  }

  public long active() {
    return active.get();
  }

  public long peak() {
    return peak.get();
  }
}
