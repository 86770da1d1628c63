package io.k6bridge.registry;

import io.k6bridge.metrics.Metric;
import io.k6bridge.metrics.Series;
import io.k6bridge.metrics.TagSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns {@link Series} for one test run. Lookups of existing series are lock-free reads; only the
 * first sighting of a series takes a lock, so steady-state sampling never contends here.
 *
 * <p><b>Cardinality.</b> Every series lives until the run ends, in this registry and in every
 * aggregate that keeps it, so a tag with an id in it (a URL per order) grows memory without bound.
 * As k6 does, the registry warns when the run passes 100,000 series, and again at each doubling,
 * naming the tag with the most distinct values. Beyond {@code maxSeries} it makes no more series of
 * what it is asked: a new series is <em>folded</em> into one without the tags that have the most
 * distinct values, tagged {@code k6bridge_overflow="true"}, so totals stay exact and memory stays
 * bounded; each folded lookup is counted.
 */
public final class SeriesRegistry {
  /** k6's suggested limit (metrics/engine/ingester.go timeSeriesThreshold). */
  public static final int WARNING_SERIES = 100_000;

  /** The tag that marks a folded series. */
  public static final String OVERFLOW_TAG = "k6bridge_overflow";

  /** What the registry tells when it warns, and when it first folds. */
  public interface Listener {
    /** The run passed {@code series} series; {@code tag} has the most distinct values. */
    void tooManySeries(int series, String tag, int distinctValues);

    /** {@code maxSeries} was reached: new series are folded, dropping {@code droppedTags}. */
    void folding(long maxSeries, Set<String> droppedTags);

    Listener NONE =
        new Listener() {
          @Override
          public void tooManySeries(int series, String tag, int distinctValues) {}

          @Override
          public void folding(long maxSeries, Set<String> droppedTags) {}
        };
  }

  private final ConcurrentHashMap<Key, Series> series = new ConcurrentHashMap<>();
  // Every series by id, for lock-free reads: grown (by replacing it) and filled under the lock.
  private volatile Series[] table = new Series[64];
  private final long maxSeries;
  private final TagSet keptWhenFolded;
  private final Listener listener;
  private volatile boolean full;
  private int count; // guarded by this
  private int nextWarning = WARNING_SERIES; // guarded by this
  private Set<String> foldedAway; // guarded by this; the tags folding drops
  private long foldedLookups; // guarded by this

  /** A registry without a limit: for tests and tools that build their own series. */
  public SeriesRegistry() {
    this(Long.MAX_VALUE, TagSet.EMPTY, Listener.NONE);
  }

  /**
   * @param maxSeries most series made as asked; the folded ones come on top (at most a tenth as
   *     many again, then one per metric)
   * @param runTags the tags a folded series always keeps (the run's own, such as testid)
   */
  public SeriesRegistry(long maxSeries, TagSet runTags, Listener listener) {
    this.maxSeries = maxSeries;
    this.keptWhenFolded = runTags.toBuilder().put(OVERFLOW_TAG, "true").build();
    this.listener = listener;
  }

  /**
   * The series of {@code metric} with {@code tags}; once the limit is reached, for tags not seen
   * before, a folded series instead (see the class comment).
   */
  public Series get(Metric metric, TagSet tags) {
    Series s = series.get(new Key(metric, tags));
    return s != null ? s : create(metric, tags);
  }

  /**
   * Whether new series are being folded: callers that cache what a lookup returned stop caching new
   * keys, so their caches stay bounded too.
   */
  public boolean full() {
    return full;
  }

  /** Lookups answered with a folded series since the limit was reached. */
  public synchronized long foldedLookups() {
    return foldedLookups;
  }

  /** Series made so far, folded ones included. */
  public synchronized int size() {
    return count;
  }

  private synchronized Series create(Metric metric, TagSet tags) {
    Series s = series.get(new Key(metric, tags));
    if (s != null) {
      return s;
    }
    if (count >= maxSeries) {
      return folded(metric, tags);
    }
    return add(metric, tags);
  }

  private Series add(Metric metric, TagSet tags) {
    Series s = new Series(count, metric, tags);
    Series[] t = table;
    if (count == t.length) {
      t = Arrays.copyOf(t, t.length * 2);
    }
    t[count++] = s;
    table = t; // volatile write: a reader that sees the id also sees the series
    series.put(new Key(metric, tags), s);
    if (count == nextWarning) {
      nextWarning *= 2;
      Map.Entry<String, Integer> top = mostDistinct();
      listener.tooManySeries(count, top.getKey(), top.getValue());
    }
    return s;
  }

  private Series folded(Metric metric, TagSet tags) {
    foldedLookups++;
    if (foldedAway == null) {
      foldedAway = highCardinalityTags();
      full = true;
      listener.folding(maxSeries, foldedAway);
    }
    TagSet.Builder b = tags.toBuilder();
    foldedAway.forEach(b::remove);
    TagSet folded = b.put(OVERFLOW_TAG, "true").build();
    Series s = series.get(new Key(metric, folded));
    if (s != null) {
      return s;
    }
    if (count >= maxSeries + maxSeries / 10) {
      // Even the folded sets are many: one series per metric, with the run's tags only.
      s = series.get(new Key(metric, keptWhenFolded));
      return s != null ? s : add(metric, keptWhenFolded);
    }
    return add(metric, folded);
  }

  /** The tag with the most distinct values over every series, and how many. Lock held. */
  private Map.Entry<String, Integer> mostDistinct() {
    Map<String, Integer> distinct = distinctValues();
    return distinct.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(Map.entry("", 0));
  }

  /**
   * The tags whose distinct values make most of the series: every tag with at least a hundredth as
   * many distinct values as there are series, or else the one with the most.
   */
  private Set<String> highCardinalityTags() {
    Map<String, Integer> distinct = distinctValues();
    Set<String> high = new HashSet<>();
    distinct.forEach(
        (tag, n) -> {
          if (n >= Math.max(2, count / 100)) {
            high.add(tag);
          }
        });
    if (high.isEmpty() && !distinct.isEmpty()) {
      high.add(mostDistinct().getKey());
    }
    return high;
  }

  private Map<String, Integer> distinctValues() {
    Map<String, Set<String>> values = new HashMap<>();
    Series[] t = table;
    for (int i = 0; i < count; i++) {
      TagSet tags = t[i].tags();
      for (int k = 0; k < tags.size(); k++) {
        values.computeIfAbsent(tags.key(k), x -> new HashSet<>()).add(tags.value(k));
      }
    }
    Map<String, Integer> counts = new HashMap<>();
    values.forEach((k, v) -> counts.put(k, v.size()));
    return counts;
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
