package io.k6bridge.engine;

import io.k6bridge.aggregate.SinkFanOut;
import io.k6bridge.event.EventLog;
import io.k6bridge.ingest.SampleIngest;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.DropCounter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine thread: on a fixed beat it runs the periodic tasks that are due (gauges, telemetry,
 * threshold checks), then drains what sampler threads recorded and delivers each batch, first to
 * the one-pass {@link SinkFanOut} (the summary's aggregates and the aggregating outputs), then to
 * every other output. It alone touches the aggregates while the run lasts.
 */
final class Pump {
  private static final Logger LOG = LoggerFactory.getLogger(Pump.class);

  /**
   * How often the engine thread drains. The per-sample loop of the aggregating outputs is in {@link
   * SinkFanOut}, whose own loop gets it compiled by the JIT's optimizing tier within seconds
   * (-XX:+PrintCompilation); when each output looped inside a method called once per batch, that
   * took up to 80 s at this interval, and a shorter interval cost instructions in wake-ups
   * (benchmarks/RESULTS.md).
   */
  private static final long DRAIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** How long stop() waits, past its deadline, for the engine thread to finish its batch. */
  private static final long ABANDON_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final SampleIngest ingest;
  private final SinkFanOut fanOut;
  private final OutputSet outputs;
  private final EventLog events;
  private final List<PeriodicTask> tasks = new CopyOnWriteArrayList<>();
  private final DropCounter ingestDrops = new DropCounter("sampler threads: ingest buffer full");
  private final DropCounter fanOutDrops =
      new DropCounter("aggregation: failed while adding samples");
  private final DropCounter abandonedDrops =
      new DropCounter("engine: not drained by the stop deadline (K6BRIDGE_STOP_TIMEOUT)");

  private volatile boolean running;

  /** Set by stop() at its deadline: the engine thread stops delivering between batches. */
  private volatile boolean abandoned;

  private volatile Thread thread;
  private long drained; // engine thread; read after it ended

  Pump(SampleIngest ingest, SinkFanOut fanOut, OutputSet outputs, EventLog events) {
    this.ingest = ingest;
    this.fanOut = fanOut;
    this.outputs = outputs;
    this.events = events;
  }

  /** Runs {@code task} on the engine thread every {@code period}, from start until stop. */
  void every(Duration period, Runnable task) {
    tasks.add(new PeriodicTask(period.toNanos(), task));
  }

  void start() {
    running = true;
    Thread t = new Thread(this::run, "k6bridge-engine");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  boolean running() {
    return running;
  }

  /**
   * Ends the thread after a last drain, waiting until {@code deadlineNanos}. If it is still
   * draining then, it stops at its next batch (the rest is counted as dropped), and gets a short
   * grace to get there.
   *
   * @return null when the thread ended, else why the aggregates must not be read
   */
  String stop(long deadlineNanos, Duration stopTimeout, List<String> failures) {
    running = false;
    Thread t = thread;
    if (t == null) {
      return null;
    }
    LockSupport.unpark(t);
    OutputSet.joinUntil(t, deadlineNanos);
    if (!t.isAlive()) {
      return null;
    }
    abandoned = true;
    OutputSet.joinUntil(t, System.nanoTime() + ABANDON_GRACE_NANOS);
    failures.add(
        "engine: final drain did not finish within "
            + stopTimeout
            + (t.isAlive()
                ? "; it is still adding one batch"
                : "; the rest was counted as dropped"));
    return t.isAlive()
        ? "the engine thread is still adding samples to them (a consumer hangs)"
        : null;
  }

  /** Samples drained and delivered; complete once {@link #stop} returned null. */
  long delivered() {
    return drained - abandonedDrops.count();
  }

  List<DropCounter> dropCounters() {
    ingestDrops.add(ingest.dropped() - ingestDrops.count());
    return List.of(ingestDrops, fanOutDrops, abandonedDrops);
  }

  private void run() {
    long now = System.nanoTime();
    for (PeriodicTask t : tasks) {
      t.nextDue = now;
    }
    while (running) {
      runDueTasks(System.nanoTime());
      drained += ingest.drain(this::deliver);
      LockSupport.parkNanos(this, DRAIN_INTERVAL_NANOS);
    }
    drained += ingest.drain(this::deliver);
  }

  private void runDueTasks(long now) {
    for (PeriodicTask t : tasks) {
      if (now - t.nextDue >= 0) {
        t.nextDue = now + t.periodNanos;
        try {
          t.task.run();
        } catch (RuntimeException e) {
          LOG.warn("k6bridge: periodic task failed: {}", e.toString());
        }
      }
    }
  }

  private void deliver(SampleBatch batch) {
    if (abandoned) {
      abandonedDrops.add(batch.size()); // past the stop deadline: counted, not delivered
      return;
    }
    try {
      fanOut.add(batch);
    } catch (Throwable e) {
      // Reading the batch failed, which no consumer is to blame for (the fan-out isolates them).
      fanOutDrops.add(batch.size());
      LOG.error("k6bridge: aggregating samples failed; counting them as dropped", e);
    }
    outputs.deliver(batch, events);
  }

  private static final class PeriodicTask {
    final long periodNanos;
    final Runnable task;
    long nextDue;

    PeriodicTask(long periodNanos, Runnable task) {
      this.periodNanos = periodNanos;
      this.task = task;
      this.nextDue = System.nanoTime(); // nanoTime may be negative: never compare with 0
    }
  }
}
