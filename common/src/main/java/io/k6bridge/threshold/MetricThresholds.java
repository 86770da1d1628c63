package io.k6bridge.threshold;

import io.k6bridge.metrics.Metric;
import io.k6bridge.sink.CounterSink;
import io.k6bridge.sink.GaugeSink;
import io.k6bridge.sink.RateSink;
import io.k6bridge.sink.Sink;
import io.k6bridge.sink.TrendSink;
import java.time.Duration;
import java.util.List;

/**
 * The thresholds defined on one metric or submetric (k6's {@code Thresholds}), evaluated together
 * on that metric's cumulative sink.
 */
public final class MetricThresholds {
  private final Metric metric;
  private final Submetric submetric;
  private final List<Threshold> thresholds;
  private boolean abort;

  MetricThresholds(Metric metric, Submetric submetric, List<Threshold> thresholds) {
    this.metric = metric;
    this.submetric = submetric;
    this.thresholds = List.copyOf(thresholds);
  }

  /** "http_req_duration" or "http_req_duration{status:200}". */
  public String name() {
    return submetric == null ? metric.name() : submetric.name();
  }

  /** The metric, or the submetric's parent. */
  public Metric metric() {
    return metric;
  }

  /** The submetric the thresholds apply to, or null for the whole metric. */
  public Submetric submetric() {
    return submetric;
  }

  public List<Threshold> thresholds() {
    return thresholds;
  }

  /** Whether any threshold failed in the last evaluation. */
  public boolean failed() {
    for (Threshold t : thresholds) {
      if (t.failed()) {
        return true;
      }
    }
    return false;
  }

  /** Whether an abortOnFail threshold failed past its delay; stays set once set, as in k6. */
  boolean abort() {
    return abort;
  }

  /**
   * Evaluates every threshold on {@code sink} (k6's Thresholds.Run and runAll): an aggregate the
   * sink cannot provide yet (a rate with no samples, a counter's rate at time zero) passes.
   *
   * @param elapsed the test run's duration so far: counter rates and abort delays use it
   * @return true when all passed
   */
  boolean run(Sink sink, Duration elapsed) {
    boolean succeeded = true;
    for (Threshold t : thresholds) {
      double lhs = aggregate(sink, t.expression(), elapsed);
      boolean passes = Double.isNaN(lhs) || t.expression().passes(lhs);
      t.failed(!passes);
      if (passes) {
        continue;
      }
      succeeded = false;
      if (abort || !t.abortOnFail()) {
        continue;
      }
      abort = t.delayAbortEval() == null || t.delayAbortEval().compareTo(elapsed) < 0;
    }
    return succeeded;
  }

  /** The aggregate {@code e} reads from {@code sink}, or NaN when k6 would not have it. */
  static double aggregate(Sink sink, ThresholdExpression e, Duration elapsed) {
    String method = e.method();
    if (sink instanceof CounterSink) {
      CounterSink c = (CounterSink) sink;
      if (method.equals("count")) {
        return c.sum();
      }
      return method.equals("rate") && !elapsed.isZero() && !elapsed.isNegative()
          ? c.rate(elapsed)
          : Double.NaN;
    }
    if (sink instanceof GaugeSink) {
      return method.equals("value") ? ((GaugeSink) sink).last() : Double.NaN;
    }
    if (sink instanceof RateSink) {
      RateSink r = (RateSink) sink;
      return method.equals("rate") && r.total() > 0 ? r.rate() : Double.NaN;
    }
    TrendSink t = (TrendSink) sink;
    switch (method) {
      case "min":
        return t.min();
      case "max":
        return t.max();
      case "avg":
        return t.avg();
      case "med":
        return t.med();
      case "p":
        return t.percentile(e.percentile() / 100);
      default:
        return Double.NaN;
    }
  }
}
