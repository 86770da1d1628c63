package io.k6bridge.engine;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.ingest.SampleIngest;
import io.k6bridge.ingest.SampleWriter;
import io.k6bridge.metrics.MetricRegistry;
import io.k6bridge.metrics.SeriesRegistry;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputFactory;
import io.k6bridge.output.OutputParams;
import io.k6bridge.output.SampleBatch;
import io.k6bridge.output.WithThresholds;
import io.k6bridge.summary.RunAggregates;
import io.k6bridge.summary.SummaryJson;
import io.k6bridge.summary.SummaryOptions;
import io.k6bridge.summary.TextSummary;
import io.k6bridge.threshold.Submetric;
import io.k6bridge.threshold.ThresholdSet;
import io.k6bridge.metrics.BuiltinMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.Consumer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test run's pipeline: sampler threads record into a {@link SampleIngest}; one engine thread
 * drains it on a fixed beat and hands batches to every {@link Output}; outputs do their own I/O.
 *
 * <p>Everything that can be wrong with the configuration is found by {@link #create}, before load
 * starts. Tool adapters translate their results into samples through {@link #writer()} and
 * schedule periodic gauges (vus) with {@link #every}.
 */
public final class MetricsEngine {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsEngine.class);

  /** How often the engine thread drains; short enough for 200 ms file flushes, long enough to batch. */
  private static final long DRAIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private static final int CHUNK_SIZE = 512;

  /** How often thresholds are evaluated during the run (k6's thresholdsRate). */
  private static final Duration THRESHOLDS_PERIOD = Duration.ofSeconds(2);

  private final MetricRegistry metrics;
  private final SeriesRegistry series = new SeriesRegistry();
  private final TagSet runTags;
  private final SystemTags systemTags;
  private final Duration stopTimeout;
  private final SampleIngest ingest;
  private final List<NamedOutput> outputs;
  private final List<DropCounter> drops;
  private final List<PeriodicTask> tasks = new CopyOnWriteArrayList<>();
  private final DropCounter ingestDrops = new DropCounter("sampler threads: ingest buffer full");

  private final ThresholdSet thresholds;
  private final SummaryOptions summaryOptions;
  private final RunAggregates aggregates;
  private final Path baseDirectory;
  private volatile Consumer<String> abortHandler;
  private boolean aborted;
  private long startNanos;

  private volatile boolean running;
  private volatile Thread engineThread;
  private long drained;

  private MetricsEngine(
      MetricRegistry metrics,
      TagSet runTags,
      SystemTags systemTags,
      Duration stopTimeout,
      long bufferSamples,
      List<NamedOutput> outputs,
      List<DropCounter> drops,
      ThresholdSet thresholds,
      SummaryOptions summaryOptions,
      Path baseDirectory) {
    this.thresholds = thresholds;
    this.summaryOptions = summaryOptions;
    this.baseDirectory = baseDirectory;
    List<Submetric> builtinSubmetrics =
        systemTags.has("expected_response")
            ? List.of(Submetric.of(BuiltinMetrics.HTTP_REQ_DURATION, "expected_response:true"))
            : List.of();
    this.aggregates = new RunAggregates(summaryOptions.full(), thresholds, builtinSubmetrics);
    this.metrics = metrics;
    this.runTags = runTags;
    this.systemTags = systemTags;
    this.stopTimeout = stopTimeout;
    this.ingest = new SampleIngest(CHUNK_SIZE, Math.max(bufferSamples, CHUNK_SIZE));
    this.outputs = outputs;
    this.drops = drops;
  }

  /**
   * Validates the whole configuration and builds every output named in K6_OUT.
   *
   * @param baseDirectory where relative output file names resolve
   * @throws ConfigException naming the key, the value and what is accepted
   */
  public static MetricsEngine create(Config config, MetricRegistry metrics, Path baseDirectory) {
    TagSet runTags = config.get(EngineOptions.TAGS);
    SystemTags systemTags = config.get(EngineOptions.SYSTEM_TAGS);
    Duration stopTimeout = config.get(EngineOptions.STOP_TIMEOUT);
    long buffer = config.get(EngineOptions.BUFFER_SAMPLES);
    SummaryOptions summaryOptions = SummaryOptions.from(config);
    ThresholdSet thresholds = thresholds(config, metrics);

    Map<String, OutputFactory> factories = outputFactories();
    List<OutputSpec> specs = OutputSpec.join(config.get(EngineOptions.OUT), factories.keySet());
    // As k6: K6_WEB_DASHBOARD=true adds the web dashboard unless K6_OUT already names it.
    if (config.get(EngineOptions.WEB_DASHBOARD)
        && specs.stream().noneMatch(s -> s.name().equals("web-dashboard"))) {
      specs = new ArrayList<>(specs);
      specs.add(new OutputSpec("web-dashboard", ""));
    }
    List<DropCounter> drops = new CopyOnWriteArrayList<>();
    List<NamedOutput> outputs = new ArrayList<>();
    for (OutputSpec spec : specs) {
      OutputFactory f = factories.get(spec.name());
      if (f == null) {
        throw new ConfigException(
            EngineOptions.OUT.name(),
            "invalid " + EngineOptions.OUT.name() + "='" + config.raw(EngineOptions.OUT.name())
                + "' from " + config.sourceOf(EngineOptions.OUT.name()) + " (unknown output '"
                + spec.name() + "'): accepted outputs are " + String.join(", ", factories.keySet()));
      }
      OutputParams params =
          new OutputParams(
              spec.name(), spec.argument(), config, systemTags, metrics, baseDirectory, drops);
      Output output = f.create(params);
      if (output instanceof WithThresholds) {
        ((WithThresholds) output).setThresholds(thresholds);
      }
      outputs.add(new NamedOutput(spec.toString(), output));
    }
    return new MetricsEngine(metrics, runTags, systemTags, stopTimeout, buffer, outputs, drops,
        thresholds, summaryOptions, baseDirectory);
  }

  /** K6_THRESHOLDS, validated against the metrics the adapter registered, as k6 does before load. */
  private static ThresholdSet thresholds(Config config, MetricRegistry metrics) {
    String key = ThresholdSet.THRESHOLDS.name();
    try {
      return ThresholdSet.parse(config.get(ThresholdSet.THRESHOLDS), metrics);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          key, "invalid " + key + " from " + config.sourceOf(key) + ": " + e.getMessage());
    }
  }

  /**
   * Called once, on the engine thread, when a threshold with abortOnFail fails: the adapter stops
   * the test gracefully. It must return quickly.
   */
  public void onThresholdAbort(Consumer<String> handler) {
    this.abortHandler = handler;
  }

  public ThresholdSet thresholds() {
    return thresholds;
  }

  /** Every output factory on the class path, by name. */
  public static Map<String, OutputFactory> outputFactories() {
    Map<String, OutputFactory> byName = new TreeMap<>();
    for (OutputFactory f : ServiceLoader.load(OutputFactory.class, MetricsEngine.class.getClassLoader())) {
      byName.putIfAbsent(f.name(), f);
    }
    return byName;
  }

  public MetricRegistry metrics() {
    return metrics;
  }

  public SeriesRegistry series() {
    return series;
  }

  /** K6_TAGS: added by adapters to every sample. */
  public TagSet runTags() {
    return runTags;
  }

  public SystemTags systemTags() {
    return systemTags;
  }

  /** The calling thread's non-blocking sample writer. */
  public SampleWriter writer() {
    return ingest.writer();
  }

  /** Runs {@code task} on the engine thread every {@code period}, from start until stop. */
  public void every(Duration period, Runnable task) {
    tasks.add(new PeriodicTask(period.toNanos(), task));
  }

  /** Starts every output, then the engine thread. An output that fails to start fails the run. */
  public void start() throws Exception {
    for (NamedOutput o : outputs) {
      o.output.start();
    }
    LOG.info(
        "k6bridge: writing to {}",
        outputs.isEmpty() ? "no outputs (set K6_OUT)" : String.join(", ", descriptions()));
    if (!thresholds.isEmpty()) {
      every(THRESHOLDS_PERIOD, this::evaluateThresholds);
    }
    startNanos = System.nanoTime();
    running = true;
    Thread t = new Thread(this::runEngine, "k6bridge-engine");
    t.setDaemon(true);
    engineThread = t;
    t.start();
  }

  private List<String> descriptions() {
    List<String> d = new ArrayList<>();
    for (NamedOutput o : outputs) {
      d.add(o.output.description());
    }
    return d;
  }

  private void runEngine() {
    long now = System.nanoTime();
    for (PeriodicTask t : tasks) {
      t.nextDue = now;
    }
    while (running) {
      runDueTasks(System.nanoTime());
      drainOnce();
      LockSupport.parkNanos(this, DRAIN_INTERVAL_NANOS);
    }
    drainOnce();
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

  private void evaluateThresholds() {
    ThresholdSet.Evaluation e =
        thresholds.evaluate(aggregates::sink, Duration.ofNanos(System.nanoTime() - startNanos), true);
    Consumer<String> handler = abortHandler;
    if (e.abort() && !aborted) {
      aborted = true;
      LOG.error("k6bridge: {}", e.message());
      if (handler != null) {
        handler.accept(e.message());
      }
    }
  }

  private void drainOnce() {
    drained += ingest.drain(this::deliver);
  }

  private void deliver(SampleBatch batch) {
    aggregates.add(batch);
    for (NamedOutput o : outputs) {
      try {
        o.output.addMetricSamples(batch);
      } catch (Throwable e) {
        // Errors too (a LinkageError from a badly packaged output): letting one end the engine
        // thread would stop every output and leave samples undelivered and uncounted.
        o.failed(batch.size(), e);
      }
    }
  }

  /**
   * Drains what sampler threads recorded, then stops every output in parallel, each bounded by
   * K6BRIDGE_STOP_TIMEOUT overall. Never hangs the tool: an output still flushing at the deadline
   * is abandoned and reported. Call after sampler threads are done.
   */
  public RunReport stop() {
    Duration testRun = Duration.ofNanos(System.nanoTime() - startNanos);
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    running = false;
    Thread t = engineThread;
    List<String> failures = new ArrayList<>();
    if (t != null) {
      LockSupport.unpark(t);
      joinUntil(t, deadline);
      if (t.isAlive()) {
        failures.add("engine: final drain did not finish within " + stopTimeout);
      }
    }
    List<Thread> stoppers = new ArrayList<>();
    Map<NamedOutput, Throwable> errors = new java.util.concurrent.ConcurrentHashMap<>();
    for (NamedOutput o : outputs) {
      Thread s =
          new Thread(
              () -> {
                try {
                  o.output.stop();
                } catch (Throwable e) {
                  errors.put(o, e);
                }
              },
              "k6bridge-stop-" + o.name);
      s.setDaemon(true);
      s.start();
      stoppers.add(s);
    }
    for (int i = 0; i < stoppers.size(); i++) {
      Thread s = stoppers.get(i);
      joinUntil(s, deadline);
      NamedOutput o = outputs.get(i);
      if (s.isAlive()) {
        failures.add(o.name + ": stop did not finish within " + stopTimeout);
      } else if (errors.containsKey(o)) {
        failures.add(o.name + ": " + errors.get(o));
      }
    }
    Map<String, Long> dropTotals = dropTotals();
    ThresholdSet.Evaluation outcome = thresholds.evaluate(aggregates::sink, testRun, false);
    if (!outcome.breached().isEmpty()) {
      // k6's end-of-run wording: an abort, if any, was already logged when it happened.
      LOG.error("k6bridge: thresholds on metrics '{}' have been crossed",
          String.join(", ", outcome.breached()));
    }
    String summary = summary(testRun, dropTotals, failures);
    RunReport report = new RunReport(drained, dropTotals, failures, outcome.breached(), summary);
    log(report);
    return report;
  }

  /**
   * The text summary, and the JSON files asked for. Runs after the engine thread has finished, so
   * the aggregates are no longer written (if its final drain timed out, they may be incomplete;
   * that is reported as a failure).
   */
  private String summary(Duration testRun, Map<String, Long> drops, List<String> failures) {
    writeSummaryFile(summaryOptions.exportFile(), "K6_SUMMARY_EXPORT",
        () -> SummaryJson.summaryExport(aggregates, thresholds, summaryOptions, testRun), failures);
    writeSummaryFile(summaryOptions.jsonFile(), "K6BRIDGE_SUMMARY_JSON",
        () -> SummaryJson.handleSummaryData(aggregates, thresholds, summaryOptions, testRun),
        failures);
    if (summaryOptions.disabled()) {
      return "";
    }
    String note = null;
    long dropped = drops.values().stream().mapToLong(Long::longValue).sum();
    if (dropped > 0) {
      note = "k6bridge: " + dropped + " samples dropped " + drops
          + "; samples dropped by sampler threads are missing from these totals";
    }
    return TextSummary.render(aggregates, thresholds, summaryOptions, testRun, note);
  }

  private void writeSummaryFile(String file, String key,
      java.util.function.Supplier<String> content, List<String> failures) {
    if (file.isEmpty()) {
      return;
    }
    Path path = baseDirectory.resolve(file).toAbsolutePath();
    try {
      // As JMeter does for its -l results file: a results directory need not exist yet.
      Files.createDirectories(path.getParent());
      Files.write(path, content.get().getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      failures.add(key + ": could not write " + path + ": " + e);
    }
  }

  private Map<String, Long> dropTotals() {
    ingestDrops.add(ingest.dropped() - ingestDrops.count());
    Map<String, Long> totals = new LinkedHashMap<>();
    List<DropCounter> all = new ArrayList<>();
    all.add(ingestDrops);
    all.addAll(drops);
    for (NamedOutput o : outputs) {
      all.add(o.errorDrops);
    }
    for (DropCounter c : all) {
      if (c.count() > 0) {
        totals.merge(c.what(), c.count(), Long::sum);
      }
    }
    return totals;
  }

  private static void log(RunReport r) {
    if (r.drops().isEmpty() && r.failures().isEmpty()) {
      LOG.info("k6bridge: {} samples delivered, none dropped", r.samples());
      return;
    }
    LOG.warn(
        "k6bridge: {} samples delivered; dropped {}; failures {}",
        r.samples(), r.drops(), r.failures());
  }

  private static void joinUntil(Thread t, long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.timedJoin(t, left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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

  /** An output with the name it was configured under and its own failure accounting. */
  private static final class NamedOutput {
    final String name;
    final Output output;
    final DropCounter errorDrops;
    boolean logged;

    NamedOutput(String name, Output output) {
      this.name = name;
      this.output = output;
      this.errorDrops = new DropCounter(name + ": output threw while accepting samples");
    }

    void failed(int samples, Throwable e) {
      errorDrops.add(samples);
      if (!logged) {
        logged = true;
        LOG.error("k6bridge: output {} failed to accept samples; counting them as dropped", name, e);
      }
    }
  }
}
