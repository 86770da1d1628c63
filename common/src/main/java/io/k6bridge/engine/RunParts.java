package io.k6bridge.engine;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigException;
import io.k6bridge.event.EventLog;
import io.k6bridge.event.LifecycleSeries;
import io.k6bridge.event.RunContext;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.builtin.OutputFiles;
import io.k6bridge.output.builtin.RunSettings;
import io.k6bridge.output.webdashboard.WebDashboardOutputFactory;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import io.k6bridge.results.ResultsWriter;
import io.k6bridge.secret.Secrets;
import io.k6bridge.summary.SummaryOptions;
import io.k6bridge.telemetry.InjectorTelemetry;
import io.k6bridge.telemetry.RunTelemetry;
import io.k6bridge.threshold.ThresholdSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one run is made of, resolved from the whole configuration before any load: the run's
 * registries, its outputs (built and validated, files claimed), thresholds, summary options,
 * telemetry and event log. Anything invalid fails here with a {@link ConfigException} naming the
 * key, the value and what is accepted, and nothing has started yet.
 */
record RunParts(
    Config config,
    MetricRegistry metrics,
    SeriesRegistry series,
    OutputSet outputs,
    ThresholdSet thresholds,
    SummaryOptions summaryOptions,
    Path baseDirectory,
    RunTelemetry telemetry,
    LifecycleSeries lifecycle,
    EventLog events,
    ResultsWriter results) {

  /**
   * Validates the whole configuration and builds every output named in K6_OUT.
   *
   * @param baseDirectory where relative output file names resolve
   * @throws ConfigException naming the key, the value and what is accepted
   */
  static RunParts resolve(Config config, MetricRegistry metrics, Path baseDirectory) {
    TagSet runTags = config.get(EngineOptions.TAGS);
    SystemTags systemTags = config.get(EngineOptions.SYSTEM_TAGS);
    config.get(EngineOptions.STOP_TIMEOUT); // validated now, used at stop
    long buffer = config.get(EngineOptions.BUFFER_SAMPLES);
    SummaryOptions summaryOptions = SummaryOptions.from(config);
    String injector = RunSettings.injector(config);
    Duration telemetryInterval = config.get(InjectorTelemetry.INTERVAL);
    String eventsTarget = config.get(EventLog.EVENTS);
    // Registered before thresholds are parsed, so thresholds may watch the injector's health.
    SeriesRegistry series =
        new SeriesRegistry(
            config.get(EngineOptions.MAX_SERIES), runTags, new SeriesLimitWarnings());
    RunTelemetry telemetry =
        telemetryInterval.isZero()
            ? null
            : RunTelemetry.create(metrics, series, runTags, injector, telemetryInterval);
    LifecycleSeries lifecycle =
        telemetry == null
            ? null
            : new LifecycleSeries(
                metrics, series, runTags, injector, InjectorTelemetry.INJECTOR_TAG);
    RelayedInjectors.register(metrics);
    ThresholdSet thresholds = thresholds(config, metrics);

    Map<String, RegisteredOutput> factories = OutputSet.factories();
    OutputSet.warnMisspelledKeys(config, factories.values());
    List<OutputSpec> specs = OutputSpec.join(config.get(EngineOptions.OUT), factories.keySet());
    // As k6: K6_WEB_DASHBOARD=true adds the web dashboard unless K6_OUT already names it.
    if (config.get(EngineOptions.WEB_DASHBOARD)
        && specs.stream().noneMatch(s -> s.name().equals("web-dashboard"))) {
      specs = new ArrayList<>(specs);
      specs.add(new OutputSpec("web-dashboard", ""));
    }
    Secrets secrets = OutputSet.secrets(config, factories.values());
    EventLog events =
        openEvents(
            eventsTarget, baseDirectory, new RunContext(runTags, null, injector, null), secrets);
    try {
      OutputFiles files = new OutputFiles();
      EndOfTestSummary.claimFiles(config, summaryOptions, baseDirectory, files);
      ResultsWriter results = results(config, baseDirectory, files);
      OutputSet outputs =
          OutputSet.build(
              specs,
              factories,
              new OutputSet.Context(
                  config,
                  metrics,
                  baseDirectory,
                  systemTags,
                  thresholds,
                  events,
                  buffer,
                  secrets,
                  files));
      return new RunParts(
          config,
          metrics,
          series,
          outputs,
          thresholds,
          summaryOptions,
          baseDirectory,
          telemetry,
          lifecycle,
          events,
          results);
    } catch (RuntimeException e) {
      events.close();
      throw e;
    }
  }

  /** K6BRIDGE_RESULTS, its file claimed now; null when unset. */
  private static ResultsWriter results(Config config, Path baseDirectory, OutputFiles files) {
    String file = config.get(ResultsWriter.FILE);
    Duration interval = config.get(ResultsWriter.INTERVAL);
    String testId = config.get(ResultsWriter.TEST_ID);
    if (file == null || file.isEmpty()) {
      return null;
    }
    String key = ResultsWriter.FILE.name();
    Path path = files.claim(key, file, config.sourceOf(key), baseDirectory.resolve(file));
    return new ResultsWriter(
        path, interval, testId, WebDashboardOutputFactory.timelineShape(config));
  }

  private static EventLog openEvents(
      String target, Path baseDirectory, RunContext context, Secrets secrets) {
    try {
      return EventLog.open(target, baseDirectory, context, secrets);
    } catch (IOException | RuntimeException e) {
      String key = EventLog.EVENTS.name();
      throw new ConfigException(key, "invalid " + key + "='" + target + "': cannot open it: " + e);
    }
  }

  /**
   * K6_THRESHOLDS, validated against the metrics the adapter registered, as k6 does before load.
   */
  private static ThresholdSet thresholds(Config config, MetricRegistry metrics) {
    String key = ThresholdSet.THRESHOLDS.name();
    try {
      return ThresholdSet.parse(config.get(ThresholdSet.THRESHOLDS), metrics);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          key, "invalid " + key + " from " + config.sourceOf(key) + ": " + e.getMessage());
    }
  }
}
