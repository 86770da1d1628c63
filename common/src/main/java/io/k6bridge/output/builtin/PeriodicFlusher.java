package io.k6bridge.output.builtin;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.DropCounter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output's own daemon thread that drains a {@link SampleBuffer} and hands the samples to a
 * {@link Flush} every period, as k6's {@code output.PeriodicFlusher}. {@link #stop()} flushes one
 * last time before returning, so nothing buffered is lost at the end of a test.
 *
 * <p>A flush that throws does not end the thread: its samples are counted as dropped and the
 * failure is logged once per exception type, so a full disk neither kills the output silently nor
 * floods the log.
 */
public final class PeriodicFlusher {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicFlusher.class);

  /** Writes one drained run of samples; the samples are only valid during the call. */
  @FunctionalInterface
  public interface Flush {
    void flush(SampleBatch samples) throws Exception;
  }

  private final String name;
  private final long periodNanos;
  private final SampleBuffer buffer;
  private final Flush flush;
  private final DropCounter failedFlushes;
  private final Set<Class<?>> loggedFailures = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean stopping;

  /** Samples whose flush returned or threw; written by the flusher thread only. */
  private volatile long handled;

  private PeriodicFlusher(
      String name, Duration period, SampleBuffer buffer, Flush flush, DropCounter failedFlushes) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("flush period must be positive but was " + period);
    }
    this.name = name;
    this.periodNanos = period.toNanos();
    this.buffer = buffer;
    this.flush = flush;
    this.failedFlushes = failedFlushes;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  /**
   * Starts a flusher thread named {@code name}.
   *
   * @param failedFlushes counts the samples of flushes that threw
   */
  public static PeriodicFlusher start(
      String name, Duration period, SampleBuffer buffer, Flush flush, DropCounter failedFlushes) {
    PeriodicFlusher f = new PeriodicFlusher(name, period, buffer, flush, failedFlushes);
    f.thread.start();
    return f;
  }

  private void run() {
    long next = System.nanoTime() + periodNanos;
    while (!stopping) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(this, wait);
        continue; // re-check: woken early by stop(), or spuriously
      }
      flushOnce();
      // Like Go's ticker: a slow flush skips the ticks it overran instead of bursting to catch up.
      next = Math.max(next + periodNanos, System.nanoTime());
    }
    flushOnce();
  }

  private void flushOnce() {
    SampleBatch samples = buffer.drain();
    if (samples.size() == 0) {
      return;
    }
    try {
      flush.flush(samples);
    } catch (Throwable e) {
      failedFlushes.add(samples.size());
      if (loggedFailures.add(e.getClass())) {
        LOG.error(
            "k6bridge: {} failed to write {} samples; counting them as dropped (logged once per"
                + " kind of failure)",
            name,
            samples.size(),
            e);
      }
    }
    handled += samples.size();
  }

  /**
   * Samples taken from the buffer whose flush has returned (or thrown). Whatever the buffer
   * accepted beyond this is still buffered or inside a flush that has not come back.
   */
  public long handled() {
    return handled;
  }

  /**
   * Ends the thread after one final flush of everything still buffered, and waits for it. Safe to
   * call more than once; must not be called from inside a flush.
   */
  public void stop() throws InterruptedException {
    stopping = true;
    LockSupport.unpark(thread);
    thread.join();
  }
}
