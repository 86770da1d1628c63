package io.k6bridge.engine;

import io.k6bridge.aggregate.SinkFanOut;
import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.event.EventLog;
import io.k6bridge.event.LifecycleSeries;
import io.k6bridge.event.RunContext;
import io.k6bridge.ingest.SampleIngest;
import io.k6bridge.ingest.SampleWriter;
import io.k6bridge.metrics.MetricRegistry;
import io.k6bridge.metrics.SeriesRegistry;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.DropCounter;
import io.k6bridge.output.Output;
import io.k6bridge.output.OutputFactory;
import io.k6bridge.output.OutputFiles;
import io.k6bridge.output.OutputEvents;
import io.k6bridge.output.OutputParams;
import io.k6bridge.output.SampleBatch;
import io.k6bridge.output.WithStopWithTestError;
import io.k6bridge.output.WithTestRunStop;
import io.k6bridge.output.WithSinkRouter;
import io.k6bridge.output.WithThresholds;
import io.k6bridge.secret.Secrets;
import io.k6bridge.summary.RunAggregates;
import io.k6bridge.summary.SummaryJson;
import io.k6bridge.summary.SummaryOptions;
import io.k6bridge.summary.TextSummary;
import io.k6bridge.telemetry.InjectorTelemetry;
import io.k6bridge.threshold.MetricThresholds;
import io.k6bridge.threshold.Submetric;
import io.k6bridge.threshold.Threshold;
import io.k6bridge.threshold.ThresholdSet;
import io.k6bridge.metrics.BuiltinMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.Consumer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>Besides the adapters' samples, the engine records the injector's own health ({@link
 * InjectorTelemetry}) and the test's start and stop ({@link LifecycleSeries}), and writes the
 * run's lifecycle events ({@link EventLog}).
 */
public final class MetricsEngine {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsEngine.class);

  /**
   * How often the engine thread drains. The per-sample loop of the aggregating outputs is in
   * {@link SinkFanOut}, whose own loop gets it compiled by the JIT's optimizing tier within seconds
   * (-XX:+PrintCompilation); when each output looped inside a method called once per batch, that
   * took up to 80 s at this interval, and a 10 ms interval was used, at about 270 more
   * instructions per request in wake-ups (EngineThreadCost).
   */
  private static final long DRAIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private static final int CHUNK_SIZE = 512;

  /** How long stop() waits, past its deadline, for the engine thread to finish its batch. */
  private static final long ABANDON_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** How often thresholds are evaluated during the run (k6's thresholdsRate). */
  private static final Duration THRESHOLDS_PERIOD = Duration.ofSeconds(2);

  /** How often new drops are written as samples_dropped events while the test runs. */
  private static final Duration DROP_EVENTS_PERIOD = Duration.ofSeconds(5);

  /**
   * Outputs from these packages are ours and trusted to return at once; any other output is a
   * plug-in and runs behind an {@link IsolatedOutput}.
   */
  private static final String BUILT_IN_PACKAGE = "io.k6bridge.";

  /** The name the summary's aggregates are reported under when they fail. */
  private static final String SUMMARY = "end-of-test summary";

  private final MetricRegistry metrics;
  private final SeriesRegistry series;
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
  /** The summary's aggregates and every aggregating output, fed in one pass per batch. */
  private final SinkFanOut aggregation;
  private final DropCounter aggregationDrops =
      new DropCounter("aggregation: failed while adding samples");
  private final Path baseDirectory;
  private volatile Consumer<String> abortHandler;
  private final AtomicBoolean abortRequested = new AtomicBoolean();
  private volatile String abortReason;
  private final Set<String> breachReported = new HashSet<>();
  private final Map<String, Long> dropsReported = new HashMap<>();
  private final InjectorTelemetry telemetry;
  private final Duration telemetryInterval;
  private final LifecycleSeries lifecycle;
  private final EventLog events;
  private long startNanos;

  private volatile boolean running;
  /** Set by stop() at its deadline: the engine thread stops delivering between batches. */
  private volatile boolean drainAbandoned;
  private final DropCounter abandonedDrops =
      new DropCounter("engine: not drained by the stop deadline (K6BRIDGE_STOP_TIMEOUT)");
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
      Path baseDirectory,
      SeriesRegistry series,
      InjectorTelemetry telemetry,
      Duration telemetryInterval,
      LifecycleSeries lifecycle,
      EventLog events) {
    this.series = series;
    this.telemetry = telemetry;
    this.telemetryInterval = telemetryInterval;
    this.lifecycle = lifecycle;
    this.events = events;
    this.thresholds = thresholds;
    this.summaryOptions = summaryOptions;
    this.baseDirectory = baseDirectory;
    List<Submetric> builtinSubmetrics =
        systemTags.has("expected_response")
            ? List.of(Submetric.of(BuiltinMetrics.HTTP_REQ_DURATION, "expected_response:true"))
            : List.of();
    this.aggregates = new RunAggregates(summaryOptions.full(), thresholds, builtinSubmetrics);
    List<SinkFanOut.Consumer> routers = new ArrayList<>();
    routers.add(new SinkFanOut.Consumer(SUMMARY, aggregates));
    for (NamedOutput o : outputs) {
      if (o.isolated == null && o.output instanceof WithSinkRouter) {
        routers.add(new SinkFanOut.Consumer(o.name, ((WithSinkRouter) o.output).sinkRouter()));
        o.routed = true;
      }
    }
    this.aggregation = new SinkFanOut(routers, this::aggregationFailed);
    this.metrics = metrics;
    this.runTags = runTags;
    this.systemTags = systemTags;
    this.stopTimeout = stopTimeout;
    this.ingest = new SampleIngest(series, CHUNK_SIZE, Math.max(bufferSamples, CHUNK_SIZE));
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
    String injector = InjectorId.of(config);
    Duration telemetryInterval = config.get(InjectorTelemetry.INTERVAL);
    String eventsTarget = config.get(EventLog.EVENTS);
    // Registered before thresholds are parsed, so thresholds may watch the injector's health.
    SeriesRegistry series = new SeriesRegistry(config.get(EngineOptions.MAX_SERIES), runTags,
        new SeriesLimitWarnings());
    InjectorTelemetry telemetry = telemetryInterval.isZero() ? null
        : InjectorTelemetry.create(metrics, series, runTags, injector, telemetryInterval);
    LifecycleSeries lifecycle = telemetry == null ? null
        : new LifecycleSeries(metrics, series, runTags, injector, InjectorTelemetry.INJECTOR_TAG);
    ThresholdSet thresholds = thresholds(config, metrics);

    Map<String, OutputFactory> factories = outputFactories();
    warnMisspelledKeys(config, factories.values());
    List<OutputSpec> specs = OutputSpec.join(config.get(EngineOptions.OUT), factories.keySet());
    // As k6: K6_WEB_DASHBOARD=true adds the web dashboard unless K6_OUT already names it.
    if (config.get(EngineOptions.WEB_DASHBOARD)
        && specs.stream().noneMatch(s -> s.name().equals("web-dashboard"))) {
      specs = new ArrayList<>(specs);
      specs.add(new OutputSpec("web-dashboard", ""));
    }
    Secrets secrets = secrets(config, factories.values());
    EventLog events = openEvents(eventsTarget, baseDirectory,
        new RunContext(runTags, null, injector, null), secrets);
    try {
      List<DropCounter> drops = new CopyOnWriteArrayList<>();
      OutputFiles files = new OutputFiles();
      claimSummaryFiles(config, summaryOptions, baseDirectory, files);
      List<NamedOutput> outputs = buildOutputs(config, metrics, baseDirectory, systemTags,
          thresholds, factories, specs, drops, events, buffer, secrets, files);
      return new MetricsEngine(metrics, runTags, systemTags, stopTimeout, buffer, outputs, drops,
          thresholds, summaryOptions, baseDirectory, series, telemetry, telemetryInterval,
          lifecycle, events);
    } catch (RuntimeException e) {
      events.close();
      throw e;
    }
  }

  /** Every key the engine and the outputs on the class path read, each once, in that order. */
  public static List<io.k6bridge.config.ConfigKey<?>> knownKeys() {
    Map<String, io.k6bridge.config.ConfigKey<?>> byName = new LinkedHashMap<>();
    for (io.k6bridge.config.ConfigKey<?> k : EngineOptions.ALL) {
      byName.putIfAbsent(k.name(), k);
    }
    for (OutputFactory f : outputFactories().values()) {
      for (io.k6bridge.config.ConfigKey<?> k : f.configKeys()) {
        byName.putIfAbsent(k.name(), k);
      }
    }
    return new ArrayList<>(byName.values());
  }

  private static void warnMisspelledKeys(Config config,
      java.util.Collection<OutputFactory> factories) {
    Set<String> known = new HashSet<>();
    knownKeys().forEach(k -> known.add(k.name()));
    known.add("K6_WEB_DASHBOARD_REPORT"); // k6's older name for K6_WEB_DASHBOARD_EXPORT
    List<String> prefixes = new ArrayList<>();
    factories.forEach(f -> prefixes.addAll(f.configPrefixes()));
    for (String warning : io.k6bridge.config.KeySpelling.warnings(config, known, prefixes)) {
      LOG.warn("k6bridge: {}", warning);
      System.err.println("WARN k6bridge: " + warning);
    }
  }

  /** The summary files, checked before load: finding out at the end would lose the report. */
  private static void claimSummaryFiles(Config config, SummaryOptions options, Path baseDirectory,
      OutputFiles files) {
    for (var key : List.of(SummaryOptions.EXPORT, SummaryOptions.JSON)) {
      String file = key == SummaryOptions.EXPORT ? options.exportFile() : options.jsonFile();
      if (!file.isEmpty()) {
        files.claim(key.name(), file, config.sourceOf(key.name()), baseDirectory.resolve(file));
      }
    }
  }

  /**
   * The values of every secret key of every output, as set; outputs add the forms they derive
   * (encoded credentials) when they are built.
   */
  private static Secrets secrets(Config config, java.util.Collection<OutputFactory> factories) {
    Secrets secrets = new Secrets();
    for (OutputFactory f : factories) {
      for (io.k6bridge.config.ConfigKey<?> key : f.configKeys()) {
        if (key.secret()) {
          secrets.add(config.raw(key.name()));
        }
      }
    }
    return secrets;
  }

  private static EventLog openEvents(String target, Path baseDirectory, RunContext context,
      Secrets secrets) {
    try {
      return EventLog.open(target, baseDirectory, context, secrets);
    } catch (IOException | RuntimeException e) {
      String key = EventLog.EVENTS.name();
      throw new ConfigException(key, "invalid " + key + "='" + target + "': cannot open it: " + e);
    }
  }

  private static List<NamedOutput> buildOutputs(Config config, MetricRegistry metrics,
      Path baseDirectory, SystemTags systemTags, ThresholdSet thresholds,
      Map<String, OutputFactory> factories, List<OutputSpec> specs, List<DropCounter> drops,
      EventLog events, long buffer, Secrets secrets, OutputFiles files) {
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
      EventReporter reporter = new EventReporter(events, spec.toString());
      OutputParams params =
          new OutputParams(spec.name(), spec.argument(), config, systemTags, metrics,
              baseDirectory, drops, reporter, secrets, files);
      Output output = f.create(params);
      if (output instanceof WithThresholds) {
        ((WithThresholds) output).setThresholds(thresholds);
      }
      String name = spec.toString();
      IsolatedOutput isolated = null;
      if (!f.getClass().getName().startsWith(BUILT_IN_PACKAGE)) {
        isolated = new IsolatedOutput(spec.name(), output, buffer,
            new DropCounter(name + ": plug-in slower than samples arrive, its buffer was full"),
            new DropCounter(name + ": output threw while accepting samples"),
            new DropCounter(name + ": still in the plug-in's buffer or call at the stop deadline"));
      }
      outputs.add(new NamedOutput(name, output, isolated, reporter));
    }
    return outputs;
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
   * Called once, with the reason, when the test must end early: a threshold with abortOnFail
   * failed (on the engine thread), or an output asked to stop the test ({@link WithTestRunStop},
   * on the output's thread). The adapter stops the test gracefully; it must return quickly.
   */
  public void onAbort(Consumer<String> handler) {
    this.abortHandler = handler;
  }

  /**
   * Names what runs, for lifecycle events: the JMeter plan or Gatling simulation, and the role in
   * a distributed run ({@link RunContext#STANDALONE}, {@link RunContext#REMOTE_ENGINE}); either may
   * be null (unknown). Call before {@link #start()}.
   */
  public void describeRun(String plan, String role) {
    events.context(events.context().describedAs(plan, role));
  }

  /** This injector's id (K6BRIDGE_INJECTOR, by default {@code <host>-<pid>}). */
  public String injector() {
    return events.context().injector();
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
    preloadLockQueueNodes();
    for (NamedOutput o : outputs) {
      if (o.output instanceof WithTestRunStop) {
        String name = o.name;
        ((WithTestRunStop) o.output).setTestRunStopCallback(
            e -> abort("output " + name + " asked to stop the test: "
                + (e == null ? "no reason given" : e.getMessage())));
      }
      o.output.start();
      if (o.isolated != null) {
        o.isolated.startDelivery();
      }
    }
    LOG.info(
        "k6bridge: writing to {}",
        outputs.isEmpty() ? "no outputs (set K6_OUT)" : String.join(", ", descriptions()));
    if (!thresholds.isEmpty()) {
      every(THRESHOLDS_PERIOD, this::evaluateThresholds);
    }
    if (telemetry != null) {
      // Runs on the engine thread, which has its own writer.
      every(telemetryInterval, () -> telemetry.sample(writer(), epochNanos()));
    }
    if (events.enabled()) {
      every(DROP_EVENTS_PERIOD, this::reportNewDrops);
    }
    if (lifecycle != null) {
      lifecycle.started(writer(), epochNanos());
    }
    events.emit(EventLog.TEST_START, Map.of("outputs", descriptions()));
    startNanos = System.nanoTime();
    running = true;
    Thread t = new Thread(this::runEngine, "k6bridge-engine");
    t.setDaemon(true);
    engineThread = t;
    t.start();
  }

  /**
   * The first time any thread waits for a {@code ReentrantLock} (or anything built on
   * AbstractQueuedSynchronizer) the JVM loads the queue's node classes, and that invalidates
   * compiled code that assumed they did not exist. Seen in a JMeter run (-XX:+PrintCompilation):
   * 10 s in, as the dashboard's first period ended, about 1,200 compiled methods, JMeter's sampler
   * path among them, were thrown away at once and recompiled under load. Loading the classes now,
   * before the load starts, moves that to a moment when nothing is hot.
   */
  private static void preloadLockQueueNodes() {
    for (String node : new String[] {"ExclusiveNode", "SharedNode", "ConditionNode"}) {
      try {
        Class.forName("java.util.concurrent.locks.AbstractQueuedSynchronizer$" + node);
      } catch (ClassNotFoundException | LinkageError e) {
        // Another JDK's internals: nothing to preload, nothing lost.
      }
    }
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

  private static long epochNanos() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  private void evaluateThresholds() {
    ThresholdSet.Evaluation e =
        thresholds.evaluate(aggregates::sink, Duration.ofNanos(System.nanoTime() - startNanos), true);
    reportBreaches(e.breached());
    if (e.abort()) {
      abort(e.message());
    }
  }

  /**
   * Each metric's (or submetric's) first failed evaluation becomes one threshold_breached event
   * naming the thresholds that failed.
   */
  private void reportBreaches(List<String> breached) {
    for (MetricThresholds m : thresholds.all()) {
      if (breached.contains(m.name()) && breachReported.add(m.name())) {
        List<String> failed = new ArrayList<>();
        for (Threshold t : m.thresholds()) {
          if (t.failed()) {
            failed.add(t.source());
          }
        }
        events.emit(EventLog.THRESHOLD_BREACHED,
            EventLog.fields("metric", m.name(), "thresholds", failed));
      }
    }
  }

  /** The first request to end the test early wins; it is logged, written as an event, handed on. */
  private void abort(String reason) {
    if (!abortRequested.compareAndSet(false, true)) {
      return;
    }
    abortReason = reason;
    LOG.error("k6bridge: {}", reason);
    events.emit(EventLog.TEST_ABORT, Map.of("reason", reason));
    Consumer<String> handler = abortHandler;
    if (handler != null) {
      handler.accept(reason);
    }
  }

  /** Drops since the last report, one samples_dropped event per cause. */
  private void reportNewDrops() {
    dropTotals().forEach((what, total) -> {
      long before = dropsReported.getOrDefault(what, 0L);
      if (total > before) {
        dropsReported.put(what, total);
        events.emit(EventLog.SAMPLES_DROPPED,
            EventLog.fields("what", what, "count", total - before, "total", total));
      }
    });
  }

  /** A consumer of the one pass threw and was cut off: said now, counted until the end. */
  private void aggregationFailed(String consumer, Throwable e) {
    LOG.error("k6bridge: {} failed while aggregating samples and gets no more; the other outputs"
        + " and the summary go on, its samples are counted as dropped: {}", consumer,
        events.mask(e.toString()));
    LOG.debug("k6bridge: {} failed here", consumer, e);
    events.emit(EventLog.OUTPUT_FAILED, EventLog.fields("output", consumer, "reason", e.toString()));
  }

  private void drainOnce() {
    drained += ingest.drain(this::deliver);
  }

  private void deliver(SampleBatch batch) {
    if (drainAbandoned) {
      abandonedDrops.add(batch.size()); // past the stop deadline: counted, not delivered
      return;
    }
    try {
      aggregation.add(batch);
    } catch (Throwable e) {
      aggregationDrops.add(batch.size());
      LOG.error("k6bridge: aggregating samples failed; counting them as dropped", e);
    }
    for (NamedOutput o : outputs) {
      if (o.routed) {
        continue;
      }
      if (o.isolated != null) {
        o.isolated.add(batch);
        continue;
      }
      try {
        o.output.addMetricSamples(batch);
      } catch (Throwable e) {
        // Errors too (a LinkageError from a badly packaged output): letting one end the engine
        // thread would stop every output and leave samples undelivered and uncounted.
        o.failed(batch.size(), e, events);
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
    if (running && lifecycle != null) {
      lifecycle.stopped(writer(), epochNanos()); // before the final drain, which delivers it
    }
    running = false;
    Thread t = engineThread;
    List<String> failures = new ArrayList<>();
    if (t != null) {
      LockSupport.unpark(t);
      joinUntil(t, deadline);
      if (t.isAlive()) {
        // It stops at the next batch; the aggregates are read only once it has, never while it
        // may still be adding to them (a trend growing its buckets would break the summary).
        drainAbandoned = true;
        joinUntil(t, System.nanoTime() + ABANDON_GRACE_NANOS);
        failures.add("engine: final drain did not finish within " + stopTimeout
            + (t.isAlive() ? "; it is still adding one batch" : "; the rest was counted as dropped"));
      }
    }
    boolean aggregatesQuiet = t == null || !t.isAlive();
    List<Thread> stoppers = new ArrayList<>();
    Map<NamedOutput, Throwable> errors = new java.util.concurrent.ConcurrentHashMap<>();
    String reason = abortReason;
    for (NamedOutput o : outputs) {
      Thread s =
          new Thread(
              () -> {
                try {
                  o.stop(reason == null ? null : new Exception(reason));
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
        if (o.isolated != null) {
          o.isolated.abandon(); // what it still holds is lost: counted, never silent
        }
      } else if (errors.containsKey(o)) {
        failures.add(o.name + ": " + errors.get(o));
      }
    }
    Map<String, Long> dropTotals = dropTotals();
    if (!aggregatesQuiet) {
      failures.add(SUMMARY + " and thresholds: not evaluated, since the engine thread is still"
          + " adding samples to them (a consumer hangs)");
    }
    ThresholdSet.Evaluation outcome = aggregatesQuiet
        ? thresholds.evaluate(aggregates::sink, testRun, false) : ThresholdSet.Evaluation.NONE;
    if (!outcome.breached().isEmpty()) {
      // k6's end-of-run wording: an abort, if any, was already logged when it happened.
      LOG.error("k6bridge: thresholds on metrics '{}' have been crossed",
          String.join(", ", outcome.breached()));
    }
    String saturation = telemetry == null ? null : telemetry.saturationWarning();
    String summary = aggregatesQuiet ? summary(testRun, dropTotals, failures, saturation) : "";
    List<String> all = runFailures();
    all.addAll(failures);
    all.replaceAll(events::mask);
    RunReport report = new RunReport(drained - abandonedDrops.count(), dropTotals, all,
        outcome.breached(), summary);
    log(report);
    failures.replaceAll(events::mask);
    reportEnd(report, failures, testRun, outcome, saturation, reason);
    return report;
  }

  /**
   * What failed while the test ran, one line per output: an output that threw while taking
   * samples, a consumer of the shared pass that was cut off, an output that reported a failure.
   * Each was logged and written as an event when it happened.
   */
  private List<String> runFailures() {
    List<String> failures = new ArrayList<>();
    for (NamedOutput o : outputs) {
      if (o.logged) {
        failures.add(o.name + ": failed to accept samples: " + o.firstError);
      }
      if (o.isolated != null && o.isolated.failed.count() > 0) {
        failures.add(o.isolated.failed.what()); // names the output
      }
      String reported = o.reporter.firstFailure();
      if (reported != null) {
        failures.add(o.name + ": " + reported);
      }
    }
    for (SinkFanOut.Failure f : aggregation.failures()) {
      failures.add(f.name() + ": failed while aggregating: " + f.error());
    }
    return failures;
  }

  private void reportEnd(RunReport report, List<String> endFailures, Duration testRun,
      ThresholdSet.Evaluation outcome, String saturation, String reason) {
    reportBreaches(outcome.breached());
    reportNewDrops();
    for (String failure : endFailures) { // the run's own were written when they happened
      events.emit(EventLog.OUTPUT_FAILED, Map.of("reason", failure));
    }
    if (saturation != null) {
      events.emit(EventLog.INJECTOR_SATURATED, Map.of("warning", saturation));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("duration_ms", testRun.toMillis());
    data.put("samples", report.samples());
    data.put("dropped", report.totalDropped());
    data.put("thresholds_failed", report.breachedThresholds());
    data.put("aborted", reason);
    data.put("failures", report.failures());
    data.put("injector_saturated", saturation != null);
    events.emit(EventLog.TEST_STOP, data);
    events.close();
  }

  /**
   * The text summary, and the JSON files asked for. Runs after the engine thread has finished, so
   * the aggregates are no longer written (if its final drain timed out, they may be incomplete;
   * that is reported as a failure).
   */
  private String summary(Duration testRun, Map<String, Long> drops, List<String> failures,
      String saturation) {
    writeSummaryFile(summaryOptions.exportFile(), "K6_SUMMARY_EXPORT",
        () -> SummaryJson.summaryExport(aggregates, thresholds, summaryOptions, testRun), failures);
    writeSummaryFile(summaryOptions.jsonFile(), "K6BRIDGE_SUMMARY_JSON",
        () -> SummaryJson.handleSummaryData(aggregates, thresholds, summaryOptions, testRun),
        failures);
    if (summaryOptions.disabled()) {
      return "";
    }
    List<String> notes = new ArrayList<>();
    long dropped = drops.values().stream().mapToLong(Long::longValue).sum();
    if (dropped > 0) {
      notes.add("k6bridge: " + dropped + " samples dropped " + drops
          + "; samples dropped by sampler threads are missing from these totals");
    }
    if (saturation != null) {
      notes.add("k6bridge: " + saturation);
    }
    String note = notes.isEmpty() ? null : String.join("\n  ", notes);
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
    all.add(aggregationDrops);
    all.add(abandonedDrops);
    all.addAll(drops);
    for (NamedOutput o : outputs) {
      all.add(o.errorDrops);
      if (o.isolated != null) {
        all.add(o.isolated.full);
        all.add(o.isolated.failed);
        all.add(o.isolated.abandoned);
      }
    }
    for (DropCounter c : all) {
      if (c.count() > 0) {
        totals.merge(c.what(), c.count(), Long::sum);
      }
    }
    long folded = series.foldedLookups();
    if (folded > 0) {
      totals.put("series limit: samples folded into " + SeriesRegistry.OVERFLOW_TAG + " series ("
          + EngineOptions.MAX_SERIES.name() + " reached; totals kept, high-cardinality tags lost)",
          folded);
    }
    for (SinkFanOut.Failure f : aggregation.failures()) {
      if (f.lostSamples() > 0) {
        totals.merge(f.name() + ": failed while aggregating", f.lostSamples(), Long::sum);
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

  /**
   * An output with the name it was configured under, its own failure accounting, and, for a
   * plug-in, the isolation it runs behind.
   */
  private static final class NamedOutput {
    final String name;
    final Output output;
    final IsolatedOutput isolated;
    final DropCounter errorDrops;
    /** Fed through the engine's {@link SinkFanOut} instead of {@link Output#addMetricSamples}. */
    boolean routed;
    final EventReporter reporter;
    // Engine thread only; read at stop, after it ended.
    boolean logged;
    String firstError;

    NamedOutput(String name, Output output, IsolatedOutput isolated, EventReporter reporter) {
      this.name = name;
      this.output = output;
      this.isolated = isolated;
      this.reporter = reporter;
      this.errorDrops = new DropCounter(name + ": output threw while accepting samples");
    }

    void failed(int samples, Throwable e, EventLog events) {
      errorDrops.add(samples);
      if (!logged) {
        logged = true;
        firstError = e.toString();
        LOG.error("k6bridge: output {} failed to accept samples; counting them as dropped: {}",
            name, events.mask(e.toString()));
        LOG.debug("k6bridge: output {} failed here", name, e);
        events.emit(EventLog.OUTPUT_FAILED, EventLog.fields("output", name, "reason", e.toString()));
      }
    }

    /** Delivers what a plug-in still has buffered, then stops the output. */
    void stop(Exception testError) throws Exception {
      if (isolated != null) {
        isolated.stopDelivery();
      }
      if (output instanceof WithStopWithTestError) {
        ((WithStopWithTestError) output).stopWithTestError(testError);
      } else {
        output.stop();
      }
    }
  }

  /**
   * An output's retries and failures, as lifecycle events naming the output; the first failure is
   * kept for the end of the run, where failures make the exit status.
   */
  private static final class EventReporter implements OutputEvents {
    private final EventLog events;
    private final String output;
    private volatile String firstFailure;

    EventReporter(EventLog events, String output) {
      this.events = events;
      this.output = output;
    }

    @Override
    public void retrying(String reason) {
      events.emit(EventLog.OUTPUT_RETRYING, EventLog.fields("output", output, "reason", reason));
    }

    @Override
    public void recovered(String detail) {
      events.emit(EventLog.OUTPUT_RECOVERED, EventLog.fields("output", output, "detail", detail));
    }

    @Override
    public void failed(String reason) {
      if (firstFailure == null) {
        firstFailure = reason;
      }
      events.emit(EventLog.OUTPUT_FAILED, EventLog.fields("output", output, "reason", reason));
    }

    String firstFailure() {
      return firstFailure;
    }
  }
}
