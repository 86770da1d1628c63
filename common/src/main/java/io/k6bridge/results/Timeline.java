package io.k6bridge.results;

import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.Series;
import io.k6bridge.sink.Sink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run over time, for the fleet's web-dashboard report ({@code merge --report}): per period, the
 * aggregate of every dashboard slot (each metric, and {@code metric{tag:value}} for each value of
 * each dashboard tag, as the dashboard splits them), mergeable as the results file's series are.
 *
 * <p>Periods are aligned to the Unix epoch, so the periods of injectors started at different times
 * line up and merge. The engine thread cuts them ({@link #cut}, once a second): a period holds the
 * samples drained before the first cut after its end, so it is late by at most that second and the
 * engine's drain. At most {@value #MAX_PERIODS} periods are kept: beyond, the period doubles and
 * pairs of periods merge into one, which is exact because the doubled periods stay aligned. Not
 * thread-safe: its owner's lock guards it.
 */
final class Timeline {
  static final int MAX_PERIODS = 120;

  private final List<String> tags;
  private final int maxSubmetrics;
  private final List<ResultsFile.TimelineSlot> slots = new ArrayList<>();
  private final List<Sink> current = new ArrayList<>();
  private final Map<String, Integer> slotByName = new HashMap<>();
  private final TreeMap<Long, Map<Integer, Sink>> closed = new TreeMap<>();
  private int submetrics;
  private long periodMillis;
  private long currentStart = -1;

  /**
   * @param tags the tags whose values get their own slots
   * @param maxSubmetrics most {@code metric{tag:value}} slots made; further values get none
   */
  Timeline(long periodMillis, List<String> tags, int maxSubmetrics) {
    this.periodMillis = periodMillis;
    this.tags = List.copyOf(tags);
    this.maxSubmetrics = maxSubmetrics;
  }

  /** Adds to {@code out} the current period's sinks of the slots {@code series} counts in. */
  void sinksFor(Series series, List<Sink> out) {
    Metric metric = series.metric();
    out.add(current.get(slot(metric.name(), metric)));
    for (String tag : tags) {
      String value = series.tags().get(tag);
      if (value != null && !value.isEmpty()) {
        String name = metric.name() + "{" + tag + ":" + value + "}";
        if (slotByName.containsKey(name) || submetrics < maxSubmetrics) {
          out.add(current.get(slot(name, metric)));
        }
      }
    }
  }

  private int slot(String name, Metric metric) {
    Integer known = slotByName.get(name);
    if (known != null) {
      return known;
    }
    if (name.indexOf('{') > 0) {
      submetrics++;
    }
    slots.add(new ResultsFile.TimelineSlot(name, metric.name(), metric.type(), metric.contains()));
    current.add(Sink.of(metric.type()));
    slotByName.put(name, slots.size() - 1);
    return slots.size() - 1;
  }

  /**
   * At {@code nowMillis}: when the current period has ended, keeps its aggregates and starts the
   * next one (the sinks are reset in place: the fan-out holds them).
   */
  void cut(long nowMillis) {
    long start = nowMillis - Math.floorMod(nowMillis, periodMillis);
    if (currentStart < 0) {
      currentStart = start;
    } else if (start != currentStart) {
      Map<Integer, Sink> kept = copyOfCurrent();
      if (!kept.isEmpty()) {
        closed.merge(currentStart, kept, Timeline::mergeInto);
      }
      current.forEach(Sink::reset);
      currentStart = start;
      while (closed.size() > MAX_PERIODS) {
        coarsen();
      }
    }
  }

  /** The timeline so far, the current period included as it stands. */
  ResultsFile.Timeline snapshot() {
    List<ResultsFile.TimelinePeriod> periods = new ArrayList<>();
    closed.forEach((start, sinks) -> periods.add(new ResultsFile.TimelinePeriod(start, sinks)));
    Map<Integer, Sink> now = copyOfCurrent();
    if (!now.isEmpty()) {
      periods.add(new ResultsFile.TimelinePeriod(currentStart, now));
    }
    return new ResultsFile.Timeline(periodMillis, List.copyOf(slots), periods);
  }

  private Map<Integer, Sink> copyOfCurrent() {
    Map<Integer, Sink> out = new TreeMap<>();
    for (int i = 0; i < current.size(); i++) {
      if (!current.get(i).isEmpty()) {
        Sink copy = Sink.of(slots.get(i).type());
        copy.merge(current.get(i));
        out.put(i, copy);
      }
    }
    return out;
  }

  /** Doubles the period: kept periods merge pairwise into the doubled, still aligned, ones. */
  private void coarsen() {
    periodMillis *= 2;
    TreeMap<Long, Map<Integer, Sink>> coarse = new TreeMap<>();
    closed.forEach(
        (start, sinks) ->
            coarse.merge(start - Math.floorMod(start, periodMillis), sinks, Timeline::mergeInto));
    closed.clear();
    closed.putAll(coarse);
    currentStart -= Math.floorMod(currentStart, periodMillis);
  }

  /** Merges {@code b}'s sinks into {@code a}'s, slot by slot; returns {@code a}. */
  static Map<Integer, Sink> mergeInto(Map<Integer, Sink> a, Map<Integer, Sink> b) {
    b.forEach(
        (slot, sink) -> {
          Sink into = a.get(slot);
          if (into == null) {
            a.put(slot, sink);
          } else {
            into.merge(sink);
          }
        });
    return a;
  }
}
