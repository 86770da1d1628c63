package io.k6bridge.fleet;

import io.k6bridge.metrics.BuiltinMetrics;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.Series;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;
import io.k6bridge.results.ResultsFile;
import io.k6bridge.results.ResultsFile.Results;
import io.k6bridge.results.ResultsFile.SeriesResult;
import io.k6bridge.results.ResultsFile.TimelinePeriod;
import io.k6bridge.results.ResultsFile.TimelineSlot;
import io.k6bridge.sink.GaugeSink;
import io.k6bridge.sink.Sink;
import io.k6bridge.summary.RunAggregates;
import io.k6bridge.threshold.Submetric;
import io.k6bridge.threshold.ThresholdSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Merges the results files of a fleet's injectors into one run's aggregates, as if one injector had
 * measured everything: counters add, rates add their passes and totals, trends add their buckets
 * (exactly: every injector's trend has the same bucket edges), a gauge keeps the last value of the
 * latest file and the extremes of all. {@code vus} and {@code vus_max} are the fleet's: each
 * injector's summed (so {@code vus_max} is the sum of the peaks, an upper bound when the injectors
 * peaked at different times).
 *
 * <p>The result does not depend on the order of the files: they are merged in the order of their
 * end, then injector id.
 */
public final class FleetMerge {
  private FleetMerge() {}

  /**
   * The fleet as one run.
   *
   * @param series every series with its fleet-wide aggregate, as a results file holds them: a
   *     merged fleet merges again with others
   * @param metrics every metric the files name
   * @param timeline the fleet per period ({@link #timeline(List)})
   */
  public record Fleet(
      RunAggregates aggregates,
      ThresholdSet thresholds,
      Duration testRun,
      List<ResultsFile.Meta> injectors,
      List<SeriesResult> series,
      MetricRegistry metrics,
      ResultsFile.Timeline timeline) {

    /** The fleet as one results file: its test, all its injectors, its whole time. */
    public ResultsFile.Meta meta() {
      long start = injectors.stream().mapToLong(ResultsFile.Meta::startMillis).min().orElse(0);
      long end = injectors.stream().mapToLong(ResultsFile.Meta::endMillis).max().orElse(0);
      return new ResultsFile.Meta(
          injectors.isEmpty() ? "" : injectors.get(0).testId(),
          injectors.stream().map(ResultsFile.Meta::injector).collect(Collectors.joining(",")),
          injectors.stream()
              .map(ResultsFile.Meta::tool)
              .distinct()
              .collect(Collectors.joining(",")),
          start,
          end,
          injectors.stream().allMatch(ResultsFile.Meta::complete),
          Map.of());
    }
  }

  /**
   * @param thresholds K6_THRESHOLDS's JSON, or empty for none
   * @param full whether the summary is k6's full mode (groups and scenarios)
   * @throws IllegalArgumentException for thresholds k6 would refuse, or a metric two files give
   *     different types
   */
  public static Fleet merge(List<Results> parts, String thresholds, boolean full) {
    List<Results> files = new ArrayList<>(parts);
    files.sort(
        Comparator.comparingLong((Results r) -> r.meta().endMillis())
            .thenComparing(r -> r.meta().injector()));
    MetricRegistry metrics = new MetricRegistry();
    boolean expectedResponse = false;
    for (Results r : files) {
      for (SeriesResult s : r.series()) {
        metric(metrics, s, r.meta());
        expectedResponse |= s.tags().get("expected_response") != null;
      }
    }
    ThresholdSet set;
    try {
      set = ThresholdSet.parse(thresholds, metrics);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid " + ThresholdSet.THRESHOLDS.name() + ": " + e.getMessage(), e);
    }
    List<Submetric> builtin =
        expectedResponse
            ? List.of(Submetric.of(BuiltinMetrics.HTTP_REQ_DURATION, "expected_response:true"))
            : List.of();
    RunAggregates aggregates = new RunAggregates(full, set, builtin);
    SeriesRegistry registry = new SeriesRegistry();
    Map<Series, Sink> merged = new LinkedHashMap<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    List<ResultsFile.Meta> injectors = new ArrayList<>();
    for (Results r : files) {
      injectors.add(r.meta());
      start = Math.min(start, r.meta().startMillis());
      end = Math.max(end, r.meta().endMillis());
      for (SeriesResult s : r.series()) {
        Metric m = metrics.get(s.metric());
        Series series = registry.get(m, s.tags());
        Sink into = merged.computeIfAbsent(series, k -> Sink.of(m.type()));
        if (m == BuiltinMetrics.VUS || m == BuiltinMetrics.VUS_MAX) {
          merged.put(series, sum((GaugeSink) into, (GaugeSink) s.sink()));
        } else {
          into.merge(s.sink());
        }
      }
    }
    List<SeriesResult> series = new ArrayList<>();
    merged.forEach(
        (k, sink) -> {
          for (Sink target : aggregates.sinksFor(k)) {
            target.merge(sink);
          }
          Metric m = k.metric();
          series.add(new SeriesResult(m.name(), m.type(), m.contains(), k.tags(), sink));
        });
    Duration testRun = files.isEmpty() ? Duration.ZERO : Duration.ofMillis(end - start);
    return new Fleet(aggregates, set, testRun, injectors, series, metrics, timeline(files));
  }

  /**
   * The fleet's timeline: each file's periods coarsened to the longest period among the files (an
   * injector whose run was long doubled its period), then the files' periods of the same start
   * merged chart line by chart line, {@code vus} and {@code vus_max} summed as in the summary.
   *
   * @param files in the order of their end
   */
  static ResultsFile.Timeline timeline(List<Results> files) {
    long period = files.stream().mapToLong(r -> r.timeline().periodMillis()).max().orElse(0);
    List<TimelineSlot> slots = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    TreeMap<Long, Map<Integer, Sink>> fleet = new TreeMap<>();
    for (Results r : files) {
      ResultsFile.Timeline t = r.timeline();
      TreeMap<Long, Map<Integer, Sink>> own = new TreeMap<>();
      for (TimelinePeriod p : t.periods()) {
        Map<Integer, Sink> into =
            own.computeIfAbsent(
                p.startMillis() - Math.floorMod(p.startMillis(), period), k -> new TreeMap<>());
        p.sinks()
            .forEach(
                (i, sink) -> {
                  TimelineSlot slot = t.slots().get(i);
                  Integer j = index.get(slot.name());
                  if (j == null) {
                    j = slots.size();
                    slots.add(slot);
                    index.put(slot.name(), j);
                  }
                  into.computeIfAbsent(j, k -> Sink.of(slot.type())).merge(sink);
                });
      }
      own.forEach(
          (start, sinks) -> {
            Map<Integer, Sink> into = fleet.computeIfAbsent(start, k -> new TreeMap<>());
            sinks.forEach(
                (j, sink) -> {
                  Sink before = into.get(j);
                  String metric = slots.get(j).metric();
                  boolean users =
                      metric.equals(BuiltinMetrics.VUS.name())
                          || metric.equals(BuiltinMetrics.VUS_MAX.name());
                  if (before == null) {
                    into.put(j, sink);
                  } else if (users) {
                    into.put(j, sum((GaugeSink) before, (GaugeSink) sink));
                  } else {
                    before.merge(sink);
                  }
                });
          });
    }
    List<TimelinePeriod> periods = new ArrayList<>();
    fleet.forEach((start, sinks) -> periods.add(new TimelinePeriod(start, sinks)));
    return new ResultsFile.Timeline(period, slots, periods);
  }

  /** Two injectors' gauges of the same series, as the fleet's; {@code a} may be empty. */
  private static GaugeSink sum(GaugeSink a, GaugeSink b) {
    return a.isEmpty()
        ? b
        : GaugeSink.restore(a.last() + b.last(), a.min() + b.min(), a.max() + b.max());
  }

  private static void metric(MetricRegistry metrics, SeriesResult s, ResultsFile.Meta from) {
    Metric known = metrics.get(s.metric());
    if (known == null) {
      metrics.register(s.metric(), s.type(), s.contains());
    } else if (known.type() != s.type() || known.contains() != s.contains()) {
      throw new IllegalArgumentException(
          "metric "
              + s.metric()
              + " is a "
              + s.type().k6Name()
              + " of "
              + s.contains().k6Name()
              + " values in "
              + from.injector()
              + "'s file, a "
              + known.type().k6Name()
              + " of "
              + known.contains().k6Name()
              + " values in another's");
    }
  }
}
