package io.k6bridge.metrics;

/**
 * One time series: a metric with a full tag set. Created only by {@link SeriesRegistry}, which
 * interns them, so a series is its own identity and carries a dense {@link #id()} that aggregating
 * outputs use as an array index instead of hashing per sample.
 */
public final class Series {
  private final int id;
  private final Metric metric;
  private final TagSet tags;

  Series(int id, Metric metric, TagSet tags) {
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
