package io.k6bridge.output.webdashboard;

import io.k6bridge.metrics.Metric;
import io.k6bridge.sink.Sink;
import io.k6bridge.threshold.MetricThresholds;
import io.k6bridge.threshold.Threshold;
import io.k6bridge.threshold.ThresholdSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The web dashboard's self-contained HTML report for a whole fleet: the fleet's merged periods
 * replayed through the dashboard's own aggregation and event sequence, as if one dashboard had seen
 * every injector's samples. The charts show the fleet per period; the cumulative numbers and the
 * thresholds are the whole run's.
 */
public final class FleetReport {
  /**
   * One period of the fleet.
   *
   * @param sinks each chart line's aggregate over the period, by its dashboard name ({@code
   *     http_reqs}, {@code http_req_duration{group:::login}})
   */
  public record Period(long startMillis, Map<String, Sink> sinks) {}

  private FleetReport() {}

  /**
   * The report's HTML.
   *
   * @param metrics the metric of each chart line, by its dashboard name
   * @param periods in time order, each {@code period} long
   * @param thresholds the fleet's thresholds, a copy of its own: evaluating marks them
   */
  public static byte[] html(
      Map<String, Metric> metrics,
      List<Period> periods,
      Duration period,
      ThresholdSet thresholds,
      long startMillis,
      long endMillis) {
    Aggregation aggregation = new Aggregation(List.of());
    aggregation.start(thresholds, startMillis);
    EventStream events = new EventStream();
    DashboardEvents.Publisher to = events::publish;
    DashboardEvents.begin(to, byName(thresholds), period, startMillis);
    long n = 0;
    for (Period p : periods) {
      p.sinks()
          .forEach((name, sink) -> aggregation.periodSink(name, metrics.get(name)).merge(sink));
      long end =
          Math.max(p.startMillis(), Math.min(p.startMillis() + period.toMillis(), endMillis));
      DashboardEvents.period(to, aggregation.tick(end, period), n++);
    }
    DashboardEvents.end(to, aggregation.finish(endMillis), n, endMillis);
    return HtmlReport.html(UiAssets.load(), events.history());
  }

  /** A report gzipped, as the dashboard writes one named {@code *.gz}. */
  public static byte[] gzip(byte[] html) {
    return HtmlReport.gzip(html);
  }

  private static Map<String, List<String>> byName(ThresholdSet thresholds) {
    Map<String, List<String>> out = new TreeMap<>();
    for (MetricThresholds m : thresholds.all()) {
      for (Threshold t : m.thresholds()) {
        out.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(t.source());
      }
    }
    return out;
  }
}
