package io.k6bridge.engine;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/** What the engine delivered and lost in one run; returned by {@link MetricsEngine#stop()}. */
public final class RunReport {
  private final long samples;
  private final Map<String, Long> drops;
  private final List<String> failures;
  private final List<String> breachedThresholds;
  private final String summary;

  RunReport(
      long samples,
      Map<String, Long> drops,
      List<String> failures,
      List<String> breachedThresholds,
      String summary) {
    this.samples = samples;
    this.drops = Map.copyOf(drops);
    this.failures = List.copyOf(failures);
    this.breachedThresholds = List.copyOf(breachedThresholds);
    this.summary = summary;
  }

  /**
   * Metrics and submetrics with a failed threshold at the end of the run, sorted; empty when all
   * passed. A non-empty list is what k6 reports with exit status 99.
   */
  public List<String> breachedThresholds() {
    return breachedThresholds;
  }

  public boolean thresholdsFailed() {
    return !breachedThresholds.isEmpty();
  }

  /** k6's end-of-test text summary, ready to print; empty when K6_SUMMARY_MODE=disabled. */
  public String summary() {
    return summary;
  }

  /** One line in the tool's log: info when nothing was lost or failed, else a warning. */
  void log(Logger log) {
    if (drops.isEmpty() && failures.isEmpty()) {
      log.info("k6bridge: {} samples delivered, none dropped", samples);
    } else {
      log.warn("k6bridge: {} samples delivered; dropped {}; failures {}", samples, drops, failures);
    }
  }

  /** Samples drained from sampler threads and handed to outputs. */
  public long samples() {
    return samples;
  }

  /** Non-zero loss counts by what was lost and why. Empty when nothing was lost. */
  public Map<String, Long> drops() {
    return drops;
  }

  public long totalDropped() {
    return drops.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Outputs that failed or timed out at stop, with the reason. */
  public List<String> failures() {
    return failures;
  }
}
