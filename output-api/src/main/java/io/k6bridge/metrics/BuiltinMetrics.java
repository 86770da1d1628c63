package io.k6bridge.metrics;

import static io.k6bridge.metrics.MetricType.COUNTER;
import static io.k6bridge.metrics.MetricType.GAUGE;
import static io.k6bridge.metrics.MetricType.RATE;
import static io.k6bridge.metrics.MetricType.TREND;
import static io.k6bridge.metrics.ValueType.DATA;
import static io.k6bridge.metrics.ValueType.DEFAULT;
import static io.k6bridge.metrics.ValueType.TIME;

import java.util.List;

/** k6's built-in metrics with k6's names, types and value kinds (k6 metrics/builtin.go). */
public final class BuiltinMetrics {
  public static final Metric VUS = builtin("vus", GAUGE, DEFAULT);
  public static final Metric VUS_MAX = builtin("vus_max", GAUGE, DEFAULT);
  public static final Metric ITERATIONS = builtin("iterations", COUNTER, DEFAULT);
  public static final Metric ITERATION_DURATION = builtin("iteration_duration", TREND, TIME);
  public static final Metric DROPPED_ITERATIONS = builtin("dropped_iterations", COUNTER, DEFAULT);
  public static final Metric CHECKS = builtin("checks", RATE, DEFAULT);
  public static final Metric GROUP_DURATION = builtin("group_duration", TREND, TIME);
  public static final Metric DATA_SENT = builtin("data_sent", COUNTER, DATA);
  public static final Metric DATA_RECEIVED = builtin("data_received", COUNTER, DATA);

  public static final Metric HTTP_REQS = builtin("http_reqs", COUNTER, DEFAULT);
  public static final Metric HTTP_REQ_FAILED = builtin("http_req_failed", RATE, DEFAULT);
  public static final Metric HTTP_REQ_DURATION = builtin("http_req_duration", TREND, TIME);
  public static final Metric HTTP_REQ_BLOCKED = builtin("http_req_blocked", TREND, TIME);
  public static final Metric HTTP_REQ_CONNECTING = builtin("http_req_connecting", TREND, TIME);
  public static final Metric HTTP_REQ_TLS_HANDSHAKING =
      builtin("http_req_tls_handshaking", TREND, TIME);
  public static final Metric HTTP_REQ_SENDING = builtin("http_req_sending", TREND, TIME);
  public static final Metric HTTP_REQ_WAITING = builtin("http_req_waiting", TREND, TIME);
  public static final Metric HTTP_REQ_RECEIVING = builtin("http_req_receiving", TREND, TIME);

  public static final List<Metric> ALL =
      List.of(
          VUS,
          VUS_MAX,
          ITERATIONS,
          ITERATION_DURATION,
          DROPPED_ITERATIONS,
          CHECKS,
          GROUP_DURATION,
          DATA_SENT,
          DATA_RECEIVED,
          HTTP_REQS,
          HTTP_REQ_FAILED,
          HTTP_REQ_DURATION,
          HTTP_REQ_BLOCKED,
          HTTP_REQ_CONNECTING,
          HTTP_REQ_TLS_HANDSHAKING,
          HTTP_REQ_SENDING,
          HTTP_REQ_WAITING,
          HTTP_REQ_RECEIVING);

  private BuiltinMetrics() {}

  private static Metric builtin(String name, MetricType type, ValueType contains) {
    return new Metric(name, type, contains, true);
  }
}
