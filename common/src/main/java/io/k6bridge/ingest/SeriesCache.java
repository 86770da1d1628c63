package io.k6bridge.ingest;

import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A single-thread hash table from a tool's request key to whatever a sample of that key records
 * into, created on first sight. Tools build new label, URL and status strings for every result, so
 * identity cannot be used and building a tag string per result would allocate: instead the owning
 * thread refills one reusable probe per lookup, and only a miss copies it into a stored key. Each
 * tool thread owns one cache, so lookups take no lock; a hit allocates nothing.
 *
 * @param <K> the key, compared by content
 * @param <V> the cached value
 */
public final class SeriesCache<K extends SeriesCache.Key<K>, V> {
  private final Function<K, V> create;
  private final BooleanSupplier full;
  private Entry<K, V>[] table = newTable(64);
  private int size;

  /** A reusable probe: hashed once filled, compared by content, copied only on a miss. */
  public interface Key<K> {
    /** The hash of the probe's current content; computed when the probe is filled. */
    int hash();

    boolean matches(K other);

    /** A stored copy of the probe's current content. */
    K copy();
  }

  /**
   * @param create builds the value for a key seen for the first time
   * @param full whether the run's series are at their limit: new keys are then looked up every time
   *     instead of kept, so a unique URL per request grows no cache
   */
  public SeriesCache(Function<K, V> create, BooleanSupplier full) {
    this.create = create;
    this.full = full;
  }

  /**
   * The value for a key equal to the filled {@code probe}, created and stored with a copy of the
   * probe the first time; the probe stays reusable.
   */
  public V get(K probe) {
    int hash = probe.hash();
    for (Entry<K, V> e = table[hash & (table.length - 1)]; e != null; e = e.next) {
      if (e.hash == hash && e.key.matches(probe)) {
        return e.value;
      }
    }
    V value = create.apply(probe);
    return full.getAsBoolean() ? value : put(probe.copy(), hash, value);
  }

  private V put(K key, int hash, V value) {
    if (++size > table.length * 3 / 4) {
      resize();
    }
    int i = hash & (table.length - 1);
    table[i] = new Entry<>(key, hash, value, table[i]);
    return value;
  }

  private void resize() {
    Entry<K, V>[] old = table;
    table = newTable(old.length * 2);
    for (Entry<K, V> head : old) {
      for (Entry<K, V> e = head; e != null; ) {
        Entry<K, V> next = e.next;
        int i = e.hash & (table.length - 1);
        e.next = table[i];
        table[i] = e;
        e = next;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <K extends Key<K>, V> Entry<K, V>[] newTable(int n) {
    return (Entry<K, V>[]) new Entry<?, ?>[n];
  }

  private static final class Entry<K, V> {
    final K key;
    final int hash;
    final V value;
    Entry<K, V> next;

    Entry(K key, int hash, V value, Entry<K, V> next) {
      this.key = key;
      this.hash = hash;
      this.value = value;
      this.next = next;
    }
  }
}
