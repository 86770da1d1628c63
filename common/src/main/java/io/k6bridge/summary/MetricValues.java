package io.k6bridge.summary;

import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.GaugeSink;
import io.k6bridge.sink.RateSink;
import io.k6bridge.sink.Sink;
import io.k6bridge.sink.TrendSink;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metric's (or submetric's) summary values, as k6's metricValueGetter computes them: counter
 * count and rate, gauge value/min/max, rate rate/passes/fails, trend the configured stats.
 */
public final class MetricValues {
  private final String name;
  private final MetricType type;
  private final ValueType contains;
  private final Map<String, Double> values;

  MetricValues(String name, MetricType type, ValueType contains, Map<String, Double> values) {
    this.name = name;
    this.type = type;
    this.contains = contains;
    this.values = values;
  }

  static MetricValues of(
      String name,
      MetricType type,
      ValueType contains,
      Sink sink,
      Duration testRun,
      List<String> trendStats) {
    return new MetricValues(name, type, contains, values(sink, testRun, trendStats));
  }

  static Map<String, Double> values(Sink sink, Duration testRun, List<String> trendStats) {
    Map<String, Double> v = new LinkedHashMap<>();
    if (sink instanceof CounterSink) {
      CounterSink c = (CounterSink) sink;
      v.put("count", c.sum());
      v.put("rate", testRun.isZero() ? 0 : c.rate(testRun));
    } else if (sink instanceof GaugeSink) {
      GaugeSink g = (GaugeSink) sink;
      v.put("value", g.last());
      v.put("min", g.min());
      v.put("max", g.max());
    } else if (sink instanceof RateSink) {
      RateSink r = (RateSink) sink;
      v.put("rate", r.rate());
      v.put("passes", (double) r.nonZero());
      v.put("fails", (double) (r.total() - r.nonZero()));
    } else {
      TrendSink t = (TrendSink) sink;
      for (String stat : trendStats) {
        v.put(stat, trendStat(t, stat));
      }
    }
    return v;
  }

  static double trendStat(TrendSink t, String stat) {
    switch (stat) {
      case "avg":
        return t.avg();
      case "min":
        return t.min();
      case "med":
        return t.med();
      case "max":
        return t.max();
      case "count":
        return t.count();
      default:
        return t.percentile(SummaryOptions.percentile(stat) / 100);
    }
  }

  public String name() {
    return name;
  }

  public MetricType type() {
    return type;
  }

  public ValueType contains() {
    return contains;
  }

  /** In k6's key order; a missing key is a stat k6 would not have either. */
  public Map<String, Double> values() {
    return values;
  }
}
