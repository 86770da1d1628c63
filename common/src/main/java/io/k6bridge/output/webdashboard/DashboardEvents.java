package io.k6bridge.output.webdashboard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * k6's dashboard event sequence, for the live output and for a fleet's report alike: at start
 * {@code config}, {@code param}, {@code metric} (the clock), {@code start}; every period {@code
 * metric} (new names only), {@code cumulative}, {@code threshold} (when one fails) and {@code
 * snapshot}; at the end a last {@code metric}/{@code cumulative}/{@code threshold} and {@code
 * stop}.
 */
final class DashboardEvents {
  /**
   * Only a title: k6's own UI merges the config event over its built-in layout (Object.assign), so
   * it keeps its tabs and panels when pointed at us; ours needs no layout.
   */
  private static final String CONFIG = "{\"title\":\"k6bridge\"}";

  /** Where events go: a stream, a record file. */
  interface Publisher {
    void publish(String event, byte[] data, long period);
  }

  private DashboardEvents() {}

  static void begin(Publisher to, Map<String, List<String>> thresholds, Duration period, long now) {
    to.publish("config", CONFIG.getBytes(StandardCharsets.UTF_8), -1);
    to.publish("param", param(thresholds, period), -1);
    to.publish("metric", Aggregation.clockMetric(), -1);
    to.publish("start", Aggregation.clockOnly(now), -1);
  }

  /** One period's events; the snapshot only when the tick has one. */
  static void period(Publisher to, Aggregation.Tick t, long period) {
    if (t.newMetrics != null) {
      to.publish("metric", t.newMetrics, -1);
    }
    to.publish("cumulative", t.cumulative, period);
    if (t.thresholds != null) {
      to.publish("threshold", t.thresholds, period);
    }
    if (t.snapshot != null) {
      to.publish("snapshot", t.snapshot, period);
    }
  }

  /** As k6's final flush: the whole run's cumulative data, no snapshot of a partial period. */
  static void end(Publisher to, Aggregation.Tick last, long period, long now) {
    period(to, last, period);
    to.publish("stop", Aggregation.clockOnly(now), -1);
  }

  /**
   * param: thresholds by metric or submetric name, the period and the aggregates, in Go's JSON
   * (keys sorted, empty fields omitted). A JMeter or Gatling run has no known end or script, so
   * endOffset and scriptPath are omitted, as k6 omits them when zero or unset.
   */
  private static byte[] param(Map<String, List<String>> thresholds, Duration period) {
    EventJson json = new EventJson().raw("{");
    if (!thresholds.isEmpty()) {
      json.raw("\"thresholds\":").stringLists(thresholds).raw(",");
    }
    json.raw("\"period\":").number(period.toMillis());
    json.raw(",\"aggregates\":").stringLists(Aggregation.AGGREGATES);
    return json.raw("}").toBytes();
  }
}
