package io.k6bridge.event;

import io.k6bridge.ingest.SampleWriter;
import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.MetricType;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import io.k6bridge.metrics.ValueType;
import io.k6bridge.registry.MetricRegistry;
import io.k6bridge.registry.SeriesRegistry;

/**
 * Test start and stop as a metric, so that metric stores get them too: the gauge {@value #NAME} (in
 * Prometheus {@code k6_k6bridge_test_lifecycle}) tagged {@code event="start"} or {@code "stop"},
 * the run tags and the injector, whose value is the event's Unix time in milliseconds. A Grafana
 * annotation query on it with "series value as timestamp" marks each start and stop exactly, per
 * injector.
 */
public final class LifecycleSeries {
  public static final String NAME = "k6bridge_test_lifecycle";

  private final Series start;
  private final Series stop;

  public LifecycleSeries(
      MetricRegistry metrics,
      SeriesRegistry series,
      TagSet runTags,
      String injector,
      String injectorTag) {
    Metric m = metrics.register(NAME, MetricType.GAUGE, ValueType.DEFAULT);
    TagSet tags = runTags.with(injectorTag, injector);
    start = series.get(m, tags.with("event", "start"));
    stop = series.get(m, tags.with("event", "stop"));
  }

  public void started(SampleWriter w, long epochNanos) {
    w.record(start, epochNanos, epochNanos / 1_000_000L);
  }

  public void stopped(SampleWriter w, long epochNanos) {
    w.record(stop, epochNanos, epochNanos / 1_000_000L);
  }
}
