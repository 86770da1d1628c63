package io.k6bridge.output.prometheusrw;

import io.k6bridge.aggregate.SinkFanOut;
import io.k6bridge.aggregate.SinkRouter;
import io.k6bridge.aggregate.WithSinkRouter;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputEvents;
import io.k6bridge.output.remote.PendingWrites;
import io.k6bridge.output.remote.PushClient;
import io.k6bridge.output.remote.RetryingWrites;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k6's {@code experimental-prometheus-rw}, plus what k6 lacks: retries, a bounded backlog, a
 * bounded final flush.
 *
 * <p><b>Threads:</b> the engine thread adds each batch to cumulative per-series sinks ({@link
 * SeriesTable}; an array index and a sink update per sample, under a lock only the push thread also
 * takes, once per push). The push thread takes the changed series every push interval, encodes and
 * compresses them outside the lock, and sends writes in order, retrying 429, 5xx and network errors
 * with backoff. Aggregating on the engine thread rather than buffering samples for the push thread
 * keeps memory proportional to series, not to samples per interval.
 *
 * <p><b>Unexpected faults:</b> an exception or error while taking, encoding or sending one write (a
 * bug, as the race that once grew a histogram mid-encode) costs that write only: it is logged once
 * per kind, its samples are counted, its series go into the next write with their current
 * cumulative values, and pushing goes on. Should the push thread die anyway, {@link #stop()} counts
 * what was not delivered and fails.
 */
final class RemoteWriteOutput implements Output, WithSinkRouter {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteOutput.class);

  private final RemoteWriteConfig config;
  private final SeriesTable table;

  /**
   * Adds batches given to {@link #addMetricSamples}; the engine feeds the table through its own.
   */
  private final SinkFanOut alone;

  private final Function<RemoteWriteConfig, PushClient> clients;
  private final DropCounter rejected;
  private final DropCounter overflowed;
  private final DropCounter undelivered;
  private final DropCounter failedPushes;
  private final OutputEvents events;
  private final RetryingWrites<SeriesTable.Entry[]> pending;
  private final SnappyBlock snappy = new SnappyBlock();
  private final Set<Class<?>> loggedFaults = new HashSet<>();

  private PushClient client;
  private Thread pusher;
  private volatile boolean stopping;

  /** Why the push thread died; read by stop() after joining it. */
  private volatile Throwable died;

  RemoteWriteOutput(
      RemoteWriteConfig config,
      Function<RemoteWriteConfig, PushClient> clients,
      DropCounter folded,
      DropCounter rejected,
      DropCounter overflowed,
      DropCounter undelivered,
      DropCounter failedPushes,
      OutputEvents events) {
    this.events = events;
    this.config = config;
    this.clients = clients;
    this.table = new SeriesTable(config, folded);
    this.alone = new SinkFanOut(List.of(table));
    this.rejected = rejected;
    this.overflowed = overflowed;
    this.undelivered = undelivered;
    this.failedPushes = failedPushes;
    this.pending =
        new RetryingWrites<>(
            "Prometheus remote write",
            config.endpoint,
            config.maxPendingBytes,
            events,
            new RetryingWrites.Owner<>() {
              @Override
              public void refused(
                  PendingWrites.Write<SeriesTable.Entry[]> w, PushClient.Outcome outcome) {
                rejected.add(w.samples);
              }

              @Override
              public void faulted(PendingWrites.Write<SeriesTable.Entry[]> w, Throwable e) {
                retake(w.note);
                pushFailed("sending", w.samples, e);
              }
            });
  }

  @Override
  public String description() {
    return "Prometheus remote write (" + config.endpoint + ")";
  }

  @Override
  public void start() {
    client = clients.apply(config);
    pending.sendWith(client);
    pusher = new Thread(this::run, "k6bridge-prometheus-rw");
    pusher.setDaemon(true);
    pusher.start();
  }

  @Override
  public SinkRouter sinkRouter() {
    return table;
  }

  @Override
  public void addMetricSamples(SampleBatch batch) {
    alone.add(batch);
  }

  /**
   * Ends with the final flush; fails, with what was lost counted, when the push thread died or did
   * not finish in time.
   */
  @Override
  public void stop() throws InterruptedException {
    if (pusher == null) {
      return;
    }
    stopping = true;
    RetryingWrites.awaitFinalFlush(
        pusher,
        client,
        config.flushTimeout,
        RemoteWriteConfig.FLUSH_TIMEOUT.name(),
        "Prometheus remote write",
        config.endpoint);
    Throwable cause = died;
    if (cause != null) {
      // Joined: the backlog and the table are ours to read.
      long lost = 0;
      for (PendingWrites.Write<SeriesTable.Entry[]> w : pending.abandon()) {
        lost += w.samples;
      }
      synchronized (table) {
        lost += table.changedSamples();
      }
      undelivered.add(lost);
      throw new IllegalStateException(
          "Prometheus remote write: the push thread died ("
              + cause
              + "); "
              + lost
              + " samples not delivered to "
              + config.endpoint
              + ", counted as dropped",
          cause);
    }
  }

  private void run() {
    try {
      push();
    } catch (RuntimeException | Error e) {
      // Each write is guarded; this is a fault in the guard itself. stop() counts the loss.
      died = e;
      LOG.error(
          "k6bridge: Prometheus remote write stopped pushing to {}; nothing more is" + " delivered",
          config.endpoint,
          e);
      events.failed("push thread died: " + e);
    }
  }

  /**
   * The table's changed series, under the lock the engine thread adds with: encoding reads the
   * trend sinks, which an add may grow meanwhile (a native histogram's bucket array). Null when
   * none changed or encoding failed; then they stay changed for the next write.
   */
  private SeriesTable.Taken takeChanged() {
    int samples;
    Throwable fault;
    synchronized (table) {
      try {
        return table.take();
      } catch (RuntimeException | Error e) {
        samples = table.changedSamples();
        fault = e;
      }
    }
    pushFailed("encoding", samples, fault);
    return null;
  }

  /** True when a failed write put series back after the table was last taken. */
  private boolean anyChanged() {
    synchronized (table) {
      return table.changedSamples() > 0;
    }
  }

  private void push() {
    pending.pushEvery(config.pushInterval, () -> stopping, () -> enqueue(takeChanged()));
    finalFlush();
  }

  private void finalFlush() {
    long deadline = System.nanoTime() + config.flushTimeout.toNanos();
    enqueue(takeChanged());
    pending.sendUntil(deadline);
    if (pending.isEmpty() && anyChanged()) {
      // A write failed unexpectedly and put its series back: one more with their current values.
      enqueue(takeChanged());
      pending.sendUntil(deadline);
    }
    if (config.staleMarkers && pending.isEmpty()) {
      // k6: now + 1 ms, so a marker never shares the last sample's timestamp.
      long millis = System.currentTimeMillis() + 1;
      SeriesTable.Taken stale = null;
      synchronized (table) {
        try {
          stale = table.staleMarkers(millis);
        } catch (RuntimeException | Error e) {
          LOG.error("k6bridge: Prometheus remote write could not encode the stale markers", e);
        }
      }
      if (stale != null) {
        enqueue(stale);
        pending.sendUntil(deadline);
        if (!pending.isEmpty()) {
          pending.abandon();
          LOG.warn("k6bridge: Prometheus remote write could not send the stale markers in time");
        }
      }
    }
    int left = 0;
    for (PendingWrites.Write<SeriesTable.Entry[]> w : pending.abandon()) {
      left += w.samples;
    }
    if (left > 0) {
      undelivered.add(left);
      LOG.error(
          "k6bridge: Prometheus remote write: {} samples not delivered to {} within"
              + " K6BRIDGE_PROMETHEUS_RW_FLUSH_TIMEOUT={}",
          left,
          config.endpoint,
          config.flushTimeout);
      events.failed(
          left
              + " samples not delivered within K6BRIDGE_PROMETHEUS_RW_FLUSH_TIMEOUT="
              + config.flushTimeout);
    }
    LOG.debug("k6bridge: Prometheus remote write sent {} writes", pending.sent());
  }

  /** Encodes outside the table's lock; the take itself is a short critical section. */
  private void enqueue(SeriesTable.Taken taken) {
    if (taken == null) {
      return;
    }
    byte[] body;
    try {
      byte[] raw = taken.request.toByteArray();
      body = snappy.compress(raw, raw.length);
    } catch (RuntimeException | Error e) {
      retake(taken.entries);
      pushFailed("compressing", taken.samples, e);
      return;
    }
    List<PendingWrites.Write<SeriesTable.Entry[]>> dropped =
        pending.add(new PendingWrites.Write<>(body, taken.samples, taken.entries));
    if (dropped.isEmpty()) {
      return;
    }
    int samples = 0;
    for (PendingWrites.Write<SeriesTable.Entry[]> d : dropped) {
      samples += d.samples;
      retake(d.note);
    }
    overflowed.add(samples);
    LOG.warn(
        "k6bridge: Prometheus remote write backlog over K6BRIDGE_PROMETHEUS_RW_MAX_PENDING_BYTES={};"
            + " dropped the oldest {} writes ({} samples); their series go out again with current"
            + " values",
        config.maxPendingBytes,
        dropped.size(),
        samples);
  }

  /** Series whose write was lost go into the next write again, with their current values. */
  private void retake(SeriesTable.Entry[] entries) {
    synchronized (table) {
      table.retake(entries);
    }
  }

  /** One write lost to an unexpected fault: counted always, logged and reported once per kind. */
  private void pushFailed(String stage, int samples, Throwable e) {
    failedPushes.add(samples);
    if (loggedFaults.add(e.getClass())) {
      LOG.error(
          "k6bridge: Prometheus remote write: unexpected fault {} a write of {} samples to {};"
              + " counted as dropped, its series go out again in the next write (logged once per"
              + " kind)",
          stage,
          samples,
          config.endpoint,
          e);
      events.failed("unexpected fault " + stage + " a write of " + samples + " samples: " + e);
    }
  }
}
