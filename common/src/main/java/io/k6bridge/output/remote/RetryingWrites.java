package io.k6bridge.output.remote;

import io.k6bridge.output.OutputEvents;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network output's writes on their way to the receiver: kept in order ({@link PendingWrites},
 * bounded in bytes), sent one at a time, retried with backoff on 429, 5xx and network errors. A
 * write the receiver refuses otherwise is dropped, counted by the owner and logged once per status;
 * the first failure of a streak and the recovery are logged once each, and reported as events.
 * Owned by the output's push thread.
 *
 * @param <T> what the owner needs to know about a write it gets back
 */
public final class RetryingWrites<T> {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingWrites.class);
  static final Duration BACKOFF_INITIAL = Duration.ofMillis(250);
  static final Duration BACKOFF_MAX = Duration.ofSeconds(8);

  /** What becomes of writes that do not arrive: the owner counts them. */
  public interface Owner<T> {
    /** The receiver refused {@code w} for good (a 4xx other than 429). */
    void refused(PendingWrites.Write<T> w, PushClient.Outcome outcome);

    /** Sending {@code w} failed in an unexpected way (a bug): it is not retried. */
    void faulted(PendingWrites.Write<T> w, Throwable e);
  }

  private final String name;
  private final Object endpoint;
  private final PendingWrites<T> pending;
  private final OutputEvents events;
  private final Owner<T> owner;
  private final Backoff backoff = new Backoff(BACKOFF_INITIAL, BACKOFF_MAX);
  private final Set<Integer> loggedRefusals = new HashSet<>();
  private PushClient client;
  private long retryAt = System.nanoTime();
  private boolean failing;
  private long sent;

  /**
   * @param name the output as messages name it ("Prometheus remote write")
   * @param endpoint where writes go, as messages show it (never with credentials)
   */
  public RetryingWrites(
      String name, Object endpoint, long maxBytes, OutputEvents events, Owner<T> owner) {
    this.name = name;
    this.endpoint = endpoint;
    this.pending = new PendingWrites<>(maxBytes);
    this.events = events;
    this.owner = owner;
  }

  /** The client writes go through; set when the output starts. */
  public void sendWith(PushClient client) {
    this.client = client;
  }

  /** Appends a write; returns the oldest ones dropped to make room (see {@link PendingWrites}). */
  public List<PendingWrites.Write<T>> add(PendingWrites.Write<T> w) {
    return pending.add(w);
  }

  /** Whether a write waits and may be sent at {@code now}. */
  public boolean due(long now) {
    return !pending.isEmpty() && now - retryAt >= 0;
  }

  /** When the next attempt may be made; meaningful while writes wait. */
  public long retryAt() {
    return retryAt;
  }

  public boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Writes delivered so far. */
  public long sent() {
    return sent;
  }

  /**
   * The push thread's loop until {@code stopped}: every {@code period}, {@code tick} queues the new
   * writes (as Go's ticker, a slow tick skips the ticks it overran instead of bursting to catch
   * up); between ticks, waiting writes are sent as their backoff allows. It parks between, and an
   * unpark wakes it to look at {@code stopped} again.
   */
  public void pushEvery(Duration period, BooleanSupplier stopped, Runnable tick) {
    long p = period.toNanos();
    long next = System.nanoTime() + p;
    while (!stopped.getAsBoolean()) {
      long now = System.nanoTime();
      if (now - next >= 0) {
        tick.run();
        next = Math.max(next + p, now);
      } else if (due(now)) {
        sendFirst(PushClient.REQUEST_TIMEOUT.toNanos());
      } else {
        long wake = pending.isEmpty() || next - retryAt < 0 ? next : retryAt;
        LockSupport.parkNanos(this, wake - now);
      }
    }
  }

  /** Sends, in order, until nothing waits or {@code deadline} (System.nanoTime) has passed. */
  public void sendUntil(long deadline) {
    while (!pending.isEmpty()) {
      long now = System.nanoTime();
      if (deadline - now <= 0) {
        return;
      }
      if (now - retryAt >= 0) {
        sendFirst(deadline - now);
      } else {
        LockSupport.parkNanos(this, Math.min(retryAt, deadline) - now);
      }
    }
  }

  /** Removes every waiting write; returns them, oldest first. */
  public List<PendingWrites.Write<T>> abandon() {
    List<PendingWrites.Write<T>> out = new java.util.ArrayList<>();
    while (!pending.isEmpty()) {
      out.add(pending.removeFirst());
    }
    return out;
  }

  /**
   * Waits for a push thread told to stop to end its final flush, which bounds itself by {@code
   * flushTimeout}; the margin covers one request that started just before. Then closes the client.
   *
   * @param key the setting that bounds the flush, for the message
   * @throws IllegalStateException when the thread still runs: it still owns the backlog, and its
   *     flush counts what it could not send when it ends
   */
  public static void awaitFinalFlush(
      Thread pusher, PushClient client, Duration flushTimeout, String key, String name, Object to)
      throws InterruptedException {
    LockSupport.unpark(pusher);
    pusher.join(flushTimeout.plus(PushClient.REQUEST_TIMEOUT).toMillis());
    client.close();
    if (pusher.isAlive()) {
      throw new IllegalStateException(
          name
              + ": the final flush to "
              + to
              + " did not end within "
              + key
              + "="
              + flushTimeout
              + " plus one request");
    }
  }

  /** Sends the oldest write, waiting at most {@code timeoutNanos} for the answer. */
  public void sendFirst(long timeoutNanos) {
    PendingWrites.Write<T> w = pending.first();
    PushClient.Outcome o;
    try {
      o = client.send(w.body, Duration.ofNanos(timeoutNanos));
    } catch (RuntimeException | Error e) {
      // Not retried: the same write would likely fail the same way and hold up every later one.
      pending.removeFirst();
      owner.faulted(w, e);
      return;
    }
    long now = System.nanoTime();
    if (o.delivered) {
      pending.removeFirst();
      sent++;
      if (failing) {
        failing = false;
        LOG.info(
            "k6bridge: {} to {} recovered after {} failed attempts",
            name,
            endpoint,
            backoff.attempts());
        events.recovered("after " + backoff.attempts() + " failed attempts");
      }
      backoff.reset();
      retryAt = now;
    } else if (o.retryable) {
      retryAt = now + backoff.nextDelayNanos();
      if (!failing) {
        failing = true;
        LOG.warn(
            "k6bridge: {} to {} failed ({}); retrying with backoff, {} writes pending (logged once"
                + " until it recovers)",
            name,
            endpoint,
            o,
            pending.size());
        events.retrying(o.toString());
      }
    } else {
      pending.removeFirst();
      owner.refused(w, o);
      backoff.reset();
      retryAt = now;
      if (loggedRefusals.add(o.status)) {
        LOG.error(
            "k6bridge: {}: {} rejected a write of {} samples with {}; not retried, counted as"
                + " dropped (logged once per status)",
            name,
            endpoint,
            w.samples,
            o);
        events.failed("rejected a write of " + w.samples + " samples with " + o);
      }
    }
  }
}
