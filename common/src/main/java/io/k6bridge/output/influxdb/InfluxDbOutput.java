package io.k6bridge.output.influxdb;

import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputEvents;
import io.k6bridge.output.builtin.SampleBuffer;
import io.k6bridge.output.remote.PendingWrites;
import io.k6bridge.output.remote.PushClient;
import io.k6bridge.output.remote.RetryingWrites;
import io.k6bridge.output.text.TextBuffer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k6's {@code influxdb} output (InfluxDB 1.x line protocol; InfluxDB 2 as xk6-output-influxdb),
 * plus what k6 lacks: points that never overwrite each other ({@link LineProtocol}), retries, a
 * bounded backlog whose overflow is counted, a bounded final flush.
 *
 * <p><b>Threads:</b> the engine thread only copies each batch into a bounded {@link SampleBuffer}.
 * The push thread drains it every K6_INFLUXDB_PUSH_INTERVAL, encodes line protocol in writes of at
 * most {@value #POINTS_PER_WRITE} points, and sends them in order ({@link RetryingWrites}). Points
 * are samples, not cumulative values: a write dropped from a full backlog, refused by the server or
 * still waiting at the end is lost, and counted.
 */
final class InfluxDbOutput implements Output {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxDbOutput.class);

  /** Points per write: a few hundred kilobytes, well under InfluxDB's request limits. */
  static final int POINTS_PER_WRITE = 5_000;

  /** The tag that tells injectors apart, as in remote write and the injector telemetry. */
  static final String INJECTOR_TAG = "injector";

  private final InfluxDbConfig config;
  private final SampleBuffer buffer;
  private final Function<InfluxDbConfig, PushClient[]> clients;
  private final DropCounter overflowed;
  private final DropCounter undelivered;
  private final DropCounter unwritable;
  private final DropCounter failed;
  private final OutputEvents events;
  private final RetryingWrites<Void> pending;
  private final LineProtocol lines;
  private final TextBuffer text = new TextBuffer(1 << 16);

  private PushClient writer;
  private Thread pusher;
  private volatile boolean stopping;
  private volatile Throwable died;

  /**
   * @param clients the write client and the query client (for CREATE DATABASE)
   */
  InfluxDbOutput(
      InfluxDbConfig config,
      SampleBuffer buffer,
      Function<InfluxDbConfig, PushClient[]> clients,
      DropCounter refused,
      DropCounter overflowed,
      DropCounter undelivered,
      DropCounter unwritable,
      DropCounter failed,
      OutputEvents events) {
    this.config = config;
    this.buffer = buffer;
    this.clients = clients;
    this.overflowed = overflowed;
    this.undelivered = undelivered;
    this.unwritable = unwritable;
    this.failed = failed;
    this.events = events;
    this.lines =
        new LineProtocol(config.tagsAsFields, INJECTOR_TAG, config.injector, config.precision);
    this.pending =
        new RetryingWrites<>(
            "InfluxDB",
            config.write,
            config.maxPendingBytes,
            events,
            new RetryingWrites.Owner<>() {
              @Override
              public void refused(PendingWrites.Write<Void> w, PushClient.Outcome outcome) {
                refused.add(w.samples);
              }

              @Override
              public void faulted(PendingWrites.Write<Void> w, Throwable e) {
                failed.add(w.samples);
                LOG.error("k6bridge: InfluxDB: unexpected fault sending a write", e);
              }
            });
  }

  @Override
  public String description() {
    return (config.v2 ? "InfluxDBv2 (" : "InfluxDBv1 (") + config.write + ")";
  }

  @Override
  public void start() {
    PushClient[] c = clients.apply(config);
    writer = c[0];
    pending.sendWith(writer);
    if (!config.v2) {
      createDatabase(c[1]);
    }
    c[1].close();
    pusher = new Thread(this::run, "k6bridge-influxdb");
    pusher.setDaemon(true);
    pusher.start();
  }

  /**
   * As k6: CREATE DATABASE, whose failure is usually harmless (a user without admin rights on an
   * existing database), so it is only logged; a server that cannot be reached shows in the writes.
   */
  private void createDatabase(PushClient query) {
    String q = "CREATE DATABASE \"" + config.database.replace("\"", "\\\"") + "\"";
    byte[] body = ("q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).getBytes();
    PushClient.Outcome o = query.send(body, PushClient.REQUEST_TIMEOUT);
    if (!o.delivered) {
      LOG.info(
          "k6bridge: InfluxDB: could not create database '{}' ({}); most likely harmless",
          config.database,
          o);
    }
  }

  @Override
  public void addMetricSamples(SampleBatch batch) {
    buffer.addMetricSamples(batch);
  }

  private void run() {
    try {
      pending.pushEvery(config.pushInterval, () -> stopping, this::encode);
      long deadline = System.nanoTime() + config.flushTimeout.toNanos();
      encode();
      pending.sendUntil(deadline);
    } catch (RuntimeException | Error e) {
      died = e;
      LOG.error("k6bridge: InfluxDB output stopped writing to {}", config.write, e);
      events.failed("push thread died: " + e);
    } finally {
      int left = 0;
      for (PendingWrites.Write<Void> w : pending.abandon()) {
        left += w.samples;
      }
      if (left > 0) {
        undelivered.add(left);
        LOG.error(
            "k6bridge: InfluxDB: {} points not delivered to {} within"
                + " K6BRIDGE_INFLUXDB_FLUSH_TIMEOUT={}",
            left,
            config.write,
            config.flushTimeout);
        events.failed(left + " points not delivered within K6BRIDGE_INFLUXDB_FLUSH_TIMEOUT");
      }
    }
  }

  /** The buffered samples as writes of at most {@link #POINTS_PER_WRITE} points, queued. */
  private void encode() {
    SampleBatch batch = buffer.drain();
    int points = 0;
    int skipped = 0;
    text.reset();
    for (int i = 0, n = batch.size(); i < n; i++) {
      if (lines.append(text, batch.series(i), batch.timeNanos(i), batch.value(i))) {
        points++;
      } else {
        skipped++;
      }
      if (points == POINTS_PER_WRITE) {
        queue(points);
        points = 0;
      }
    }
    if (points > 0) {
      queue(points);
    }
    if (skipped > 0) {
      unwritable.add(skipped);
    }
  }

  private void queue(int points) {
    List<PendingWrites.Write<Void>> dropped =
        pending.add(new PendingWrites.Write<>(text.toByteArray(), points, null));
    text.reset();
    if (!dropped.isEmpty()) {
      int lost = 0;
      for (PendingWrites.Write<Void> d : dropped) {
        lost += d.samples;
      }
      overflowed.add(lost);
      LOG.warn(
          "k6bridge: InfluxDB backlog over K6BRIDGE_INFLUXDB_MAX_PENDING_BYTES={}; dropped the"
              + " oldest {} writes ({} points, lost: points are not cumulative)",
          config.maxPendingBytes,
          dropped.size(),
          lost);
    }
  }

  @Override
  public void stop() throws InterruptedException {
    if (pusher == null) {
      return;
    }
    stopping = true;
    RetryingWrites.awaitFinalFlush(
        pusher,
        writer,
        config.flushTimeout,
        InfluxDbConfig.FLUSH_TIMEOUT.name(),
        "InfluxDB",
        config.write);
    Throwable cause = died;
    if (cause != null) {
      throw new IllegalStateException("InfluxDB: the push thread died (" + cause + ")", cause);
    }
  }
}
