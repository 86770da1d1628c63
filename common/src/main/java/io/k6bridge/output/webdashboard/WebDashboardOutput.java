package io.k6bridge.output.webdashboard;

import io.k6bridge.aggregate.SinkFanOut;
import io.k6bridge.aggregate.SinkRouter;
import io.k6bridge.aggregate.WithSinkRouter;
import io.k6bridge.metrics.SampleBatch;
import io.k6bridge.output.Output;
import io.k6bridge.output.ThresholdDefinition;
import io.k6bridge.output.WithThresholds;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.threshold.ThresholdSet;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code K6_OUT=web-dashboard}: k6's web dashboard (internal/dashboard). It aggregates samples per
 * period and since the start, and fires k6's events in k6's order ({@link DashboardEvents}) to the
 * SSE stream, the optional NDJSON record file and, at the end, the optional HTML report.
 *
 * <p>Memory stays bounded as in k6, which keeps at most 2,880 periods: k6 knows the test's length
 * up front and picks a longer period; a JMeter or Gatling run's length is unknown, so whenever
 * 2,880 snapshots, or {@link #MAX_HISTORY_BYTES} of events, are kept the period doubles and every
 * other kept period is dropped.
 */
public final class WebDashboardOutput implements Output, WithThresholds, WithSinkRouter {
  static final int MAX_PERIODS = 2880;

  /**
   * Most bytes of events kept for replay: with many submetrics each period's events are large, and
   * 2,880 of them would not fit a load generator's heap.
   */
  static final long MAX_HISTORY_BYTES = 64L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(WebDashboardOutput.class);

  private final String name;
  private final DashboardOptions options;
  private final MetricRegistry registry;
  private final Path exportFile;
  private final Path recordFile;
  private final LongSupplier clock;
  private final boolean timed;
  private final EventStream events = new EventStream();

  private List<ThresholdDefinition> thresholds = List.of();
  private UiAssets assets;
  private final Aggregation aggregation;

  /**
   * Adds batches given to {@link #addMetricSamples}; the engine feeds the periods through its own.
   */
  private final SinkFanOut alone;

  private DashboardServer server;
  private OutputStream record;
  private Thread timer;
  private volatile boolean stopping;
  private Duration period;
  private long periods;
  private long nextTickMillis;

  /**
   * @param clock Unix milliseconds, for event times and period ends
   * @param timed whether a timer thread ticks every period; tests tick themselves instead
   */
  WebDashboardOutput(
      String name,
      DashboardOptions options,
      MetricRegistry registry,
      Path exportFile,
      Path recordFile,
      LongSupplier clock,
      boolean timed) {
    this.name = name;
    this.options = options;
    this.registry = registry;
    this.exportFile = exportFile;
    this.recordFile = recordFile;
    this.clock = clock;
    this.timed = timed;
    this.period = options.period;
    this.aggregation = new Aggregation(options.tags, options.maxSubmetrics);
    this.alone = new SinkFanOut(List.of(aggregation));
  }

  @Override
  public String description() {
    if (options.port < 0 || server == null && options.port == 0) {
      return name;
    }
    return name + " " + url();
  }

  /** http://host:port, with the bound port. */
  String url() {
    String host = options.host.isEmpty() ? "127.0.0.1" : options.host;
    int port = server != null ? server.port() : options.port;
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public void setThresholds(List<ThresholdDefinition> thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public void start() throws IOException {
    assets = UiAssets.load();
    if (recordFile != null) {
      OutputStream f = new BufferedOutputStream(Files.newOutputStream(recordFile));
      record = recordFile.toString().endsWith(".gz") ? new GZIPOutputStream(f, true) : f;
    }
    startServer();
    long now = clock.getAsLong();
    aggregation.start(ownThresholds(), now);
    DashboardEvents.begin(this::publish, thresholdsByName(), period, now);
    nextTickMillis = now + period.toMillis();
    if (timed) {
      timer = new Thread(this::run, "k6bridge-web-dashboard-period");
      timer.setDaemon(true);
      timer.start();
    }
  }

  private void startServer() throws IOException {
    try {
      server =
          DashboardServer.start(
              options.host,
              options.bindPort(),
              events,
              assets,
              () -> HtmlReport.html(assets, events.history()));
    } catch (IOException e) {
      if (options.port != DashboardOptions.DEFAULT_PORT) {
        throw new IOException("web dashboard cannot listen on " + url() + ": " + e.getMessage(), e);
      }
      // As in k6: the default port being taken is not worth failing the test for.
      LOG.warn(
          "k6bridge: web dashboard cannot listen on {} ({}); running without it",
          url(),
          e.toString());
      return;
    }
    LOG.info("k6bridge: web dashboard at {}", url());
    if (options.open) {
      openBrowser();
    }
  }

  private void openBrowser() {
    try {
      if (java.awt.Desktop.isDesktopSupported()
          && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
        java.awt.Desktop.getDesktop().browse(java.net.URI.create(url()));
      }
    } catch (Exception | LinkageError e) {
      LOG.info("k6bridge: cannot open a browser ({}); open {} yourself", e, url());
    }
  }

  @Override
  public SinkRouter sinkRouter() {
    return aggregation;
  }

  @Override
  public void addMetricSamples(SampleBatch batch) {
    alone.add(batch);
  }

  private void run() {
    while (!stopping) {
      long wait = nextTickMillis - clock.getAsLong();
      if (wait > 0) {
        LockSupport.parkNanos(this, Duration.ofMillis(wait).toNanos());
        continue;
      }
      try {
        tick();
      } catch (RuntimeException e) {
        LOG.error("k6bridge: web dashboard period failed", e);
      }
    }
  }

  /** One period: its events, then the memory bound. Timer thread (or a test driving the clock). */
  void tick() {
    long now = clock.getAsLong();
    Aggregation.Tick t = aggregation.tick(now, period);
    long p = periods++;
    DashboardEvents.period(this::publish, t, p);
    if (events.keptSnapshots() >= MAX_PERIODS || events.keptBytes() > MAX_HISTORY_BYTES) {
      events.thin();
      period = period.multipliedBy(2);
    }
    nextTickMillis = Math.max(nextTickMillis + period.toMillis(), now);
  }

  /** The current period's length; doubles as the memory bound requires. */
  Duration period() {
    return period;
  }

  EventStream events() {
    return events;
  }

  /** Open event streams: for tests. */
  int subscribers() {
    return events.subscriberCount();
  }

  int port() {
    return server == null ? -1 : server.port();
  }

  @Override
  public void stop() throws Exception {
    stopping = true;
    if (timer != null) {
      LockSupport.unpark(timer);
      timer.join();
    }
    long now = clock.getAsLong();
    DashboardEvents.end(this::publish, aggregation.finish(now), periods, now);
    events.end();
    try {
      if (exportFile != null) {
        writeReport();
      }
      if (record != null) {
        record.close();
      }
    } finally {
      if (server != null) {
        server.stop(2000);
      }
    }
  }

  private void writeReport() throws IOException {
    if (events.keptSnapshots() <= 1) {
      LOG.warn(
          "k6bridge: the test run was short, web dashboard report generation was skipped"
              + " (not enough data)");
      return;
    }
    byte[] html = HtmlReport.html(assets, events.history());
    try (OutputStream out =
        exportFile.toString().endsWith(".gz")
            ? new GZIPOutputStream(Files.newOutputStream(exportFile))
            : Files.newOutputStream(exportFile)) {
      out.write(html);
    }
    LOG.info("k6bridge: web dashboard report written to {}", exportFile);
  }

  private void publish(String event, byte[] data, long p) {
    events.publish(event, data, p);
    if (record != null && !event.equals("config")) {
      try {
        HtmlReport.line(record, event, data);
        record.flush();
      } catch (RuntimeException | IOException e) {
        LOG.warn("k6bridge: web dashboard cannot record to {}: {}", recordFile, e.toString());
      }
    }
  }

  /** The thresholds' sources by metric or submetric name, for the param event. */
  private Map<String, List<String>> thresholdsByName() {
    Map<String, List<String>> byName = new TreeMap<>();
    for (ThresholdDefinition t : thresholds) {
      byName.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(t.source());
    }
    return byName;
  }

  /**
   * A private copy of the thresholds on whole metrics, as k6's dashboard builds its own from the
   * metrics' sources: evaluating it never disturbs the engine's verdict.
   */
  private ThresholdSet ownThresholds() {
    Map<String, List<String>> byMetric = ThresholdSet.jsonByMetric(thresholds);
    if (byMetric.isEmpty()) {
      return ThresholdSet.NONE;
    }
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, List<String>> e : byMetric.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append(new EventJson().string(e.getKey()))
          .append(":[")
          .append(String.join(",", e.getValue()))
          .append(']');
    }
    return ThresholdSet.parse(json.append('}').toString(), registry);
  }
}
