package io.k6bridge.jmeter;

import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A single-thread hash table from {@link RequestKey} to whatever a sample of that key records into,
 * created on first sight. Each sampler thread owns one, so lookups take no lock; a hit allocates
 * nothing.
 *
 * @param <V> the cached value
 */
final class SeriesCache<V> {
  private final Function<RequestKey, V> create;
  private final BooleanSupplier full;
  private Entry<V>[] table = newTable(64);
  private int size;

  /**
   * @param create builds the value for a key seen for the first time
   * @param full whether the run's series are at their limit: new keys are then looked up every time
   *     instead of kept, so a unique URL per request grows no cache
   */
  SeriesCache(Function<RequestKey, V> create, BooleanSupplier full) {
    this.create = create;
    this.full = full;
  }

  /**
   * The value for a key equal to the sealed {@code probe}, created and stored with a copy of the
   * probe the first time; the probe stays reusable.
   */
  V get(RequestKey probe) {
    for (Entry<V> e = table[probe.hash & (table.length - 1)]; e != null; e = e.next) {
      if (e.key.matches(probe)) {
        return e.value;
      }
    }
    V value = create.apply(probe);
    return full.getAsBoolean() ? value : put(probe, value);
  }

  private V put(RequestKey probe, V value) {
    if (++size > table.length * 3 / 4) {
      resize();
    }
    RequestKey key = probe.copy();
    int i = key.hash & (table.length - 1);
    table[i] = new Entry<>(key, value, table[i]);
    return value;
  }

  private void resize() {
    Entry<V>[] old = table;
    table = newTable(old.length * 2);
    for (Entry<V> head : old) {
      for (Entry<V> e = head; e != null; ) {
        Entry<V> next = e.next;
        int i = e.key.hash & (table.length - 1);
        e.next = table[i];
        table[i] = e;
        e = next;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <V> Entry<V>[] newTable(int n) {
    return (Entry<V>[]) new Entry<?>[n];
  }

  private static final class Entry<V> {
    final RequestKey key;
    final V value;
    Entry<V> next;

    Entry(RequestKey key, V value, Entry<V> next) {
      this.key = key;
      this.value = value;
      this.next = next;
    }
  }
}
