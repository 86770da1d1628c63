package io.k6bridge.telemetry;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads this JVM's health when started (all but its CPU, which needs time to tell) and then every
 * second, on a daemon thread of its own, for an injector that sends its readings to another process
 * (a JMeter engine to its controller): whoever sends next {@link #take}s the latest reading, so the
 * threads that send pay one volatile read when there is none. Thread-safe.
 */
public final class HealthTicker {
  private static final long PERIOD_MILLIS = 1_000;

  private final AtomicReference<HealthReading> latest = new AtomicReference<>();
  private volatile Thread thread;

  /** Starts reading unless already reading. */
  public void start() {
    if (thread != null) {
      return;
    }
    synchronized (this) {
      if (thread == null) {
        HealthProbe probe = HealthProbe.create();
        latest.set(probe.read().withoutCpu());
        Thread t = new Thread(() -> run(probe), "k6bridge-health");
        t.setDaemon(true);
        thread = t;
        t.start();
      }
    }
  }

  /** Stops reading and forgets the last reading; {@link #start} starts again. */
  public synchronized void stop() {
    Thread t = thread;
    thread = null;
    if (t != null) {
      t.interrupt();
    }
    latest.set(null);
  }

  /** The latest reading not yet taken, or null. */
  public HealthReading take() {
    return latest.get() == null ? null : latest.getAndSet(null);
  }

  private void run(HealthProbe probe) {
    Thread self = Thread.currentThread();
    try {
      while (thread == self) {
        Thread.sleep(PERIOD_MILLIS);
        latest.set(probe.read());
      }
    } catch (InterruptedException e) {
      // stopped
    }
  }
}
