package io.k6bridge.engine;

import java.util.List;
import java.util.Map;

/** What the engine delivered and lost in one run; returned by {@link MetricsEngine#stop()}. */
public final class RunReport {
  private final long samples;
  private final Map<String, Long> drops;
  private final List<String> failures;

  RunReport(long samples, Map<String, Long> drops, List<String> failures) {
    this.samples = samples;
    this.drops = Map.copyOf(drops);
    this.failures = List.copyOf(failures);
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
