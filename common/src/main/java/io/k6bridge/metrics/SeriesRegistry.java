package io.k6bridge.metrics;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns {@link Series} for one test run. Lookups of existing series are lock-free reads; only the
 * first sighting of a series takes a lock, so steady-state sampling never contends here.
 */
public final class SeriesRegistry {
  private final ConcurrentHashMap<Key, Series> series = new ConcurrentHashMap<>();
  // Every series by id, for lock-free reads: grown (by replacing it) and filled under the lock.
  private volatile Series[] table = new Series[64];
  private int count; // guarded by this

  public Series get(Metric metric, TagSet tags) {
    Series s = series.get(new Key(metric, tags));
    return s != null ? s : create(metric, tags);
  }

  private synchronized Series create(Metric metric, TagSet tags) {
    Key key = new Key(metric, tags);
    Series s = series.get(key);
    if (s == null) {
      s = new Series(count, metric, tags);
      Series[] t = table;
      if (count == t.length) {
        t = Arrays.copyOf(t, t.length * 2);
      }
      t[count++] = s;
      table = t; // volatile write: a reader that sees the id also sees the series
      series.put(key, s);
    }
    return s;
  }

  /**
   * The series with this {@link Series#id()}. Lock-free: valid for any id that reached the caller
   * through a happens-before edge after the series was created (a release/acquire publication).
   */
  public Series byId(int id) {
    return table[id];
  }

  private static final class Key {
    final Metric metric;
    final TagSet tags;

    Key(Metric metric, TagSet tags) {
      this.metric = Objects.requireNonNull(metric);
      this.tags = Objects.requireNonNull(tags);
    }

    @Override
    public boolean equals(Object o) {
      // Metrics are unique per registry and tag sets are interned: identity is enough.
      return o instanceof Key && ((Key) o).metric == metric && ((Key) o).tags == tags;
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(metric) + tags.hashCode();
    }
  }
}
