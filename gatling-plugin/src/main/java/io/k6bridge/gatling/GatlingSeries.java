package io.k6bridge.gatling;

import io.k6bridge.engine.MetricsEngine;
import io.k6bridge.http.HttpStatus;
import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricRegistry;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.SeriesRegistry;
import io.k6bridge.metrics.SystemTags;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the series a new {@link MessageKey} records into, with k6's tags: the run tags, then the
 * enabled system tags. Runs only when a thread meets a key for the first time; thread-safe because
 * tag sets and series are interned by thread-safe registries. Gatling reports no method, URL,
 * protocol version, phases or byte counts, so those tags and metrics are not invented.
 */
final class GatlingSeries {
  /**
   * Gatling's request crashes (a request that could not even be built or sent, such as a failed
   * EL expression), one per Error message, tagged {@code error}. Gatling counts them apart from
   * requests, so they are not http_reqs.
   */
  static final String ERRORS = "gatling_errors";

  /** Distinct {@code error} tag values kept; later new messages share {@link #OTHER_ERRORS}. */
  static final int MAX_ERROR_TAGS = 100;

  static final String OTHER_ERRORS = "other";

  private final SeriesRegistry registry;
  private final TagSet runTags;
  private final SystemTags systemTags;
  private final Metric errors;
  private final ConcurrentHashMap<String, Series> errorSeries = new ConcurrentHashMap<>();

  GatlingSeries(MetricsEngine engine) {
    this.registry = engine.series();
    this.runTags = engine.runTags();
    this.systemTags = engine.systemTags();
    this.errors = register(engine.metrics());
  }

  /** The adapter's own metrics; registered before the engine is created so thresholds may use them. */
  static Metric register(MetricRegistry metrics) {
    return metrics.register(ERRORS, MetricType.COUNTER, ValueType.DEFAULT);
  }

  /** {@code k.code} is null and {@code k.errorCode} non-zero exactly for transport errors. */
  ResponseSeries response(MessageKey k) {
    int status = HttpStatus.parse(k.code);
    boolean expected = status >= 200 && status <= 399;
    TagSet.Builder b = base(MessageKey.path(k.groups), k.scenario);
    systemTags.put(b, "name", k.name);
    systemTags.put(b, "status", Integer.toString(status));
    systemTags.put(b, "expected_response", Boolean.toString(expected));
    if (k.errorCode != 0) {
      systemTags.put(b, "error_code", Integer.toString(k.errorCode));
      systemTags.put(b, "error", FailureKind.text(k.errorCode));
    } else if (status >= 400) {
      systemTags.put(b, "error_code", Integer.toString(1000 + status));
    }
    TagSet tags = b.build();
    TagSet.Builder c = base(MessageKey.path(k.groups), k.scenario);
    systemTags.put(c, "check", k.name);
    Series[] all = new Series[ResponseSeries.COUNT];
    all[ResponseSeries.REQS] = registry.get(BuiltinMetrics.HTTP_REQS, tags);
    all[ResponseSeries.DURATION] = registry.get(BuiltinMetrics.HTTP_REQ_DURATION, tags);
    all[ResponseSeries.FAILED] = registry.get(BuiltinMetrics.HTTP_REQ_FAILED, tags);
    all[ResponseSeries.CHECKS] = registry.get(BuiltinMetrics.CHECKS, c.build());
    return new ResponseSeries(all, expected ? 0 : 1);
  }

  /** group_duration, tagged with the group's own path as k6 does. */
  Series group(MessageKey k) {
    return registry.get(BuiltinMetrics.GROUP_DURATION, base(MessageKey.path(k.groups), k.scenario).build());
  }

  /** Iterations run in the root group, as k6's do. */
  Series iterations(String scenario) {
    return registry.get(BuiltinMetrics.ITERATIONS, base("", scenario).build());
  }

  /** iteration_duration, tagged as iterations. */
  Series iterationDuration(String scenario) {
    return registry.get(BuiltinMetrics.ITERATION_DURATION, base("", scenario).build());
  }

  /** k6 tags vus and vus_max with the run tags only. */
  Series vus() {
    return registry.get(BuiltinMetrics.VUS, runTags);
  }

  Series vusMax() {
    return registry.get(BuiltinMetrics.VUS_MAX, runTags);
  }

  /**
   * gatling_errors for one Error message. Gatling's text holds the request name and the failure;
   * after {@link #MAX_ERROR_TAGS} distinct texts, new ones are tagged {@code other} so that a
   * message carrying per-user data cannot grow the series without bound. Errors are rare: the
   * trim and map lookup are not on the per-request path.
   */
  Series error(String message) {
    String text = message == null ? "" : message.trim();
    Series s = errorSeries.get(text);
    if (s != null) {
      return s;
    }
    if (errorSeries.size() >= MAX_ERROR_TAGS) {
      text = OTHER_ERRORS;
    }
    TagSet.Builder b = TagSet.builder().putAll(runTags);
    systemTags.put(b, "error", text);
    Series created = registry.get(errors, b.build());
    Series raced = errorSeries.putIfAbsent(text, created);
    return raced != null ? raced : created;
  }

  private TagSet.Builder base(String group, String scenario) {
    TagSet.Builder b = TagSet.builder().putAll(runTags);
    systemTags.put(b, "group", group);
    systemTags.put(b, "scenario", scenario);
    return b;
  }

  /**
   * The series of one Response key, in the order the translator fills its values, plus its
   * http_req_failed value, fixed by its status. A response whose failure was a transport error
   * has no check: it records {@link #unchecked}, the same series without the last.
   */
  static final class ResponseSeries {
    static final int REQS = 0;
    static final int DURATION = 1;
    static final int FAILED = 2;
    static final int CHECKS = 3;
    static final int COUNT = 4;

    final Series[] checked;
    final Series[] unchecked;
    final double failedValue;

    ResponseSeries(Series[] all, double failedValue) {
      this.checked = all;
      this.unchecked = Arrays.copyOf(all, CHECKS);
      this.failedValue = failedValue;
    }
  }
}
