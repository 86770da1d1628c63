package io.k6bridge.fleet;

import io.k6bridge.metrics.Metric;
import io.k6bridge.output.webdashboard.FleetReport;
import io.k6bridge.results.ResultsFile;
import io.k6bridge.sink.Sink;
import io.k6bridge.threshold.ThresholdSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code merge --report}: the fleet's timeline as the web dashboard's HTML report. */
final class FleetReports {
  private FleetReports() {}

  /**
   * The report's bytes; gzipped when {@code file} ends in {@code .gz}, as the dashboard's export.
   *
   * @param thresholds the fleet's thresholds' JSON: the report judges its own copy
   * @throws IllegalArgumentException when no file holds a timeline
   */
  static byte[] html(FleetMerge.Fleet fleet, String thresholds, Path file) {
    ResultsFile.Timeline t = fleet.timeline();
    if (t.periods().isEmpty()) {
      throw new IllegalArgumentException(
          "--report: the files hold no timeline (written by an older k6bridge, or by runs"
              + " without samples)");
    }
    Map<String, Metric> metrics = new HashMap<>();
    for (ResultsFile.TimelineSlot slot : t.slots()) {
      metrics.put(slot.name(), fleet.metrics().get(slot.metric()));
    }
    List<FleetReport.Period> periods = new ArrayList<>();
    for (ResultsFile.TimelinePeriod p : t.periods()) {
      Map<String, Sink> sinks = new LinkedHashMap<>();
      p.sinks().forEach((i, sink) -> sinks.put(t.slots().get(i).name(), sink));
      periods.add(new FleetReport.Period(p.startMillis(), sinks));
    }
    ResultsFile.Meta meta = fleet.meta();
    byte[] html =
        FleetReport.html(
            metrics,
            periods,
            Duration.ofMillis(t.periodMillis()),
            ThresholdSet.parse(thresholds, fleet.metrics()),
            meta.startMillis(),
            meta.endMillis());
    return file.toString().endsWith(".gz") ? FleetReport.gzip(html) : html;
  }
}
