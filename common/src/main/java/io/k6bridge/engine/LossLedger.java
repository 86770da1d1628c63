package io.k6bridge.engine;

import io.k6bridge.aggregate.SinkFanOut;
import io.k6bridge.event.EventLog;
import io.k6bridge.output.DropCounter;
import io.k6bridge.registry.SeriesRegistry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every loss of the run in one place, by cause: what the ingest, the engine thread and each output
 * dropped, what a cut-off consumer of the one pass missed, and what the series limit folded.
 * Written as samples_dropped events while it grows, and reported at the end.
 */
final class LossLedger {
  /** How often new drops are written as samples_dropped events while the test runs. */
  static final java.time.Duration EVENTS_PERIOD = java.time.Duration.ofSeconds(5);

  private final List<Supplier<List<DropCounter>>> counters;
  private final SinkFanOut fanOut;
  private final SeriesRegistry series;
  private final Map<String, Long> reported = new HashMap<>();

  LossLedger(List<Supplier<List<DropCounter>>> counters, SinkFanOut fanOut, SeriesRegistry series) {
    this.counters = counters;
    this.fanOut = fanOut;
    this.series = series;
  }

  /** Non-zero totals by cause, in a stable order. Any thread; takes no consumer's lock. */
  Map<String, Long> totals() {
    Map<String, Long> totals = new LinkedHashMap<>();
    for (Supplier<List<DropCounter>> source : counters) {
      for (DropCounter c : source.get()) {
        if (c.count() > 0) {
          totals.merge(c.what(), c.count(), Long::sum);
        }
      }
    }
    long folded = series.foldedLookups();
    if (folded > 0) {
      totals.put(
          "series limit: samples folded into "
              + SeriesRegistry.OVERFLOW_TAG
              + " series ("
              + EngineOptions.MAX_SERIES.name()
              + " reached; totals kept, high-cardinality tags lost)",
          folded);
    }
    for (SinkFanOut.Failure f : fanOut.failures()) {
      if (f.lostSamples() > 0) {
        totals.merge(f.name() + ": failed while aggregating", f.lostSamples(), Long::sum);
      }
    }
    return totals;
  }

  /** Drops since the last report, one samples_dropped event per cause. */
  void reportNew(EventLog events) {
    totals()
        .forEach(
            (what, total) -> {
              long before = reported.getOrDefault(what, 0L);
              if (total > before) {
                reported.put(what, total);
                events.emit(
                    EventLog.SAMPLES_DROPPED,
                    EventLog.fields("what", what, "count", total - before, "total", total));
              }
            });
  }
}
