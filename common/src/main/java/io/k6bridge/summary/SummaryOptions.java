package io.k6bridge.summary;

import io.k6bridge.config.Config;
import io.k6bridge.config.ConfigKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The end-of-test summary's settings: k6's names where k6 has the option. Immutable. */
public final class SummaryOptions {
  public static final ConfigKey<String> MODE =
      ConfigKey.oneOf(
          "K6_SUMMARY_MODE",
          "compact",
          "End-of-test summary: compact (totals), full (also per group and scenario) or disabled.",
          "compact",
          "full",
          "disabled");

  public static final ConfigKey<List<String>> TREND_STATS =
      ConfigKey.of(
          "K6_SUMMARY_TREND_STATS",
          "avg,min,med,max,p(90),p(95)",
          "a comma-separated list of avg, min, med, max, count and p(N) with N in [0, 100]",
          "Statistics shown for trend metrics in the summary and its JSON files.",
          SummaryOptions::parseTrendStats);

  public static final ConfigKey<String> TIME_UNIT =
      ConfigKey.of(
          "K6_SUMMARY_TIME_UNIT",
          "",
          "s, ms or us (empty: the unit is picked per value)",
          "Fixed unit for time values in the text summary.",
          s -> {
            String v = s.trim();
            if (!v.isEmpty() && !List.of("s", "ms", "us").contains(v)) {
              throw new IllegalArgumentException("unknown unit");
            }
            return v;
          });

  public static final ConfigKey<String> EXPORT =
      ConfigKey.string(
          "K6_SUMMARY_EXPORT", "", "File for k6's --summary-export JSON (empty: none).");

  public static final ConfigKey<String> JSON =
      ConfigKey.string(
          "K6BRIDGE_SUMMARY_JSON",
          "",
          "File for the summary data k6 passes to handleSummary(data), as JSON (empty: none).");

  public static final List<ConfigKey<?>> ALL = List.of(MODE, TREND_STATS, TIME_UNIT, EXPORT, JSON);

  private final String mode;
  private final List<String> trendStats;
  private final String timeUnit;
  private final String exportFile;
  private final String jsonFile;

  private SummaryOptions(
      String mode, List<String> trendStats, String timeUnit, String exportFile, String jsonFile) {
    this.mode = mode;
    this.trendStats = List.copyOf(trendStats);
    this.timeUnit = timeUnit;
    this.exportFile = exportFile;
    this.jsonFile = jsonFile;
  }

  /** Reads and validates every key. */
  public static SummaryOptions from(Config config) {
    return new SummaryOptions(
        config.get(MODE),
        config.get(TREND_STATS),
        config.get(TIME_UNIT),
        config.get(EXPORT),
        config.get(JSON));
  }

  public static SummaryOptions defaults() {
    return from(Config.defaults());
  }

  /** compact, full or disabled. */
  public String mode() {
    return mode;
  }

  public boolean full() {
    return mode.equals("full");
  }

  public boolean disabled() {
    return mode.equals("disabled");
  }

  public List<String> trendStats() {
    return trendStats;
  }

  /** "", "s", "ms" or "us". */
  public String timeUnit() {
    return timeUnit;
  }

  /** Empty when unset. */
  public String exportFile() {
    return exportFile;
  }

  /** Empty when unset. */
  public String jsonFile() {
    return jsonFile;
  }

  /** k6's GetResolversForTrendColumns validation, with its messages. */
  static List<String> parseTrendStats(String text) {
    List<String> out = new ArrayList<>();
    for (String raw : text.split(",")) {
      String stat = raw.trim();
      if (stat.isEmpty()) {
        continue;
      }
      if (!Arrays.asList("avg", "min", "med", "max", "count").contains(stat)) {
        percentile(stat);
      }
      out.add(stat);
    }
    return out;
  }

  /** The percentile in [0, 100] of a "p(N)" stat. */
  static double percentile(String stat) {
    if (!stat.startsWith("p(") || !stat.endsWith(")")) {
      throw new IllegalArgumentException("invalid trend stat '" + stat + "', unknown format");
    }
    double p;
    try {
      p = Double.parseDouble(stat.substring(2, stat.length() - 1));
    } catch (NumberFormatException e) {
      p = Double.NaN;
    }
    if (!(p >= 0 && p <= 100)) {
      throw new IllegalArgumentException(
          "invalid percentile trend stat value '" + stat + "', provide a number between 0 and 100");
    }
    return p;
  }
}
