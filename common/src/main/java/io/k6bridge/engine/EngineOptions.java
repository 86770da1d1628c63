package io.k6bridge.engine;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.event.EventLog;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.summary.SummaryOptions;
import io.k6bridge.telemetry.InjectorTelemetry;
import io.k6bridge.threshold.ThresholdSet;
import java.time.Duration;
import java.util.List;

/** The engine's configuration keys: k6's names where k6 has the option, K6BRIDGE_ otherwise. */
public final class EngineOptions {
  public static final ConfigKey<List<OutputSpec>> OUT =
      ConfigKey.of(
          "K6_OUT",
          "",
          "a comma-separated list of name[=argument], such as json=results.json,csv=results.csv",
          "Outputs to write, as k6's --out.",
          OutputSpec::parseList);

  public static final ConfigKey<TagSet> TAGS =
      ConfigKey.of(
          "K6_TAGS",
          "",
          "a comma-separated list of name=value, such as testid=run-42,env=staging",
          "Run tags added to every sample, as k6's --tag.",
          EngineOptions::parseTags);

  public static final ConfigKey<SystemTags> SYSTEM_TAGS =
      ConfigKey.of(
          "K6_SYSTEM_TAGS",
          String.join(",", SystemTags.DEFAULT.enabled()),
          "a comma-separated list of " + String.join(", ", SystemTags.ALL),
          "System tags attached to samples, as k6's --system-tags.",
          SystemTags::parse);

  public static final ConfigKey<Long> BUFFER_SAMPLES =
      ConfigKey.positiveLong(
          "K6BRIDGE_BUFFER_SAMPLES",
          1L << 20,
          "Most samples held between sampler threads and outputs; beyond it samples are dropped"
              + " and counted, never blocked on.");

  public static final ConfigKey<Long> MAX_SERIES =
      ConfigKey.positiveLong(
          "K6BRIDGE_MAX_SERIES",
          200_000,
          "Most time series (metric + tags) the run keeps; further new series are folded into"
              + " series without their highest-cardinality tags, tagged k6bridge_overflow=\"true\","
              + " and counted.");

  public static final ConfigKey<Boolean> WEB_DASHBOARD =
      ConfigKey.bool(
          "K6_WEB_DASHBOARD",
          false,
          "Adds the web-dashboard output (as k6's K6_WEB_DASHBOARD=true) when K6_OUT does not"
              + " name it.");

  public static final ConfigKey<Duration> STOP_TIMEOUT =
      ConfigKey.duration(
          "K6BRIDGE_STOP_TIMEOUT",
          "30s",
          "Longest time the final flush of all outputs may take at the end of the test.");

  /** The engine's own keys, then the thresholds, summary, telemetry and event keys it applies. */
  public static final List<ConfigKey<?>> ALL =
      List.of(OUT, TAGS, SYSTEM_TAGS, BUFFER_SAMPLES, MAX_SERIES, STOP_TIMEOUT,
          ThresholdSet.THRESHOLDS,
          SummaryOptions.MODE, SummaryOptions.TREND_STATS, SummaryOptions.TIME_UNIT,
          SummaryOptions.EXPORT, SummaryOptions.JSON, InjectorId.INJECTOR,
          InjectorTelemetry.INTERVAL, EventLog.EVENTS);

  private EngineOptions() {}

  static TagSet parseTags(String text) {
    TagSet.Builder b = TagSet.builder();
    for (String part : text.split(",")) {
      if (part.trim().isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + part.trim() + "' is not name=value");
      }
      b.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return b.build();
  }
}
