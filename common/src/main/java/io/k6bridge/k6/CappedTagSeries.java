package io.k6bridge.k6;

import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.Series;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One metric's series by the value of one tag, holding at most a fixed number of distinct values:
 * later new values share one overflow value, so a tag carrying free text (an error message with
 * per-user data) cannot grow the run's series without bound. Thread-safe; meant for rare events,
 * not the per-request path.
 */
public final class CappedTagSeries {
  private final K6Series k6;
  private final Metric metric;
  private final String tag;
  private final int max;
  private final String overflow;
  private final ConcurrentHashMap<String, Series> series = new ConcurrentHashMap<>();

  /**
   * @param max distinct values kept; later new ones are tagged {@code overflow}
   */
  public CappedTagSeries(K6Series k6, Metric metric, String tag, int max, String overflow) {
    this.k6 = k6;
    this.metric = metric;
    this.tag = tag;
    this.max = max;
    this.overflow = overflow;
  }

  /** The series of {@code value}, or of the overflow value once {@code max} values are kept. */
  public Series get(String value) {
    Series s = series.get(value);
    if (s != null) {
      return s;
    }
    synchronized (this) {
      String kept = series.size() < max || series.containsKey(value) ? value : overflow;
      return series.computeIfAbsent(kept, v -> k6.tagged(metric, tag, v));
    }
  }
}
