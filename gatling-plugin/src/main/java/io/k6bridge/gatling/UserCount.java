package io.k6bridge.gatling;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Active Gatling users (k6's vus) and their peak (vus_max), updated from every event loop and
 * sampled by the engine thread once a second. Atomics, not locks: one update per user start and
 * end, never per request.
 */
final class UserCount {
  private final AtomicLong active = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();

  void started() {
    long now = active.incrementAndGet();
    long p;
    while (now > (p = peak.get()) && !peak.compareAndSet(p, now)) {
      // another thread raised the peak first: re-read and retry
    }
  }

  void ended() {
    active.decrementAndGet();
  }

  long active() {
    return active.get();
  }

  long peak() {
    return peak.get();
  }
}
