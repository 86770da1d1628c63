package io.k6bridge.threshold;

import io.k6bridge.config.ConfigKey;
import io.k6bridge.config.K6Duration;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.output.ThresholdDefinition;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.sink.Sink;
import io.k6bridge.text.JsonReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every threshold of a run, bound to the metrics and submetrics they apply to, as k6's metrics
 * engine holds them (InitSubMetricsAndThresholds, evaluateThresholds).
 *
 * <p>{@link #parse} checks everything k6 checks before a test starts, with k6's messages: the
 * expression grammar, the metric's existence, the submetric syntax and the aggregation method
 * allowed for the metric's type.
 */
public final class ThresholdSet {
  /** k6's thresholds option as JSON, in the shape of {@code options.thresholds}. */
  public static final ConfigKey<String> THRESHOLDS =
      ConfigKey.string(
          "K6_THRESHOLDS",
          "",
          "Pass/fail criteria as k6's options.thresholds JSON, e.g. {\"http_req_duration\":"
              + "[\"p(95)<500\"],\"http_req_failed\":[{\"threshold\":\"rate<0.01\","
              + "\"abortOnFail\":true,\"delayAbortEval\":\"10s\"}]}.");

  public static final ThresholdSet NONE = new ThresholdSet(List.of());

  private final List<MetricThresholds> byMetric;

  private ThresholdSet(List<MetricThresholds> byMetric) {
    this.byMetric = Collections.unmodifiableList(byMetric);
  }

  /**
   * Parses and validates k6's thresholds JSON against {@code registry}.
   *
   * @param json empty or blank for no thresholds
   * @throws IllegalArgumentException naming the metric and the expression at fault
   */
  public static ThresholdSet parse(String json, MetricRegistry registry) {
    if (json == null || json.trim().isEmpty()) {
      return NONE;
    }
    Object root = JsonReader.parse(json);
    if (!(root instanceof Map)) {
      throw new IllegalArgumentException("thresholds must be a JSON object of metric name to list");
    }
    List<MetricThresholds> out = new ArrayList<>();
    Map<String, Submetric> submetrics = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
      String name = (String) e.getKey();
      List<Threshold> thresholds = thresholds(name, e.getValue());
      Metric metric = registry.get(baseName(name));
      if (metric == null) {
        throw new IllegalArgumentException(
            "invalid threshold defined on "
                + name
                + "; reason: no metric name "
                + ThresholdExpression.quote(name)
                + " found");
      }
      Submetric submetric = null;
      int brace = name.indexOf('{');
      if (brace >= 0) {
        Submetric candidate = Submetric.of(metric, name.substring(brace + 1, name.length() - 1));
        // As Metric.AddSubmetric: the same tags on the same metric are one submetric.
        submetric =
            submetrics.values().stream().filter(candidate::sameAs).findFirst().orElse(candidate);
        submetrics.putIfAbsent(submetric.name(), submetric);
      }
      for (Threshold t : thresholds) {
        if (!t.expression().appliesTo(metric.type())) {
          throw new IllegalArgumentException(
              "invalid threshold "
                  + ThresholdExpression.quote(t.source())
                  + " applied on metric "
                  + name
                  + "; reason: unsupported aggregation method "
                  + t.expression().method()
                  + " on metric of type "
                  + metric.type().k6Name()
                  + ". supported aggregation methods for this metric are: "
                  + String.join(", ", ThresholdExpression.supportedMethods(metric.type())));
        }
      }
      out.add(new MetricThresholds(metric, submetric, thresholds));
    }
    return new ThresholdSet(out);
  }

  /** k6's ParseMetricName: the metric's name, after checking the braces and tag syntax. */
  static String baseName(String name) {
    int open = name.indexOf('{');
    int close = name.lastIndexOf('}');
    if (open < 0 && close < 0) {
      return name;
    }
    String prefix =
        "unable to validate threshold expressions; reason: parsing metric name failed, ";
    if (open < 0 || close < 0) {
      throw new IllegalArgumentException(
          prefix
              + "metric "
              + ThresholdExpression.quote(name)
              + " has unmatched opening/close curly brace");
    }
    if (close < open) {
      throw new IllegalArgumentException(
          prefix
              + "metric "
              + ThresholdExpression.quote(name)
              + " closing curly brace appears before opening one");
    }
    if (close != name.length() - 1) {
      throw new IllegalArgumentException(
          prefix
              + "metric "
              + ThresholdExpression.quote(name)
              + " lacks a closing curly brace in its last position");
    }
    for (String tag : name.substring(open + 1, close).split(",", -1)) {
      int colon = tag.indexOf(':');
      if (colon < 0 || colon == tag.length() - 1) {
        throw new IllegalArgumentException(
            prefix + "metric " + ThresholdExpression.quote(tag) + " tag expression is malformed");
      }
    }
    return name.substring(0, open);
  }

  private static List<Threshold> thresholds(String metric, Object value) {
    if (!(value instanceof List)) {
      throw new IllegalArgumentException(
          "thresholds on metric " + metric + " must be a JSON array of expressions");
    }
    List<Threshold> out = new ArrayList<>();
    for (Object item : (List<?>) value) {
      String source;
      boolean abortOnFail = false;
      Duration delay = null;
      if (item instanceof String) {
        source = (String) item;
      } else if (item instanceof Map) {
        Map<?, ?> m = (Map<?, ?>) item;
        if (!(m.get("threshold") instanceof String)) {
          throw new IllegalArgumentException(
              "a threshold on metric " + metric + " has no \"threshold\" expression: " + item);
        }
        source = (String) m.get("threshold");
        abortOnFail = Boolean.TRUE.equals(m.get("abortOnFail"));
        delay = delay(metric, m.get("delayAbortEval"));
      } else {
        throw new IllegalArgumentException(
            "a threshold on metric " + metric + " is neither an expression nor an object: " + item);
      }
      try {
        out.add(new Threshold(source, abortOnFail, delay));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unable to validate threshold "
                + ThresholdExpression.quote(source)
                + " on metric "
                + metric
                + "; reason: parsing threshold failed "
                + e.getMessage(),
            e);
      }
    }
    return out;
  }

  private static Duration delay(String metric, Object value) {
    if (value == null) {
      return null;
    }
    try {
      if (value instanceof Double) {
        return Duration.ofNanos(Math.round((Double) value * 1e6)); // a number is milliseconds
      }
      return K6Duration.parse(String.valueOf(value));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "invalid delayAbortEval " + value + " on metric " + metric + ": " + e.getMessage());
    }
  }

  public boolean isEmpty() {
    return byMetric.isEmpty();
  }

  /** In definition order. */
  public List<MetricThresholds> all() {
    return byMetric;
  }

  /** The submetrics thresholds are defined on, each once. */
  public List<Submetric> submetrics() {
    List<Submetric> out = new ArrayList<>();
    for (MetricThresholds m : byMetric) {
      if (m.submetric() != null && !out.contains(m.submetric())) {
        out.add(m.submetric());
      }
    }
    return out;
  }

  /** Every threshold as the user defined it, in order: the read-only view outputs get. */
  public List<ThresholdDefinition> definitions() {
    List<ThresholdDefinition> out = new ArrayList<>();
    for (MetricThresholds m : byMetric) {
      String submetric = m.submetric() == null ? "" : m.submetric().suffix();
      for (Threshold t : m.thresholds()) {
        out.add(
            new ThresholdDefinition(
                m.metric().name(), submetric, t.source(), t.abortOnFail(), t.delayAbortEval()));
      }
    }
    return out;
  }

  /**
   * Thresholds per metric name as k6's JSON output writes them in Metric records (only those on the
   * whole metric; submetric thresholds belong to the submetric), each JSON-encoded.
   */
  public static Map<String, List<String>> jsonByMetric(List<ThresholdDefinition> definitions) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ThresholdDefinition d : definitions) {
      if (d.submetric().isEmpty()) {
        out.computeIfAbsent(d.metric(), k -> new ArrayList<>()).add(Threshold.json(d));
      }
    }
    return out;
  }

  /**
   * The submetrics thresholds are defined on, per metric name, each once (k6 takes two selectors of
   * the same tags for one submetric), as written first.
   */
  public static Map<String, List<String>> submetricsByMetric(
      List<ThresholdDefinition> definitions) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Map<String, List<TagSet>> seen = new HashMap<>();
    for (ThresholdDefinition d : definitions) {
      if (!d.submetric().isEmpty()) {
        List<TagSet> tags = seen.computeIfAbsent(d.metric(), k -> new ArrayList<>());
        TagSet t = Submetric.parseTags(d.submetric());
        if (!tags.contains(t)) {
          tags.add(t);
          out.computeIfAbsent(d.metric(), k -> new ArrayList<>()).add(d.submetric().trim());
        }
      }
    }
    return out;
  }

  /**
   * Evaluates every threshold (k6's evaluateThresholds).
   *
   * @param sinks the cumulative sink of a metric or submetric name, or null when it has none
   * @param elapsed the test run's duration so far
   * @param duringRun true while load runs: metrics without samples are skipped, as k6 does
   */
  public Evaluation evaluate(Function<String, Sink> sinks, Duration elapsed, boolean duringRun) {
    List<String> breached = new ArrayList<>();
    boolean abort = false;
    for (MetricThresholds m : byMetric) {
      Sink sink = sinks.apply(m.name());
      if (sink == null || sink.isEmpty()) {
        if (duringRun) {
          continue;
        }
        if (sink == null) {
          sink = Sink.of(m.metric().type());
        }
      }
      if (m.run(sink, elapsed)) {
        continue;
      }
      breached.add(m.name());
      abort |= m.abort();
    }
    Collections.sort(breached);
    return new Evaluation(breached, abort);
  }

  /** The outcome of one evaluation. */
  public static final class Evaluation {
    /** No evaluation took place: nothing breached, nothing to abort. */
    public static final Evaluation NONE = new Evaluation(List.of(), false);

    private final List<String> breached;
    private final boolean abort;

    Evaluation(List<String> breached, boolean abort) {
      this.breached = List.copyOf(breached);
      this.abort = abort;
    }

    /** Names of the metrics and submetrics with a failed threshold, sorted. */
    public List<String> breached() {
      return breached;
    }

    /** Whether an abortOnFail threshold asks to stop the test now. */
    public boolean abort() {
      return abort;
    }

    /** k6's log message for this outcome, or null when nothing failed. */
    public String message() {
      if (breached.isEmpty()) {
        return null;
      }
      String names = String.join(", ", breached);
      return abort
          ? "thresholds on metrics '"
              + names
              + "' were crossed; at least one has abortOnFail"
              + " enabled, stopping test prematurely"
          : "thresholds on metrics '" + names + "' have been crossed";
    }
  }
}
