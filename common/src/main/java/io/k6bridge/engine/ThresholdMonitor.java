package io.k6bridge.engine;

import io.k6bridge.event.EventLog;
import io.k6bridge.summary.RunAggregates;
import io.k6bridge.threshold.MetricThresholds;
import io.k6bridge.threshold.Threshold;
import io.k6bridge.threshold.ThresholdSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges the run's thresholds on the summary's aggregates: every few seconds on the engine thread
 * (k6's thresholdsRate), asking to end the test when an abortOnFail threshold fails, and once at
 * the end. Each metric's first failure becomes one threshold_breached event.
 */
final class ThresholdMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(ThresholdMonitor.class);

  /** How often thresholds are evaluated during the run (k6's thresholdsRate). */
  static final Duration PERIOD = Duration.ofSeconds(2);

  private final ThresholdSet thresholds;
  private final RunAggregates aggregates;
  private final EventLog events;
  private final Consumer<String> abort;
  private final Set<String> reported = new HashSet<>();

  /**
   * @param abort asked, with k6's message, to end the test when an abortOnFail threshold fails
   */
  ThresholdMonitor(
      ThresholdSet thresholds, RunAggregates aggregates, EventLog events, Consumer<String> abort) {
    this.thresholds = thresholds;
    this.aggregates = aggregates;
    this.events = events;
    this.abort = abort;
  }

  boolean active() {
    return !thresholds.isEmpty();
  }

  /** During the run, on the engine thread. */
  void evaluate(Duration elapsed) {
    ThresholdSet.Evaluation e = thresholds.evaluate(aggregates::sink, elapsed, true);
    reportBreaches(e.breached());
    if (e.abort()) {
      abort.accept(e.message());
    }
  }

  /** At the end, once nothing adds to the aggregates any more. */
  ThresholdSet.Evaluation evaluateAtEnd(Duration testRun) {
    ThresholdSet.Evaluation outcome = thresholds.evaluate(aggregates::sink, testRun, false);
    if (!outcome.breached().isEmpty()) {
      // k6's end-of-run wording: an abort, if any, was already logged when it happened.
      LOG.error(
          "k6bridge: thresholds on metrics '{}' have been crossed",
          String.join(", ", outcome.breached()));
    }
    reportBreaches(outcome.breached());
    return outcome;
  }

  private void reportBreaches(List<String> breached) {
    for (MetricThresholds m : thresholds.all()) {
      if (breached.contains(m.name()) && reported.add(m.name())) {
        List<String> failed = new ArrayList<>();
        for (Threshold t : m.thresholds()) {
          if (t.failed()) {
            failed.add(t.source());
          }
        }
        events.emit(
            EventLog.THRESHOLD_BREACHED, EventLog.fields("metric", m.name(), "thresholds", failed));
      }
    }
  }
}
