package io.k6bridge.gatling;

import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.http.HttpStatus;
import io.k6bridge.k6.CappedTagSeries;
import io.k6bridge.k6.K6Series;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.registry.MetricRegistry;
import java.util.Arrays;

/**
 * Builds the series a new {@link MessageKey} records into: what Gatling measured, tagged by k6's
 * rules ({@link K6Series}). Runs only when a thread meets a key for the first time; thread-safe
 * because tag sets and series are interned by thread-safe registries. Gatling reports no method,
 * URL, protocol version, phases or byte counts, so those tags and metrics are not invented.
 */
final class GatlingSeries {
  /**
   * Gatling's request crashes (a request that could not even be built or sent, such as a failed EL
   * expression), one per Error message, tagged {@code error}. Gatling counts them apart from
   * requests, so they are not http_reqs.
   */
  static final String ERRORS = "gatling_errors";

  /** Distinct {@code error} tag values kept; later new messages share {@link #OTHER_ERRORS}. */
  static final int MAX_ERROR_TAGS = 100;

  static final String OTHER_ERRORS = "other";

  private final K6Series k6;
  private final CappedTagSeries errors;

  GatlingSeries(MetricsEngine engine) {
    this.k6 = new K6Series(engine.series(), engine.runTags(), engine.systemTags());
    this.errors =
        new CappedTagSeries(k6, register(engine.metrics()), "error", MAX_ERROR_TAGS, OTHER_ERRORS);
  }

  /**
   * The adapter's own metrics; registered before the engine is created so thresholds may use them.
   */
  static Metric register(MetricRegistry metrics) {
    return metrics.register(ERRORS, MetricType.COUNTER, ValueType.DEFAULT);
  }

  /** Whether the run's series are at their limit, so new ones are folded (SeriesRegistry). */
  boolean full() {
    return k6.full();
  }

  /** {@code k.code} is null and {@code k.errorCode} non-zero exactly for transport errors. */
  ResponseSeries response(MessageKey k) {
    String group = MessageKey.path(k.groups);
    K6Series.Request r =
        new K6Series.Request(
            group,
            k.scenario,
            k.name,
            null,
            null,
            null,
            HttpStatus.parse(k.code),
            k.errorCode,
            k.errorCode != 0 ? FailureKind.text(k.errorCode) : null);
    TagSet tags = k6.request(r);
    Series[] all = new Series[ResponseSeries.COUNT];
    all[ResponseSeries.REQS] = k6.series(BuiltinMetrics.HTTP_REQS, tags);
    all[ResponseSeries.DURATION] = k6.series(BuiltinMetrics.HTTP_REQ_DURATION, tags);
    all[ResponseSeries.FAILED] = k6.series(BuiltinMetrics.HTTP_REQ_FAILED, tags);
    all[ResponseSeries.CHECKS] = k6.check(group, k.scenario, k.name);
    return ResponseSeries.of(all, r.failedValue());
  }

  /** group_duration, tagged with the group's own path as k6 does. */
  Series group(MessageKey k) {
    return k6.groupDuration(MessageKey.path(k.groups), k.scenario);
  }

  Series iterations(String scenario) {
    return k6.iterations(scenario);
  }

  Series iterationDuration(String scenario) {
    return k6.iterationDuration(scenario);
  }

  /**
   * gatling_errors for one Error message. Gatling's text holds the request name and the failure;
   * after {@link #MAX_ERROR_TAGS} distinct texts, new ones are tagged {@code other}. Errors are
   * rare: the trim and map lookup are not on the per-request path.
   */
  Series error(String message) {
    return errors.get(message == null ? "" : message.trim());
  }

  /**
   * The series of one Response key, in the order the translator fills its values, plus its
   * http_req_failed value, fixed by its status. A response whose failure was a transport error has
   * no check: it records {@code unchecked}, the same series without the last.
   */
  record ResponseSeries(Series[] checked, Series[] unchecked, double failedValue) {
    static final int REQS = 0;
    static final int DURATION = 1;
    static final int FAILED = 2;
    static final int CHECKS = 3;
    static final int COUNT = 4;

    static ResponseSeries of(Series[] all, double failedValue) {
      return new ResponseSeries(all, Arrays.copyOf(all, CHECKS), failedValue);
    }
  }
}
