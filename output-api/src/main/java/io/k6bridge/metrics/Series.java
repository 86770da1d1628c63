package io.k6bridge.metrics;

/**
 * One time series: a metric with a full tag set. The run's series registry creates and interns
 * them, so a series is its own identity and carries a dense {@link #id()} that aggregating outputs
 * use as an array index instead of hashing per sample.
 */
public final class Series {
  private final int id;
  private final Metric metric;
  private final TagSet tags;

  /**
   * Made by the run's series registry only, which hands out the ids; a series made elsewhere is
   * unknown to the run.
   */
  public Series(int id, Metric metric, TagSet tags) {
    this.id = id;
    this.metric = metric;
    this.tags = tags;
  }

  /** Dense, starting at 0, unique within its registry. */
  public int id() {
    return id;
  }

  public Metric metric() {
    return metric;
  }

  public TagSet tags() {
    return tags;
  }

  @Override
  public String toString() {
    return metric.name() + tags;
  }
}
