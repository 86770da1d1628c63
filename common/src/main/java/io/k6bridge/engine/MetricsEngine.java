package io.k6bridge.engine;

import io.k6bridge.aggregate.SinkFanOut;
import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.config.ConfigKey;
import io.k6bridge.event.EventLog;
import io.k6bridge.event.LifecycleSeries;
import io.k6bridge.event.RunContext;
import io.k6bridge.ingest.SampleIngest;
import io.k6bridge.ingest.SampleWriter;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import io.k6bridge.results.ResultsWriter;
import io.k6bridge.summary.RunAggregates;
import io.k6bridge.telemetry.RunTelemetry;
import io.k6bridge.threshold.Submetric;
import io.k6bridge.threshold.ThresholdSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test run: what a tool adapter creates, feeds and stops. Sampler threads record into a {@link
 * SampleIngest} through {@link #writer()}; the {@link Pump} (the engine thread) drains it on a
 * fixed beat into the one-pass {@link SinkFanOut} (the summary's aggregates and the aggregating
 * outputs) and the {@link OutputSet}; the {@link ThresholdMonitor} judges thresholds, the {@link
 * LossLedger} keeps every loss, and at the end the {@link EndOfTestSummary} speaks.
 *
 * <p>Everything that can be wrong with the configuration is found by {@link #create}, before load
 * starts. Besides the adapters' samples, the run records the injector's own health ({@link
 * RunTelemetry}) and the test's start and stop ({@link LifecycleSeries}), and writes the run's
 * lifecycle events ({@link EventLog}).
 */
public final class MetricsEngine {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsEngine.class);

  private static final int CHUNK_SIZE = 512;

  /** How often the vus gauges are recorded, as k6 does. */
  private static final Duration GAUGE_PERIOD = Duration.ofSeconds(1);

  /** The name the summary's aggregates are reported under when they fail. */
  private static final String SUMMARY = "end-of-test summary";

  private final MetricRegistry metrics;
  private final SeriesRegistry series;
  private final TagSet runTags;
  private final SystemTags systemTags;
  private final Duration stopTimeout;
  private final SampleIngest ingest;
  private final OutputSet outputs;
  private final Pump pump;
  private final ThresholdSet thresholds;
  private final ThresholdMonitor monitor;
  private final SinkFanOut fanOut;
  private final LossLedger losses;
  private final EndOfTestSummary summary;
  private final RunTelemetry telemetry;
  private final LifecycleSeries lifecycle;
  private final EventLog events;
  private final ResultsWriter results;
  private final RelayedInjectors relays = new RelayedInjectors();
  private final Metric relayLag;
  private volatile Consumer<String> abortHandler;
  private final AtomicBoolean abortRequested = new AtomicBoolean();
  private volatile String abortReason;

  /** Samples recorded at stop, before the final drain delivers them: the run's last word. */
  private final List<Runnable> atStop = new java.util.concurrent.CopyOnWriteArrayList<>();

  private long startNanos;

  private MetricsEngine(RunParts p) {
    Config config = p.config();
    this.metrics = p.metrics();
    this.series = p.series();
    this.runTags = config.get(EngineOptions.TAGS);
    this.systemTags = config.get(EngineOptions.SYSTEM_TAGS);
    this.stopTimeout = config.get(EngineOptions.STOP_TIMEOUT);
    this.outputs = p.outputs();
    this.thresholds = p.thresholds();
    this.telemetry = p.telemetry();
    this.lifecycle = p.lifecycle();
    this.events = p.events();
    this.results = p.results();
    this.relayLag = metrics.get(RelayedInjectors.RELAY_LAG);
    List<Submetric> builtinSubmetrics =
        systemTags.has("expected_response")
            ? List.of(Submetric.of(BuiltinMetrics.HTTP_REQ_DURATION, "expected_response:true"))
            : List.of();
    RunAggregates aggregates =
        new RunAggregates(p.summaryOptions().full(), thresholds, builtinSubmetrics);
    List<SinkFanOut.Consumer> consumers = new ArrayList<>();
    consumers.add(new SinkFanOut.Consumer(SUMMARY, aggregates));
    if (results != null) {
      consumers.add(new SinkFanOut.Consumer(ResultsWriter.NAME, results));
    }
    consumers.addAll(outputs.routedConsumers());
    this.fanOut = new SinkFanOut(consumers, this::consumerFailed);
    long buffer = config.get(EngineOptions.BUFFER_SAMPLES);
    this.ingest = new SampleIngest(series, CHUNK_SIZE, Math.max(buffer, CHUNK_SIZE));
    this.pump = new Pump(ingest, fanOut, outputs, events);
    this.monitor = new ThresholdMonitor(thresholds, aggregates, events, this::abort);
    this.losses =
        new LossLedger(List.of(pump::dropCounters, outputs::dropCounters), fanOut, series);
    this.summary =
        new EndOfTestSummary(p.summaryOptions(), aggregates, thresholds, p.baseDirectory());
  }

  /**
   * Validates the whole configuration and builds every output named in K6_OUT.
   *
   * @param baseDirectory where relative output file names resolve
   * @throws ConfigException naming the key, the value and what is accepted
   */
  public static MetricsEngine create(Config config, MetricRegistry metrics, Path baseDirectory) {
    return new MetricsEngine(RunParts.resolve(config, metrics, baseDirectory));
  }

  /** Every key the engine and the outputs on the class path read, each once, in that order. */
  public static List<ConfigKey<?>> knownKeys() {
    return OutputSet.knownKeys();
  }

  /** Every output factory on the class path, by name. */
  public static Map<String, RegisteredOutput> outputFactories() {
    return OutputSet.factories();
  }

  /**
   * Called once, with the reason, when the test must end early: a threshold with abortOnFail failed
   * (on the engine thread), or an output asked to stop the test ({@link
   * io.k6bridge.output.WithTestRunStop}, on the output's thread). The adapter stops the test
   * gracefully; it must return quickly.
   */
  public void onAbort(Consumer<String> handler) {
    this.abortHandler = handler;
  }

  /**
   * Names what runs, for lifecycle events: the JMeter plan or Gatling simulation, and the role in a
   * distributed run ({@link RunContext#STANDALONE}, {@link RunContext#REMOTE_ENGINE}); either may
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

  /** Injectors whose results a tool relays to this run (JMeter's remote engines). */
  public RelayedInjectors relays() {
    return relays;
  }

  /** The calling thread's non-blocking sample writer. */
  public SampleWriter writer() {
    return ingest.writer();
  }

  /** Runs {@code task} on the engine thread every {@code period}, from start until stop. */
  public void every(Duration period, Runnable task) {
    pump.every(period, task);
  }

  /**
   * Starts the run for a tool: its {@code vus} and {@code vus_max} gauges every second, its plan
   * and role in the lifecycle events, a graceful stop of the tool when the test must end early,
   * then the outputs and the engine thread.
   *
   * @throws IllegalStateException when an output fails to start; the run is stopped then
   */
  public void start(RunHost host) {
    Series vus = series.get(BuiltinMetrics.VUS, runTags); // k6 tags them with the run tags only
    Series vusMax = series.get(BuiltinMetrics.VUS_MAX, runTags);
    // Relayed users may all arrive after the last tick of a short run. Not vus: at stop the
    // tool's threads are gone, and k6's vus keeps its last running value.
    atStop.add(() -> writer().record(vusMax, epochNanos(), host.maxUsers()));
    every(
        GAUGE_PERIOD,
        () -> {
          SampleWriter w = writer(); // the engine thread's own
          long now = epochNanos();
          w.record(vus, now, host.activeUsers());
          w.record(vusMax, now, host.maxUsers());
        });
    describeRun(host.plan(), host.role());
    if (results != null) {
      results.begin(host.tool(), host.plan(), injector(), System.currentTimeMillis());
    }
    onAbort(
        reason -> {
          LOG.error("k6bridge: stopping the test: {}", reason);
          host.stopGracefully(reason);
        });
    try {
      start();
    } catch (Exception e) {
      stop();
      throw new IllegalStateException("k6bridge: an output failed to start: " + e, e);
    }
  }

  /**
   * Ends the run as k6 ends one: stops it ({@link #stop()}), keeps the summary in the tool's log,
   * prints it and any failed output on the console, and sets the exit status when the JVM is the
   * tool's own ({@link ExitStatus}).
   */
  public RunReport finish(RunHost host) {
    RunReport report = stop();
    if (!report.summary().isEmpty()) {
      LOG.info("k6bridge: end-of-test summary{}", report.summary());
    }
    new ExitStatus(host.tool(), host.ownsExitStatus()).report(report);
    return report;
  }

  /**
   * {@link #finish} on a thread of its own, then {@code then} however it ended: for a tool whose
   * thread reporting the run's end must not wait (Gatling's event loop).
   */
  public void finishThen(RunHost host, Runnable then) {
    Runnable finishing =
        () -> {
          try {
            finish(host);
          } finally {
            then.run();
          }
        };
    Thread t = new Thread(finishing, "k6bridge-stop");
    t.setDaemon(true);
    t.start();
  }

  /** Starts every output, then the engine thread. An output that fails to start fails the run. */
  public void start() throws Exception {
    preloadLockQueueNodes();
    outputs.start(this::abort);
    List<String> descriptions = outputs.descriptions();
    LOG.info(
        "k6bridge: writing to {}",
        descriptions.isEmpty() ? "no outputs (set K6_OUT)" : String.join(", ", descriptions));
    if (monitor.active()) {
      every(
          ThresholdMonitor.PERIOD,
          () -> monitor.evaluate(Duration.ofNanos(System.nanoTime() - startNanos)));
    }
    if (telemetry != null) {
      // Runs on the engine thread, which has its own writer.
      // Also at stop: relayed injectors' last readings can arrive with their last results.
      Runnable sample = () -> telemetry.sample(writer(), epochNanos(), relays.drainHealth());
      every(telemetry.interval(), sample);
      atStop.add(sample);
    }
    if (results != null) {
      every(results.interval(), () -> results.writeDuringRun(System.currentTimeMillis(), health()));
      every(GAUGE_PERIOD, () -> results.cut(System.currentTimeMillis()));
    }
    every(GAUGE_PERIOD, this::recordRelayLags);
    atStop.add(this::recordRelayLags);
    atStop.add(() -> relays.flushIterations(writer()));
    if (events.enabled()) {
      every(LossLedger.EVENTS_PERIOD, () -> losses.reportNew(events));
    }
    if (lifecycle != null) {
      lifecycle.started(writer(), epochNanos());
      atStop.add(() -> lifecycle.stopped(writer(), epochNanos()));
    }
    events.emit(EventLog.TEST_START, Map.of("outputs", descriptions));
    startNanos = System.nanoTime();
    pump.start();
  }

  /**
   * The first time any thread waits for a {@code ReentrantLock} (or anything built on
   * AbstractQueuedSynchronizer) the JVM loads the queue's node classes, and that invalidates
   * compiled code that assumed they did not exist. Seen in a JMeter run (-XX:+PrintCompilation): as
   * the dashboard's first period ended, compiled methods by the hundred, JMeter's sampler path
   * among them, were thrown away at once and recompiled under load. Loading the classes now, before
   * the load starts, moves that to a moment when nothing is hot.
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

  private static long epochNanos() {
    return System.currentTimeMillis() * 1_000_000L;
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

  /** Each relayed injector's worst lag of the last second, with the calling thread's writer. */
  private void recordRelayLags() {
    relays.recordLags(writer(), epochNanos(), series, relayLag, runTags);
  }

  /** The injector's health so far, for the results file; empty without telemetry. */
  private Map<String, String> health() {
    return telemetry == null ? Map.of() : telemetry.health();
  }

  /** A consumer of the one pass threw and was cut off: said now, counted until the end. */
  private void consumerFailed(String consumer, Throwable e) {
    LOG.error(
        "k6bridge: {} failed while aggregating samples and gets no more; the other outputs"
            + " and the summary go on, its samples are counted as dropped: {}",
        consumer,
        events.mask(e.toString()));
    LOG.debug("k6bridge: {} failed here", consumer, e);
    events.emit(
        EventLog.OUTPUT_FAILED, EventLog.fields("output", consumer, "reason", e.toString()));
  }

  /**
   * Drains what sampler threads recorded, then stops every output in parallel, all within
   * K6BRIDGE_STOP_TIMEOUT. Never hangs the tool: an output still flushing at the deadline is
   * abandoned and reported, and the summary and thresholds are read only once the engine thread has
   * stopped adding to them. Call after sampler threads are done.
   */
  public RunReport stop() {
    Duration testRun = Duration.ofNanos(System.nanoTime() - startNanos);
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    List<String> failures = new ArrayList<>();
    if (pump.running()) {
      atStop.forEach(Runnable::run);
    }
    String busy = pump.stop(deadline, stopTimeout, failures);
    String reason = abortReason;
    failures.addAll(outputs.stop(reason, deadline, stopTimeout));
    Map<String, Long> dropTotals = losses.totals();
    ThresholdSet.Evaluation outcome = ThresholdSet.Evaluation.NONE;
    String text = "";
    List<String> saturation = telemetry == null ? List.of() : telemetry.saturationWarnings();
    if (busy == null) {
      if (results != null) {
        try {
          results.write(System.currentTimeMillis(), true, health());
        } catch (IOException | RuntimeException e) {
          failures.add(ResultsWriter.NAME + ": could not write " + results.file() + ": " + e);
        }
      }
      outcome = monitor.evaluateAtEnd(testRun);
      text = summary.render(testRun, dropTotals, saturation, health(), failures);
    } else {
      failures.add(
          SUMMARY
              + (results == null ? "" : ", results file")
              + " and thresholds: not evaluated,"
              + " since "
              + busy);
    }
    List<String> all = outputs.runFailures();
    for (SinkFanOut.Failure f : fanOut.failures()) {
      all.add(f.name() + ": failed while aggregating: " + f.error());
    }
    all.addAll(failures);
    all.replaceAll(events::mask);
    RunReport report = new RunReport(pump.delivered(), dropTotals, all, outcome.breached(), text);
    report.log(LOG);
    failures.replaceAll(events::mask);
    reportEnd(report, failures, testRun, saturation, reason);
    return report;
  }

  /** The end's events; the run's own failures were written when they happened. */
  private void reportEnd(
      RunReport report,
      List<String> endFailures,
      Duration testRun,
      List<String> saturation,
      String reason) {
    losses.reportNew(events);
    for (String failure : endFailures) {
      events.emit(EventLog.OUTPUT_FAILED, Map.of("reason", failure));
    }
    for (String warning : saturation) {
      events.emit(EventLog.INJECTOR_SATURATED, Map.of("warning", warning));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("duration_ms", testRun.toMillis());
    data.put("samples", report.samples());
    data.put("dropped", report.totalDropped());
    data.put("thresholds_failed", report.breachedThresholds());
    data.put("aborted", reason);
    data.put("failures", report.failures());
    data.put("injector_saturated", !saturation.isEmpty());
    events.emit(EventLog.TEST_STOP, data);
    events.close();
  }
}
