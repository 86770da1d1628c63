package io.k6bridge.output.remote;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": attempt n waits a random time in [d/2, d] with d =
 * min(max, initial·2^n), so injectors that lost the same receiver do not retry in lockstep, yet
 * never retry sooner than half the nominal delay.
 */
public final class Backoff {
  private final long initialNanos;
  private final long maxNanos;
  private int attempt;

  public Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max");
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
  }

  /** The delay before the next attempt; each call doubles the nominal delay up to the maximum. */
  public long nextDelayNanos() {
    long d = attempt >= 62 ? maxNanos : Math.min(maxNanos, initialNanos << Math.min(attempt, 40));
    if (d < 0) {
      d = maxNanos;
    }
    attempt++;
    long half = d / 2;
    return half + ThreadLocalRandom.current().nextLong(d - half + 1);
  }

  /** Failures since the last {@link #reset()}. */
  public int attempts() {
    return attempt;
  }

  /** After a success: the next failure starts from the initial delay again. */
  public void reset() {
    attempt = 0;
  }
}
