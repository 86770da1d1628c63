package io.k6bridge.engine;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.event.EventLog;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.builtin.RunSettings;
import io.k6bridge.output.webdashboard.WebDashboardOutputFactory;
import io.k6bridge.results.ResultsWriter;
import io.k6bridge.summary.SummaryOptions;
import io.k6bridge.telemetry.InjectorTelemetry;
import io.k6bridge.threshold.ThresholdSet;
import java.time.Duration;
import java.util.List;

/** The engine's configuration keys: k6's names where k6 has the option, K6BRIDGE_ otherwise. */
public final class EngineOptions {
  public static final ConfigKey<List<OutputSpec>> OUT =
      ConfigKey.of(
          RunSettings.OUT,
          "",
          "a comma-separated list of name[=argument], such as json=results.json,csv=results.csv",
          "Outputs to write, as k6's --out.",
          OutputSpec::parseList);

  public static final ConfigKey<TagSet> TAGS = RunSettings.TAGS;

  public static final ConfigKey<SystemTags> SYSTEM_TAGS =
      ConfigKey.of(
          "K6_SYSTEM_TAGS",
          String.join(",", SystemTags.DEFAULT.enabled()),
          "a comma-separated list of " + String.join(", ", SystemTags.ALL),
          "System tags attached to samples, as k6's --system-tags.",
          SystemTags::parse);

  public static final ConfigKey<Long> BUFFER_SAMPLES = RunSettings.BUFFER_SAMPLES;

  public static final ConfigKey<Long> MAX_SERIES =
      ConfigKey.positiveLong(
          "K6BRIDGE_MAX_SERIES",
          200_000,
          "Most time series (metric + tags) the run keeps; further new series are folded into"
              + " series without their highest-cardinality tags, tagged k6bridge_overflow=\"true\","
              + " and counted.");

  public static final ConfigKey<Boolean> WEB_DASHBOARD = WebDashboardOutputFactory.WEB_DASHBOARD;

  public static final ConfigKey<Duration> STOP_TIMEOUT =
      ConfigKey.duration(
          "K6BRIDGE_STOP_TIMEOUT",
          "30s",
          "Longest time the final flush of all outputs may take at the end of the test.");

  /** The engine's own keys, then the thresholds, summary, telemetry and event keys it applies. */
  public static final List<ConfigKey<?>> ALL =
      List.of(
          OUT,
          TAGS,
          SYSTEM_TAGS,
          BUFFER_SAMPLES,
          MAX_SERIES,
          STOP_TIMEOUT,
          ThresholdSet.THRESHOLDS,
          SummaryOptions.MODE,
          SummaryOptions.TREND_STATS,
          SummaryOptions.TIME_UNIT,
          SummaryOptions.EXPORT,
          SummaryOptions.JSON,
          RunSettings.INJECTOR,
          InjectorTelemetry.INTERVAL,
          EventLog.EVENTS,
          ResultsWriter.FILE,
          ResultsWriter.INTERVAL,
          ResultsWriter.TEST_ID);

  private EngineOptions() {}
}
